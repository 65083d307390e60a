"""Flags the officer sets by hand (SEN status, medical, social worker, looked after, FSM).

A flag set here is listed in `Pupil.manual_flags`, and the importer then leaves it alone: the
officer often learns of a social worker or a medical condition before the MIS is updated, and
next week's export must not quietly undo that. "Use the MIS value again" hands the flag back.
"""

from __future__ import annotations

from dataclasses import dataclass

from woodrush_desktop.store.database import Store, write_guard
from woodrush_desktop.store.models import Pupil, utc_now

BOOLEAN_FLAGS = ("medical", "social_worker", "looked_after", "fsm")
SEN_STATUSES = {"N": "No special educational needs", "K": "SEN support", "E": "EHC plan"}
FLAG_LABELS = {
    "sen_status": "SEN status",
    "medical": "Medical condition",
    "social_worker": "Has a social worker",
    "looked_after": "Looked after",
    "fsm": "Free school meals / pupil premium",
}


class FlagError(ValueError):
    """A flag or value the pupil record cannot hold."""


@dataclass(frozen=True, slots=True)
class FlagState:
    key: str
    label: str
    value: bool | str | None
    set_by_hand: bool


def flag_states(pupil_id: int) -> list[FlagState]:
    pupil = Pupil.get_by_id(pupil_id)
    manual = set(pupil.manual_flags or [])
    return [
        FlagState(key, label, getattr(pupil, key), key in manual)
        for key, label in FLAG_LABELS.items()
    ]


def set_flag(store: Store, pupil_id: int, key: str, value: bool | str | None) -> None:
    """Set a flag by hand; later imports keep it until it is handed back to the MIS."""
    value = _checked(key, value)
    with write_guard(store), store.db.atomic():
        pupil = Pupil.get_by_id(pupil_id)
        manual = set(pupil.manual_flags or [])
        manual.add(key)
        Pupil.update(
            {key: value, Pupil.manual_flags: sorted(manual), Pupil.updated_at: utc_now()}
        ).where(Pupil.id == pupil_id).execute()
        store.audit("flag set by hand", "pupil", pupil_id, {"flag": key, "value": value})


def use_mis_value(store: Store, pupil_id: int, key: str) -> None:
    """Let the next import set this flag again (the current value stays until then)."""
    _checked(key, None)
    with write_guard(store), store.db.atomic():
        pupil = Pupil.get_by_id(pupil_id)
        manual = set(pupil.manual_flags or []) - {key}
        Pupil.update({Pupil.manual_flags: sorted(manual), Pupil.updated_at: utc_now()}).where(
            Pupil.id == pupil_id
        ).execute()
        store.audit("flag handed back to the MIS", "pupil", pupil_id, {"flag": key})


def _checked(key: str, value: bool | str | None) -> bool | str | None:
    if key not in FLAG_LABELS:
        raise FlagError(f"{key!r} is not a flag; the flags are {', '.join(FLAG_LABELS)}")
    if key == "sen_status":
        if value is not None and value not in SEN_STATUSES:
            raise FlagError(f"SEN status must be one of {', '.join(SEN_STATUSES)}, not {value!r}")
        return value
    if value is not None and not isinstance(value, bool):
        raise FlagError(f"{FLAG_LABELS[key]} is yes or no, not {value!r}")
    return value
