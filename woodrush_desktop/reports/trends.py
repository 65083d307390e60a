"""Trends across snapshots: one pupil's attendance, and the school's bands and overall figure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from woodrush_desktop.domain.attendance import SessionCounts
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.reports.rows import FiguresRow, SnapshotInfo


@dataclass(frozen=True, slots=True)
class PupilPoint:
    snapshot_id: int
    as_of: date
    percentage: Fraction | None
    band: str | None
    counts: SessionCounts

    def to_json(self) -> dict:
        return {
            "snapshot_id": self.snapshot_id,
            "as_of": self.as_of.isoformat(),
            "attendance": _rounded(self.percentage),
            "band": self.band,
            "possible": self.counts.possible,
            "attended": self.counts.attended,
        }


@dataclass(frozen=True, slots=True)
class SchoolPoint:
    """The whole school at one snapshot: overall attendance is all sessions attended over all
    sessions possible (the DfE's way), not an average of pupils' percentages."""

    snapshot_id: int
    as_of: date
    pupils: int
    attended: int
    possible: int
    band_counts: dict[str, int]
    dfe_persistent: int

    @property
    def percentage(self) -> Fraction | None:
        return Fraction(self.attended * 100, self.possible) if self.possible else None

    def to_json(self) -> dict:
        return {
            "snapshot_id": self.snapshot_id,
            "as_of": self.as_of.isoformat(),
            "pupils": self.pupils,
            "attended": self.attended,
            "possible": self.possible,
            "attendance": _rounded(self.percentage),
            "bands": dict(self.band_counts),
            "dfe_persistent": self.dfe_persistent,
        }


def pupil_trend(
    snapshots: Iterable[SnapshotInfo],
    figures: Mapping[int, FiguresRow],
    policy: Policy,
) -> list[PupilPoint]:
    """A pupil's figures in each snapshot they appear in, oldest first.

    Args:
        figures: this pupil's figures by snapshot id.
    """
    points = []
    for snapshot in sorted(snapshots, key=lambda snapshot: snapshot.sort_key):
        row = figures.get(snapshot.id)
        if row is None:
            continue
        percentage = row.percentage
        band = policy.band_for(percentage).key if percentage is not None else None
        points.append(PupilPoint(snapshot.id, snapshot.as_of, percentage, band, row.counts))
    return points


def school_point(
    snapshot: SnapshotInfo,
    rows: Iterable[FiguresRow],
    policy: Policy,
) -> SchoolPoint:
    bands: Counter[str] = Counter({band.key: 0 for band in policy.bands})
    pupils = attended = possible = persistent = 0
    for row in rows:
        pupils += 1
        attended += row.counts.attended
        possible += row.counts.possible
        percentage = row.percentage
        if percentage is None:
            continue
        bands[policy.band_for(percentage).key] += 1
        if row.counts.missed * 10 >= row.counts.possible:
            persistent += 1
    return SchoolPoint(
        snapshot_id=snapshot.id,
        as_of=snapshot.as_of,
        pupils=pupils,
        attended=attended,
        possible=possible,
        band_counts=dict(bands),
        dfe_persistent=persistent,
    )


def school_trend(
    snapshots: Iterable[SnapshotInfo],
    figures_by_snapshot: Mapping[int, Iterable[FiguresRow]],
    policy: Policy,
    include_partial: bool = False,
) -> list[SchoolPoint]:
    """The school at each snapshot, oldest first.

    A partial export (one year group, say) would make the school's line jump, so such
    snapshots are left out unless asked for.
    """
    return [
        school_point(snapshot, figures_by_snapshot.get(snapshot.id, ()), policy)
        for snapshot in sorted(snapshots, key=lambda snapshot: snapshot.sort_key)
        if snapshot.full_export or include_partial
    ]


def _rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)
