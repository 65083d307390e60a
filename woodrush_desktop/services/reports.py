"""The week-by-week reports, read from the store and computed by `woodrush_desktop.reports`.

Each function reads plain rows with a few queries (no per-pupil queries), hands them to the
pure computations and returns their results, so the window, the command line and the packs
all show the same figures.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from woodrush_desktop.domain.attendance import Mark, SessionCounts
from woodrush_desktop.domain.codes import CodeBook, default_code_book
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.reports.cohorts import CohortTable, cohort_table
from woodrush_desktop.reports.interventions import Effect, EffectSummary, assess, summarise
from woodrush_desktop.reports.movers import MoversReport, find_movers
from woodrush_desktop.reports.penalty import PenaltyReport, penalty_report
from woodrush_desktop.reports.rows import (
    FiguresRow,
    Intervention,
    PupilInfo,
    SnapshotInfo,
    academic_year,
)
from woodrush_desktop.reports.trends import PupilPoint, SchoolPoint, pupil_trend, school_trend
from woodrush_desktop.store.database import Store
from woodrush_desktop.store.models import pupil_group_keys

log = logging.getLogger(__name__)

SAME_POINT_TOLERANCE = timedelta(days=31)
"""How far from exactly a year ago an earlier snapshot may be to stand for 'last year'."""

_FIGURES_COLUMNS = (
    "f.snapshot_id, f.pupil_id, f.possible, f.present, f.approved, f.authorised, "
    "f.unauthorised, f.late, f.reasons, f.penalty_met_on, f.penalty_current"
)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# Reading -------------------------------------------------------------------------------


def snapshots(store: Store) -> list[SnapshotInfo]:
    """Every import, oldest first."""
    cursor = store.db.execute_sql(
        "SELECT id, as_of, period_start, full_export, file_name FROM snapshot ORDER BY as_of, id"
    )
    return [
        SnapshotInfo(
            id=row[0],
            as_of=_as_date(row[1]),
            period_start=_as_date(row[2]),
            full_export=bool(row[3]),
            file_name=row[4] or "",
        )
        for row in cursor.fetchall()
    ]


def pupils(store: Store, on_roll_only: bool = False) -> dict[int, PupilInfo]:
    sql = (
        "SELECT id, upn, legal_surname, legal_forename, preferred_surname, preferred_forename, "
        "year, reg_group, gender, sen_status, medical, social_worker, looked_after, fsm, "
        "on_roll FROM pupil"
    )
    if on_roll_only:
        sql += " WHERE on_roll = 1"
    found = {}
    for row in store.db.execute_sql(sql).fetchall():
        (pupil_id, upn, legal_surname, legal_forename, surname, forename, year, reg_group) = row[:8]
        gender, sen_status, medical, social_worker, looked_after, fsm, on_roll = row[8:]
        found[pupil_id] = PupilInfo(
            id=pupil_id,
            surname=surname or legal_surname,
            forename=forename or legal_forename,
            upn=upn,
            year=year,
            reg_group=reg_group,
            gender=gender,
            sen_status=sen_status,
            medical=bool(medical),
            social_worker=bool(social_worker),
            looked_after=bool(looked_after),
            fsm=bool(fsm),
            groups=tuple(pupil_group_keys(sen_status, medical, social_worker, looked_after)),
            on_roll=bool(on_roll),
        )
    return found


def _figures_row(row: tuple) -> FiguresRow:
    snapshot_id, pupil_id, possible, present, approved, authorised, unauthorised, late = row[:8]
    reasons, met_on, current = row[8:]
    return FiguresRow(
        snapshot_id=snapshot_id,
        pupil_id=pupil_id,
        counts=SessionCounts(possible, present, approved, authorised, unauthorised, late or 0),
        reasons=json.loads(reasons) if reasons else {},
        penalty_met_on=_as_date(met_on),
        penalty_current=current,
    )


def figures_in(store: Store, snapshot_id: int) -> dict[int, FiguresRow]:
    """One snapshot's figures by pupil id."""
    cursor = store.db.execute_sql(
        f"SELECT {_FIGURES_COLUMNS} FROM pupil_figures f WHERE f.snapshot_id = ?",
        (snapshot_id,),
    )
    return {row[1]: _figures_row(row) for row in cursor.fetchall()}


def all_figures(store: Store) -> dict[int, list[FiguresRow]]:
    """Every snapshot's figures, by snapshot id."""
    by_snapshot: dict[int, list[FiguresRow]] = defaultdict(list)
    for row in store.db.execute_sql(f"SELECT {_FIGURES_COLUMNS} FROM pupil_figures f"):
        by_snapshot[row[0]].append(_figures_row(row))
    return dict(by_snapshot)


