"""A term of register marks for each demo pupil, planned so the bands come out realistic.

Marks are planned for the whole term at once and an export shows the part up to its day, so
two exports of one seed agree on every mark they share. Each pupil's band is fixed at the
later demo export (`LATER_EXPORT`): their absences up to that day are an exact count inside
the band, spread as believable episodes (a day or two of illness, an appointment, a late
arrival, a term-time holiday). A few pupils are planned to move band in the week between the
two demo exports, some up and some down; after that week absence carries on at the same rate.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache

from woodrush_desktop.demo.roll import DemoPupil
from woodrush_desktop.demo.term import (
    EARLIER_EXPORT,
    HALF_TERM_START,
    LATER_EXPORT,
    Session,
)
from woodrush_desktop.domain.policy import default_policy

BAND_ORDER = ("expected", "below_expected", "at_risk", "persistent", "severe")

REASONS: dict[str, tuple[tuple[str, float], ...]] = {
    "expected": (("I", 0.70), ("M", 0.25), ("C", 0.05)),
    "below_expected": (
        ("I", 0.55),
        ("M", 0.15),
        ("C", 0.04),
        ("N", 0.08),
        ("O", 0.08),
        ("U", 0.10),
    ),
    "at_risk": (("I", 0.50), ("M", 0.10), ("C", 0.03), ("N", 0.10), ("O", 0.15), ("U", 0.12)),
    "persistent": (
        ("I", 0.45),
        ("M", 0.07),
        ("C", 0.03),
        ("N", 0.12),
        ("O", 0.20),
        ("U", 0.13),
    ),
    "severe": (
        ("I", 0.35),
        ("M", 0.03),
        ("C", 0.02),
        ("N", 0.12),
        ("O", 0.35),
        ("U", 0.08),
        ("E", 0.05),
    ),
}
"""Absence reasons by band: illness mostly, unauthorised absence growing with the band."""

SIXTH_FORM_REASONS = (("I", 0.62), ("M", 0.16), ("J1", 0.08), ("C", 0.04), ("N", 0.05), ("O", 0.05))
ILL_REASONS = (("I", 0.85), ("M", 0.15))

TRIP_DAY = date(2026, 10, 15)
FIXTURE_DAYS = frozenset(
    {
        date(2026, 9, 16),
        date(2026, 9, 30),
        date(2026, 10, 14),
        date(2026, 11, 11),
        date(2026, 11, 25),
        date(2026, 12, 9),
    }
)
UNKNOWN_CODE = "H"
"""A code withdrawn in August 2024, still typed by habit: the data-quality report's case."""


@dataclass(frozen=True, slots=True)
class TermPlan:
    """The term's sessions with the boundaries the planner works to."""

    sessions: Sequence[Session]
    earlier_end: int  # sessions up to and including the earlier demo export's day
    later_end: int  # sessions up to and including the later one's

    @classmethod
    def for_sessions(cls, sessions: Sequence[Session]) -> TermPlan:
        return cls(
            sessions=sessions,
            earlier_end=sum(1 for session in sessions if session.on <= EARLIER_EXPORT),
            later_end=sum(1 for session in sessions if session.on <= LATER_EXPORT),
        )


@cache
def _band_key(possible: int, absent: int) -> str:
    percentage = Fraction((possible - absent) * 100, possible)
    return default_policy().band_for(percentage).key


@cache
def band_range(possible: int, band: str) -> tuple[int, int] | None:
    """The fewest and most sessions of absence that leave a pupil in `band`."""
    counts = [absent for absent in range(possible + 1) if _band_key(possible, absent) == band]
    return (counts[0], counts[-1]) if counts else None


def plan_marks(pupil: DemoPupil, term: TermPlan, rng: random.Random) -> list[str]:
    """Every session's mark for the whole term, in session order."""
    planner = _Planner(pupil, term, rng)
    return planner.plan()


