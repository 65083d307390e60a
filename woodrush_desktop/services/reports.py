"""The week-by-week reports, read from the store and computed by `woodrush_desktop.reports`.

Each function reads plain rows with a few queries (no per-pupil queries), hands them to the
pure computations and returns their results, so the window, the command line and the packs
all show the same figures.
"""

from __future__ import annotations

import io
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from woodrush_desktop.documents import packs
from woodrush_desktop.documents.base import missing_glyphs
from woodrush_desktop.domain.attendance import (
    PENALTY_WEEKS,
    Mark,
    SessionCounts,
    count_marks,
    is_compulsory_school_age,
    penalty_watch,
    percentage_text,
)
from woodrush_desktop.domain.attendance import figures as domain_figures
from woodrush_desktop.domain.codes import CodeBook, UnknownCodeError, default_code_book
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.reports.cohorts import CohortTable, cohort_table
from woodrush_desktop.reports.interventions import (
    DECLINED,
    IMPROVED,
    NO_CHANGE,
    NO_DATA,
    OUTCOME_LABELS,
    TOO_EARLY,
    Effect,
    EffectSummary,
    assess,
    summarise,
)
from woodrush_desktop.reports.movers import MoversReport, find_movers
from woodrush_desktop.reports.penalty import ILLNESS_NOTE, PenaltyReport, penalty_report
from woodrush_desktop.reports.rows import (
    FiguresRow,
    Intervention,
    PupilInfo,
    SnapshotInfo,
    academic_year,
    describe_academic_year,
)
from woodrush_desktop.reports.trends import PupilPoint, SchoolPoint, pupil_trend, school_trend
from woodrush_desktop.services.settings import school_details
from woodrush_desktop.store.database import Store
from woodrush_desktop.store.models import (
    ChecklistTick,
    EarlyHelpPlan,
    Letter,
    Meeting,
    Pupil,
    pupil_group_keys,
)

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


def marks_by_pupil(
    store: Store, pupil_ids: Iterable[int] | None = None, since: date | None = None
) -> dict[int, list[Mark]]:
    """The stored marks (of some pupils, from a date, or all), by pupil, in register order."""
    sql = 'SELECT pupil_id, "on", session, code FROM mark'
    conditions: list[str] = []
    params: tuple = ()
    if pupil_ids is not None:
        ids = sorted(set(pupil_ids))
        if not ids:
            return {}
        conditions.append(f"pupil_id IN ({', '.join('?' * len(ids))})")
        params = tuple(ids)
    if since is not None:
        conditions.append('"on" >= ?')
        params += (since.isoformat(),)
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
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
        chosen = [snapshot for snapshot in known if snapshot.id == snapshot_id]
        if not chosen:
            raise ValueError(f"there is no import with id {snapshot_id}")
        current = chosen[0]
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


_INTERVENTION_WORDS = {"letter": "Letter", "meeting": "Meeting", "plan": "Early Help Plan"}


def describe_effect(effect: Effect) -> str:
    """One line for the pupil's history: the action, the weeks either side, the outcome."""
    item = effect.intervention
    what = _INTERVENTION_WORDS.get(item.kind, item.kind)
    if item.kind != "plan":
        what += f" ({item.subkind.replace('_', ' ')})"
    figures = []
    if effect.before is not None and effect.before.percentage is not None:
        weeks = effect.before.weeks
        figures.append(
            f"{_percent_text(effect.before.percentage)} in the {weeks} school "
            f"week{'s' if weeks != 1 else ''} before"
        )
    if effect.after is not None and effect.after.percentage is not None:
        figures.append(
            f"{_percent_text(effect.after.percentage)} in the {effect.after.weeks} after"
        )
    change = f" ({float(effect.change):+.1f} points)" if effect.change is not None else ""
    outcome = OUTCOME_LABELS[effect.outcome].lower()
    if not figures:
        return f"{what} of {item.on:%d/%m/%Y} — {outcome}"
    return f"{what} of {item.on:%d/%m/%Y}: {', '.join(figures)}{change} — {outcome}"


