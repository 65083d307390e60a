"""The attendance arithmetic: exact, from session counts or from marks.

Percentages are `Fraction`s so that 23 of 25 sessions is exactly 92% and lands in the band
the policy names for 92%, never a float's 91.99999.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from math import floor

from woodrush_desktop.domain.codes import (
    NO_MARK,
    UNAUTHORISED_CODES,
    CodeBook,
    CodeClass,
    UnknownCodeError,
)
from woodrush_desktop.domain.policy import Band, Policy

PERSISTENT_ABSENCE = Fraction(10, 100)
SEVERE_ABSENCE = Fraction(50, 100)
PENALTY_SESSIONS = 10
PENALTY_WEEKS = 10


@dataclass(frozen=True, slots=True)
class SessionCounts:
    """Sessions by class. `present` includes lates; `late` is also counted on its own."""

    possible: int
    present: int = 0
    approved: int = 0
    authorised: int = 0
    unauthorised: int = 0
    late: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.approved

    @property
    def missed(self) -> int:
        return self.possible - self.attended

    def percentage(self) -> Fraction | None:
        """Attended as a percentage of possible sessions, or None when none were possible."""
        if self.possible <= 0:
            return None
        return Fraction(self.attended * 100, self.possible)


@dataclass(frozen=True, slots=True)
class Figures:
    """One pupil's attendance at one point: what the window, the letters and the CLI show."""

    counts: SessionCounts
    percentage: Fraction | None
    band: Band | None
    dfe_persistent: bool
    dfe_severe: bool

    @property
    def has_band(self) -> bool:
        return self.band is not None

    @property
    def band_key(self) -> str | None:
        return self.band.key if self.band else None

    def describe_band(self) -> str:
        return self.band.label if self.band else "No band: no possible sessions"


def percentage_text(value: Fraction | None, none: str = "—") -> str:
    """One decimal place, rounded down, so 89.96% never reads as the 90.0% of another band.

    Every printed or shown percentage goes through here: a letter telling parents "90.0%,
    persistently absent" would contradict the policy's own band for 90%.
    """
    if value is None:
        return none
    tenths = floor(value * 10)
    return f"{tenths // 10}.{tenths % 10}%"


COMPULSORY_SCHOOL_AGE_LAST_YEAR = 11
"""Years 12 and 13 are past compulsory school age: outside the DfE measures and penalty notices."""


def is_compulsory_school_age(year: int | None) -> bool:
    """Whether the DfE measures and the penalty-notice rules apply; unknown year: they do."""
    return year is None or year <= COMPULSORY_SCHOOL_AGE_LAST_YEAR


def is_dfe_persistent(counts: SessionCounts) -> bool:
    """DfE persistent absence: missing 10% or more of possible sessions."""
    return counts.possible > 0 and Fraction(counts.missed, counts.possible) >= PERSISTENT_ABSENCE


def is_dfe_severe(counts: SessionCounts) -> bool:
    """DfE severe absence: missing 50% or more of possible sessions."""
    return counts.possible > 0 and Fraction(counts.missed, counts.possible) >= SEVERE_ABSENCE


def figures(counts: SessionCounts, policy: Policy, year: int | None = None) -> Figures:
    """The school's band for everyone; the DfE measures only below the sixth form."""
    percentage = counts.percentage()
    national = is_compulsory_school_age(year)
    return Figures(
        counts=counts,
        percentage=percentage,
        band=policy.band_for(percentage) if percentage is not None else None,
        dfe_persistent=national and is_dfe_persistent(counts),
        dfe_severe=national and is_dfe_severe(counts),
    )


@dataclass(frozen=True, slots=True)
class Mark:
    """One session's mark for one pupil, its code already normalised."""

    on: date
    session: str  # "AM" or "PM"
    code: str

    @property
    def sort_key(self) -> tuple[date, int]:
        return (self.on, 0 if self.session == "AM" else 1)


