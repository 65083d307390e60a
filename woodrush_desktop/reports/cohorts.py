"""Cohorts: attendance and band counts by year, registration group and group of need.

A cohort's attendance is all its sessions attended over all its sessions possible (as the
DfE reports a school's overall figure), not the mean of its pupils' percentages.

"The same point last year" uses an earlier year's snapshot: year groups are matched by the
year each pupil was in then (this year's year minus the years between), the other cohorts by
each pupil's flags as recorded now; registration groups are renamed every year, so they have
no comparison.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.reports.rows import FiguresRow, PupilInfo

WHOLE_SCHOOL = "school"

SEN_LABELS = {"N": "No SEN", "K": "SEN support", "E": "EHC plan"}
GENDER_LABELS = {"F": "Female", "M": "Male"}
NOT_RECORDED = "Not recorded"
_SEN_ORDER = [SEN_LABELS[key] for key in ("N", "K", "E")]


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    label: str
    value_of: Callable[[PupilInfo], str | None]
    compare_last_year: bool = True


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def _year_label(year: int | None) -> str | None:
    return f"Year {year}" if year is not None else None


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("year", "Year", lambda pupil: _year_label(pupil.year)),
    Dimension("reg_group", "Registration group", lambda p: p.reg_group, compare_last_year=False),
    Dimension(
        "sen_status",
        "SEN status",
        lambda pupil: SEN_LABELS.get((pupil.sen_status or "").upper(), pupil.sen_status),
    ),
    Dimension("medical", "Medical condition", lambda pupil: _yes_no(pupil.medical)),
    Dimension("social_worker", "Social worker", lambda pupil: _yes_no(pupil.social_worker)),
    Dimension("looked_after", "Looked after", lambda pupil: _yes_no(pupil.looked_after)),
    Dimension("fsm", "FSM / pupil premium", lambda pupil: _yes_no(pupil.fsm)),
    Dimension(
        "gender",
        "Gender",
        lambda pupil: GENDER_LABELS.get((pupil.gender or "").upper(), pupil.gender),
    ),
)


def dimension(key: str) -> Dimension:
    for candidate in DIMENSIONS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


@dataclass(slots=True)
class CohortFigures:
    """Totals for one cohort at one snapshot."""

    pupils: int = 0
    attended: int = 0
    possible: int = 0
    dfe_persistent: int = 0
    band_counts: dict[str, int] = field(default_factory=dict)

    @property
    def percentage(self) -> Fraction | None:
        return Fraction(self.attended * 100, self.possible) if self.possible else None

    @property
    def persistent_share(self) -> Fraction | None:
        """The share of the cohort's pupils who are persistently absent (DfE), in %."""
        return Fraction(self.dfe_persistent * 100, self.pupils) if self.pupils else None

    def add(self, row: FiguresRow, policy: Policy) -> None:
        self.pupils += 1
        self.attended += row.counts.attended
        self.possible += row.counts.possible
        percentage = row.percentage
        if percentage is None:
            return
        key = policy.band_for(percentage).key
        self.band_counts[key] = self.band_counts.get(key, 0) + 1
        if row.counts.missed * 10 >= row.counts.possible:
            self.dfe_persistent += 1

    def to_json(self) -> dict:
        return {
            "pupils": self.pupils,
            "attended": self.attended,
            "possible": self.possible,
            "attendance": _rounded(self.percentage),
            "dfe_persistent": self.dfe_persistent,
            "bands": dict(self.band_counts),
        }


@dataclass(slots=True)
class CohortRow:
    dimension: str
    dimension_label: str
    value: str
    now: CohortFigures
    last_year: CohortFigures | None = None

    @property
    def change(self) -> Fraction | None:
        if self.last_year is None:
            return None
        if self.now.percentage is None or self.last_year.percentage is None:
            return None
        return self.now.percentage - self.last_year.percentage

    def to_json(self) -> dict:
        return {
            "dimension": self.dimension,
            "dimension_label": self.dimension_label,
            "value": self.value,
            **self.now.to_json(),
            "last_year": self.last_year.to_json() if self.last_year else None,
            "change": _rounded(self.change),
        }


