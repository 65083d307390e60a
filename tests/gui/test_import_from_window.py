"""Importing through the window: File ▸ Import with the file dialog patched, refusals,
the column-mapping dialog, drops, the report, and recent files."""

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from woodrush_desktop.cli import main as cli_main
from woodrush_desktop.gui import pupil_table as columns
from woodrush_desktop.gui.band_list import CATEGORY_ROLE, COUNT_ROLE
from woodrush_desktop.gui.import_flow import recent_files
from woodrush_desktop.progress import CancelledError

HEADERS = "UPN,Surname,Forename,Year,Reg Group,{possible},Present,Authorised Absences,"
HEADERS += "Unauthorised Absences\n"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    from woodrush_desktop.demo import write_demo_exports

    return write_demo_exports(tmp_path_factory.mktemp("exports"), pupils=150)


def summary_csv(path, rows, possible_header="Possible"):
    path.write_text(HEADERS.format(possible=possible_header) + "".join(rows), encoding="utf-8")
    return path


ROWS = [
    "A100000000001,Smith,Jo,9,9A,100,90,5,5\n",
    "A100000000002,Brown,Al,9,9A,100,85,5,10\n",
]


def band_counts(window) -> dict[str, int]:
    model = window.band_model
    counts = {}
    for row in range(model.rowCount()):
        category = model.index(row).data(CATEGORY_ROLE)
        if category and category.startswith("band:") and model.index(row).data(COUNT_ROLE):
            counts[category.removeprefix("band:")] = model.index(row).data(COUNT_ROLE)
    return counts


def test_importing_through_the_action_fills_the_window(
    make_window, store, dialogs, exports, qsettings
):
    window = make_window(store)
    assert window.stack.currentWidget() is window.welcome
    dialogs.register_path = exports[0]

    window.import_action.trigger()

    assert window.stack.currentWidget() is window.main_area
    assert window.proxy.rowCount() == 150
    (report,) = dialogs.named("show_import_report")
    assert report[0].pupils == 150
    assert recent_files(qsettings) == [str(exports[0])]
    assert window.import_action.shortcut().toString() == "Ctrl+O"


def test_band_counts_after_an_import_equal_woodrush_pupils(
    make_window, store, dialogs, exports, db_path, capsys
):
    window = make_window(store)
    for export in exports:
        window.import_file(export, report=False)
    counts = band_counts(window)
    moved = window.band_model.count("moved")
    window.close()
    store.close()

    assert cli_main(["pupils", "--db", str(db_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)

    expected = {}
    for row in rows:
        expected[row["band"]] = expected.get(row["band"], 0) + 1
    assert counts == expected
    assert sum(counts.values()) == 150
    assert moved > 0  # the second week moves some pupils


def test_a_refused_file_is_explained_by_sheet_row_and_column(make_window, store, dialogs, tmp_path):
    window = make_window(store)
    bad = summary_csv(tmp_path / "bad.csv", [*ROWS, "A100000000003,Ng,Mo,9,9A,lots,90,5,5\n"])

    window.import_file(bad)

    ((file_name, refusal),) = dialogs.named("show_refusal")
    assert file_name == "bad.csv"
    problem = refusal.errors[0]
    assert (problem.sheet, problem.row, problem.column) == ("bad", 4, "F (Possible)")
    assert window.stack.currentWidget() is window.welcome  # nothing was imported


def test_the_refusal_dialog_lists_sheet_row_and_column(qtbot, tmp_path, store):
    from woodrush_desktop.gui.problems_dialog import ProblemsDialog
    from woodrush_desktop.services.importing import ImportRefused, import_file

    bad = summary_csv(tmp_path / "bad.csv", [*ROWS, "A100000000003,Ng,Mo,9,9A,lots,90,5,5\n"])
    with pytest.raises(ImportRefused) as refused:
        import_file(store, bad)

    dialog = ProblemsDialog.refused("bad.csv", refused.value)
    qtbot.addWidget(dialog)

    cells = [dialog.model.index(0, column).data() for column in range(5)]
    assert cells[1:4] == ["bad", "4", "F (Possible)"]
    assert "not a number of sessions" in cells[4]
    assert "bad.csv was not imported" in dialog.intro.text()


def test_the_mapping_dialog_is_asked_and_the_import_retried(make_window, store, dialogs, tmp_path):
    window = make_window(store)
    odd = summary_csv(tmp_path / "odd.csv", ROWS, possible_header="Sessns Cnt")
    dialogs.mapping = {"possible": "Sessns Cnt"}

    window.import_file(odd)

    ((needed, labels),) = dialogs.named("choose_mapping")
    assert "possible" in needed.missing
    assert labels["possible"]
    assert window.proxy.rowCount() == 2
    assert dialogs.named("show_import_report")


def test_cancelling_the_mapping_leaves_nothing_imported(make_window, store, dialogs, tmp_path):
    window = make_window(store)
    odd = summary_csv(tmp_path / "odd.csv", ROWS, possible_header="Sessns Cnt")
    dialogs.mapping = None

    window.import_file(odd)

    assert window.stack.currentWidget() is window.welcome
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_cancelled_import_says_nothing_changed(make_window, store, monkeypatch, tmp_path):
    import woodrush_desktop.services.importing as importing

    def cancelled_import(*args, **kwargs):
        raise CancelledError

    monkeypatch.setattr(importing, "import_file", cancelled_import)
    window = make_window(store)

    window.import_file(summary_csv(tmp_path / "a.csv", ROWS))

    assert window.statusBar().currentMessage() == "Import cancelled: nothing was changed."
    assert not window.import_flow.is_busy()


def test_dropping_an_export_on_the_window_imports_it(make_window, store, dialogs, tmp_path):
    window = make_window(store)
    path = summary_csv(tmp_path / "dropped.csv", ROWS)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )

    window.dropEvent(event)

    assert window.proxy.rowCount() == 2
    names = [window.proxy.index(row, columns.NAME).data() for row in range(2)]
    assert names == ["Brown, Al", "Smith, Jo"]


def test_importing_the_same_file_twice_adds_nothing(make_window, store, dialogs, tmp_path):
    window = make_window(store)
    path = summary_csv(tmp_path / "week.csv", ROWS)
    window.import_file(path)

    window.import_file(path)

    assert dialogs.named("information")[-1][0] == "Already imported"
    assert window.proxy.rowCount() == 2
