"""The services behind the window: checklist ticks, the pupil panel's detail, backups."""

from datetime import date

import pytest

from woodrush_desktop.services import backup, checklist
from woodrush_desktop.services.pupil_detail import PupilNotFoundError, pupil_detail
from woodrush_desktop.store.database import open_database
from woodrush_desktop.store.models import AuditEvent, ChecklistTick, Pupil

CONCERN_LETTER = "at_risk.school.concern-letter"
CLEAR_POLICY = "expected.school.clear-policy"


def test_a_tick_is_recorded_audited_and_withdrawn_with_its_history(store, policy, school):
    ids = school

    tick = checklist.tick_item(
        store, policy, CONCERN_LETTER, ids["Clarke"], done_on=date(2026, 11, 30), note="Sent"
    )
    withdrawn = checklist.untick_item(store, CONCERN_LETTER, ids["Clarke"])

    assert tick.done_on == date(2026, 11, 30)
    assert tick.note == "Sent"
    assert withdrawn == 1
    assert checklist.current_ticks(store, ids["Clarke"]) == {}
    history = checklist.tick_history(store, ids["Clarke"])
    assert [record.id for record in history] == [tick.id]
    assert history[0].withdrawn_at is not None
    actions = [event.action for event in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-2:] == ["checklist item ticked", "checklist item unticked"]


def test_ticking_twice_keeps_one_tick(store, policy, school):
    ids = school

    first = checklist.tick_item(store, policy, CONCERN_LETTER, ids["Clarke"])
    second = checklist.tick_item(store, policy, CONCERN_LETTER, ids["Clarke"])

    assert first.id == second.id
    assert ChecklistTick.select().count() == 1


def test_scopes_and_unknown_items_are_refused(store, policy, school):
    ids = school

    with pytest.raises(checklist.ChecklistError, match="whole-school"):
        checklist.tick_item(store, policy, CLEAR_POLICY, ids["Ashby"])
    with pytest.raises(checklist.ChecklistError, match="for a pupil"):
        checklist.tick_item(store, policy, CONCERN_LETTER, None)
    with pytest.raises(checklist.ChecklistError, match="no item"):
        checklist.tick_item(store, policy, "nothing.school.none", ids["Ashby"])


def test_a_school_tick_has_no_pupil(store, policy):
    checklist.tick_item(store, policy, CLEAR_POLICY, None, done_by="Officer")

    ticks = checklist.current_ticks(store, None)

    assert set(ticks) == {CLEAR_POLICY}
    assert ticks[CLEAR_POLICY].pupil_id is None
    assert ticks[CLEAR_POLICY].done_by == "Officer"


def test_editing_a_tick_changes_its_note_and_date(store, policy, school):
    ids = school
    tick = checklist.tick_item(store, policy, CONCERN_LETTER, ids["Clarke"])

    edited = checklist.update_tick(
        store, tick.id, done_on=date(2026, 11, 2), done_by="AO", note="Phoned mother"
    )

    assert (edited.done_on, edited.done_by, edited.note) == (
        date(2026, 11, 2),
        "AO",
        "Phoned mother",
    )


def test_pupil_detail_has_the_series_marks_rolling_count_and_history(store, policy, school):
    ids = school
    checklist.tick_item(store, policy, "persistent.school.meeting-letter", ids["Dunn"])

    detail = pupil_detail(store, policy, ids["Dunn"])

    assert detail.figures.band_key == "persistent"
    assert [point.band for point in detail.series] == ["persistent", "persistent"]
    assert len(detail.marks) == 40
    assert detail.groups == ("send_medical",)
    assert detail.rolling_unauthorised == 12  # N, O and G in every ten marks, over four weeks
    assert detail.penalty_met
    assert detail.history[0].kind == "tick"


def test_pupil_detail_of_a_missing_pupil_says_so(store, policy):
    with pytest.raises(PupilNotFoundError):
        pupil_detail(store, policy, 999)


def test_a_backup_restores_and_the_current_file_is_kept(db_path, school_writer):
    with open_database(db_path, exclusive=True) as store:
        school_writer(store)
        saved = backup.back_up_now(store)
        Pupil.delete().execute()

        result = backup.restore_backup(store, saved)

        assert Pupil.select().count() == 8
        assert result.previous_copy.exists()
    with open_database(result.previous_copy) as previous:
        assert Pupil.select().count() == 0
        previous.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(store, school, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)

    with pytest.raises(backup.BackupError):
        backup.restore_backup(store, damaged)

    assert Pupil.select().count() == 8
