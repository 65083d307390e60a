"""The real dialogs behind the seam, built without exec(): what they show and return."""

from datetime import date

from woodrush_desktop.gui.dialogs import TickDetails
from woodrush_desktop.gui.mapping_dialog import NOT_IN_FILE, MappingDialog
from woodrush_desktop.gui.problems_dialog import ProblemsDialog
from woodrush_desktop.gui.tick_dialog import TickDialog
from woodrush_desktop.importing.problems import MappingNeeded, Problem


def needed() -> MappingNeeded:
    return MappingNeeded(
        sheet="Attendance",
        missing=["possible", "upn"],
        headers=["Pupil ref", "Sessns Cnt", "Present"],
        suggestions={"possible": "Sessns Cnt", "upn": None},
        errors=[Problem("Attendance", 3, None, "these columns were not recognised")],
    )


def test_the_mapping_dialog_offers_the_headers_with_the_guess_chosen(qtbot):
    dialog = MappingDialog(needed(), {"possible": "Possible sessions", "upn": "UPN"})
    qtbot.addWidget(dialog)

    assert dialog.combos["possible"].currentText() == "Sessns Cnt"
    assert dialog.combos["upn"].currentText() == NOT_IN_FILE
    dialog.combos["upn"].setCurrentIndex(dialog.combos["upn"].findText("Pupil ref"))

    assert dialog.mapping() == {"possible": "Sessns Cnt", "upn": "Pupil ref"}


def test_the_tick_dialog_returns_the_date_who_and_note(qtbot):
    dialog = TickDialog("Identify groups", TickDetails(date(2026, 11, 2), "AO", "Sent"))
    qtbot.addWidget(dialog)

    dialog.note.setPlainText("  Phoned the carer  ")

    assert dialog.details() == TickDetails(date(2026, 11, 2), "AO", "Phoned the carer")
    assert dialog.done_on.displayFormat() == "dd/MM/yyyy"


def test_the_import_report_shows_figures_and_warnings(qtbot, store, tmp_path):
    from woodrush_desktop.services.importing import import_file

    path = tmp_path / "week.csv"
    path.write_text(
        "UPN,Surname,Forename,Year,Reg Group,Possible,Present,Authorised Absences,"
        "Unauthorised Absences\n"
        "A100000000001,Smith,Jo,9,9A,100,90,5,5\n"
        "BADUPN,Brown,Al,9,9A,100,85,5,10\n",
        encoding="utf-8",
    )
    result = import_file(store, path)

    dialog = ProblemsDialog.imported(result)
    qtbot.addWidget(dialog)

    text = dialog.intro.text()
    assert "Pupils in the file" in text and "<b>2</b>" in text
    assert dialog.model.rowCount() == len(result.warnings)


def test_the_tick_dialog_shows_a_long_item_whole_at_a_large_font(qtbot):
    from PySide6.QtWidgets import QLabel

    item = (
        "Hold a meeting with the parents/carers, the pupil and the pastoral lead to agree an "
        "attendance support plan with clear targets, and review it after six weeks"
    )
    dialog = TickDialog(item, TickDetails(date(2026, 11, 2), "AO", ""))
    font = dialog.font()
    font.setPointSize(18)
    dialog.setFont(font)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    label = dialog.findChild(QLabel, "itemText")
    assert label.height() >= label.heightForWidth(label.width())
    assert label.geometry().right() < dialog.width()
    assert label.geometry().left() > 0  # the form keeps its margins
    assert dialog.minimumWidth() == dialog.fontMetrics().averageCharWidth() * 60
