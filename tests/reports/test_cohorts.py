"""Cohort figures against totals worked out by hand."""

from __future__ import annotations

from fractions import Fraction

from reports_factory import figures, pupil

from woodrush_desktop.reports.cohorts import NOT_RECORDED, cohort_table

PUPILS = {
    1: pupil(1, year=7, reg_group="7A", gender="F", sen_status="K", fsm=True),
    2: pupil(2, year=7, reg_group="7B", gender="M", sen_status="N"),
    3: pupil(3, year=8, reg_group="8A", gender="F", sen_status="E", medical=True),
    4: pupil(4, year=12, reg_group="12X", gender="M", social_worker=True, looked_after=True),
}
NOW = [
    figures(2, 1, 100, 95),  # 95%: below expectation
    figures(2, 2, 100, 85),  # 85%: persistently absent
    figures(2, 3, 50, 49),  # 98%: expected
    figures(2, 4, 80, 60),  # 75%: severely absent
]


def _row(table, dimension, value):
    return next(row for row in table.for_dimension(dimension) if row.value == value)


def test_whole_school_is_all_sessions_over_all_possible(policy):
    table = cohort_table(PUPILS, NOW, policy)

    school = table.school.now
    assert (school.pupils, school.attended, school.possible) == (4, 289, 330)
    assert school.percentage == Fraction(28900, 330)
    assert school.band_counts == {
        "below_expected": 1,
        "persistent": 1,
        "expected": 1,
        "severe": 1,
    }
    assert school.dfe_persistent == 2


def test_year_groups_and_registration_groups(policy):
    table = cohort_table(PUPILS, NOW, policy)

    year_7 = _row(table, "year", "Year 7").now
    assert (year_7.attended, year_7.possible, year_7.percentage) == (180, 200, Fraction(90))
    assert year_7.dfe_persistent == 1
    assert [row.value for row in table.for_dimension("year")] == ["Year 7", "Year 8", "Year 12"]
    assert _row(table, "reg_group", "8A").now.percentage == Fraction(98)


def test_groups_of_need_and_gender(policy):
    table = cohort_table(PUPILS, NOW, policy)

    assert _row(table, "sen_status", "SEN support").now.percentage == Fraction(95)
    assert _row(table, "sen_status", "EHC plan").now.pupils == 1
    assert _row(table, "sen_status", NOT_RECORDED).now.pupils == 1
    assert _row(table, "medical", "Yes").now.attended == 49
    looked_after = _row(table, "looked_after", "Yes").now
    assert looked_after.band_counts == {"severe": 1}
    assert _row(table, "fsm", "No").now.percentage == Fraction(194 * 100, 230)
    female = _row(table, "gender", "Female").now
    assert (female.attended, female.possible) == (144, 150)
    assert _row(table, "social_worker", "Yes").now.percentage == Fraction(75)


def test_the_same_point_last_year_matches_pupils_by_the_year_they_were_in(policy):
    last_year = [
        figures(1, 1, 100, 100),  # was in Year 6: not ours then (no Year 6 row)
        figures(1, 3, 100, 90),  # was in Year 7
        figures(1, 4, 100, 96),  # was in Year 11
    ]

    table = cohort_table(PUPILS, NOW, policy, last_year=last_year, years_between={})

    assert _row(table, "year", "Year 7").last_year.percentage == Fraction(90)
    assert _row(table, "year", "Year 7").change == Fraction(0)
    assert _row(table, "year", "Year 8").last_year.pupils == 0
    assert _row(table, "reg_group", "7A").last_year is None
    assert table.school.last_year.attended == 286
    assert _row(table, "medical", "Yes").last_year.percentage == Fraction(90)


def test_json_lists_every_cohort(policy):
    data = cohort_table(PUPILS, NOW, policy).to_json()

    assert data["school"]["attendance"] == round(28900 / 330, 2)
    assert {row["dimension"] for row in data["cohorts"]} == {
        "year",
        "reg_group",
        "sen_status",
        "medical",
        "social_worker",
        "looked_after",
        "fsm",
        "gender",
    }