class _Planner:
    def __init__(self, pupil: DemoPupil, term: TermPlan, rng: random.Random) -> None:
        self.pupil = pupil
        self.term = term
        self.rng = rng
        self.codes: list[str | None] = [None] * len(term.sessions)
        if pupil.year >= 12:
            self.reasons = SIXTH_FORM_REASONS
        elif pupil.medical and rng.random() < 0.5:
            self.reasons = ILL_REASONS
        else:
            self.reasons = REASONS[pupil.band]

    def plan(self) -> list[str]:
        self._fixed_marks()
        earlier, later = self.term.earlier_end, self.term.later_end
        possible_earlier = self._possible(0, earlier)
        possible_later = self._possible(0, later)
        traits = self.pupil.traits
        moved = (
            "improver" in traits and self._plan_improver(possible_earlier, possible_later)
        ) or ("decliner" in traits and self._plan_decliner(possible_earlier, possible_later))
        if not moved:
            self._place_steady(possible_earlier, possible_later)
        rate = self._absent(0, later) / max(1, possible_later)
        self._carry_on(later, len(self.codes), rate)
        self._lates()
        return [self._final(index, code) for index, code in enumerate(self.codes)]

    def _fixed_marks(self) -> None:
        """Marks that are not the pupil's choice: not yet on roll, elsewhere, on a trip."""
        traits = self.pupil.traits
        for index, session in enumerate(self.term.sessions):
            day = session.on
            if day < self.pupil.admission_date:
                self.codes[index] = "Z"
            elif "dual_registered" in traits and day.weekday() == 4:
                self.codes[index] = "D"
            elif "alternative_provision" in traits and day.weekday() == 1:
                self.codes[index] = "K"
            elif "trip" in traits and day == TRIP_DAY:
                self.codes[index] = "V"
            elif "fixtures" in traits and day in FIXTURE_DAYS and session.half == "PM":
                self.codes[index] = "P"
        free = self._free(0, self.term.earlier_end)
        if "gap" in traits and free:
            self.codes[self.rng.choice(free[len(free) // 2 :])] = "-"
        if "unknown_code" in traits and free:
            self.codes[self.rng.choice(free[len(free) // 2 :])] = UNKNOWN_CODE

    def _free(self, start: int, end: int) -> list[int]:
        return [index for index in range(start, end) if self.codes[index] is None]

    def _possible(self, start: int, end: int) -> int:
        """Sessions that count: not before entry, not dual-registered, not a gap."""
        return sum(1 for code in self.codes[start:end] if code not in ("Z", "D", "-", UNKNOWN_CODE))

    def _absent(self, start: int, end: int) -> int:
        present = (None, "Z", "D", "-", UNKNOWN_CODE, "K", "V", "P", "L")
        return sum(1 for code in self.codes[start:end] if code not in present)

    def _absences(self, possible: int) -> int:
        """How many sessions this pupil misses by the later export: inside their band."""
        band = self.pupil.band
        bounds = band_range(possible, band) if possible else None
        if bounds is None:
            return 0
        low, high = bounds
        if band == "expected":
            return low + int((high - low + 1) * self.rng.random() ** 1.6)
        if band == "severe":
            rate = 0.21 + 0.4 * self.rng.random() ** 1.5
            return max(low, min(high, round(rate * possible)))
        return self.rng.randint(low, high)

    def _place_steady(self, possible_earlier: int, possible_later: int) -> None:
        """The pupil's absences up to the later export, in the same band at both exports.

        The week between the exports gets about its fair share of the absences, chosen so
        that only the pupils planned to move do move.
        """
        earlier, later = self.term.earlier_end, self.term.later_end
        absent = self._absences(possible_later)
        week = len(self._free(earlier, later))
        fair = absent * (possible_later - possible_earlier) / max(1, possible_later)
        band = self.pupil.band
        steady = [
            in_week
            for in_week in range(min(absent, week) + 1)
            if possible_earlier and _band_key(possible_earlier, absent - in_week) == band
        ]
        if steady:
            in_week = min(steady, key=lambda count: abs(count - fair) + self.rng.random())
        else:
            in_week = min(round(fair), week)
        self._place(0, earlier, absent - in_week)
        self._place(earlier, later, in_week)

    def _plan_improver(self, possible_earlier: int, possible_later: int) -> bool:
        """Absent a lot until the earlier export, then a full week: up one band."""
        band = self.pupil.band
        lower = BAND_ORDER[BAND_ORDER.index(band) + 1]
        bounds = band_range(possible_later, band)
        if bounds is None:
            return False
        for absent in range(bounds[1], bounds[0] - 1, -1):
            if _band_key(possible_earlier, absent) == lower:
                self._place(0, self.term.earlier_end, absent)
                return True
        return False

    def _plan_decliner(self, possible_earlier: int, possible_later: int) -> bool:
        """Fine until the earlier export, then ill for days: down one band."""
        band = self.pupil.band
        higher = BAND_ORDER[BAND_ORDER.index(band) - 1]
        bounds = band_range(possible_earlier, higher)
        week = len(self._free(self.term.earlier_end, self.term.later_end))
        if bounds is None:
            return False
        for before in range(bounds[1], bounds[0] - 1, -1):
            extra = [
                more
                for more in range(2, week + 1, 2)
                if _band_key(possible_later, before + more) == band
            ]
            if extra:
                earlier, later = self.term.earlier_end, self.term.later_end
                self._place(0, earlier, before)
                ill = self._episode(earlier, later, "I", extra[0], whole_days=True)
                self._place(earlier, later, extra[0] - ill)
                return True
        return False

    def _place(self, start: int, end: int, count: int) -> None:
        """Exactly `count` sessions of absence between `start` and `end`, as episodes."""
        remaining = count
        if "holiday" in self.pupil.traits and "G" not in self.codes:
            remaining -= self._holiday(start, end, remaining)
        if "part_time_timetable" in self.pupil.traits:
            remaining -= self._part_time(start, end, remaining)
        attempts = 0
        while remaining > 0 and attempts < 200:
            attempts += 1
            kind = self._reason()
            length, whole_days = self._shape(kind)
            length = min(length, remaining)
            if whole_days and length % 2:
                whole_days = False
            placed = self._episode(start, end, kind, length, whole_days=whole_days)
            remaining -= placed
        free = self._free(start, end)
        self.rng.shuffle(free)
        for index in free[:remaining]:
            self.codes[index] = self.reasons[0][0]

    def _reason(self) -> str:
        kinds = [kind for kind, _ in self.reasons]
        weights = [weight for _, weight in self.reasons]
        return self.rng.choices(kinds, weights=weights)[0]

    def _shape(self, kind: str) -> tuple[int, bool]:
        """An episode's length in sessions, and whether it covers whole days."""
        rng = self.rng
        if kind == "I":
            if rng.random() < 0.3:
                return 1, False
            return 2 * rng.choice((1, 1, 1, 2, 2, 3)), True
        if kind == "C":
            return 2, True
        if kind == "E":
            return 2 * rng.randint(1, 3), True
        if kind in ("N", "O"):
            return (2, True) if rng.random() < 0.4 else (1, False)
        return 1, False

    def _episode(self, start: int, end: int, kind: str, length: int, *, whole_days: bool) -> int:
        """Mark one episode somewhere free in the window; how many sessions it took."""
        rng = self.rng
        for _ in range(20):
            first = rng.randrange(start, end)
            if whole_days:
                first -= first % 2
            elif kind == "U" and first % 2:
                first -= 1
            elif kind == "O" and first % 2 == 0 and rng.random() < 0.6:
                first += 1  # truancy is more often an afternoon
            span = range(first, first + length)
            if first >= start and span.stop <= end and all(self.codes[i] is None for i in span):
                for index in span:
                    self.codes[index] = kind
                return length
        return 0

    def _holiday(self, start: int, end: int, budget: int) -> int:
        """A term-time holiday (G) from a Monday or up to half-term; the sessions it took."""
        days = 5 if "long_holiday" in self.pupil.traits else self.rng.randint(2, 4)
        days = min(days, budget // 2)
        if days < 2:
            return 0
        sessions = self.term.sessions
        before_half_term = [i for i in range(start, end, 2) if sessions[i].on < HALF_TERM_START]
        firsts = [i for i in range(start, end, 2) if sessions[i].on.weekday() == 0]
        if len(before_half_term) >= days and self.rng.random() < 0.4:
            firsts = [before_half_term[-days]]  # the family leaves early for half-term
        self.rng.shuffle(firsts)
        for first in firsts:
            span = range(first, first + 2 * days)
            if span.stop <= end and all(self.codes[index] is None for index in span):
                for index in span:
                    self.codes[index] = "G"
                return len(span)
        return 0

    def _part_time(self, start: int, end: int, budget: int) -> int:
        """An agreed part-time timetable (C2): mornings only for the first weeks."""
        afternoons = [i for i in self._free(start, end) if self.term.sessions[i].half == "PM"]
        taken = afternoons[: int(budget * 0.7)]
        for index in taken:
            self.codes[index] = "C2"
        return len(taken)

    def _carry_on(self, start: int, end: int, rate: float) -> None:
        """After the later export: absence at the pupil's own rate, as the same episodes."""
        owed = self.rng.random()
        index = start
        while index < end:
            if self.codes[index] is None:
                owed += rate
                if owed >= 1:
                    kind = self._reason()
                    length, _ = self._shape(kind)
                    length = min(length, max(1, int(owed)))
                    span = [
                        i for i in range(index, min(end, index + length)) if self.codes[i] is None
                    ]
                    for position in span:
                        self.codes[position] = kind
                    owed -= len(span)
                    index += len(span)
                    continue
            index += 1

    def _lates(self) -> None:
        """Lates before the register closed (L): present, but the officer watches them."""
        rng = self.rng
        band_step = BAND_ORDER.index(self.pupil.band)
        if rng.random() < 0.45 - 0.05 * band_step:
            return
        rate = rng.uniform(0.01, 0.03 + 0.02 * band_step)
        for index in range(0, len(self.codes), 2):
            if self.codes[index] is None and rng.random() < rate:
                self.codes[index] = "L"

    def _final(self, index: int, code: str | None) -> str:
        if code is not None:
            return code
        return "/" if self.term.sessions[index].half == "AM" else "\\"
