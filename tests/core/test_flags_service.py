"""Flags set by hand survive the next import until handed back to the MIS."""

from datetime import date

import pytest

from woodrush_desktop.domain.upn import make_upn
from woodrush_desktop.importing import import_file
from woodrush_desktop.services.flags import FlagError, flag_states, set_flag, use_mis_value
from woodrush_desktop.store.models import AuditEvent, Pupil

UPN = make_upn(330, 4123, 19, 1)


def write_summary(path, social_worker: str, possible: int) -> None:
    path.write_text(
        "UPN,Surname,Forename,Year,Reg Group,Possible,Present,Authorised,Unauthorised,"
        "Social Worker\n"
        f"{UPN},Okafor,Ada,9,9A,{possible},{possible - 10},6,4,{social_worker}\n",
        encoding="utf-8",
    )


def test_a_flag_set_by_hand_is_kept_by_later_imports(store, tmp_path):
    first, second, third = (tmp_path / f"week{n}.csv" for n in (1, 2, 3))
    write_summary(first, "N", 100)
    import_file(store, first, as_of=date(2026, 11, 20))
    pupil = Pupil.get(Pupil.upn == UPN)

    set_flag(store, pupil.id, "social_worker", True)
    write_summary(second, "N", 110)
    result = import_file(store, second, as_of=date(2026, 11, 27))

    assert not result.duplicate

    assert Pupil.get_by_id(pupil.id).social_worker is True
    assert {state.key: state.set_by_hand for state in flag_states(pupil.id)}["social_worker"]

    use_mis_value(store, pupil.id, "social_worker")
    write_summary(third, "N", 120)
    import_file(store, third, as_of=date(2026, 12, 4))

    assert Pupil.get_by_id(pupil.id).social_worker is False
    actions = [event.action for event in AuditEvent.select().order_by(AuditEvent.id)]
    assert "flag set by hand" in actions and "flag handed back to the MIS" in actions


@pytest.mark.parametrize(("key", "value"), [("sen", "K"), ("sen_status", "X"), ("fsm", "yes")])
def test_values_a_pupil_record_cannot_hold_are_refused(store, key, value):
    pupil = Pupil.create(legal_surname="Test", legal_forename="Pupil")

    with pytest.raises(FlagError):
        set_flag(store, pupil.id, key, value)
