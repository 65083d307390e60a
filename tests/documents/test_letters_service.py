"""Batches from the store: recipients, skips, holds, the letter log and its checklist ticks."""

from __future__ import annotations

import io
import re
from datetime import date, time

import peewee
import pytest
from pypdf import PdfReader

from woodrush_desktop.documents.model import MeetingDetails
from woodrush_desktop.documents.templates import TemplateError, default_template
from woodrush_desktop.progress import CancelledError
from woodrush_desktop.services.checklist import current_ticks
from woodrush_desktop.services.letters import (
    LetterError,
    build_batch,
    issue_letters,
    letter_pdf,
    letters_for_pupil,
    record_batch,
    restore_default_template,
    save_template,
    template_is_edited,
    template_text,
)
from woodrush_desktop.services.settings import set_setting
from woodrush_desktop.store.models import ChecklistTick, Letter, Mark, Meeting, Pupil

AT_RISK = 91  # attended of 100 possible: 91%, at risk for the school
CONCERN_ITEM = "at_risk.school.concern-letter"
MEETING = MeetingDetails(date(2026, 12, 10), time(15, 30), "Room B12")


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_a_band_batch_writes_one_letter_per_parent_and_ticks_the_item(store, policy, roll) -> None:
    two_parents = roll.pupil(
        "Ştefan", "Bălan", attended=AT_RISK, parents=("Ana Bălan", "Ion Bălan")
    )
    one_parent = roll.pupil("Кирилл", "Петров", attended=90, parents=("Ольга Петрова",))
    roll.pupil("Alex", "Present", attended=99)

    batch = issue_letters(store, policy, "concern", band="at_risk", issued_on=date(2026, 12, 3))

    assert [letter.recipient for letter in batch.letters] == [
        "Ana Bălan",
        "Ion Bălan",
        "Ольга Петрова",
    ]
    text = _text(batch.pdf)
    assert "Dear Ana Bălan," in text and "Dear Ion Bălan," in text and "Dear Ольга Петрова," in text
    assert "91.0%" in text and "90.0%" in text
    assert Letter.select().count() == 3
    for pupil_id in (two_parents, one_parent):
        tick = current_ticks(store, pupil_id)[CONCERN_ITEM]
        assert tick.letter_id is not None
        assert Letter.get_by_id(tick.letter_id).pupil_id == pupil_id
    assert ChecklistTick.select().count() == 2


def test_the_log_keeps_each_letters_own_pages_and_figures(store, policy, roll) -> None:
    pupil = roll.pupil("Zoë", "Łukasiewicz-O'Brien", attended=AT_RISK, parents=("Kasia L",))

    batch = issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    [record] = letters_for_pupil(store, pupil)
    assert record.recipient == "Kasia L"
    assert record.kind_label == "Attendance concern letter"
    assert record.issued_on == date(2026, 12, 3)
    assert record.figures["attendance"] == "91.0%"
    assert record.figures["as_of"] == "2026-11-27"
    assert record.figures["band"] == "at_risk"
    logged = letter_pdf(store, record.id)
    assert len(PdfReader(io.BytesIO(logged)).pages) == 1
    assert "Zoë Łukasiewicz-O'Brien" in _text(logged)
    assert batch.recorded_ids == [record.id]


def test_letters_can_never_be_deleted(store, policy, roll) -> None:
    pupil = roll.pupil("Sam", "Keep", attended=AT_RISK)
    [letter_id] = issue_letters(store, policy, "concern", pupil_ids=[pupil]).recorded_ids

    with pytest.raises(peewee.IntegrityError, match="evidence"):
        Letter.delete().where(Letter.id == letter_id).execute()
    with pytest.raises(peewee.IntegrityError):
        Pupil.delete().where(Pupil.id == pupil).execute()
    with pytest.raises(peewee.IntegrityError, match="evidence"):
        Letter.update(recipient="someone else").where(Letter.id == letter_id).execute()

    assert Letter.select().count() == 1


def test_building_writes_nothing_until_recorded_and_records_once(store, policy, roll) -> None:
    pupil = roll.pupil("Sam", "Preview", attended=AT_RISK)

    batch = build_batch(store, policy, "concern", pupil_ids=[pupil])

    assert Letter.select().count() == 0
    assert not batch.recorded
    first = record_batch(store, policy, batch)
    again = record_batch(store, policy, batch)
    assert first == again
    assert Letter.select().count() == 1


def test_without_parental_responsibility_the_letter_goes_to_the_parent_carer(
    store, policy, roll
) -> None:
    pupil = roll.pupil("Noor", "Unknown", attended=AT_RISK, parents=())

    batch = build_batch(store, policy, "concern", pupil_ids=[pupil])

    assert [letter.recipient for letter in batch.letters] == ["The parent/carer of Noor Unknown"]
    assert "Dear Parent/Carer," in _text(batch.pdf)


