"""The demo school's calendar: the autumn term of 2026, weekdays only, without half-term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TERM_START = date(2026, 9, 3)
TERM_END = date(2026, 12, 18)
HALF_TERM_START = date(2026, 10, 26)
HALF_TERM_END = date(2026, 10, 30)

EARLIER_EXPORT = date(2026, 11, 20)
LATER_EXPORT = date(2026, 11, 27)
"""The two weekly exports the run command and "Open the demo school" import, a week apart."""

HALVES = ("AM", "PM")


@dataclass(frozen=True, slots=True)
class Session:
    on: date
    half: str  # "AM" or "PM"

    @property
    def header(self) -> str:
        """The column heading an MIS mark export gives the session."""
        return f"{self.on:%d/%m/%Y} {self.half}"


def is_school_day(day: date) -> bool:
    return (
        TERM_START <= day <= TERM_END
        and day.weekday() < 5
        and not HALF_TERM_START <= day <= HALF_TERM_END
    )


def school_days(until: date = TERM_END) -> list[date]:
    """Every school day of the term from its first day up to `until`, inclusive."""
    days = []
    day = TERM_START
    while day <= min(until, TERM_END):
        if is_school_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def term_sessions() -> list[Session]:
    return [Session(day, half) for day in school_days() for half in HALVES]


def resolve_as_of(as_of: date | None, today: date | None = None) -> date:
    """The last day of marks for an export asked for up to `as_of`.

    Without `as_of` it is the last school day before today; a day outside term falls back to
    the nearest school day within it, so a demo made after the term still has the whole term.
    An `as_of` before the term has no marks to give and is refused.
    """
    if as_of is None:
        as_of = (today or date.today()) - timedelta(days=1)
        if as_of < TERM_START:
            as_of = TERM_END
    if as_of < TERM_START:
        raise ValueError(
            f"the demo term starts on {TERM_START:%d/%m/%Y}: there are no marks up to "
            f"{as_of:%d/%m/%Y}"
        )
    return school_days(as_of)[-1]
