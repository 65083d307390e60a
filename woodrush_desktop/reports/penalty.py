"""Penalty-notice watch and the local authority's lists, from the marks.

- The National Framework's threshold: 10 unauthorised sessions (G, N, O, U) in a rolling ten
  school weeks, computed by `domain.attendance.penalty_watch` over the school's calendar.
- The LA's list of 10 continuous school days of unauthorised absence: a run of school days on
  which every possible session was unauthorised.
- The LA's list of illness expected to last 15 school days: the register cannot say what is
  expected, so we use a run of 15 school days or more on which every possible session was
  `I` as the signal, and say so wherever the list is shown.

Sixth formers (Years 12–13) are past compulsory school age: none of these apply to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from woodrush_desktop.domain.attendance import (
    PENALTY_SESSIONS,
    Mark,
    penalty_watch,
    week_start,
)
from woodrush_desktop.domain.codes import CodeBook, CodeClass, UnknownCodeError
from woodrush_desktop.reports.rows import FiguresRow, PupilInfo

UNAUTHORISED_DAYS = 10
ILLNESS_DAYS = 15
APPROACHING = 6
"""Our choice: from six unauthorised sessions in the current ten weeks a pupil is shown as
approaching the threshold, so the family can be contacted before a notice is considered."""

ILLNESS_NOTE = (
    "Illness expected to last 15 school days: shown from a run of 15 school days or more "
    "marked I (illness), since the register cannot say what is expected."
)
SIXTH_FORM_NOTE = "Years 12–13 are past compulsory school age and are not listed."

_UNAUTHORISED_DAY = "unauthorised"
_ILL_DAY = "ill"
_NO_SESSION = "none"
_OTHER = "other"
_ENDS_A_RUN = frozenset({CodeClass.PRESENT, CodeClass.APPROVED, CodeClass.AUTHORISED})


@dataclass(frozen=True, slots=True)
class PenaltyRow:
    pupil: PupilInfo
    met_on: date | None
    window_start: date | None
    current: int
    highest: int
    source: str  # "marks" or "import" (the importer's stored figures)

    @property
    def met(self) -> bool:
        return self.met_on is not None

    def to_json(self) -> dict:
        return {
            "pupil_id": self.pupil.id,
            "upn": self.pupil.upn,
            "surname": self.pupil.surname,
            "forename": self.pupil.forename,
            "year": self.pupil.year,
            "reg_group": self.pupil.reg_group,
            "met": self.met,
            "met_on": _iso(self.met_on),
            "window_start": _iso(self.window_start),
            "current": self.current,
            "highest": self.highest,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class AbsenceRun:
    """A run of continuous school days of one kind of absence, for one of the LA's lists."""

    pupil: PupilInfo
    kind: str  # "unauthorised" or "illness"
    start: date
    end: date
    days: int
    ongoing: bool

    def to_json(self) -> dict:
        return {
            "pupil_id": self.pupil.id,
            "upn": self.pupil.upn,
            "surname": self.pupil.surname,
            "forename": self.pupil.forename,
            "year": self.pupil.year,
            "reg_group": self.pupil.reg_group,
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "ongoing": self.ongoing,
        }


@dataclass(frozen=True, slots=True)
class PenaltyReport:
    threshold: list[PenaltyRow]
    approaching: list[PenaltyRow]
    unauthorised_runs: list[AbsenceRun]
    illness_runs: list[AbsenceRun]

    def to_json(self) -> dict:
        return {
            "threshold": [row.to_json() for row in self.threshold],
            "approaching": [row.to_json() for row in self.approaching],
            "unauthorised_10_days": [run.to_json() for run in self.unauthorised_runs],
            "illness_15_days": [run.to_json() for run in self.illness_runs],
            "notes": [SIXTH_FORM_NOTE, ILLNESS_NOTE],
        }


def school_calendar(
    marks_by_pupil: Mapping[int, Iterable[Mark]], code_book: CodeBook
) -> tuple[list[date], list[date]]:
    """The school days and school weeks (Mondays): those with a session for any pupil.

    A planned closure (`#`) or not-on-roll (`Z`) mark is no session, so a half-term week the
    MIS fills with `#` is not a school week.
    """
    days: set[date] = set()
    for marks in marks_by_pupil.values():
        for mark in marks:
            if mark.on not in days and _is_session(mark, code_book):
                days.add(mark.on)
    ordered = sorted(days)
    return ordered, sorted({week_start(day) for day in ordered})


def watch_pupil(
    pupil: PupilInfo,
    marks: Sequence[Mark],
    code_book: CodeBook,
    school_weeks: Sequence[date] | None,
) -> PenaltyRow:
    watch = penalty_watch(marks, code_book, school_weeks)
    return PenaltyRow(
        pupil=pupil,
        met_on=watch.met_on,
        window_start=watch.window_start,
        current=watch.current,
        highest=watch.highest,
        source="marks",
    )


class Classifier:
    """A code book's answers remembered for one report: a term has a few hundred distinct
    (code, date) pairs, looked up hundreds of thousands of times."""

    def __init__(self, code_book: CodeBook) -> None:
        self._book = code_book
        self._known: dict[tuple[str, date], CodeClass | None] = {}

    def classify(self, mark: Mark) -> CodeClass | None:
        """The mark's class on its date, or None for a gap or an unknown code."""
        key = (mark.code, mark.on)
        try:
            return self._known[key]
        except KeyError:
            pass
        try:
            found: CodeClass | None = self._book.classify(mark.code, mark.on)
        except UnknownCodeError:
            found = None
        self._known[key] = found
        return found