def effect_notes(
    store: Store, pupil_id: int, code_book: CodeBook | None = None
) -> list[tuple[datetime, str]]:
    """'Did it work?' for each of one pupil's letters, meetings and plans, dated for the
    pupil's history (the day of the action)."""
    return [
        (datetime.combine(effect.intervention.on, datetime.min.time()), describe_effect(effect))
        for effect in effects(store, code_book, pupil_id)
    ]


def effect_summary(store: Store, code_book: CodeBook | None = None) -> EffectSummary:
    return summarise(effects(store, code_book))


def penalty(store: Store, code_book: CodeBook | None = None) -> PenaltyReport:
    """The penalty-notice watch and the LA's lists for this school year, pupils on roll."""
    started = time.perf_counter()
    book = code_book or default_code_book()
    known = snapshots(store)
    since = _year_start(known[-1].as_of) if known else None
    on_roll = pupils(store, on_roll_only=True)
    # The rolling window may reach back across the summer (no school weeks) into the
    # last school year: ten school weeks and up to ten weeks of holidays.
    reach = since - timedelta(weeks=PENALTY_WEEKS + 10) if since else None
    report = penalty_report(
        on_roll.values(),
        marks_by_pupil(store, since=reach),
        latest_figures(store),
        book,
        since=since,
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


# Packs ---------------------------------------------------------------------------------


class PackError(Exception):
    """A pack cannot be made as asked (an unknown pupil, a pupil with nothing recorded)."""


def _label(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _school_year_label(on: date | None) -> str:
    return describe_academic_year(academic_year(on or date.today()))


def trustees_pack_data(
    store: Store,
    policy: Policy,
    code_book: CodeBook | None = None,
    prepared_on: date | None = None,
) -> packs.TrusteesPack:
    """Everything the trustees' pack prints, for the school year of the latest import."""
    book = code_book or default_code_book()
    cohort_report = cohorts(store, policy)
    table = cohort_report.table
    as_of = cohort_report.as_of
    since = _year_start(as_of) if as_of else None
    counts_now = table.school.now.band_counts
    bands = [
        packs.BandShare(band.key, band.label, band.colour, counts_now.get(band.key, 0))
        for band in policy.bands
    ]
    trend = [
        packs.TrendPoint(
            as_of=point.as_of,
            attendance=float(point.percentage) if point.percentage is not None else None,
            band_counts=dict(point.band_counts),
            pupils=point.pupils,
        )
        for point in school_trends(store, policy)
    ]
    lines = [
        packs.CohortLine(
            dimension=row.dimension_label,
            group=row.value,
            pupils=row.now.pupils,
            attendance=_float(row.now.percentage),
            persistent=row.now.dfe_persistent,
            last_year=_float(row.last_year.percentage) if row.last_year else None,
        )
        for row in [table.school, *table.rows]
        if row.dimension != "reg_group"
    ]
    watch = penalty(store, book)
    done, done_pupils = _items_done_since(store, since)
    return packs.TrusteesPack(
        school=school_details(),
        prepared_on=prepared_on or date.today(),
        as_of=as_of,
        school_year=_school_year_label(as_of),
        attendance=_float(table.school.now.percentage),
        pupils=table.school.now.pupils,
        bands=bands,
        trend=trend,
        cohorts=lines,
        actions=_action_lines(effects(store, book), since),
        penalty_met=len(watch.threshold),
        la_unauthorised=len({run.pupil.id for run in watch.unauthorised_runs}),
        la_illness=len({run.pupil.id for run in watch.illness_runs}),
        items_done=done,
        pupils_with_items_done=done_pupils,
        last_year_as_of=cohort_report.last_year_as_of,
        notes=[
            "Attendance is all sessions attended over all sessions possible. Persistently "
            "absent counts use the DfE measure (10% or more of sessions missed). Registration "
            "groups are in the window and the exports, not in this pack.",
            ILLNESS_NOTE,
        ],
    )


def _items_done_since(store: Store, since: date | None) -> tuple[int, int]:
    """Pupil checklist items ticked done (and not withdrawn) this school year, and for how
    many pupils."""
    row = store.db.execute_sql(
        "SELECT COUNT(*), COUNT(DISTINCT pupil_id) FROM checklist_tick "
        "WHERE withdrawn_at IS NULL AND pupil_id IS NOT NULL AND done_on >= ?",
        ((since or date.min).isoformat(),),
    ).fetchone()
    return int(row[0]), int(row[1])


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _action_lines(found: list[Effect], since: date | None) -> list[packs.ActionLine]:
    by_kind: dict[str, list[Effect]] = defaultdict(list)
    for effect in found:
        if since is None or effect.intervention.on >= since:
            by_kind[effect.intervention.label].append(effect)
    lines = []
    for label in sorted(by_kind):
        kind, subkind = label.split(":", 1)
        outcomes = [effect.outcome for effect in by_kind[label]]
        lines.append(
            packs.ActionLine(
                label=_ACTION_PREFIX[kind] + _label(subkind).lower(),
                count=len(outcomes),
                improved=outcomes.count(IMPROVED),
                no_change=outcomes.count(NO_CHANGE),
                declined=outcomes.count(DECLINED),
                too_early=outcomes.count(TOO_EARLY) + outcomes.count(NO_DATA),
            )
        )
    return lines


_ACTION_PREFIX = {"letter": "Letter: ", "meeting": "Meeting held: ", "plan": "Plan: "}


def trustees_pack(
    store: Store,
    policy: Policy,
    code_book: CodeBook | None = None,
    prepared_on: date | None = None,
) -> bytes:
    data = trustees_pack_data(store, policy, code_book, prepared_on)
    pdf = packs.trustees_pack_pdf(data)
    log.info("trustees' pack built: %d cohorts, %d bytes", len(data.cohorts), len(pdf))
    return pdf


def evidence_pack(
    store: Store,
    policy: Policy,
    pupil_id: int,
    code_book: CodeBook | None = None,
    prepared_on: date | None = None,
) -> bytes:
    """One pupil's evidence pack: the record, then a copy of every letter logged, as one PDF."""
    book = code_book or default_code_book()
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PackError(f"there is no pupil with id {pupil_id} in this database")
    letters = list(
        Letter.select().where(Letter.pupil == pupil_id).order_by(Letter.issued_on, Letter.id)
    )
    readers, unreadable = _letter_readers(letters)
    data = _evidence_data(store, policy, pupil, letters, book, prepared_on, unreadable)
    data = _note_missing_glyphs(data)
    front = packs.evidence_pack_pdf(data)
    for _attempt in range(3):  # page numbers of the copies depend on the record's length
        front_pages = len(PdfReader(io.BytesIO(front)).pages)
        numbered = _number_letters(data.letters, letters, readers, front_pages)
        data = replace(data, letters=numbered)
        again = packs.evidence_pack_pdf(data)
        settled = len(PdfReader(io.BytesIO(again)).pages) == front_pages
        front = again
        if settled:
            break
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)))
    for letter in letters:
        reader = readers.get(letter.id)
        if reader is not None:
            writer.append(reader)
    writer.add_metadata({"/Title": "Attendance evidence pack", "/Creator": "Woodrush Attendance"})
    buffer = io.BytesIO()
    writer.write(buffer)
    log.info(
        "evidence pack built for pupil %d: %d letters (%d unreadable), %d pages",
        pupil_id,
        len(letters),
        len(unreadable),
        len(writer.pages),
    )
    return buffer.getvalue()