def latest_figures(store: Store, before: SnapshotInfo | None = None) -> dict[int, FiguresRow]:
    """Each pupil's figures from the latest snapshot they appear in (before `before`, if
    given), so a partial import of one year group does not hide everyone else."""
    where = ""
    params: tuple = ()
    if before is not None:
        where = "WHERE s.as_of < ? OR (s.as_of = ? AND s.id < ?)"
        params = (before.as_of.isoformat(), before.as_of.isoformat(), before.id)
    sql = f"""
        WITH ranked AS (
            SELECT {_FIGURES_COLUMNS},
                   ROW_NUMBER() OVER (PARTITION BY f.pupil_id
                                      ORDER BY s.as_of DESC, s.id DESC) AS rn
            FROM pupil_figures f JOIN snapshot s ON s.id = f.snapshot_id {where}
        )
        SELECT * FROM ranked WHERE rn = 1
    """
    return {row[1]: _figures_row(row[:11]) for row in store.db.execute_sql(sql, params)}


def marks_by_pupil(store: Store, pupil_ids: Iterable[int] | None = None) -> dict[int, list[Mark]]:
    """Every stored mark, by pupil, in register order."""
    sql = 'SELECT pupil_id, "on", session, code FROM mark'
    params: tuple = ()
    if pupil_ids is not None:
        ids = sorted(set(pupil_ids))
        if not ids:
            return {}
        sql += f" WHERE pupil_id IN ({', '.join('?' * len(ids))})"
        params = tuple(ids)
    sql += ' ORDER BY pupil_id, "on", session'
    days: dict[str, date] = {}
    found: dict[int, list[Mark]] = defaultdict(list)
    for pupil_id, on, session, code in store.db.execute_sql(sql, params):
        day = days.get(on)
        if day is None:
            day = days[on] = date.fromisoformat(str(on)[:10])
        found[pupil_id].append(Mark(day, session, code))
    return dict(found)


def interventions(store: Store, pupil_id: int | None = None) -> list[Intervention]:
    """Letters sent, meetings held and Early Help Plans started, oldest first."""
    where = "WHERE pupil_id = ?" if pupil_id is not None else ""
    params = (pupil_id,) if pupil_id is not None else ()
    found = [
        Intervention(row[1], "letter", row[2], _as_date(row[3]), row[0])
        for row in store.db.execute_sql(
            f"SELECT id, pupil_id, kind, issued_on FROM letter {where}", params
        )
    ]
    held = "held = 1" + (" AND pupil_id = ?" if pupil_id is not None else "")
    found += [
        Intervention(row[1], "meeting", row[2], _as_date(row[3] or row[4]), row[0])
        for row in store.db.execute_sql(
            f"SELECT id, pupil_id, kind, scheduled_for, created_at FROM meeting WHERE {held}",
            params,
        )
    ]
    found += [
        Intervention(row[1], "plan", "early_help_plan", _as_date(row[2]), row[0])
        for row in store.db.execute_sql(
            f"SELECT id, pupil_id, started_on FROM early_help_plan {where}", params
        )
    ]
    return sorted(found, key=lambda item: (item.on, item.kind, item.ref_id))


def _letters_sent_since(store: Store, since: date) -> dict[int, set[str]]:
    sent: dict[int, set[str]] = defaultdict(set)
    for pupil_id, kind in store.db.execute_sql(
        "SELECT pupil_id, kind FROM letter WHERE issued_on >= ?", (since.isoformat(),)
    ):
        sent[pupil_id].add(kind)
    return dict(sent)


def _done_items(store: Store) -> dict[int, set[str]]:
    done: dict[int, set[str]] = defaultdict(set)
    for pupil_id, item_key in store.db.execute_sql(
        "SELECT pupil_id, item_key FROM checklist_tick "
        "WHERE withdrawn_at IS NULL AND pupil_id IS NOT NULL"
    ):
        done[pupil_id].add(item_key)
    return dict(done)


def _year_start(on: date) -> date:
    return date(academic_year(on), 8, 1)


# Reports -------------------------------------------------------------------------------


def movers(store: Store, policy: Policy, snapshot_id: int | None = None) -> MoversReport:
    """Who changed band with the latest import (or `snapshot_id`), and what to do next.

    Each pupil in that import is compared with their own latest earlier figures; letters
    count as sent if sent since the start of that school year.
    """
    started = time.perf_counter()
    known = snapshots(store)
    if not known:
        return MoversReport(previous=None, current=None, movers=[])
    current = known[-1]
    if snapshot_id is not None:
        current = next(snapshot for snapshot in known if snapshot.id == snapshot_id)
    earlier = [snapshot for snapshot in known if snapshot.sort_key < current.sort_key]
    previous = earlier[-1] if earlier else None
    before = latest_figures(store, before=current) if previous else {}
    report = find_movers(
        previous,
        current,
        before,
        figures_in(store, current.id),
        pupils(store),
        policy,
        letters_sent=_letters_sent_since(store, _year_start(current.as_of)),
        done_items=_done_items(store),
    )
    log.info(
        "movers for snapshot %d: %d pupils in %.2fs",
        current.id,
        len(report.movers),
        time.perf_counter() - started,
    )
    return report