def absence_runs(
    pupil: PupilInfo,
    marks: Sequence[Mark],
    code_book: CodeBook,
    school_days: Sequence[date],
    since: date | None = None,
    classifier: Classifier | None = None,
) -> list[AbsenceRun]:
    """The pupil's runs of 10+ unauthorised days and 15+ illness days (school days only).

    A day on which the pupil had no possible session (dual registration, a closure) neither
    breaks nor lengthens a run; a school day with no mark for the pupil at all breaks it.
    """
    classes = classifier or Classifier(code_book)
    by_day: dict[date, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_day[mark.on].append(mark)
    if not by_day:
        return []
    first, last = min(by_day), max(by_day)
    states = [
        (day, _day_state(by_day.get(day, []), classes))
        for day in school_days
        if first <= day <= last
    ]
    states.append((last, _OTHER))  # closes a run that reaches the end of the register
    last_school_day = school_days[-1] if school_days else last
    runs: list[AbsenceRun] = []
    for kind, wanted, minimum in (
        ("unauthorised", _UNAUTHORISED_DAY, UNAUTHORISED_DAYS),
        ("illness", _ILL_DAY, ILLNESS_DAYS),
    ):
        start = end = None
        length = 0
        for day, state in states:
            if state == _NO_SESSION:
                continue
            if state == wanted:
                start = start or day
                end = day
                length += 1
                continue
            if length >= minimum and start and end and (since is None or end >= since):
                runs.append(
                    AbsenceRun(pupil, kind, start, end, length, ongoing=end >= last_school_day)
                )
            start = end = None
            length = 0
    return runs


def _day_state(marks: list[Mark], classes: Classifier) -> str:
    if not marks:
        return _OTHER
    possible = []
    for mark in marks:
        code_class = classes.classify(mark)
        if code_class is None:
            return _OTHER
        if code_class in _ENDS_A_RUN and mark.code != "I":
            return _OTHER  # attended, or absent for another reason: no run goes on
        if code_class.is_possible:
            possible.append((mark.code, code_class))
    if not possible:
        return _NO_SESSION
    if all(code_class is CodeClass.UNAUTHORISED for _, code_class in possible):
        return _UNAUTHORISED_DAY
    if all(code == "I" for code, _ in possible):
        return _ILL_DAY
    return _OTHER


def penalty_report(
    pupils: Iterable[PupilInfo],
    marks_by_pupil: Mapping[int, Sequence[Mark]],
    latest_figures: Mapping[int, FiguresRow],
    code_book: CodeBook,
    since: date | None = None,
    approaching: int = APPROACHING,
) -> PenaltyReport:
    """The watch lists for every pupil of compulsory school age.

    Where a pupil has marks the rolling window is recomputed over the school's calendar (every
    pupil's marks); where only a summary was imported, the importer's stored figures stand.
    """
    school_days, school_weeks = school_calendar(marks_by_pupil, code_book)
    classifier = Classifier(code_book)
    met: list[PenaltyRow] = []
    near: list[PenaltyRow] = []
    unauthorised_runs: list[AbsenceRun] = []
    illness_runs: list[AbsenceRun] = []
    for pupil in pupils:
        if not pupil.compulsory_age:
            continue
        marks = marks_by_pupil.get(pupil.id, ())
        if marks:
            row = watch_pupil(pupil, marks, code_book, school_weeks)
            for run in absence_runs(pupil, marks, code_book, school_days, since, classifier):
                (unauthorised_runs if run.kind == "unauthorised" else illness_runs).append(run)
        else:
            row = _from_import(pupil, latest_figures.get(pupil.id))
        if row is None:
            continue
        if row.met and (since is None or row.met_on >= since):
            met.append(row)
        elif row.current >= approaching:
            near.append(row)
    met.sort(key=lambda row: (row.met_on, row.pupil.surname, row.pupil.forename, row.pupil.id))
    near.sort(key=lambda row: (-row.current, row.pupil.surname, row.pupil.id))
    for runs in (unauthorised_runs, illness_runs):
        runs.sort(key=lambda run: (not run.ongoing, -run.days, run.pupil.surname, run.pupil.id))
    return PenaltyReport(met, near, unauthorised_runs, illness_runs)


def _from_import(pupil: PupilInfo, row: FiguresRow | None) -> PenaltyRow | None:
    if row is None or (row.penalty_met_on is None and row.penalty_current is None):
        return None
    current = row.penalty_current or 0
    return PenaltyRow(
        pupil=pupil,
        met_on=row.penalty_met_on,
        window_start=None,
        current=current,
        highest=max(current, PENALTY_SESSIONS if row.penalty_met_on else 0),
        source="import",
    )


def _is_session(mark: Mark, code_book: CodeBook) -> bool:
    try:
        return code_book.classify(mark.code, mark.on) is not CodeClass.NOT_COUNTED
    except UnknownCodeError:
        return True  # a gap or an unknown code is still a session the school held


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
