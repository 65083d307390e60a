"""Every band boundary, exactly, as session counts."""

from fractions import Fraction

import pytest

from woodrush_desktop.domain.attendance import SessionCounts, figures, percentage_text


@pytest.mark.parametrize(
    ("attended", "possible", "band"),
    [
        (25, 25, "expected"),
        (97, 100, "expected"),
        (481, 500, "expected"),  # 96.2%
        (2401, 2500, "expected"),  # 96.04%: just above 96
        (24, 25, "below_expected"),  # exactly 96%: "above 96" is not met
        (48, 50, "below_expected"),  # exactly 96%
        (2399, 2500, "below_expected"),  # 95.96%
        (2301, 2500, "below_expected"),  # 92.04%: just above 92
        (23, 25, "at_risk"),  # exactly 92%: the at-risk band includes 92
        (46, 50, "at_risk"),  # exactly 92%
        (2299, 2500, "at_risk"),  # 91.96%
        (9, 10, "at_risk"),  # exactly 90%: included in at risk
        (45, 50, "at_risk"),
        (2249, 2500, "persistent"),  # 89.96%: just below 90
        (44, 50, "persistent"),  # 88%
        (4, 5, "persistent"),  # exactly 80%: persistently absent, not severe
        (40, 50, "persistent"),
        (1999, 2500, "severe"),  # 79.96%
        (39, 50, "severe"),
        (0, 50, "severe"),
    ],
)
def test_band_at_and_around_each_boundary(attended, possible, band, policy):
    result = figures(SessionCounts(possible=possible, present=attended), policy)

    assert result.band_key == band


def test_percentages_are_exact_fractions(policy):
    result = figures(SessionCounts(possible=25, present=20, approved=3), policy)

    assert result.percentage == Fraction(92)
    assert result.band_key == "at_risk"


def test_approved_activity_counts_as_attended(policy):
    counts = SessionCounts(possible=50, present=40, approved=8, authorised=2)

    assert counts.attended == 48
    assert figures(counts, policy).band_key == "below_expected"


def test_no_possible_sessions_has_no_band_and_says_so(policy):
    result = figures(SessionCounts(possible=0), policy)

    assert result.percentage is None
    assert result.band is None
    assert not result.dfe_persistent and not result.dfe_severe
    assert result.describe_band() == "No band: no possible sessions"


@pytest.mark.parametrize(
    ("attended", "possible", "persistent", "severe"),
    [
        (91, 100, False, False),
        (9, 10, True, False),  # exactly 90%: 10% missed is persistent for the DfE
        (45, 50, True, False),
        (2251, 2500, False, False),  # 90.04%
        (51, 100, True, False),
        (1, 2, True, True),  # exactly 50% missed is severe
        (0, 10, True, True),
    ],
)
def test_dfe_measures_at_their_edges(attended, possible, persistent, severe, policy):
    result = figures(SessionCounts(possible=possible, present=attended), policy)

    assert result.dfe_persistent is persistent
    assert result.dfe_severe is severe


def test_exactly_ninety_is_at_risk_for_school_but_persistent_for_dfe(policy):
    result = figures(SessionCounts(possible=380, present=342), policy)

    assert result.band_key == "at_risk"
    assert result.dfe_persistent


@pytest.mark.parametrize(
    ("attended", "possible", "text"),
    [
        (224, 249, "89.9%"),
        (9, 10, "90.0%"),
        (23, 25, "92.0%"),
        (2399, 2500, "95.9%"),
        (1, 3, "33.3%"),
        (2, 3, "66.6%"),
        (25, 25, "100.0%"),
        (0, 5, "0.0%"),
    ],
)
def test_percentages_are_shown_rounded_down_so_no_pupil_reads_as_another_band(
    attended, possible, text
):
    assert percentage_text(Fraction(attended * 100, possible)) == text


def test_no_percentage_reads_as_a_dash():
    assert percentage_text(None) == "—"


@pytest.mark.parametrize(
    ("year", "national"), [(7, True), (11, True), (12, False), (13, False), (None, True)]
)
def test_the_dfe_measures_stop_at_compulsory_school_age(year, national, policy):
    result = figures(SessionCounts(possible=10, present=5), policy, year=year)

    assert result.band_key == "severe"  # the school's band applies to every year group
    assert result.dfe_persistent is national
    assert result.dfe_severe is national
