"""The project lead's review of the window: the import report, the pupil panel's hint, the
chart's threshold labels, the letter chosen for a band and the evidence pack."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, QRectF, Qt

from woodrush_desktop.gui.charts import ChartPoint, LineChart, ReferenceLine
from woodrush_desktop.gui.problems_dialog import ProblemsDialog


def test_the_import_report_gives_each_fact_once_under_a_proper_label(qtbot, store, tmp_path):
    from woodrush_desktop.services.importing import import_file

    path = tmp_path / "week.csv"
    path.write_text(
        "UPN,Surname,Forename,Year,Reg Group,Possible,Present,Authorised Absences,"
        "Unauthorised Absences\n"
        "A100000000001,Smith,Jo,9,9A,100,90,5,5\n"
        "A10000000000X,Brown,Al,9,9A,100,85,5,10\n",
        encoding="utf-8",
    )
    result = import_file(store, path)

    dialog = ProblemsDialog.imported(result)
    qtbot.addWidget(dialog)

    text = dialog.intro.text()
    labels = re.findall(r"<tr><td>(.*?)</td>", text)
    assert len(labels) == len(set(labels)), labels
    assert "UPNs with a wrong check letter or shape" in labels
    for fact in ("Pupils in the file", "New pupils", "Pupils marked as left", "Session marks"):
        assert labels.count(fact) == 1
    assert not re.search(r"\bUpn\b|_", " ".join(labels))
    assert "no longer in the export" not in text  # the same fact as "marked as left"


def test_the_hint_wraps_inside_the_panel_at_its_narrowest(window):
    window.resize(1600, 1000)
    window.splitter.setSizes([230, 2000, 1])  # the panel at its minimum width
    window.panel.clear()
    window.repaint()

    hint = window.panel.hint
    area = hint.contentsRect().adjusted(hint.margin(), 0, -hint.margin(), 0)
    flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
    needed = hint.fontMetrics().boundingRect(area, flags, hint.text())
    assert area.contains(needed), (area, needed)
    on_window = QRect(hint.mapTo(window, area.topLeft()), area.size())
    assert window.rect().contains(on_window)


def test_threshold_labels_never_overlap_in_a_narrow_range(qtbot):
    chart = LineChart(floor_value=88.0)
    qtbot.addWidget(chart)
    chart.resize(320, 130)
    lines = [
        ReferenceLine(96.0, "✔ 96%"),
        ReferenceLine(92.0, "▼ 92%"),
        ReferenceLine(91.0, "▲ 91%"),
        ReferenceLine(90.0, "! 90%"),
    ]
    chart.set_data([ChartPoint("20/11", 93.0), ChartPoint("27/11", 94.0)], lines)

    boxes = chart.label_boxes()

    plot = chart._plot_rect()
    for number, (_text, box) in enumerate(boxes):
        assert plot.contains(box)
        for _other_text, other in boxes[number + 1 :]:
            assert not box.intersects(other), (box, other)
    symbols = {line.label.split()[0] for line in lines}
    assert all(text.split()[0] in symbols for text, _box in boxes)
    assert len(boxes) >= 3
    assert isinstance(boxes[0][1], QRectF)


def test_the_chart_keeps_full_labels_when_there_is_room(qtbot):
    chart = LineChart()
    qtbot.addWidget(chart)
    chart.resize(420, 400)
    chart.set_data([ChartPoint("27/11", 95.0)], [ReferenceLine(96.0, "✔ 96%")])

    assert [text for text, _box in chart.label_boxes()] == ["✔ 96%"]


def test_letters_from_the_panel_open_with_the_bands_letter(window, dialogs, school):
    window.select_pupil(school["Clarke"])  # at risk of persistent absence

    window.panel.letters_button.click()

    assert dialogs.named("open_letters") == [([school["Clarke"]], "concern")]


def test_letters_for_mixed_bands_leave_the_choice_to_the_officer(window, dialogs, school):
    window.open_letters([school["Clarke"], school["Dunn"]])

    assert dialogs.named("open_letters") == [([school["Clarke"], school["Dunn"]], None)]


def test_the_letters_seam_preselects_the_kind_in_the_real_dialog(window, school, monkeypatch):
    from woodrush_desktop.gui.dialogs import Dialogs
    from woodrush_desktop.gui.letters_dialog import LettersDialog

    chosen = []
    monkeypatch.setattr(LettersDialog, "exec", lambda dialog: chosen.append(dialog.kind()))

    Dialogs().open_letters(window, window.context, [school["Dunn"]], kind="meeting_invitation")

    assert chosen == ["meeting_invitation"]


def test_the_evidence_pack_is_saved_from_the_panel(window, dialogs, school, tmp_path):
    from pypdf import PdfReader

    dialogs.save_path = tmp_path / "pack.pdf"
    shown = []
    window.panel.status.connect(shown.append)
    window.select_pupil(school["Dunn"])

    window.panel.evidence_button.click()

    [(title, suggested, _filters)] = dialogs.named("save_file")
    assert title == "Save the evidence pack" and suggested.endswith(".pdf")
    reader = PdfReader(str(dialogs.save_path))
    assert len(reader.pages) >= 1
    assert "Dunn" in "".join(page.extract_text() for page in reader.pages)
    assert shown[-1] == "Saved the evidence pack as pack.pdf."
    assert window.panel.evidence_button.isEnabled()
    assert not dialogs.named("warning")


def test_cancelling_the_evidence_pack_saves_nothing(window, dialogs, school, tmp_path):
    window.select_pupil(school["Dunn"])

    window.panel.evidence_button.click()

    assert len(dialogs.named("save_file")) == 1
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_pack_that_cannot_be_written_is_explained(window, dialogs, school, tmp_path):
    dialogs.save_path = tmp_path / "no such folder" / "pack.pdf"
    window.select_pupil(school["Dunn"])

    window.panel.evidence_button.click()

    [(title, text)] = dialogs.named("warning")
    assert title == "The evidence pack was not saved"
    assert "no such folder" in text


def test_a_progress_update_that_lets_the_import_finish_does_not_fail(window):
    """A modal progress dialog handles events in setValue; the import may end meanwhile."""
    flow = window.import_flow

    class Progress:
        def __init__(self) -> None:
            self.texts: list[str] = []

        def setLabelText(self, text: str) -> None:
            self.texts.append(text)

        def setMaximum(self, total: int) -> None:
            pass

        def setValue(self, done: int) -> None:
            flow.progress = None  # what the task's end does while setValue handles events

    progress = Progress()
    flow.progress = progress

    flow._progressed(1, 2, "Reading the marks…")

    assert progress.texts == ["Reading the marks…"]


def test_the_pupil_panel_cannot_be_collapsed_to_a_sliver(window):
    window.splitter.moveSplitter(window.splitter.width(), 2)

    assert window.panel.width() >= window.panel.minimumWidth()
    assert not window.splitter.isCollapsible(2)


def test_the_panel_and_its_tables_load_no_pdf_or_spreadsheet_library():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import woodrush_desktop.gui.report_table, woodrush_desktop.gui.pupil_panel\n"
        "import woodrush_desktop.gui.problems_dialog\n"
        "heavy = [name for name in ('reportlab', 'pypdf', 'openpyxl') if name in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )

    assert done.stdout.strip() == ""
