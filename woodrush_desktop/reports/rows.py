"""The plain rows the reports work on, read from the store by `services.reports`.

Keeping the computations over these rows (not over peewee models) lets every report be
tested with hand-made data and run without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from woodrush_desktop.domain.attendance import SessionCounts

COMPULSORY_LAST_YEAR = 11
"""Year 11 is the last year of compulsory school age; Years 12–13 are sixth formers."""

ACADEMIC_YEAR_STARTS_IN = 8
"""A register date in August or later belongs to the academic year that starts then."""


def academic_year(on: date) -> int:
    """The calendar year in which the academic year holding `on` began (2025 for 2025/26)."""
    return on.year if on.month >= ACADEMIC_YEAR_STARTS_IN else on.year - 1


def describe_academic_year(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """One import, as the reports need it: when its figures stand and how complete it is."""

    id: int
    as_of: date
    period_start: date | None = None
    full_export: bool = True
    file_name: str = ""

    @property
    def sort_key(self) -> tuple[date, int]:
        return (self.as_of, self.id)


@dataclass(frozen=True, slots=True)
class PupilInfo:
    """What the reports know about a pupil: who, where in the school, and their groups."""

    id: int
    surname: str
    forename: str
    upn: str | None = None
    year: int | None = None
    reg_group: str | None = None
    gender: str | None = None
    sen_status: str | None = None
    medical: bool = False
    social_worker: bool = False
    looked_after: bool = False
    fsm: bool = False
    groups: tuple[str, ...] = ()
    on_roll: bool = True

    @property
    def name(self) -> str:
        return f"{self.surname}, {self.forename}"

    @property
    def compulsory_age(self) -> bool:
        """Not a sixth former: penalty notices and the LA's lists can apply."""
        return self.year is None or self.year <= COMPULSORY_LAST_YEAR


@dataclass(frozen=True, slots=True)
class FiguresRow:
    """One pupil's counts in one snapshot (year to date, recomputed from the export)."""

    snapshot_id: int
    pupil_id: int
    counts: SessionCounts
    reasons: dict[str, int] = field(default_factory=dict)
    penalty_met_on: date | None = None
    penalty_current: int | None = None

    @property
    def percentage(self) -> Fraction | None:
        return self.counts.percentage()


@dataclass(frozen=True, slots=True)
class Intervention:
    """A letter sent, a meeting held or planned, or an Early Help Plan started."""

    pupil_id: int
    kind: str  # "letter", "meeting" or "plan"
    subkind: str  # the letter's kind, the meeting's kind, "early_help_plan"
    on: date
    ref_id: int

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.subkind}"