def _group_label(policy: Policy, key: str) -> str:
    try:
        return policy.group(key).label
    except KeyError:  # a school policy may leave a group out
        return key.replace("_", " ")


def _note_missing_glyphs(data: packs.EvidencePack) -> packs.EvidencePack:
    """Say in the pack which characters the font cannot draw, rather than print boxes
    silently (names from other scripts, emoji in a note)."""
    text = json.dumps(
        [
            data.pupil.name,
            [(entry.kind, entry.recipient) for entry in data.letters],
            [(m.kind, m.place, m.with_whom, m.notes, m.outcome) for m in data.meetings],
            [(plan.lead_practitioner, plan.content) for plan in data.plans],
            [entry.what for entry in data.chronology],
        ],
        ensure_ascii=False,
        default=str,
    )
    missing = missing_glyphs(text)
    if not missing:
        return data
    codes = ", ".join(f"U+{ord(character):04X}" for character in missing)
    note = (
        f"Some characters in this record cannot be printed in the bundled font and show as "
        f"blank boxes ({codes}); the database holds them as entered."
    )
    log.warning("evidence pack: %d characters the font cannot draw", len(missing))
    return replace(data, notes=[*data.notes, note])


def _letter_readers(letters: list[Letter]) -> tuple[dict[int, PdfReader], list[Letter]]:
    readers: dict[int, PdfReader] = {}
    unreadable = []
    for letter in letters:
        try:
            reader = PdfReader(io.BytesIO(bytes(letter.pdf or b"")))
            if not reader.pages:
                raise PdfReadError("no pages")
        except (PdfReadError, ValueError, OSError):
            unreadable.append(letter)
            continue
        readers[letter.id] = reader
    return readers, unreadable


