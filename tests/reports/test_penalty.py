"""Penalty-notice watch: the rolling ten school weeks, sixth formers, and the LA's lists."""

from __future__ import annotations

from datetime import date

from reports_factory import marks, on_days, pupil, school_days

from woodrush_desktop.domain.attendance import penalty_watch
from woodrush_desktop.reports.penalty import (
    absence_runs,
    penalty_report,
    school_calendar,
)
from woodrush_desktop.reports.rows import FiguresRow

HALF_TERM = (date(2025, 10, 27), date(2025, 10, 31))
TERM = school_days(date(2025, 9, 1), date(2025, 12, 5), [HALF_TERM])
WEEK_4 = [date(2025, 9, 22), date(2025, 9, 23), date(2025, 9, 24)]  # school week 4
WEEK_13 = [date(2025, 12, 1), date(2025, 12, 2), date(2025, 12, 3)]  # school week 13


def _five_n(days):
    """Five unauthorised sessions over three days: AM and PM twice, then one AM."""
    chosen = {(days[0], "AM"), (days[0], "PM"), (days[1], "AM"), (days[1], "PM"), (days[2], "AM")}
    return chosen


def _rule(*session_sets):
    wanted = set().union(*session_sets)
    return lambda day, session: "N" if (day, session) in wanted else None


def test_threshold_crosses_half_term_when_the_holiday_is_no_school_week(code_book):
    # Weeks 4 to 13 span eleven calendar weeks but ten school weeks: half-term has no session.
    register = marks(TERM, _rule(_five_n(WEEK_4), _five_n(WEEK_13)))

    watch = penalty_watch(register, code_book)

    assert watch.met_on == date(2025, 12, 3)
    assert watch.window_start == date(2025, 9, 22)
    assert watch.highest == 10


def test_the_same_sessions_eleven_school_weeks_apart_do_not_meet_it(code_book):
    no_holiday = school_days(date(2025, 9, 1), date(2025, 12, 5))  # half-term taught
    register = marks(no_holiday, _rule(_five_n(WEEK_4), _five_n(WEEK_13)))

    watch = penalty_watch(register, code_book)

    assert watch.met_on is None
    assert watch.highest == 5


def test_a_half_term_filled_with_closure_marks_is_still_no_school_week(code_book):
    closed = school_days(*HALF_TERM)
    register = marks(TERM, _rule(_five_n(WEEK_4), _five_n(WEEK_13))) + marks(
        closed, lambda day, session: "#"
    )
    days, weeks = school_calendar({1: register}, code_book)

    watch = penalty_watch(register, code_book, weeks)

    assert date(2025, 10, 27) not in weeks
    assert date(2025, 10, 27) not in days
    assert watch.met_on == date(2025, 12, 3)


def test_the_report_uses_the_school_calendar_and_excludes_sixth_formers(code_book):
    unauthorised = marks(TERM, _rule(_five_n(WEEK_4), _five_n(WEEK_13)))
    pupils = [pupil(1, year=10), pupil(2, year=12), pupil(3, year=13), pupil(4, year=8)]
    register = {1: unauthorised, 2: unauthorised, 3: unauthorised, 4: marks(TERM)}

    report = penalty_report(pupils, register, {}, code_book)

    assert [row.pupil.id for row in report.threshold] == [1]
    assert report.threshold[0].met_on == date(2025, 12, 3)
    assert all(row.pupil.year not in (12, 13) for row in report.approaching)
    assert report.unauthorised_runs == []


def test_pupils_approaching_the_threshold_are_listed_apart(code_book):
    register = {1: marks(TERM, _rule(_five_n(WEEK_13), {(date(2025, 11, 24), "AM")}))}

    report = penalty_report([pupil(1)], register, {}, code_book)

    assert report.threshold == []
    assert [(row.pupil.id, row.current) for row in report.approaching] == [(1, 6)]


def test_summary_imports_use_the_importers_stored_figures(code_book):
    from reports_factory import counts

    stored = {
        1: FiguresRow(
            1, 1, counts(100, 80, 12), penalty_met_on=date(2025, 11, 3), penalty_current=12
        ),
        2: FiguresRow(
            1, 2, counts(100, 80, 12), penalty_met_on=date(2025, 11, 3), penalty_current=12
        ),
    }

    report = penalty_report([pupil(1, year=11), pupil(2, year=12)], {}, stored, code_book)

    assert [(row.pupil.id, row.source) for row in report.threshold] == [(1, "import")]


def test_ten_continuous_school_days_unauthorised_span_a_weekend(code_book):
    ten_days = school_days(date(2025, 11, 10), date(2025, 11, 21))
    register = marks(TERM, on_days("O", ten_days))
    days, _ = school_calendar({1: register}, code_book)

    runs = absence_runs(pupil(1), register, code_book, days)

    assert [(run.kind, run.start, run.end, run.days) for run in runs] == [
        ("unauthorised", date(2025, 11, 10), date(2025, 11, 21), 10)
    ]
    assert not runs[0].ongoing


def test_nine_days_or_a_half_day_present_is_not_on_the_list(code_book):
    nine_days = school_days(date(2025, 11, 10), date(2025, 11, 20))
    broken = school_days(date(2025, 11, 10), date(2025, 11, 21))

    def half_present(day, session):
        if day == date(2025, 11, 14) and session == "PM":
            return None
        return "G" if day in broken else None

    for register in (marks(TERM, on_days("G", nine_days)), marks(TERM, half_present)):
        days, _ = school_calendar({1: register}, code_book)
        assert absence_runs(pupil(1), register, code_book, days) == []


def test_illness_of_fifteen_school_days_across_half_term_and_ongoing(code_book):
    ill = school_days(date(2025, 10, 17), date(2025, 12, 5), [HALF_TERM])
    register = marks(TERM, on_days("I", ill))

    report = penalty_report([pupil(1)], {1: register}, {}, code_book)

    assert len(report.illness_runs) == 1
    run = report.illness_runs[0]
    assert (run.start, run.end, run.days, run.ongoing) == (
        date(2025, 10, 17),
        date(2025, 12, 5),
        len(ill),
        True,
    )
    assert run.days >= 15


def test_fourteen_days_of_illness_is_not_on_the_list(code_book):
    ill = school_days(date(2025, 11, 3), date(2025, 11, 20))
    assert len(ill) == 14
    register = marks(TERM, on_days("I", ill))
    days, _ = school_calendar({1: register}, code_book)

    assert absence_runs(pupil(1), register, code_book, days) == []


def test_json_carries_the_notes_the_officer_needs(code_book):
    report = penalty_report([pupil(1)], {1: marks(TERM)}, {}, code_book)

    notes = " ".join(report.to_json()["notes"])
    assert "Years 12–13" in notes
    assert "15 school days" in notes
