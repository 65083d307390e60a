"""The responsibilities checklist: ticks recorded at once, audited, never deleted.

Ticking an item writes a `ChecklistTick` with the date, who and an optional note; unticking
sets its `withdrawn_at`, so the history of what was done and undone stays. School-level items
(the standing whole-school duties) are ticked with no pupil.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from woodrush_desktop.domain.policy import Item, Policy
from woodrush_desktop.store.database import Store, current_user, write_guard
from woodrush_desktop.store.models import ChecklistTick, Pupil, utc_now

log = logging.getLogger(__name__)


class ChecklistError(ValueError):
    """A tick that cannot be recorded (an item the policy does not have, a wrong scope)."""


@dataclass(frozen=True, slots=True)
class TickRecord:
    """One tick as the window and the history show it."""

    id: int
    item_key: str
    pupil_id: int | None
    done_on: date
    done_by: str | None
    note: str | None
    created_at: datetime
    withdrawn_at: datetime | None
    letter_id: int | None = None

    @property
    def current(self) -> bool:
        return self.withdrawn_at is None


def _record(tick: ChecklistTick) -> TickRecord:
    return TickRecord(
        id=tick.id,
        item_key=tick.item_key,
        pupil_id=tick.pupil_id,
        done_on=tick.done_on,
        done_by=tick.done_by,
        note=tick.note,
        created_at=tick.created_at,
        withdrawn_at=tick.withdrawn_at,
        letter_id=tick.letter_id,
    )


def _pupil_clause(pupil_id: int | None):
    return ChecklistTick.pupil.is_null() if pupil_id is None else ChecklistTick.pupil == pupil_id


def _check_item(policy: Policy, item_key: str, pupil_id: int | None) -> Item:
    try:
        item = policy.item(item_key)
    except KeyError as error:
        raise ChecklistError(f"the policy has no item {item_key!r}") from error
    if item.scope == "school" and pupil_id is not None:
        raise ChecklistError(f"{item_key!r} is a whole-school duty, ticked for the school")
    if item.scope == "pupil" and pupil_id is None:
        raise ChecklistError(f"{item_key!r} is ticked for a pupil, not for the school")
    return item


def current_ticks(store: Store, pupil_id: int | None) -> dict[str, TickRecord]:
    """The items done and not withdrawn, by item key (the latest tick of each)."""
    query = (
        ChecklistTick.select()
        .where(_pupil_clause(pupil_id), ChecklistTick.withdrawn_at.is_null())
        .order_by(ChecklistTick.created_at, ChecklistTick.id)
    )
    return {tick.item_key: _record(tick) for tick in query}


def tick_history(store: Store, pupil_id: int | None) -> list[TickRecord]:
    """Every tick ever recorded for the pupil (or the school), newest first, withdrawn too."""
    query = (
        ChecklistTick.select()
        .where(_pupil_clause(pupil_id))
        .order_by(ChecklistTick.created_at.desc(), ChecklistTick.id.desc())
    )
    return [_record(tick) for tick in query]


def tick_item(
    store: Store,
    policy: Policy,
    item_key: str,
    pupil_id: int | None = None,
    *,
    done_on: date | None = None,
    done_by: str | None = None,
    note: str | None = None,
) -> TickRecord:
    """Record an item as done, at once. Ticking an item already done returns that tick."""
    _check_item(policy, item_key, pupil_id)
    if pupil_id is not None and Pupil.get_or_none(Pupil.id == pupil_id) is None:
        raise ChecklistError(f"there is no pupil with id {pupil_id}")
    existing = current_ticks(store, pupil_id).get(item_key)
    if existing is not None:
        return existing
    with write_guard(store), store.db.atomic():
        tick = ChecklistTick.create(
            pupil=pupil_id,
            item_key=item_key,
            done_on=done_on or date.today(),
            done_by=(done_by or current_user()).strip() or None,
            note=(note or "").strip() or None,
        )
        store.audit(
            "checklist item ticked",
            "checklist_tick",
            tick.id,
            {"item": item_key, "pupil": pupil_id},
        )
    log.info("checklist item ticked: tick %d, pupil %s", tick.id, pupil_id)
    return _record(tick)


def update_tick(
    store: Store, tick_id: int, *, done_on: date, done_by: str | None, note: str | None
) -> TickRecord:
    """Correct the date, who or note of a current tick (the audit keeps the change)."""
    tick = ChecklistTick.get_or_none(ChecklistTick.id == tick_id)
    if tick is None or tick.withdrawn_at is not None:
        raise ChecklistError("that tick has been withdrawn or does not exist")
    with write_guard(store), store.db.atomic():
        tick.done_on = done_on
        tick.done_by = (done_by or "").strip() or None
        tick.note = (note or "").strip() or None
        tick.save()
        store.audit(
            "checklist tick edited",
            "checklist_tick",
            tick.id,
            {"item": tick.item_key, "pupil": tick.pupil_id},
        )
    return _record(tick)


def untick_item(store: Store, item_key: str, pupil_id: int | None = None) -> int:
    """Withdraw the current tick of an item; the tick stays in the history. Returns how many."""
    with write_guard(store), store.db.atomic():
        ticks = list(
            ChecklistTick.select().where(
                _pupil_clause(pupil_id),
                ChecklistTick.item_key == item_key,
                ChecklistTick.withdrawn_at.is_null(),
            )
        )
        now = utc_now()
        for tick in ticks:
            tick.withdrawn_at = now
            tick.save()
            store.audit(
                "checklist item unticked",
                "checklist_tick",
                tick.id,
                {"item": item_key, "pupil": pupil_id},
            )
    return len(ticks)