def school_trends(store: Store, policy: Policy) -> list[SchoolPoint]:
    return school_trend(snapshots(store), all_figures(store), policy)


def pupil_trends(store: Store, policy: Policy, pupil_id: int) -> list[PupilPoint]:
    cursor = store.db.execute_sql(
        f"SELECT {_FIGURES_COLUMNS} FROM pupil_figures f WHERE f.pupil_id = ?", (pupil_id,)
    )
    mine = {row[0]: _figures_row(row) for row in cursor.fetchall()}
    return pupil_trend(snapshots(store), mine, policy)


def effects(
    store: Store, code_book: CodeBook | None = None, pupil_id: int | None = None
) -> list[Effect]:
    """Before and after every letter, meeting held and plan (one pupil's, or everyone's)."""
    found = interventions(store, pupil_id)
    ids = {item.pupil_id for item in found}
    known = {snapshot.id: snapshot for snapshot in snapshots(store)}
    history: dict[int, list[tuple[SnapshotInfo, FiguresRow]]] = defaultdict(list)
    if ids:
        placeholders = ", ".join("?" * len(ids))
        for row in store.db.execute_sql(
            f"SELECT {_FIGURES_COLUMNS} FROM pupil_figures f WHERE f.pupil_id IN ({placeholders})",
            tuple(sorted(ids)),
        ):
            figures_row = _figures_row(row)
            history[figures_row.pupil_id].append((known[figures_row.snapshot_id], figures_row))
    return assess(
        found, marks_by_pupil(store, ids), dict(history), code_book or default_code_book()
    )


def effect_summary(store: Store, code_book: CodeBook | None = None) -> EffectSummary:
    return summarise(effects(store, code_book))


def penalty(store: Store, code_book: CodeBook | None = None) -> PenaltyReport:
    """The penalty-notice watch and the LA's lists for this school year, pupils on roll."""
    started = time.perf_counter()
    book = code_book or default_code_book()
    known = snapshots(store)
    since = _year_start(known[-1].as_of) if known else None
    on_roll = pupils(store, on_roll_only=True)
    report = penalty_report(
        on_roll.values(), marks_by_pupil(store), latest_figures(store), book, since=since
    )
    log.info(
        "penalty watch: %d met, %d approaching, %d + %d on the LA's lists in %.2fs",
        len(report.threshold),
        len(report.approaching),
        len(report.unauthorised_runs),
        len(report.illness_runs),
        time.perf_counter() - started,
    )
    return report


@dataclass(frozen=True, slots=True)
class CohortReport:
    """The cohort table with the dates it stands for."""

    table: CohortTable
    as_of: date | None
    last_year_as_of: date | None

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "last_year_as_of": self.last_year_as_of.isoformat() if self.last_year_as_of else None,
            **self.table.to_json(),
        }


def cohorts(store: Store, policy: Policy) -> CohortReport:
    """Cohorts of the pupils on roll, each at their latest figures, beside last year."""
    known = snapshots(store)
    on_roll = pupils(store, on_roll_only=True)
    current = [row for row in latest_figures(store).values() if row.pupil_id in on_roll]
    as_of = known[-1].as_of if known else None
    last = _same_point_last_year(known, as_of) if as_of else None
    if last is None:
        return CohortReport(cohort_table(on_roll, current, policy), as_of, None)
    everyone = pupils(store)
    last_rows = list(figures_in(store, last.id).values())
    table = cohort_table(
        everyone,
        current,
        policy,
        last_year=last_rows,
        years_between=_years_between(store, last),
    )
    return CohortReport(table, as_of, last.as_of)


def _same_point_last_year(known: list[SnapshotInfo], as_of: date) -> SnapshotInfo | None:
    target = (
        as_of.replace(year=as_of.year - 1)
        if (as_of.month, as_of.day) != (2, 29)
        else (as_of - timedelta(days=365))
    )
    candidates = [
        snapshot
        for snapshot in known
        if snapshot.full_export
        and academic_year(snapshot.as_of) == academic_year(as_of) - 1
        and abs(snapshot.as_of - target) <= SAME_POINT_TOLERANCE
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda snapshot: (abs(snapshot.as_of - target), -snapshot.id))


def _years_between(store: Store, then: SnapshotInfo) -> dict[int, int]:
    """For each pupil, the school years between `then` and their latest snapshot, which is
    when the year recorded for them was last set."""
    cursor = store.db.execute_sql(
        "SELECT f.pupil_id, MAX(s.as_of) FROM pupil_figures f "
        "JOIN snapshot s ON s.id = f.snapshot_id GROUP BY f.pupil_id"
    )
    start = academic_year(then.as_of)
    return {
        pupil_id: academic_year(_as_date(latest)) - start for pupil_id, latest in cursor.fetchall()
    }
