"""Did it work? Before and after windows around letters, meetings and plans."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from reports_factory import counts, marks, on_days, school_days

from woodrush_desktop.reports.interventions import (
    DECLINED,
    IMPROVED,
    NO_CHANGE,
    NO_DATA,
    TOO_EARLY,
    assess,
    summarise,
    windows_from_marks,
    windows_from_snapshots,
)
from woodrush_desktop.reports.rows import FiguresRow, Intervention, SnapshotInfo

HALF_TERM = (date(2025, 10, 27), date(2025, 10, 31))
TERM = school_days(date(2025, 9, 1), date(2025, 12, 5), [HALF_TERM])
LETTER_DAY = date(2025, 10, 22)  # a Wednesday, the week before half-term


def _absent_before(day, session):
    # Absent every Monday of the four school weeks before the letter, present after.
    if day < LETTER_DAY and day >= date(2025, 9, 29) and day.weekday() == 0:
        return "I"
    return None


def test_windows_from_marks_skip_the_holiday(code_book):
    register = marks(TERM, _absent_before)

    before, after = windows_from_marks(register, LETTER_DAY, code_book, weeks=4)

    assert before.start == date(2025, 9, 29) and before.end == date(2025, 10, 21)
    assert before.weeks == 4
    assert before.counts.possible == 2 * (5 * 3 + 2)
    assert before.counts.attended == before.counts.possible - 8
    # After: Thursday and Friday of the letter's week, then three weeks after half-term.
    assert after.start == date(2025, 10, 23) and after.end == date(2025, 11, 21)
    assert after.weeks == 4
    assert after.percentage == Fraction(100)


def test_improved_declined_and_no_change(code_book):
    improving = marks(TERM, _absent_before)
    declining = marks(TERM, on_days("N", [d for d in TERM if d > LETTER_DAY][:6]))
    steady = marks(TERM)
    letters = [
        Intervention(1, "letter", "concern", LETTER_DAY, 11),
        Intervention(2, "letter", "concern", LETTER_DAY, 12),
        Intervention(3, "meeting", "parent", LETTER_DAY, 13),
    ]

    effects = assess(letters, {1: improving, 2: declining, 3: steady}, {}, code_book)

    outcome = {effect.intervention.pupil_id: effect.outcome for effect in effects}
    assert outcome == {1: IMPROVED, 2: DECLINED, 3: NO_CHANGE}
    summary = summarise(effects).to_json()
    assert summary["letter:concern"][IMPROVED] == 1
    assert summary["letter:concern"][DECLINED] == 1
    assert summary["meeting:parent"][NO_CHANGE] == 1


def test_too_early_until_three_school_weeks_have_passed(code_book):
    register = marks(school_days(date(2025, 9, 1), date(2025, 11, 7), [HALF_TERM]))
    late_letter = Intervention(1, "letter", "concern", date(2025, 10, 29), 1)

    (effect,) = assess([late_letter], {1: register}, {}, code_book)

    assert effect.after.weeks == 1
    assert effect.outcome == TOO_EARLY


def _snap(snapshot_id, as_of, possible, attended):
    return (
        SnapshotInfo(snapshot_id, as_of),
        FiguresRow(snapshot_id, 1, counts(possible, attended)),
    )


def test_windows_from_successive_snapshots():
    history = [
        _snap(1, date(2025, 9, 26), 40, 40),
        _snap(2, date(2025, 10, 17), 70, 64),  # 30 sessions, 24 attended: 80%
        _snap(3, date(2025, 11, 14), 100, 93),  # 30 sessions, 29 attended
        _snap(4, date(2025, 12, 5), 130, 123),
    ]

    before, after = windows_from_snapshots(history, date(2025, 10, 20), weeks=4)

    assert (before.counts.possible, before.counts.attended) == (30, 24)
    assert before.source == "snapshots"
    assert (after.counts.possible, after.counts.attended) == (30, 29)
    assert after.start == date(2025, 10, 18) and after.end == date(2025, 11, 14)


def test_snapshots_of_another_school_year_are_never_subtracted(code_book):
    history = [_snap(1, date(2025, 7, 18), 380, 300), _snap(2, date(2025, 9, 19), 30, 30)]
    plan = Intervention(1, "plan", "early_help_plan", date(2025, 9, 1), 5)

    (effect,) = assess([plan], {}, {1: history}, code_book)

    # Before is last year's year to date; there is no later snapshot in the old year.
    assert effect.before.counts.possible == 380
    assert effect.after is None
    assert effect.outcome == TOO_EARLY


def test_no_figures_at_all(code_book):
    (effect,) = assess([Intervention(1, "letter", "concern", LETTER_DAY, 1)], {}, {}, code_book)

    assert effect.outcome == NO_DATA