def _number_letters(
    entries: Sequence[packs.LetterEntry],
    letters: list[Letter],
    readers: dict[int, PdfReader],
    front_pages: int,
) -> list[packs.LetterEntry]:
    numbered = []
    page = front_pages + 1
    for entry, letter in zip(entries, letters, strict=True):
        reader = readers.get(letter.id)
        if reader is None:
            numbered.append(replace(entry, first_page=None))
            continue
        numbered.append(replace(entry, first_page=page))
        page += len(reader.pages)
    return numbered


def _evidence_data(
    store: Store,
    policy: Policy,
    pupil: Pupil,
    letters: list[Letter],
    book: CodeBook,
    prepared_on: date | None,
    unreadable: list[Letter],
) -> packs.EvidencePack:
    marks = marks_by_pupil(store, [pupil.id]).get(pupil.id, [])
    history = pupil_trends(store, policy, pupil.id)
    latest = latest_figures_for(store, pupil.id)
    certificate = _certificate(latest, marks, policy, book, pupil.year) if latest else None
    meetings = list(
        Meeting.select().where(Meeting.pupil == pupil.id).order_by(Meeting.scheduled_for)
    )
    plans = list(
        EarlyHelpPlan.select()
        .where(EarlyHelpPlan.pupil == pupil.id)
        .order_by(EarlyHelpPlan.started_on)
    )
    name = f"{pupil.legal_forename} {pupil.legal_surname}"
    if pupil.display_name != name:
        name += f" (known as {pupil.display_name})"
    group_labels = [_group_label(policy, key) for key in pupil.group_keys()]
    notes = [
        f"The copy of the letter dated {letter.issued_on:%d/%m/%Y} could not be read and is "
        "not included; print it again from the letter log."
        for letter in unreadable
    ]
    return packs.EvidencePack(
        school=school_details(),
        prepared_on=prepared_on or date.today(),
        pupil=packs.EvidencePupil(
            name=name,
            upn=pupil.upn,
            date_of_birth=pupil.date_of_birth,
            year=pupil.year,
            reg_group=pupil.reg_group,
            groups=group_labels,
        ),
        certificate=certificate,
        letters=[
            packs.LetterEntry(letter.issued_on, _label(letter.kind), letter.recipient)
            for letter in letters
        ],
        meetings=[
            packs.MeetingEntry(
                when=meeting.scheduled_for,
                kind=_label(meeting.kind),
                place=meeting.place or "",
                with_whom=meeting.with_whom or "",
                held=bool(meeting.held),
                notes=meeting.notes or "",
                outcome=meeting.outcome or "",
            )
            for meeting in meetings
        ],
        plans=[
            packs.PlanEntry(
                started_on=plan.started_on,
                review_on=plan.review_on,
                lead_practitioner=plan.lead_practitioner or "",
                status=_label(plan.status or ""),
                content=plan.content if isinstance(plan.content, dict) else {},
            )
            for plan in plans
        ],
        chronology=_chronology(
            store, policy, pupil, history, letters, meetings, plans, certificate
        ),
        notes=notes,
    )


@dataclass(frozen=True, slots=True)
class _Latest:
    row: FiguresRow
    snapshot: SnapshotInfo


def latest_figures_for(store: Store, pupil_id: int) -> _Latest | None:
    known = {snapshot.id: snapshot for snapshot in snapshots(store)}
    cursor = store.db.execute_sql(
        f"SELECT {_FIGURES_COLUMNS} FROM pupil_figures f WHERE f.pupil_id = ?", (pupil_id,)
    )
    rows = [_figures_row(row) for row in cursor.fetchall()]
    if not rows:
        return None
    row = max(rows, key=lambda candidate: known[candidate.snapshot_id].sort_key)
    return _Latest(row, known[row.snapshot_id])


