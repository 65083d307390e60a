"""The letters dialog driven without modal loops: prepare, preview, print, save, review."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from woodrush_desktop.gui.letters_dialog import LetterFiles, LettersDialog, PupilNotesModel
from woodrush_desktop.gui.tasks import TaskRunner
from woodrush_desktop.services.letters import PupilNote
from woodrush_desktop.store.models import Letter

AT_RISK = 91


class AnsweringFiles(LetterFiles):
    """Answers every modal question at once and remembers what was asked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved_to: Path | None = None
        self.printed_to: Path | None = None
        self.warnings: list[str] = []

    def save_path(self, parent, suggested: str) -> Path | None:
        self.saved_to = self.folder / suggested
        return self.saved_to

    def print_setup(self, parent, printer: QPrinter) -> bool:
        self.printed_to = self.folder / "printed.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.printed_to))
        printer.setResolution(72)
        return True

    def warning(self, parent, title: str, text: str) -> None:
        self.warnings.append(text)


@pytest.fixture
def files(tmp_path) -> AnsweringFiles:
    return AnsweringFiles(tmp_path)


@pytest.fixture
def open_dialog(qtbot, store, policy, files):
    def make(pupil_ids: list[int], kind: str | None = None) -> LettersDialog:
        runner = TaskRunner(synchronous=True)
        dialog = LettersDialog(store, policy, pupil_ids, runner, kind=kind, files=files)
        qtbot.addWidget(dialog)
        dialog._runner_keepalive = runner
        return dialog

    return make


def test_notes_model_passes_the_model_tester(qtmodeltester) -> None:
    model = PupilNotesModel(checkable=True)
    model.set_notes(
        [PupilNote(1, "Ana Bălan", "SEND or a medical condition"), PupilNote(2, "B", "x")]
    )

    qtmodeltester.check(model)

    index = model.index(0, 0)
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.checked_ids() == {1}


def test_prepare_preview_and_save_records_once(open_dialog, roll, files) -> None:
    pupil = roll.pupil("Zoë", "Łukasiewicz-O'Brien", attended=AT_RISK, parents=("A", "B"))
    dialog = open_dialog([pupil])

    dialog.prepare()

    assert dialog.batch is not None
    assert dialog.preview.page_count() == 2
    assert "2 letters" in dialog.summary.text()
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert Letter.select().count() == 0

    dialog.save_letters()
    dialog.save_letters()

    assert len(PdfReader(str(files.saved_to)).pages) == 2
    assert Letter.select().count() == 2
    assert "recorded in the letter log" in dialog.summary.text() or "Saved" in dialog.summary.text()


def test_print_renders_every_page_and_records(open_dialog, roll, files) -> None:
    pupil = roll.pupil("Кирилл", "Петров", attended=AT_RISK)
    dialog = open_dialog([pupil])
    dialog.prepare()

    dialog.print_letters()

    assert files.printed_to is not None and files.printed_to.exists()
    assert len(PdfReader(str(files.printed_to)).pages) == 1
    assert Letter.select().count() == 1
    assert "Printed 1 page" in dialog.summary.text()