@dataclass(slots=True)
class MarkTally:
    """Counts from a pupil's marks, with what could not be counted."""

    counts: SessionCounts
    by_code: Counter[str] = field(default_factory=Counter)
    gaps: list[Mark] = field(default_factory=list)
    unknown: list[Mark] = field(default_factory=list)


def count_marks(marks: Iterable[Mark], code_book: CodeBook) -> MarkTally:
    """Session counts from marks. Gaps (`-`) and unknown codes are listed, not counted."""
    totals: Counter[CodeClass] = Counter()
    by_code: Counter[str] = Counter()
    gaps: list[Mark] = []
    unknown: list[Mark] = []
    late = 0
    for mark in marks:
        if mark.code == NO_MARK or not mark.code:
            gaps.append(mark)
            continue
        try:
            code_class = code_book.classify(mark.code, mark.on)
        except UnknownCodeError:
            unknown.append(mark)
            continue
        by_code[mark.code] += 1
        totals[code_class] += 1
        if mark.code == "L":
            late += 1
    possible = sum(count for code_class, count in totals.items() if code_class.is_possible)
    counts = SessionCounts(
        possible=possible,
        present=totals[CodeClass.PRESENT],
        approved=totals[CodeClass.APPROVED],
        authorised=totals[CodeClass.AUTHORISED],
        unauthorised=totals[CodeClass.UNAUTHORISED],
        late=late,
    )
    return MarkTally(counts=counts, by_code=by_code, gaps=gaps, unknown=unknown)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class PenaltyWatch:
    """The National Framework's threshold: 10 unauthorised sessions in 10 school weeks.

    `met_on` is the date of the session that first brought a rolling window of ten school weeks
    to ten unauthorised sessions; `current` counts the last ten school weeks of the register.
    """

    met_on: date | None
    window_start: date | None
    current: int
    highest: int

    @property
    def met(self) -> bool:
        return self.met_on is not None


def penalty_watch(
    marks: Iterable[Mark],
    code_book: CodeBook,
    school_weeks: Iterable[date] | None = None,
) -> PenaltyWatch:
    """Rolling count of G/N/O/U sessions over ten school weeks.

    A school week is a week with at least one session; a half-term week with none does not
    count, so a window may stretch across a holiday and across terms. `school_weeks` (their
    Mondays) is the school's calendar when the caller knows it; otherwise the weeks in which
    this pupil has a counted mark stand for it.
    """
    ordered = sorted(marks, key=lambda mark: mark.sort_key)
    mondays: dict[date, date] = {}

    def monday(day: date) -> date:
        found = mondays.get(day)
        if found is None:
            found = mondays[day] = week_start(day)
        return found

    if school_weeks is None:
        weeks = sorted({monday(mark.on) for mark in ordered if _is_session(mark, code_book)})
    else:
        weeks = sorted(set(school_weeks))
    index_of = {first_day: index for index, first_day in enumerate(weeks)}
    hits: list[tuple[int, Mark]] = []  # (school-week index, mark), in register order
    for mark in ordered:
        if mark.code in UNAUTHORISED_CODES:
            week = index_of.get(monday(mark.on))
            if week is not None and code_book.is_known(mark.code, mark.on):
                hits.append((week, mark))

    met_on = window_start = None
    highest = 0
    start = 0
    for end, (end_week, mark) in enumerate(hits):
        while hits[start][0] <= end_week - PENALTY_WEEKS:
            start += 1
        in_window = end - start + 1
        highest = max(highest, in_window)
        if met_on is None and in_window >= PENALTY_SESSIONS:
            met_on = mark.on
            window_start = hits[start][1].on
    first_recent_week = len(weeks) - PENALTY_WEEKS
    current = sum(1 for week, _ in hits if week >= first_recent_week)
    return PenaltyWatch(met_on=met_on, window_start=window_start, current=current, highest=highest)


def _is_session(mark: Mark, code_book: CodeBook) -> bool:
    if mark.code == NO_MARK or not mark.code:
        return True
    try:
        return code_book.classify(mark.code, mark.on) is not CodeClass.NOT_COUNTED
    except UnknownCodeError:
        return True
