"""Pupils with their latest figures: the rows of the main table and of `woodrush pupils`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from woodrush_desktop.domain.attendance import SessionCounts, figures, is_compulsory_school_age
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.store.database import Store
from woodrush_desktop.store.models import pupil_group_keys

# Latest and previous figures per pupil in one pass: ranked by the snapshot's as-of date.
_ROWS_SQL = """
WITH ranked AS (
    SELECT f.pupil_id, f.possible, f.present, f.approved, f.authorised, f.unauthorised,
           f.late, f.penalty_met_on, f.penalty_current, f.absence_split, f.snapshot_id, s.as_of,
           ROW_NUMBER() OVER (PARTITION BY f.pupil_id ORDER BY s.as_of DESC, s.id DESC) AS rn
    FROM pupil_figures f JOIN snapshot s ON s.id = f.snapshot_id
),
last_letter AS (
    SELECT pupil_id, kind, issued_on,
           ROW_NUMBER() OVER (PARTITION BY pupil_id ORDER BY issued_on DESC, id DESC) AS rn
    FROM letter
),
ticks AS (
    SELECT pupil_id, COUNT(*) AS done FROM checklist_tick
    WHERE withdrawn_at IS NULL AND pupil_id IS NOT NULL GROUP BY pupil_id
)
SELECT p.id, p.upn, p.admission_number, p.legal_surname, p.legal_forename,
       p.preferred_surname, p.preferred_forename, p.year, p.reg_group, p.gender,
       p.sen_status, p.medical, p.social_worker, p.looked_after, p.fsm, p.date_of_birth,
       cur.possible, cur.present, cur.approved, cur.authorised, cur.unauthorised, cur.late,
       cur.penalty_met_on, cur.penalty_current, cur.absence_split, cur.as_of,
       prev.possible, prev.present, prev.approved,
       ll.kind, ll.issued_on, COALESCE(ticks.done, 0)
FROM pupil p
LEFT JOIN ranked cur ON cur.pupil_id = p.id AND cur.rn = 1
LEFT JOIN ranked prev ON prev.pupil_id = p.id AND prev.rn = 2
LEFT JOIN last_letter ll ON ll.pupil_id = p.id AND ll.rn = 1
LEFT JOIN ticks ON ticks.pupil_id = p.id
WHERE p.on_roll = 1
ORDER BY COALESCE(p.preferred_surname, p.legal_surname), COALESCE(p.preferred_forename,
         p.legal_forename), p.id
"""


@dataclass(frozen=True, slots=True)
class PupilRow:
    """One pupil on roll with the figures of the latest snapshot they appear in."""

    id: int
    upn: str | None
    admission_number: str | None
    surname: str
    forename: str
    year: int | None
    reg_group: str | None
    gender: str | None
    sen_status: str | None
    medical: bool
    social_worker: bool
    looked_after: bool
    fsm: bool
    counts: SessionCounts | None
    percentage: Fraction | None
    band: str | None
    dfe_persistent: bool
    dfe_severe: bool
    groups: tuple[str, ...]
    as_of: date | None = None
    previous_percentage: Fraction | None = None
    previous_band: str | None = None
    penalty_met_on: date | None = None
    penalty_current: int | None = None
    last_letter_kind: str | None = None
    last_letter_on: date | None = None
    actions_done: int = 0
    date_of_birth: date | None = field(default=None, repr=False)
    absence_split: bool = True  # False: the export did not say which absences were authorised

    @property
    def name(self) -> str:
        return f"{self.surname}, {self.forename}"

    @property
    def change(self) -> Fraction | None:
        """Points moved since the previous snapshot (positive is better attendance)."""
        if self.percentage is None or self.previous_percentage is None:
            return None
        return self.percentage - self.previous_percentage

    @property
    def moved_band(self) -> bool:
        return self.previous_band is not None and self.previous_band != self.band

    def to_json(self) -> dict[str, Any]:
        """The `woodrush pupils --json` contract."""
        counts = self.counts
        return {
            "upn": self.upn,
            "admission_number": self.admission_number,
            "surname": self.surname,
            "forename": self.forename,
            "year": self.year,
            "reg_group": self.reg_group,
            "possible": counts.possible if counts else None,
            "attended": counts.attended if counts else None,
            "authorised": counts.authorised if counts and self.absence_split else None,
            "unauthorised": counts.unauthorised if counts and self.absence_split else None,
            "attendance": round(float(self.percentage), 4) if self.percentage is not None else None,
            "band": self.band,
            "dfe_persistent": self.dfe_persistent,
            "dfe_severe": self.dfe_severe,
            "groups": list(self.groups),
        }


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def list_pupils(store: Store, policy: Policy, band: str | None = None) -> list[PupilRow]:
    """Every pupil on roll, with bands recomputed under the policy in force."""
    rows = []
    for record in store.db.execute_sql(_ROWS_SQL).fetchall():
        row = _row(record, policy)
        if band is None or row.band == band:
            rows.append(row)
    return rows


def _row(record: tuple[Any, ...], policy: Policy) -> PupilRow:
    (
        pupil_id,
        upn,
        admission_number,
        legal_surname,
        legal_forename,
        preferred_surname,
        preferred_forename,
        year,
        reg_group,
        gender,
        sen_status,
        medical,
        social_worker,
        looked_after,
        fsm,
        date_of_birth,
        possible,
        present,
        approved,
        authorised,
        unauthorised,
        late,
        penalty_met_on,
        penalty_current,
        absence_split,
        as_of,
        prev_possible,
        prev_present,
        prev_approved,
        letter_kind,
        letter_on,
        actions_done,
    ) = record
    counts = None
    result = None
    if possible is not None:
        counts = SessionCounts(possible, present, approved, authorised, unauthorised, late)
        result = figures(counts, policy, year)
    previous = None
    previous_band = None
    if prev_possible:
        previous = Fraction((prev_present + prev_approved) * 100, prev_possible)
        previous_band = policy.band_for(previous).key
    return PupilRow(
        id=pupil_id,
        upn=upn,
        admission_number=admission_number,
        surname=preferred_surname or legal_surname,
        forename=preferred_forename or legal_forename,
        year=year,
        reg_group=reg_group,
        gender=gender,
        sen_status=sen_status,
        medical=bool(medical),
        social_worker=bool(social_worker),
        looked_after=bool(looked_after),
        fsm=bool(fsm),
        counts=counts,
        percentage=result.percentage if result else None,
        band=result.band_key if result else None,
        dfe_persistent=result.dfe_persistent if result else False,
        dfe_severe=result.dfe_severe if result else False,
        groups=tuple(pupil_group_keys(sen_status, medical, social_worker, looked_after)),
        as_of=_as_date(as_of),
        previous_percentage=previous,
        previous_band=previous_band,
        # Penalty notices do not apply past compulsory school age.
        penalty_met_on=_as_date(penalty_met_on) if is_compulsory_school_age(year) else None,
        penalty_current=penalty_current if is_compulsory_school_age(year) else None,
        absence_split=absence_split is None or bool(absence_split),
        last_letter_kind=letter_kind,
        last_letter_on=_as_date(letter_on),
        actions_done=actions_done,
        date_of_birth=_as_date(date_of_birth),
    )