def test_held_pupils_can_be_included_after_review(open_dialog, roll) -> None:
    send = roll.pupil("Sen", "Support", attended=AT_RISK, sen_status="E")
    plain = roll.pupil("Pat", "Plain", attended=AT_RISK)
    dialog = open_dialog([send, plain])
    dialog.prepare()
    assert dialog.batch.pupil_ids == [plain]
    assert dialog.held_model.rowCount() == 1

    dialog.held_model.setData(
        dialog.held_model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    dialog.prepare()

    assert sorted(dialog.batch.pupil_ids) == sorted([send, plain])


def test_pupils_outside_the_letters_band_are_skipped(open_dialog, roll) -> None:
    at_risk = roll.pupil("In", "Band", attended=AT_RISK)
    fine = roll.pupil("Out", "Band", attended=99)
    dialog = open_dialog([at_risk, fine])

    dialog.prepare()

    assert dialog.batch.pupil_ids == [at_risk]
    assert dialog.skipped_model.rowCount() == 1
    assert dialog.notes_tabs.tabText(1) == "Skipped (1)"


def test_a_meeting_letter_asks_for_the_place(open_dialog, roll) -> None:
    pupil = roll.pupil("Mia", "Meet", attended=85)
    dialog = open_dialog([pupil], kind="meeting_invitation")
    assert not dialog.meeting_group.isHidden()

    dialog.prepare()

    assert dialog.batch is None
    assert "where the meeting is" in dialog.summary.text()
    dialog.meeting_place.setText("Room B12")
    dialog.prepare()
    assert dialog.batch is not None


def test_changing_the_choices_asks_to_prepare_again(open_dialog, roll) -> None:
    pupil = roll.pupil("Cha", "Nge", attended=AT_RISK)
    dialog = open_dialog([pupil])
    dialog.prepare()

    dialog.include_sent.setChecked(True)

    assert dialog.batch is None
    assert not dialog.print_button.isEnabled()


def test_nothing_to_print_is_said_plainly(open_dialog, roll) -> None:
    pupil = roll.pupil("Fine", "Attender", attended=99)
    dialog = open_dialog([pupil])

    dialog.prepare()

    assert dialog.batch is None
    assert "No letters to print" in dialog.summary.text()
    assert not dialog.save_button.isEnabled()


def test_tick_all_includes_every_held_pupil(open_dialog, roll) -> None:
    held = [roll.pupil(f"Sen{index}", "Held", attended=AT_RISK, medical=True) for index in range(3)]
    dialog = open_dialog(held)
    dialog.prepare()
    assert dialog.batch is None

    dialog.tick_all.click()
    dialog.prepare()

    assert sorted(dialog.batch.pupil_ids) == sorted(held)


def test_a_meeting_record_carries_the_meeting_when_a_place_is_given(open_dialog, roll) -> None:
    pupil = roll.pupil("Rec", "Ord", attended=85)
    dialog = open_dialog([pupil], kind="meeting_record")
    assert dialog.only_band.isHidden()

    dialog.meeting_place.setText("Room B12")
    dialog.prepare()

    assert dialog.batch.letters[0].data.meeting.place == "Room B12"


def test_a_busy_database_after_printing_offers_retry_recording(
    open_dialog, roll, files, store, db_path
) -> None:
    import sqlite3

    pupil = roll.pupil("Busy", "Base", attended=AT_RISK)
    dialog = open_dialog([pupil])
    dialog.prepare()
    store.db.execute_sql("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    asked: list[str] = []

    def retry_once_the_other_program_is_done(parent, title: str, text: str) -> bool:
        asked.append(text)
        other.execute("ROLLBACK")
        other.close()
        return True

    files.ask_retry = retry_once_the_other_program_is_done

    dialog.print_letters()

    assert len(asked) == 1 and "not recorded" in asked[0]
    assert Letter.select().count() == 1
    assert "recorded in the letter log" in dialog.summary.text()


def test_recording_left_for_later_says_so(open_dialog, roll, files, store, db_path) -> None:
    import sqlite3

    pupil = roll.pupil("Busy", "Later", attended=AT_RISK)
    dialog = open_dialog([pupil])
    dialog.prepare()
    store.db.execute_sql("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    files.ask_retry = lambda parent, title, text: False
    try:
        dialog.save_letters()
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert Letter.select().count() == 0
    assert "not recorded" in dialog.summary.text()
    assert dialog.save_button.isEnabled()


def test_the_dialog_says_when_the_school_has_not_entered_its_details(open_dialog, roll, store):
    from woodrush_desktop.services.settings import SchoolDetails, save_school_details

    assert "have not been entered in Settings" in open_dialog([]).pupil_count.text()

    save_school_details(store, SchoolDetails(name="Woodrush High School"))

    assert "have not been entered" not in open_dialog([]).pupil_count.text()
