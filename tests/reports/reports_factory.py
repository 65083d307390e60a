"""Synthetic school data for the reports' tests: plain rows, and the same written to a store.

Every name here is made up. Marks are built day by day from a rule, so a test can say
"unauthorised on these days, present otherwise" in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from woodrush_desktop.domain.attendance import Mark, SessionCounts
from woodrush_desktop.reports.rows import FiguresRow, PupilInfo

PRESENT = {"AM": "/", "PM": "\\"}


def pupil(pupil_id: int, year: int | None = 9, **fields) -> PupilInfo:
    fields.setdefault("surname", f"Testpupil{pupil_id:03d}")
    fields.setdefault("forename", "Alex")
    fields.setdefault("reg_group", f"{year}A" if year else None)
    return PupilInfo(id=pupil_id, year=year, **fields)


def counts(possible: int, attended: int, unauthorised: int = 0) -> SessionCounts:
    """Counts with every absence authorised unless `unauthorised` says otherwise."""
    return SessionCounts(
        possible=possible,
        present=attended,
        authorised=possible - attended - unauthorised,
        unauthorised=unauthorised,
    )


def figures(snapshot_id: int, pupil_id: int, possible: int, attended: int, **extra) -> FiguresRow:
    return FiguresRow(snapshot_id, pupil_id, counts(possible, attended), **extra)


def school_days(start: date, end: date, holidays: Iterable[tuple[date, date]] = ()) -> list[date]:
    """Weekdays from start to end, both included, less the holidays (inclusive ranges)."""
    closed = list(holidays)
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and not any(first <= day <= last for first, last in closed):
            days.append(day)
        day += timedelta(days=1)
    return days


def marks(
    days: Iterable[date], rule: Callable[[date, str], str | None] | None = None
) -> list[Mark]:
    """Two marks a day: the rule's code, or present when the rule gives None."""
    made = []
    for day in days:
        for session in ("AM", "PM"):
            code = rule(day, session) if rule else None
            made.append(Mark(day, session, code or PRESENT[session]))
    return made


def on_days(code: str, chosen: Iterable[date], sessions: tuple[str, ...] = ("AM", "PM")):
    """A rule: `code` on the chosen days' sessions, present otherwise."""
    wanted = set(chosen)
    return lambda day, session: code if day in wanted and session in sessions else None
