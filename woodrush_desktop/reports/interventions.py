"""Did it work? Attendance in the school weeks before and after each letter, meeting and plan.

From the pupil's marks when there are any; otherwise from the differences between
successive snapshots (their counts are year to date, so the sessions between two snapshots
are the later counts minus the earlier ones).

Our choices, kept as parameters: four school weeks either side; a change of two percentage
points or more either way counts as improved or declined; and an outcome is only given once
at least three school weeks have passed since the intervention (the policy reviews a Notice
to Improve after 3–6 weeks).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from woodrush_desktop.domain.attendance import (
    Mark,
    SessionCounts,
    count_marks,
    week_start,
)
from woodrush_desktop.domain.codes import CodeBook
from woodrush_desktop.reports.rows import FiguresRow, Intervention, SnapshotInfo, academic_year

WINDOW_WEEKS = 4
MIN_WEEKS_AFTER = 3
MARGIN = Fraction(2)

IMPROVED = "improved"
NO_CHANGE = "no_change"
DECLINED = "declined"
TOO_EARLY = "too_early"
NO_DATA = "no_data"
OUTCOMES = (IMPROVED, NO_CHANGE, DECLINED, TOO_EARLY, NO_DATA)
OUTCOME_LABELS = {
    IMPROVED: "Improved",
    NO_CHANGE: "No change",
    DECLINED: "Declined",
    TOO_EARLY: "Too early to tell",
    NO_DATA: "No figures",
}


@dataclass(frozen=True, slots=True)
class Window:
    """Attendance over a stretch of school weeks: where it came from and how long it is."""

    start: date
    end: date
    weeks: int
    counts: SessionCounts
    source: str  # "marks" or "snapshots"

    @property
    def percentage(self) -> Fraction | None:
        return self.counts.percentage()

    def to_json(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "weeks": self.weeks,
            "possible": self.counts.possible,
            "attended": self.counts.attended,
            "attendance": _rounded(self.percentage),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Effect:
    intervention: Intervention
    before: Window | None
    after: Window | None
    outcome: str

    @property
    def change(self) -> Fraction | None:
        if self.before is None or self.after is None:
            return None
        if self.before.percentage is None or self.after.percentage is None:
            return None
        return self.after.percentage - self.before.percentage

    def to_json(self) -> dict:
        return {
            "pupil_id": self.intervention.pupil_id,
            "kind": self.intervention.kind,
            "subkind": self.intervention.subkind,
            "on": self.intervention.on.isoformat(),
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
            "change": _rounded(self.change),
            "outcome": self.outcome,
        }


@dataclass(slots=True)
class EffectSummary:
    """Outcomes counted per kind of intervention (`letter:concern`, `meeting:parent`, …)."""

    by_kind: dict[str, Counter[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            kind: {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}
            for kind, counts in sorted(self.by_kind.items())
        }


def judge(
    before: Window | None,
    after: Window | None,
    margin: Fraction = MARGIN,
    min_weeks_after: int = MIN_WEEKS_AFTER,
) -> str:
    if before is None or before.percentage is None:
        return NO_DATA
    if after is None or after.percentage is None or after.weeks < min_weeks_after:
        return TOO_EARLY
    change = after.percentage - before.percentage
    if change >= margin:
        return IMPROVED
    if change <= -margin:
        return DECLINED
    return NO_CHANGE


def windows_from_marks(
    marks: Sequence[Mark],
    on: date,
    code_book: CodeBook,
    weeks: int = WINDOW_WEEKS,
) -> tuple[Window | None, Window | None]:
    """The `weeks` school weeks before the day (the day itself excluded) and after it.

    A school week is one in which the pupil has a mark, so a half-term holiday does not eat
    into either window; a part week at either edge counts as one of the weeks.
    """
    before = [mark for mark in marks if mark.on < on]
    after = [mark for mark in marks if mark.on > on]
    before_weeks = sorted({week_start(mark.on) for mark in before}, reverse=True)[:weeks]
    after_weeks = sorted({week_start(mark.on) for mark in after})[:weeks]
    return (
        _marks_window([m for m in before if week_start(m.on) in set(before_weeks)], code_book),
        _marks_window([m for m in after if week_start(m.on) in set(after_weeks)], code_book),
    )


def _marks_window(marks: list[Mark], code_book: CodeBook) -> Window | None:
    if not marks:
        return None
    tally = count_marks(marks, code_book)
    return Window(
        start=min(mark.on for mark in marks),
        end=max(mark.on for mark in marks),
        weeks=len({week_start(mark.on) for mark in marks}),
        counts=tally.counts,
        source="marks",
    )


def windows_from_snapshots(
    history: Sequence[tuple[SnapshotInfo, FiguresRow]],
    on: date,
    weeks: int = WINDOW_WEEKS,
) -> tuple[Window | None, Window | None]:
    """Before and after from the year-to-date counts of successive snapshots.

    Before: the latest snapshot on or before the day, minus the latest one at least `weeks`
    weeks earlier (or the earliest of that school year, or else the year to date). After: the
    snapshot nearest to `weeks` weeks later (the first later one if none is that early),
    minus the one before the day.
    Snapshots from another school year are never subtracted, since the counts restart.
    """
    ordered = sorted(history, key=lambda pair: pair[0].sort_key)
    anchor = _latest_on_or_before(ordered, on)
    if anchor is None:
        return None, None
    anchor_snapshot, anchor_row = anchor
    candidates = [
        pair
        for pair in ordered
        if pair[0].sort_key < anchor_snapshot.sort_key and _same_year(pair[0], anchor_snapshot)
    ]
    earlier = _latest_on_or_before(candidates, on - timedelta(weeks=weeks))
    if earlier is None and candidates:
        earlier = candidates[0]
    before = _difference(earlier, anchor) if earlier is not None else None
    if before is None:
        start = anchor_snapshot.period_start or anchor_snapshot.as_of
        before = _window(start, anchor_snapshot.as_of, anchor_row.counts)
    later = [
        pair for pair in ordered if pair[0].as_of > on and _same_year(pair[0], anchor_snapshot)
    ]
    target = on + timedelta(weeks=weeks)
    within = [pair for pair in later if pair[0].as_of <= target]
    chosen = within[-1] if within else (later[0] if later else None)
    after = _difference(anchor, chosen) if chosen is not None else None
    return before, after


def _latest_on_or_before(
    ordered: Sequence[tuple[SnapshotInfo, FiguresRow]], on: date
) -> tuple[SnapshotInfo, FiguresRow] | None:
    found = None
    for pair in ordered:
        if pair[0].as_of <= on:
            found = pair
    return found


def _same_year(first: SnapshotInfo, second: SnapshotInfo) -> bool:
    return academic_year(first.as_of) == academic_year(second.as_of)


def _difference(
    earlier: tuple[SnapshotInfo, FiguresRow], later: tuple[SnapshotInfo, FiguresRow]
) -> Window | None:
    a, b = earlier[1].counts, later[1].counts
    counts = SessionCounts(
        possible=b.possible - a.possible,
        present=b.present - a.present,
        approved=b.approved - a.approved,
        authorised=b.authorised - a.authorised,
        unauthorised=b.unauthorised - a.unauthorised,
        late=b.late - a.late,
    )
    if counts.possible <= 0 or min(counts.present, counts.approved) < 0:
        return None  # a re-import or correction made the counts go backwards
    return _window(earlier[0].as_of + timedelta(days=1), later[0].as_of, counts)


def _window(start: date, end: date, counts: SessionCounts) -> Window:
    weeks = max(1, ((week_start(end) - week_start(start)).days // 7) + 1)
    return Window(start=start, end=end, weeks=weeks, counts=counts, source="snapshots")


def assess(
    interventions: Iterable[Intervention],
    marks_by_pupil: dict[int, Sequence[Mark]],
    history_by_pupil: dict[int, Sequence[tuple[SnapshotInfo, FiguresRow]]],
    code_book: CodeBook,
    weeks: int = WINDOW_WEEKS,
    margin: Fraction = MARGIN,
) -> list[Effect]:
    """Before and after for every intervention, newest first."""
    effects = []
    for intervention in interventions:
        marks = marks_by_pupil.get(intervention.pupil_id, ())
        if marks:
            before, after = windows_from_marks(marks, intervention.on, code_book, weeks)
        else:
            history = history_by_pupil.get(intervention.pupil_id, ())
            before, after = windows_from_snapshots(history, intervention.on, weeks)
        outcome = judge(before, after, margin, min(MIN_WEEKS_AFTER, weeks))
        effects.append(Effect(intervention, before, after, outcome))
    effects.sort(key=lambda effect: (effect.intervention.on, effect.intervention.ref_id))
    effects.reverse()
    return effects


def summarise(effects: Iterable[Effect]) -> EffectSummary:
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for effect in effects:
        by_kind[effect.intervention.label][effect.outcome] += 1
    return EffectSummary(by_kind=dict(by_kind))


def _rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)