@dataclass(slots=True)
class CohortTable:
    school: CohortRow
    rows: list[CohortRow]
    band_keys: list[str]

    def for_dimension(self, key: str) -> list[CohortRow]:
        return [row for row in self.rows if row.dimension == key]

    def to_json(self) -> dict:
        return {
            "school": self.school.to_json(),
            "cohorts": [row.to_json() for row in self.rows],
            "bands": self.band_keys,
        }


def cohort_table(
    pupils: Mapping[int, PupilInfo],
    figures: Iterable[FiguresRow],
    policy: Policy,
    last_year: Iterable[FiguresRow] | None = None,
    years_between: Mapping[int, int] | None = None,
    dimensions: Iterable[Dimension] = DIMENSIONS,
) -> CohortTable:
    """Every cohort of every dimension, beside the whole school.

    Args:
        figures: the current snapshot's figures.
        last_year: the figures of the snapshot nearest the same date a year earlier.
        years_between: for each pupil, how many school years separate the year recorded for
            them now and `last_year`'s snapshot (usually 1).
    """
    dimensions = list(dimensions)
    school = CohortRow(WHOLE_SCHOOL, "Whole school", "Whole school", CohortFigures())
    cells: dict[tuple[str, str], CohortRow] = {}
    for row in figures:
        pupil = pupils.get(row.pupil_id)
        if pupil is None:
            continue
        school.now.add(row, policy)
        for dim in dimensions:
            value = dim.value_of(pupil) or NOT_RECORDED
            cell = cells.setdefault(
                (dim.key, value), CohortRow(dim.key, dim.label, value, CohortFigures())
            )
            cell.now.add(row, policy)
    if last_year is not None:
        _add_last_year(school, cells, pupils, last_year, policy, dimensions, years_between or {})
    order = {dim.key: index for index, dim in enumerate(dimensions)}
    rows = sorted(cells.values(), key=lambda row: (order[row.dimension], _value_order(row)))
    return CohortTable(school=school, rows=rows, band_keys=[band.key for band in policy.bands])


def _add_last_year(
    school: CohortRow,
    cells: dict[tuple[str, str], CohortRow],
    pupils: Mapping[int, PupilInfo],
    rows: Iterable[FiguresRow],
    policy: Policy,
    dimensions: list[Dimension],
    years_between: Mapping[int, int],
) -> None:
    school.last_year = CohortFigures()
    for cell in cells.values():
        if dimension_allows_comparison(cell.dimension, dimensions):
            cell.last_year = CohortFigures()
    for row in rows:
        pupil = pupils.get(row.pupil_id)
        if pupil is None:
            continue
        school.last_year.add(row, policy)
        for dim in dimensions:
            if not dim.compare_last_year:
                continue
            if dim.key == "year":
                shift = years_between.get(pupil.id, 1)
                value = _year_label(pupil.year - shift if pupil.year is not None else None)
            else:
                value = dim.value_of(pupil)
            cell = cells.get((dim.key, value or NOT_RECORDED))
            if cell is not None and cell.last_year is not None:
                cell.last_year.add(row, policy)


def dimension_allows_comparison(key: str, dimensions: Iterable[Dimension]) -> bool:
    return any(dim.key == key and dim.compare_last_year for dim in dimensions)


def _value_order(row: CohortRow) -> tuple:
    """Years in number order, Yes before No, anything not recorded last."""
    if row.value == NOT_RECORDED:
        return (2, 0, "")
    if row.dimension == "year":
        return (0, int(row.value.split()[-1]), "")
    if row.value in ("Yes", "No"):
        return (0, 0 if row.value == "Yes" else 1, "")
    if row.dimension == "sen_status" and row.value in _SEN_ORDER:
        return (0, _SEN_ORDER.index(row.value), "")
    return (1, *_natural(row.value))


def _natural(text: str) -> tuple[int, str]:
    """Registration groups in school order: 7A before 10A, whatever the letters."""
    digits = "".join(itertools.takewhile(str.isdigit, text))
    return (int(digits) if digits else 10**6, text[len(digits) :])


def _rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)