def test_already_sent_since_the_last_band_change_is_skipped(store, policy, roll) -> None:
    pupil = roll.pupil("Ada", "Again", attended=AT_RISK, as_of=date(2026, 10, 2))
    issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 10, 5))
    roll.figures(pupil, attended=AT_RISK, as_of=date(2026, 10, 9))

    with pytest.raises(LetterError, match="1 skipped"):
        build_batch(store, policy, "concern", band="at_risk")
    resent = build_batch(store, policy, "concern", band="at_risk", include_already_sent=True)
    assert resent.pupil_ids == [pupil]

    roll.figures(pupil, attended=85, as_of=date(2026, 10, 16))  # persistently absent
    roll.figures(pupil, attended=AT_RISK, as_of=date(2026, 10, 23))  # back to at risk
    after_change = build_batch(store, policy, "concern", band="at_risk")
    assert after_change.pupil_ids == [pupil]


def test_skip_reason_names_the_date(store, policy, roll) -> None:
    pupil = roll.pupil("Ada", "Again", attended=AT_RISK)
    other = roll.pupil("Bea", "New", attended=AT_RISK)
    issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 1))

    batch = build_batch(store, policy, "concern", band="at_risk")

    assert batch.pupil_ids == [other]
    [skipped] = batch.skipped
    assert skipped.pupil_id == pupil
    assert "already sent on 01/12/2026" in skipped.reason


def test_send_medical_and_mostly_illness_are_held_for_review(store, policy, roll) -> None:
    send = roll.pupil("Sen", "Support", attended=AT_RISK, sen_status="K")
    ill = roll.pupil("Ill", "Often", attended=AT_RISK, reasons={"/": 91, "I": 6, "M": 1, "N": 2})
    plain = roll.pupil("Pat", "Plain", attended=AT_RISK, reasons={"/": 91, "I": 2, "N": 7})

    batch = build_batch(store, policy, "concern", band="at_risk")

    assert batch.pupil_ids == [plain]
    held = {note.pupil_id: note.reason for note in batch.held}
    assert held[send] == "SEND or a medical condition"
    assert held[ill].startswith("absence mostly illness or medical appointments (7 of 9")
    included = build_batch(store, policy, "concern", band="at_risk", include_held=[send])
    assert sorted(included.pupil_ids) == sorted([plain, send])


def test_a_pupil_outside_the_letters_band_is_held_when_chosen_by_hand(store, policy, roll) -> None:
    severe = roll.pupil("Far", "Below", attended=70)

    batch_plan_error = pytest.raises(LetterError, match="held back for review")
    with batch_plan_error:
        build_batch(store, policy, "concern", pupil_ids=[severe])


def test_the_reasons_breakdown_reaches_the_early_help_plan(store, policy, roll) -> None:
    pupil = roll.pupil(
        "Ria", "Reasons", attended=85, reasons={"/": 85, "I": 4, "G": 6, "N": 5}, authorised=4
    )

    batch = build_batch(store, policy, "early_help_plan", pupil_ids=[pupil])

    text = _text(batch.pdf)
    assert "Early Help Plan" in text
    assert "G Holiday not granted by the school Unauthorised 6" in text
    assert "Total sessions missed 15" in text


def test_meeting_letters_need_a_meeting_and_book_it(store, policy, roll) -> None:
    pupil = roll.pupil("Mia", "Meet", attended=85)

    with pytest.raises(LetterError, match="date, time and place"):
        build_batch(store, policy, "meeting_invitation", pupil_ids=[pupil])
    batch = issue_letters(store, policy, "meeting_invitation", pupil_ids=[pupil], meeting=MEETING)

    assert "Thursday 10/12/2026" in _text(batch.pdf)
    meeting = Meeting.get(Meeting.pupil == pupil)
    assert meeting.place == "Room B12"
    assert meeting.letter_id == batch.recorded_ids[0]
    assert "persistent.school.meeting-letter" in current_ticks(store, pupil)


def test_the_senior_leader_is_named_when_no_one_is_given(store, policy, roll) -> None:
    pupil = roll.pupil("Sev", "Ere", attended=60)

    batch = build_batch(
        store, policy, "senior_meeting_invitation", pupil_ids=[pupil], meeting=MEETING
    )

    assert "meeting with Deputy Headteacher" in _text(batch.pdf)


