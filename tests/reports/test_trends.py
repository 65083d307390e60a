"""Trends across snapshots, for one pupil and for the school."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from reports_factory import figures

from woodrush_desktop.reports.rows import SnapshotInfo
from woodrush_desktop.reports.trends import pupil_trend, school_trend

SNAPSHOTS = [
    SnapshotInfo(2, date(2025, 10, 10)),
    SnapshotInfo(1, date(2025, 10, 3)),
    SnapshotInfo(3, date(2025, 10, 17), full_export=False),
]


def test_a_pupils_trend_is_oldest_first_with_bands(policy):
    mine = {1: figures(1, 7, 40, 40), 2: figures(2, 7, 50, 45)}

    points = pupil_trend(SNAPSHOTS, mine, policy)

    assert [(p.as_of, p.percentage, p.band) for p in points] == [
        (date(2025, 10, 3), Fraction(100), "expected"),
        (date(2025, 10, 10), Fraction(90), "at_risk"),
    ]


def test_the_schools_trend_counts_bands_and_skips_partial_exports(policy):
    by_snapshot = {
        1: [figures(1, 1, 40, 40), figures(1, 2, 40, 30)],
        2: [figures(2, 1, 50, 45), figures(2, 2, 50, 40), figures(2, 3, 0, 0)],
        3: [figures(3, 1, 60, 54)],
    }

    points = school_trend(SNAPSHOTS, by_snapshot, policy)

    assert [p.snapshot_id for p in points] == [1, 2]
    assert points[0].percentage == Fraction(70 * 100, 80)
    assert points[0].band_counts["severe"] == 1
    assert points[1].band_counts == {
        "expected": 0,
        "below_expected": 0,
        "at_risk": 1,
        "persistent": 1,
        "severe": 0,
    }
    assert points[1].pupils == 3
    assert points[1].dfe_persistent == 2
    assert [p.snapshot_id for p in school_trend(SNAPSHOTS, by_snapshot, policy, True)] == [
        1,
        2,
        3,
    ]
