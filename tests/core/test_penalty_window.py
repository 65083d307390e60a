"""The rolling ten-school-week count of unauthorised sessions."""

from datetime import date, timedelta

from woodrush_desktop.domain.attendance import Mark, penalty_watch

MONDAY = date(2026, 9, 7)


def week(n: int, weekday: int = 0) -> date:
    return MONDAY + timedelta(weeks=n, days=weekday)


def register(weeks: int, unauthorised: dict[int, int], skip: frozenset[int] = frozenset()):
    """A pupil's marks: every weekday AM present, with `unauthorised[w]` N marks in week w."""
    marks = []
    for w in range(weeks):
        if w in skip:
            continue
        missing = unauthorised.get(w, 0)
        for day in range(5):
            for session in ("AM", "PM"):
                code = "N" if missing > 0 else "/"
                missing -= code == "N"
                marks.append(Mark(week(w, day), session, code))
    return marks


def test_ten_unauthorised_sessions_in_ten_school_weeks_meets_the_threshold(code_book):
    marks = register(12, {0: 5, 9: 5})

    watch = penalty_watch(marks, code_book)

    assert watch.met
    assert watch.met_on == week(9, 2)
    assert watch.window_start == week(0)
    assert watch.highest == 10


def test_nine_sessions_do_not(code_book):
    watch = penalty_watch(register(12, {0: 4, 9: 5}), code_book)

    assert not watch.met
    assert watch.highest == 9


def test_sessions_eleven_school_weeks_apart_do_not(code_book):
    watch = penalty_watch(register(12, {0: 5, 10: 5}), code_book)

    assert not watch.met
    assert watch.highest == 5


def test_a_holiday_week_with_no_sessions_is_not_a_school_week(code_book):
    # Week 5 is half-term: the calendar span is 11 weeks but only 10 school weeks.
    watch = penalty_watch(register(12, {0: 5, 10: 5}, skip=frozenset({5})), code_book)

    assert watch.met
    assert watch.met_on == week(10, 2)


def test_current_count_covers_the_last_ten_school_weeks(code_book):
    watch = penalty_watch(register(14, {1: 3, 5: 2, 13: 1}), code_book)

    assert watch.current == 3  # weeks 4–13: the week-1 sessions have dropped out
    assert not watch.met