def test_social_worker_notice_lists_unexplained_marks(store, policy, roll) -> None:
    with_worker = roll.pupil("Sol", "Worker", attended=90, social_worker=True)
    without = roll.pupil("No", "Worker", attended=90)
    snapshot = roll.snapshot(date(2026, 11, 27))
    for on, session, code in [
        (date(2026, 11, 2), "AM", "N"),
        (date(2026, 11, 2), "PM", "O"),
        (date(2026, 11, 3), "AM", "I"),
    ]:
        Mark.create(pupil=with_worker, on=on, session=session, code=code, snapshot=snapshot)

    batch = build_batch(store, policy, "social_worker_notice", pupil_ids=[with_worker, without])

    assert batch.pupil_ids == [with_worker]
    assert batch.letters[0].recipient == "The social worker of Sol Worker"
    text = _text(batch.pdf)
    assert "2 sessions of absence" in text
    assert "Monday 02/11/2026 Morning" in text
    assert {note.pupil_id: note.reason for note in batch.skipped} == {
        without: "no social worker recorded"
    }


def test_a_name_the_font_cannot_draw_is_reported_not_printed(store, policy, roll) -> None:
    pupil = roll.pupil("李", "Wei", attended=AT_RISK)
    fine = roll.pupil("Nguyễn Thị", "Ánh", attended=AT_RISK)

    batch = build_batch(store, policy, "concern", band="at_risk")

    assert batch.pupil_ids == [fine]
    [skipped] = batch.skipped
    assert skipped.pupil_id == pupil
    assert "U+674E" in skipped.reason


def test_cancelling_writes_nothing(store, policy, roll) -> None:
    for index in range(3):
        roll.pupil(f"P{index}", "Cancel", attended=AT_RISK)
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(CancelledError):
        issue_letters(store, policy, "concern", band="at_risk", cancelled=cancelled)

    assert Letter.select().count() == 0
    assert ChecklistTick.select().count() == 0


def test_progress_is_reported(store, policy, roll) -> None:
    roll.pupil("P", "Progress", attended=AT_RISK)
    seen = []

    build_batch(store, policy, "concern", band="at_risk", progress=lambda *args: seen.append(args))

    assert seen[0][:2] == (0, 1)
    assert seen[-1][:2] == (1, 1)


def test_an_edited_template_is_used_and_can_be_restored(store, policy, roll) -> None:
    pupil = roll.pupil("Eda", "Edited", attended=AT_RISK)
    save_template(store, "concern", "Subject: A note about {pupil_forename}\n\nDear {salutation},")

    assert template_is_edited("concern")
    assert "A note about Eda" in _text(build_batch(store, policy, "concern", pupil_ids=[pupil]).pdf)
    restore_default_template(store, "concern")
    assert template_text("concern") == default_template("concern")
    assert not template_is_edited("concern")


def test_an_unknown_placeholder_is_refused_when_saved_and_before_printing(
    store, policy, roll
) -> None:
    pupil = roll.pupil("Una", "Known", attended=AT_RISK)

    with pytest.raises(TemplateError, match=r"\{parent_name\}"):
        save_template(store, "concern", "Subject: Hi\n\nDear {parent_name},")
    set_setting(store, "letter_template.concern", "Subject: Hi\n\nDear {parent_name},")
    with pytest.raises(LetterError, match=r"unknown placeholder \{parent_name\}"):
        build_batch(store, policy, "concern", pupil_ids=[pupil])
    assert Letter.select().count() == 0


def test_only_the_intended_band_skips_the_rest_of_a_filter(store, policy, roll) -> None:
    at_risk = roll.pupil("In", "Band", attended=AT_RISK)
    expected = roll.pupil("Out", "OfBand", attended=99)

    batch = build_batch(
        store, policy, "concern", pupil_ids=[at_risk, expected], only_intended_band=True
    )

    assert batch.pupil_ids == [at_risk]
    assert batch.skipped[0].reason == "in the band expected, not at risk of persistent absence"


def test_a_logged_letter_is_in_the_pupils_history_with_its_tick(store, policy, roll) -> None:
    from woodrush_desktop.services.pupil_detail import pupil_detail

    pupil = roll.pupil("His", "Tory", attended=AT_RISK, parents=("Hana Tory",))
    issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    history = [event.text for event in pupil_detail(store, policy, pupil).history]

    assert any("concern" in text and "Hana Tory" in text for text in history), history
    assert any("concern letters issued" in text for text in history), history


def test_each_band_suggests_the_letter_its_policy_row_calls_for(policy) -> None:
    from woodrush_desktop.services.letters import kind_for_band

    assert kind_for_band(policy, "at_risk") == "concern"
    assert kind_for_band(policy, "persistent") == "meeting_invitation"
    assert kind_for_band(policy, "severe") == "senior_meeting_invitation"
    assert kind_for_band(policy, "expected") is None