def _certificate(
    latest: _Latest, marks: list[Mark], policy: Policy, book: CodeBook, year: int | None
) -> packs.Certificate:
    row, snapshot = latest.row, latest.snapshot
    result = domain_figures(row.counts, policy, year)
    national = is_compulsory_school_age(year)
    reasons = dict(row.reasons)
    if not reasons and marks:
        start = snapshot.period_start or date.min
        in_period = [mark for mark in marks if start <= mark.on <= snapshot.as_of]
        reasons = dict(count_marks(in_period, book).by_code)
    watch = penalty_watch(marks, book) if marks and national else None

    def stored_penalty(value: Any) -> Any:
        return value if national else None

    return packs.Certificate(
        period_start=snapshot.period_start,
        as_of=snapshot.as_of,
        possible=row.counts.possible,
        attended=row.counts.attended,
        authorised=row.counts.authorised,
        unauthorised=row.counts.unauthorised,
        late=row.counts.late,
        attendance=_percent_text(result.percentage),
        band=result.describe_band(),
        dfe_persistent=result.dfe_persistent,
        dfe_severe=result.dfe_severe,
        reasons=_reason_lines(reasons, snapshot.as_of, book),
        rolling_unauthorised=watch.current
        if watch
        else (row.penalty_current if national else None),
        penalty_met_on=watch.met_on if watch else (row.penalty_met_on if national else None),
    )


def _percent_text(value: Fraction | None) -> str:
    return percentage_text(value, none="no possible sessions")


_PRESENT_MARKS = {"/", "\\"}


def _reason_lines(reasons: dict[str, int], on: date, book: CodeBook) -> list[packs.ReasonLine]:
    lines = []
    for code, sessions in reasons.items():
        if code in _PRESENT_MARKS or not sessions:
            continue
        try:
            known = book.lookup(code, on)
            meaning, category = known.meaning, book.class_labels[known.code_class]
        except UnknownCodeError:
            meaning, category = "Not a register code on this date", "Unknown"
        lines.append(packs.ReasonLine(code, meaning, category, int(sessions)))
    order = {label: index for index, label in enumerate(book.class_labels.values())}
    return sorted(lines, key=lambda line: (order.get(line.category, 99), -line.sessions, line.code))


def _chronology(
    store: Store,
    policy: Policy,
    pupil: Pupil,
    history: list[PupilPoint],
    letters: list[Letter],
    meetings: list[Meeting],
    plans: list[EarlyHelpPlan],
    certificate: packs.Certificate | None,
) -> list[packs.ChronologyEntry]:
    entries: list[tuple[date, int, str]] = []
    previous_band = None
    for point in history:
        if point.band != previous_band:
            label = policy.band(point.band).label if point.band else "no band"
            entries.append(
                (
                    point.as_of,
                    0,
                    f"Import: attendance {_percent_text(point.percentage)} year to date, "
                    f"band {label}",
                )
            )
            previous_band = point.band
    for letter in letters:
        entries.append((letter.issued_on, 1, f"{_label(letter.kind)} sent to {letter.recipient}"))
    for meeting in meetings:
        when = meeting.scheduled_for or meeting.created_at
        state = "held" if meeting.held else "arranged"
        entries.append((when.date(), 2, f"Meeting ({_label(meeting.kind).lower()}) {state}"))
    for plan in plans:
        entries.append((plan.started_on, 3, "Early Help Plan started"))
        if plan.review_on:
            entries.append((plan.review_on, 3, "Early Help Plan review due"))
    for tick in ChecklistTick.select().where(
        ChecklistTick.pupil == pupil.id, ChecklistTick.withdrawn_at.is_null()
    ):
        try:
            text = policy.item(tick.item_key).text
        except KeyError:
            text = tick.item_key
        entries.append((tick.done_on, 4, f"Done: {text}"))
    if certificate and certificate.penalty_met_on:
        entries.append(
            (
                certificate.penalty_met_on,
                5,
                "Penalty-notice threshold reached (10 unauthorised sessions in 10 school weeks)",
            )
        )
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return [packs.ChronologyEntry(on, what) for on, _, what in entries]
