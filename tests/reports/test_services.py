"""The reports read from a real (temporary) database with two snapshots and last year's."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from reports_factory import (
    marks,
    on_days,
    school_days,
    store_figures,
    store_letter,
    store_marks,
    store_pupil,
    store_snapshot,
)

from woodrush_desktop.services import reports
from woodrush_desktop.store.models import ChecklistTick, EarlyHelpPlan, Meeting

TERM = school_days(date(2025, 9, 1), date(2025, 10, 10))


@pytest.fixture
def school(store):
    for pupil_id, year in [(1, 9), (2, 9), (3, 10), (4, 12), (5, 7)]:
        store_pupil(pupil_id, year=year, fsm=pupil_id == 2)
    store_pupil(6, year=11, on_roll=False)  # left in the summer
    store_snapshot(10, date(2024, 10, 11))
    store_snapshot(1, date(2025, 10, 3))
    store_snapshot(2, date(2025, 10, 10))
    # Last year (2024/25): pupils 1-3 and the leaver.
    store_figures(10, 1, 60, 60)
    store_figures(10, 2, 60, 57)
    store_figures(10, 3, 60, 50)
    store_figures(10, 6, 60, 48)
    # This year: pupil 1 falls to at risk, 2 improves, 3 stays, 4 (Year 12) falls, 5 is new.
    store_figures(1, 1, 50, 49)
    store_figures(1, 2, 50, 44)
    store_figures(1, 3, 50, 45)
    store_figures(1, 4, 50, 50)
    store_figures(2, 1, 60, 55)
    store_figures(2, 2, 60, 57)
    store_figures(2, 3, 60, 54)
    store_figures(2, 4, 60, 50)
    store_figures(2, 5, 10, 8)
    unauthorised = [d for d in TERM if d.weekday() == 0]  # every Monday: 12 sessions
    store_marks(3, 2, marks(TERM, on_days("N", unauthorised)))
    store_marks(4, 2, marks(TERM, on_days("N", unauthorised)))
    store_marks(1, 2, marks(TERM))
    store_letter(2, "concern", date(2025, 9, 15))
    return store


def test_movers_compare_each_pupil_with_their_previous_figures(school, policy):
    report = reports.movers(school, policy)

    assert (report.previous.id, report.current.id) == (1, 2)
    by_id = {mover.pupil.id: mover for mover in report.movers}
    assert set(by_id) == {1, 2, 4, 5}
    assert (by_id[1].before_band, by_id[1].after_band) == ("expected", "at_risk")
    assert by_id[1].letter_due == "concern"
    assert by_id[2].direction == "up"
    assert by_id[5].direction == "new"
    assert by_id[5].letter_due == "meeting_invitation"  # 80%: persistently absent


def test_a_ticked_item_moves_the_next_action_on(school, policy):
    ChecklistTick.create(pupil=1, item_key="at_risk.school.concern-letter", done_on=date.today())

    report = reports.movers(school, policy)

    mover = next(m for m in report.movers if m.pupil.id == 1)
    assert mover.next_action.key == "at_risk.school.address-reasons"


def test_trends_over_the_snapshots(school, policy):
    points = reports.school_trends(school, policy)

    assert [point.as_of for point in points] == [
        date(2024, 10, 11),
        date(2025, 10, 3),
        date(2025, 10, 10),
    ]
    assert points[-1].pupils == 5
    assert (points[-1].attended, points[-1].possible) == (224, 250)
    pupil = reports.pupil_trends(school, policy, 1)
    assert [point.band for point in pupil] == ["expected", "expected", "at_risk"]


def test_penalty_watch_leaves_out_the_sixth_former(school, code_book):
    report = reports.penalty(school, code_book)

    assert [row.pupil.id for row in report.threshold] == [3]
    assert report.threshold[0].met_on == date(2025, 9, 29)  # the fifth Monday
    assert 4 not in {row.pupil.id for row in report.approaching}


def test_cohorts_compare_with_the_same_point_last_year(school, policy):
    report = reports.cohorts(school, policy)

    assert report.as_of == date(2025, 10, 10)
    assert report.last_year_as_of == date(2024, 10, 11)
    school_row = report.table.school
    assert school_row.now.pupils == 5
    assert school_row.last_year.attended == 60 + 57 + 50 + 48
    year_10 = next(row for row in report.table.for_dimension("year") if row.value == "Year 10")
    # Year 10 last year were this year's Year 11 (the leaver, whose year was set last year)
    # and nobody else: pupil 3 was in Year 9 then.
    assert year_10.last_year.pupils == 0
    year_9 = next(row for row in report.table.for_dimension("year") if row.value == "Year 9")
    assert year_9.last_year.attended == 50
    fsm = next(row for row in report.table.for_dimension("fsm") if row.value == "Yes")
    assert fsm.last_year.attended == 57


def test_effects_of_letters_meetings_and_plans(school, code_book):
    Meeting.create(pupil=1, kind="parent", scheduled_for=datetime(2025, 9, 19, 9, 0), held=True)
    Meeting.create(pupil=1, kind="parent", scheduled_for=datetime(2025, 9, 26, 9, 0))
    EarlyHelpPlan.create(pupil=3, started_on=date(2025, 9, 19))

    found = reports.effects(school, code_book)

    kinds = sorted(effect.intervention.label for effect in found)
    assert kinds == ["letter:concern", "meeting:parent", "plan:early_help_plan"]
    plan = next(effect for effect in found if effect.intervention.kind == "plan")
    assert plan.before.source == "marks"
    assert plan.outcome == "no_change"  # absent every Monday before and after
    letter = next(effect for effect in found if effect.intervention.kind == "letter")
    assert letter.before.source == "snapshots"
    summary = reports.effect_summary(school, code_book).to_json()
    assert summary["plan:early_help_plan"]["no_change"] == 1


def test_the_rolling_window_reaches_across_the_summer(school, code_book):
    # Four sessions in July and six in September are ten within three school weeks: the
    # summer holiday has no sessions, so it is no school week.
    summer_term = school_days(date(2025, 6, 30), date(2025, 7, 18))
    store_pupil(7, year=8)
    july = [date(2025, 7, 16), date(2025, 7, 17)]
    september = [date(2025, 9, 9), date(2025, 9, 10), date(2025, 9, 11)]
    store_marks(7, 1, marks(summer_term, on_days("G", july)) + marks(TERM, on_days("N", september)))

    report = reports.penalty(school, code_book)

    row = next(row for row in report.threshold if row.pupil.id == 7)
    assert (row.window_start, row.met_on) == (date(2025, 7, 16), date(2025, 9, 11))
