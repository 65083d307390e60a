"""Leavers from the window: a full export that leaves out more pupils than a few asks whether
they have left; a partial export marks nobody as left; the report shows the new facts."""

from __future__ import annotations

import pytest

from woodrush_desktop.gui.problems_dialog import ProblemsDialog, report_text
from woodrush_desktop.store.models import Pupil

HEADERS = "UPN,Surname,Forename,Year,Reg Group,Possible,Present,Authorised Absences,"
HEADERS += "Unauthorised Absences\n"
SURNAMES = ["Ash", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Larch", "Oak", "Pine", "Rowan"]


def pupil_row(number: int, year: int) -> str:
    name = f"{SURNAMES[number % 10]},Pat{number}"
    return f"A1000000000{number:02d},{name},{year},{year}A,100,90,5,5\n"


def write_csv(path, rows):
    path.write_text(HEADERS + "".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def whole_roll(tmp_path):
    """Twelve pupils: five in each of Years 9 and 10, two in Year 11."""
    years = [9] * 5 + [10] * 5 + [11] * 2
    return write_csv(tmp_path / "week-1.csv", [pupil_row(n, y) for n, y in enumerate(years)])


@pytest.fixture
def few_pupils(tmp_path):
    """Three of the twelve, none of Year 11: seven missing from Years 9 and 10."""
    return write_csv(tmp_path / "week-2.csv", [pupil_row(0, 9), pupil_row(1, 9), pupil_row(5, 10)])


def on_roll() -> int:
    return Pupil.select().where(Pupil.on_roll == True).count()  # noqa: E712


def import_through_the_action(window, dialogs, path, action=None):
    dialogs.register_path = path
    (action or window.import_action).trigger()


def test_declining_keeps_the_missing_pupils_on_roll(
    make_window, store, dialogs, whole_roll, few_pupils
):
    window = make_window(store)
    import_through_the_action(window, dialogs, whole_roll)
    assert not dialogs.named("choose")
    dialogs.choice = False

    import_through_the_action(window, dialogs, few_pupils)

    ((title, text, accept, reject),) = dialogs.named("choose")
    assert title == "Have these pupils left?"
    assert text.startswith("7 pupils on roll are not in this file. Have they left the school?")
    assert "Year 11 is not in this file at all (2 pupils on roll)" in text
    assert "taken as left out of the export" in text
    assert (accept, reject) == ("Yes, mark them as left", "No, keep them on roll")
    assert on_roll() == 12
    (_, (result,)) = dialogs.calls[-1]
    assert dialogs.calls[-1][0] == "show_import_report"
    assert result.report.leavers_unconfirmed == 7


def test_confirming_marks_the_missing_pupils_as_left(
    make_window, store, dialogs, whole_roll, few_pupils
):
    window = make_window(store)
    import_through_the_action(window, dialogs, whole_roll)
    dialogs.choice = True

    import_through_the_action(window, dialogs, few_pupils)

    assert len(dialogs.named("choose")) == 1  # the import in place does not ask again
    assert on_roll() == 3
    ((result,),) = dialogs.named("show_import_report")[-1:]
    assert result.left_pupils == 9
    assert result.report.leavers_unconfirmed == 0
    assert result.report.replaced_earlier_import
    assert window.proxy.rowCount() == 3


def test_a_partial_export_marks_nobody_as_left(make_window, store, dialogs, whole_roll, few_pupils):
    window = make_window(store)
    import_through_the_action(window, dialogs, whole_roll)
    dialogs.choice = True  # would mark them as left, were the question asked

    import_through_the_action(window, dialogs, few_pupils, window.partial_import_action)

    assert not dialogs.named("choose")
    assert on_roll() == 12
    ((result,),) = dialogs.named("show_import_report")[-1:]
    assert result.left_pupils == 0
    assert "partial export" in window.partial_import_action.text()


def test_the_report_shows_the_new_facts(make_window, store, dialogs, whole_roll, few_pupils, qtbot):
    window = make_window(store)
    import_through_the_action(window, dialogs, whole_roll)
    import_through_the_action(window, dialogs, few_pupils)
    ((result,),) = dialogs.named("show_import_report")[-1:]

    text = report_text(result)

    assert "Pupils on roll not in this file, kept on roll" in text
    assert "Year groups not in this file" in text and "Year 11 (2 pupils)" in text
    assert "more than half" not in text
    assert "taken as 01/09/2026, the start of the school year" in text
    assert "--" not in text  # no advice for the command line
    dialog = ProblemsDialog.imported(result, window)
    qtbot.addWidget(dialog)
    assert "Yes, mark them as left" in dialog.intro.text()


def test_importing_the_same_file_again_asks_again(
    make_window, store, dialogs, whole_roll, few_pupils
):
    window = make_window(store)
    import_through_the_action(window, dialogs, whole_roll)
    import_through_the_action(window, dialogs, few_pupils)
    assert on_roll() == 12
    dialogs.choice = True

    import_through_the_action(window, dialogs, few_pupils)

    assert len(dialogs.named("choose")) == 2
    assert on_roll() == 3


def test_the_report_gives_the_importers_sentences_on_cleared_marks_and_a_replaced_import():
    from types import SimpleNamespace

    from woodrush_desktop.services.importing import QualityReport

    report = QualityReport(pupils=3, cleared_marks=4, replaced_earlier_import=True, looks_partial=0)
    text = report_text(SimpleNamespace(report=report, warnings=[]))

    assert "4 marks stored from an earlier import were removed" in text
    assert "its first import was replaced by this one" in text
    assert "kept on roll" not in text and "Year groups" not in text
