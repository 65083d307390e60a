"""Writing one parsed sheet as one snapshot, in one transaction.

Pupils are upserted (matched by UPN, then admission number, then name and date of birth),
contacts replaced where the sheet has contact columns, flags set by hand kept, pupils missing
from a full export marked as left, and figures and marks written through the raw cursor. For
760,000 marks peewee's helpers take seconds and even binding each mark as a row costs more
than SQLite's own inserting, so each pupil's marks go in as one statement over a JSON array.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from woodrush_desktop.domain.attendance import Mark, figures, penalty_watch, week_start
from woodrush_desktop.domain.codes import CodeBook, CodeClass
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.importing.marks import MarkReader, Tally
from woodrush_desktop.importing.parse import (
    DETAIL_FIELDS,
    MARKS_GRID,
    SUMMARY,
    ContactRecord,
    ParsedSheet,
    PupilRecord,
    academic_year,
    counts_of,
)
from woodrush_desktop.importing.problems import WARNING, ImportRefused, Problem, column_name
from woodrush_desktop.importing.quality import UNEXPLAINED_CODES, QualityReport, counted
from woodrush_desktop.store.database import Store
from woodrush_desktop.store.models import utc_now

_PUPIL_COLUMNS = DETAIL_FIELDS  # the pupil table's columns that an export can fill
_BOOLEAN_COLUMNS = {"medical", "social_worker", "looked_after", "fsm"}
_CHUNK = 100
WARNINGS_OF_A_KIND = 200
LEAVERS_WITHOUT_CONFIRMING = 5
LEAVERS_SHARE_WITHOUT_CONFIRMING = 20
"""An import marks as left at most 5 pupils, or 1 in 20 of the roll, unless the caller
confirms the file is a full export: more than that is far likelier a file of some pupils."""


@dataclass
class Existing:
    """A pupil already in the database, as far as matching and updating need."""

    id: int
    values: dict[str, Any]
    manual_flags: set[str]
    on_roll: bool


@dataclass
class Written:
    snapshot_id: int
    new_pupils: int
    left_pupils: int
    marks: int
    older: bool
    replaced: bool = False
    warnings: list[Problem] = field(default_factory=list)


def _db_value(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in _BOOLEAN_COLUMNS:
        return 1 if value else 0
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class SnapshotWriter:
    """Writes a ParsedSheet. Call inside `store.db.atomic()` and the writer's lock."""

    def __init__(
        self,
        store: Store,
        parsed: ParsedSheet,
        policy: Policy,
        code_book: CodeBook,
        tick: Callable[[int, int, str], None],
        column_offset: int = 0,
    ) -> None:
        self.store = store
        self.parsed = parsed
        self.policy = policy
        self.code_book = code_book
        self.tick = tick
        self.cursor = store.db.cursor()
        self.now = str(utc_now())
        self.column_offset = column_offset  # the sheet column of the table's first column
        self.warnings: list[Problem] = []  # found while matching pupils, with locations
        self.warning_counts: dict[str, int] = {}
        self.match_errors: list[Problem] = []

    def write(
        self,
        *,
        file_name: str,
        sha256: str,
        as_of: date,
        period_start: date | None,
        full_export: bool,
        report: QualityReport,
        mapping: dict[str, str] | None = None,
        replace_snapshot: int | None = None,
        confirm_leavers: bool = False,
    ) -> Written:
        """`replace_snapshot`: the id of an earlier import of the same file, whose figures
        this import replaces under the same id (its marks stay theirs where unchanged)."""
        parsed = self.parsed
        latest = self.cursor.execute(
            "SELECT MAX(as_of) FROM snapshot WHERE id IS NOT ?", (replace_snapshot,)
        ).fetchone()[0]
        older = latest is not None and as_of.isoformat() < str(latest)[:10]
        existing = self._existing()
        matches = self._match(existing)
        pupil_ids, new_pupils = self._upsert(matches, update=not older)
        if parsed.has_contacts and not older:  # an older export's carers may be out of date
            self._contacts(pupil_ids)
        left = 0
        if full_export and not older:
            left = self._mark_left(existing, set(pupil_ids), as_of, report, confirm_leavers)
        snapshot_id = self._snapshot(
            file_name, sha256, as_of, period_start, full_export, len(pupil_ids), replace_snapshot
        )
        if parsed.shape != SUMMARY and parsed.first_mark is not None:
            report.earlier_marks = self._earlier_marks(pupil_ids, as_of)
        self._figures(snapshot_id, pupil_ids, report)
        marks = self._marks(snapshot_id, pupil_ids, replace=not older)
        if parsed.shape == MARKS_GRID and not older:
            report.cleared_marks = self._clear_blank_sessions(pupil_ids)
        if parsed.shape == MARKS_GRID:
            self.cursor.execute("DROP TABLE temp.import_session")
        report.new_pupils, report.left_pupils, report.marks = new_pupils, left, marks
        report.older_than_latest = older
        self.cursor.execute(
            "UPDATE snapshot SET mark_count = ?, report = ? WHERE id = ?",
            (marks, _json({**report.to_json(), "mapping": mapping or {}}), snapshot_id),
        )
        return Written(
            snapshot_id,
            new_pupils,
            left,
            marks,
            older,
            replace_snapshot is not None,
            self.warnings,
        )

    # -- pupils

    def _existing(self) -> list[Existing]:
        columns = ", ".join(f'"{name}"' for name in _PUPIL_COLUMNS)
        found = []
        for row in self.cursor.execute(
            f"SELECT id, manual_flags, on_roll, {columns} FROM pupil"
        ).fetchall():
            pupil_id, manual, on_roll, *rest = row
            found.append(
                Existing(
                    id=pupil_id,
                    values=dict(zip(_PUPIL_COLUMNS, rest, strict=True)),
                    manual_flags=set(json.loads(manual or "[]")),
                    on_roll=bool(on_roll),
                )
            )
        return found

    def _match(self, existing: list[Existing]) -> list[tuple[PupilRecord, Existing | None]]:
        by_upn = {pupil.values["upn"]: pupil for pupil in existing if pupil.values["upn"]}
        by_admission: dict[str, list[Existing]] = {}
        by_name: dict[tuple[str, str], list[Existing]] = {}
        for pupil in existing:
            if pupil.values["admission_number"]:
                by_admission.setdefault(pupil.values["admission_number"], []).append(pupil)
            name = (
                (pupil.values["legal_surname"] or "").casefold(),
                (pupil.values["legal_forename"] or "").casefold(),
            )
            by_name.setdefault(name, []).append(pupil)
        claimed: dict[int, PupilRecord] = {}
        matches = []
        errors = []
        for record in self.parsed.pupils:
            pupil = self._find(record, by_upn, by_admission, by_name)
            if pupil is not None:
                if pupil.id in claimed:
                    errors.append(
                        Problem(
                            self.parsed.sheet,
                            record.row,
                            None,
                            f"this row and row {claimed[pupil.id].row} are the same pupil "
                            "in the database (matched by admission number or name and date "
                            "of birth); correct one of them",
                        )
                    )
                claimed[pupil.id] = record
            matches.append((record, pupil))
        self._finish_warnings()
        errors.extend(self.match_errors)
        if errors:
            raise ImportRefused(errors, self.warnings)
        return matches

    def _find(
        self,
        record: PupilRecord,
        by_upn: dict[str, Existing],
        by_admission: dict[str, list[Existing]],
        by_name: dict[tuple[str, str], list[Existing]],
    ) -> Existing | None:
        """The stored pupil this row is: by UPN, then admission number, then legal name
        confirmed by the date of birth. A name alone matches only one stored pupil whose
        year fits, with a warning; when it cannot tell, the file is refused (`_match`)."""
        details = record.details
        upn = details.get("upn")
        if upn and upn in by_upn:
            return self._check_year(record, by_upn[upn])

        def compatible(pupil: Existing) -> bool:
            theirs = pupil.values
            if upn and theirs["upn"] and theirs["upn"] != upn:
                return False
            admission = details.get("admission_number")
            return not (
                admission and theirs["admission_number"] and theirs["admission_number"] != admission
            )

        admission = details.get("admission_number")
        if admission:
            candidates = [p for p in by_admission.get(admission, []) if compatible(p)]
            if len(candidates) == 1:
                return self._check_year(record, candidates[0])
        surname = details.get("legal_surname")
        if not surname:
            return None
        candidates = [
            pupil
            for pupil in by_name.get(
                (surname.casefold(), details.get("legal_forename", "").casefold()), []
            )
            if compatible(pupil)
        ]
        if not candidates:
            return None
        born = details.get("date_of_birth")
        if born is not None:
            same = [p for p in candidates if _stored_date(p, "date_of_birth") == born]
            if len(same) == 1:
                return self._check_year(record, same[0])
            undated = [
                p for p in candidates if p.values["date_of_birth"] is None and _year_fits(p, record)
            ]
            if same or len(undated) != 1:
                return None  # another child of the same name, or no way to tell
            self._warn(
                record,
                "legal_surname",
                "matched by name and year to a pupil stored without a date of birth; the "
                "date of birth is filled in from this file",
            )
            return undated[0]
        fitting = [p for p in candidates if _year_fits(p, record)]
        if len(candidates) == 1 and len(fitting) == 1:
            self._warn(
                record,
                "legal_surname",
                "matched by name alone to a pupil already stored (this sheet has no date of "
                "birth, UPN or admission number to confirm it)",
            )
            return fitting[0]
        years = ", ".join(_year_text(p.values["year"]) for p in candidates)
        self.match_errors.append(
            Problem(
                self.parsed.sheet,
                record.row,
                self._column_of("legal_surname"),
                f"the database already has {counted(len(candidates), 'pupil')} of this name "
                f"({years}) and this row gives no date of birth, UPN or admission number to "
                "tell whether it is one of them or another child: add one of those columns",
            )
        )
        return None

    def _check_year(self, record: PupilRecord, pupil: Existing) -> Existing:
        """A matched pupil whose year group moves other than up by one is worth a look."""
        if not _year_fits(pupil, record):
            self._warn(
                record,
                "year",
                f"this pupil was in {_year_text(pupil.values['year'])} and this row gives "
                f"{_year_text(record.details.get('year'))}: check the year group",
            )
        return pupil

    def _warn(self, record: PupilRecord, key: str, message: str) -> None:
        """A located warning; after WARNINGS_OF_A_KIND of one kind, only counted."""
        seen = self.warning_counts.get(message, 0)
        self.warning_counts[message] = seen + 1
        if seen < WARNINGS_OF_A_KIND:
            self.warnings.append(
                Problem(self.parsed.sheet, record.row, self._column_of(key), message, WARNING)
            )

    def _finish_warnings(self) -> None:
        """One line for each kind of warning whose later rows were only counted."""
        for message, count in self.warning_counts.items():
            if count > WARNINGS_OF_A_KIND:
                more = f"… and {count - WARNINGS_OF_A_KIND} more rows: {message}"
                self.warnings.append(Problem(self.parsed.sheet, None, None, more, WARNING))

    def _column_of(self, key: str) -> str | None:
        layout = self.parsed.layout
        index = layout.column(key)
        if index is None:
            return None
        header = layout.headers[index] if index < len(layout.headers) else ""
        return column_name(self.column_offset + index, header or None)

    def _upsert(
        self, matches: list[tuple[PupilRecord, Existing | None]], *, update: bool
    ) -> tuple[dict[int, PupilRecord], int]:
        sheet_fields = self.parsed.detail_fields
        pupil_ids: dict[int, PupilRecord] = {}
        updates = []
        arriving = [record for record, pupil in matches if pupil is None]
        for pupil_id, record in zip(self._insert_pupils(arriving), arriving, strict=True):
            pupil_ids[pupil_id] = record
        new = len(arriving)
        for done, (record, pupil) in enumerate(matches):
            if done % _CHUNK == 0:
                self.tick(done, len(matches), "Writing pupils")
            if pupil is None:
                continue
            pupil_ids[pupil.id] = record
            if not update:
                continue
            changes = {}
            for key in sheet_fields:
                if key in pupil.manual_flags or key not in record.details:
                    continue
                if key in ("upn", "admission_number") and not record.details[key]:
                    continue
                value = _db_value(key, record.details[key])
                if key in ("legal_surname", "legal_forename") and not value:
                    continue
                if value != pupil.values[key]:
                    changes[key] = value
            if changes or not pupil.on_roll:
                assignments = ", ".join(f'"{key}" = ?' for key in changes)
                assignments += (", " if assignments else "") + "on_roll = 1, left_on = NULL"
                updates.append((assignments, [*changes.values(), self.now, pupil.id]))
        for assignments, parameters in updates:
            self.cursor.execute(
                f"UPDATE pupil SET {assignments}, updated_at = ? WHERE id = ?", parameters
            )
        return pupil_ids, new

    def _insert_pupils(self, records: list[PupilRecord]) -> list[int]:
        """Insert new pupils in one statement; their ids follow the highest id in order."""
        if not records:
            return []
        columns = [*_PUPIL_COLUMNS, "manual_flags", "on_roll", "created_at", "updated_at"]
        names = ", ".join(f'"{name}"' for name in columns)
        marks = ", ".join("?" for _ in columns)
        before = self.cursor.execute("SELECT COALESCE(MAX(id), 0) FROM pupil").fetchone()[0]
        rows = []
        for record in records:
            values = [_db_value(key, record.details.get(key)) for key in _PUPIL_COLUMNS]
            values[2] = values[2] or ""  # legal surname and forename are required
            values[3] = values[3] or ""
            rows.append((*values, "[]", 1, self.now, self.now))
        self.cursor.executemany(f"INSERT INTO pupil ({names}) VALUES ({marks})", rows)
        ids = [
            row[0]
            for row in self.cursor.execute(
                "SELECT id FROM pupil WHERE id > ? ORDER BY id", (before,)
            ).fetchall()
        ]
        if len(ids) != len(records):
            raise RuntimeError("new pupils did not receive consecutive ids")  # a bug, not data
        return ids

    def _contacts(self, pupil_ids: dict[int, PupilRecord]) -> None:
        stored: dict[int, dict[str, int]] = {}
        for contact_id, pupil_id, name in self.cursor.execute(
            "SELECT id, pupil_id, name FROM contact"
        ).fetchall():
            stored.setdefault(pupil_id, {})[" ".join(name.split()).casefold()] = contact_id
        inserts, updates, deletes = [], [], []
        for pupil_id, record in pupil_ids.items():
            if record.contacts is None:
                continue
            theirs = dict(stored.get(pupil_id, {}))
            for contact in record.contacts:
                values = _contact_values(contact)
                contact_id = theirs.pop(contact.name.casefold(), None)
                if contact_id is None:
                    inserts.append((pupil_id, *values))
                else:
                    updates.append((*values, contact_id))
            deletes.extend((contact_id,) for contact_id in theirs.values())
        self.cursor.executemany("DELETE FROM contact WHERE id = ?", deletes)
        self.cursor.executemany(
            "UPDATE contact SET name = ?, relationship = ?, address = ?, email = ?, phone = ?, "
            "parental_responsibility = ?, priority = ? WHERE id = ?",
            updates,
        )
        self.cursor.executemany(
            "INSERT INTO contact (pupil_id, name, relationship, address, email, phone, "
            "parental_responsibility, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )

    def _mark_left(
        self,
        existing: list[Existing],
        seen: set[int],
        as_of: date,
        report: QualityReport,
        confirmed: bool,
    ) -> int:
        """Pupils on roll but not in this full export have left. Unless the caller confirms
        the leavers, a year group missing entirely is taken as left out of the export, and
        more leavers than a few (LEAVERS_WITHOUT_CONFIRMING) are held back and reported."""
        on_roll = [pupil for pupil in existing if pupil.on_roll]
        leaving = [pupil for pupil in on_roll if pupil.id not in seen]
        if not confirmed:
            years: dict[Any, list[Existing]] = {}
            for pupil in on_roll:
                years.setdefault(pupil.values["year"], []).append(pupil)
            missing = sorted(
                year
                for year, pupils in years.items()
                if year is not None and len(pupils) > 1 and not seen & {p.id for p in pupils}
            )
            if missing:
                report.missing_years = missing
                report.missing_year_pupils = sum(len(years[year]) for year in missing)
                leaving = [pupil for pupil in leaving if pupil.values["year"] not in missing]
            allowed = max(
                LEAVERS_WITHOUT_CONFIRMING, len(on_roll) // LEAVERS_SHARE_WITHOUT_CONFIRMING
            )
            if len(leaving) > allowed:
                report.leavers_unconfirmed = len(leaving)
                report.looks_partial = len(leaving)
                return 0
        self.cursor.executemany(
            "UPDATE pupil SET on_roll = 0, left_on = ?, updated_at = ? WHERE id = ?",
            [(as_of.isoformat(), self.now, pupil.id) for pupil in leaving],
        )
        return len(leaving)

    # -- the snapshot, figures and marks

    def _snapshot(
        self,
        file_name: str,
        sha256: str,
        as_of: date,
        period_start: date | None,
        full_export: bool,
        pupils: int,
        replace: int | None,
    ) -> int:
        values = (
            file_name,
            sha256,
            as_of.isoformat(),
            period_start.isoformat() if period_start else None,
            self.now,
            self.parsed.shape,
            self.parsed.sheet,
            1 if full_export else 0,
            pupils,
        )
        if replace is None:
            self.cursor.execute(
                "INSERT INTO snapshot (file_name, sha256, as_of, period_start, imported_at, "
                "shape, sheet, full_export, pupil_count, mark_count) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                values,
            )
            return self.cursor.lastrowid
        # the same id, so marks and letters that name the first import still name this one
        self.cursor.execute("DELETE FROM pupil_figures WHERE snapshot_id = ?", (replace,))
        self.cursor.execute(
            "UPDATE snapshot SET file_name = ?, sha256 = ?, as_of = ?, period_start = ?, "
            "imported_at = ?, shape = ?, sheet = ?, full_export = ?, pupil_count = ? "
            "WHERE id = ?",
            (*values, replace),
        )
        return replace

    def _earlier_marks(self, pupil_ids: dict[int, PupilRecord], as_of: date) -> int:
        """Add this year's stored marks from before the file's first session, so an export
        of the last week alone still gives year-to-date figures. Returns how many."""
        year_start = academic_year(as_of)[0].isoformat()
        first = self.parsed.first_mark.isoformat()
        if first <= year_start:
            return 0
        reader = MarkReader(self.code_book)
        weeks = set(self.parsed.school_weeks)
        added = 0
        for pupil_id, record in pupil_ids.items():
            stored = self.cursor.execute(
                'SELECT "on", session, code FROM mark WHERE pupil_id = ? AND "on" >= ? '
                'AND "on" < ?',
                (pupil_id, year_start, first),
            ).fetchall()
            if not stored:
                continue
            extra = Tally()
            for on_text, session, code in stored:
                on = date.fromisoformat(str(on_text)[:10])
                reading = reader.read(code, on)
                extra.add(reading)
                weeks.add(week_start(on))
                if reading.code_class is CodeClass.UNAUTHORISED:
                    record.unauthorised.append(Mark(on, session, reading.code))
            if record.tally is None:
                record.tally = Tally()
            record.tally.merge(extra)
            record.counts = counts_of(record.tally)
            added += len(stored)
        self.parsed.school_weeks = sorted(weeks)
        return added

    def _figures(
        self, snapshot_id: int, pupil_ids: dict[int, PupilRecord], report: QualityReport
    ) -> None:
        rows = []
        flags = self._social_flags(list(pupil_ids))
        weeks = self.parsed.school_weeks
        # only a summary can lack the split, and then it lacks both columns for every row:
        # its zeros mean "not given", which letters and `pupils --json` must not print as 0
        split = 0 if self.parsed.shape == SUMMARY and self.parsed.unsplit_absences else 1
        for pupil_id, record in pupil_ids.items():
            counts = record.counts
            result = figures(counts, self.policy)
            if result.band_key is None:
                report.no_band += 1
            else:
                report.bands[result.band_key] = report.bands.get(result.band_key, 0) + 1
            reasons = dict(record.tally.by_code) if record.tally is not None else None
            met_on = current = None
            if record.tally is not None and record.unauthorised:
                watch = penalty_watch(record.unauthorised, self.code_book, weeks)
                met_on = watch.met_on.isoformat() if watch.met_on else None
                current = watch.current
            elif record.tally is not None:
                current = 0
            mis = record.mis_percentage
            rows.append(
                (
                    snapshot_id,
                    pupil_id,
                    counts.possible,
                    counts.present,
                    counts.approved,
                    counts.authorised,
                    counts.unauthorised,
                    counts.late,
                    result.band_key,
                    _percent_text(mis) if mis is not None else None,
                    _json(reasons) if reasons is not None else None,
                    met_on,
                    current,
                    split,
                )
            )
            if flags.get(pupil_id):
                self._note_unexplained(report, pupil_id, record)
        report.bands = {band.key: report.bands.get(band.key, 0) for band in self.policy.bands}
        report.band_labels = {band.key: band.label for band in self.policy.bands}
        self.cursor.executemany(
            "INSERT INTO pupil_figures (snapshot_id, pupil_id, possible, present, approved, "
            "authorised, unauthorised, late, band, mis_percentage, reasons, penalty_met_on, "
            "penalty_current, absence_split) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _social_flags(self, pupil_ids: list[int]) -> dict[int, bool]:
        """Who has a social worker after this import (flags set by hand included)."""
        found = {}
        for pupil_id, social, looked_after in self.cursor.execute(
            "SELECT id, social_worker, looked_after FROM pupil"
        ).fetchall():
            found[pupil_id] = bool(social or looked_after)
        return {pupil_id: found.get(pupil_id, False) for pupil_id in pupil_ids}

    @staticmethod
    def _note_unexplained(report: QualityReport, pupil_id: int, record: PupilRecord) -> None:
        if record.tally is not None:
            sessions = sum(record.tally.by_code.get(code, 0) for code in UNEXPLAINED_CODES)
            basis = "N and O marks"
        else:
            sessions = record.counts.unauthorised
            basis = "unauthorised absences (a summary has no marks)"
        if sessions:
            report.social_worker_unexplained.append(
                {
                    "pupil_id": pupil_id,
                    "row": record.row,
                    "upn": record.upn,
                    "sessions": sessions,
                    "basis": basis,
                }
            )

    def _marks(self, snapshot_id: int, pupil_ids: dict[int, PupilRecord], *, replace: bool) -> int:
        """Write the marks. A mark already stored with the same code is left as it is (and
        keeps the snapshot that first wrote it), so next week's year-to-date export rewrites
        only the marks that changed; an older export never overwrites a newer mark."""
        if replace:
            conflict = (
                'ON CONFLICT (pupil_id, "on", session) DO UPDATE SET code = excluded.code, '
                "snapshot_id = excluded.snapshot_id WHERE mark.code <> excluded.code"
            )
        else:
            conflict = "ON CONFLICT DO NOTHING"
        pairs = [(pid, record) for pid, record in pupil_ids.items() if record.mark_count]
        if self.parsed.shape == MARKS_GRID:
            self._session_table()
            sql = (
                'INSERT INTO mark (pupil_id, "on", session, code, snapshot_id) '
                'SELECT ?1, s."on", s.session, j.value, ?2 FROM json_each(?3) AS j '
                "JOIN temp.import_session AS s ON s.position = j.key WHERE j.value <> '' "
                f"{conflict}"
            )
        else:
            sql = (
                'INSERT INTO mark (pupil_id, "on", session, code, snapshot_id) '
                "SELECT ?1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), "
                f"json_extract(j.value, '$[2]'), ?2 FROM json_each(?3) AS j WHERE true {conflict}"
            )
        total = 0
        for start in range(0, len(pairs), _CHUNK):
            self.tick(start, len(pairs), "Writing marks")
            chunk = pairs[start : start + _CHUNK]
            if self.parsed.shape == MARKS_GRID:
                rows: Iterable[tuple[Any, ...]] = (
                    (pid, snapshot_id, json.dumps(record.codes, ensure_ascii=False))
                    for pid, record in chunk
                )
            else:
                rows = (
                    (pid, snapshot_id, json.dumps(record.marks, ensure_ascii=False))
                    for pid, record in chunk
                )
            self.cursor.executemany(sql, rows)
            total += sum(record.mark_count for _, record in chunk)
        return total

    def _clear_blank_sessions(self, pupil_ids: dict[int, PupilRecord]) -> int:
        """Remove stored marks on the sessions this newer grid shows with no register code
        (blank, '-' or unknown) for a pupil in it: the MIS no longer has those marks, and the
        penalty window, the pupil's history and the social-worker notice read stored marks.
        Returns how many were removed."""
        sql = (
            'DELETE FROM mark WHERE pupil_id = ?1 AND ("on", session) IN (SELECT s."on", '
            "s.session FROM json_each(?2) AS j JOIN temp.import_session AS s "
            "ON s.position = j.key WHERE j.value = '')"
        )
        rows = [
            (pid, json.dumps(record.codes, ensure_ascii=False))
            for pid, record in pupil_ids.items()
            if record.codes and "" in record.codes
        ]
        if not rows:
            return 0
        self.cursor.executemany(sql, rows)
        return max(self.cursor.rowcount, 0)

    def _session_table(self) -> None:
        """The sheet's session columns by position, so each pupil's row of marks is one
        statement (its codes as a JSON array) rather than 380 bound rows: binding rows one
        by one costs more than SQLite's own work of inserting them."""
        self.cursor.execute("DROP TABLE IF EXISTS temp.import_session")
        self.cursor.execute(
            'CREATE TEMP TABLE import_session (position INTEGER PRIMARY KEY, "on" TEXT, '
            "session TEXT)"
        )
        self.cursor.executemany(
            "INSERT INTO temp.import_session VALUES (?, ?, ?)",
            zip(
                itertools.count(),
                self.parsed.session_isos,
                self.parsed.session_names,
                strict=False,
            ),
        )


def _stored_date(pupil: Existing, key: str) -> date | None:
    value = pupil.values[key]
    return date.fromisoformat(str(value)[:10]) if value else None


def _year_fits(pupil: Existing, record: PupilRecord) -> bool:
    """The same year group, or the next one (a new school year), or one side unknown."""
    stored, given = pupil.values["year"], record.details.get("year")
    if stored is None or given is None:
        return True
    try:
        return int(given) - int(stored) in (0, 1)
    except (TypeError, ValueError):
        return given == stored


def _year_text(year: Any) -> str:
    return f"Year {year}" if year is not None else "no year group"


def _contact_values(contact: ContactRecord) -> tuple[Any, ...]:
    responsibility = contact.parental_responsibility
    return (
        contact.name,
        contact.relationship,
        contact.address,
        contact.email,
        contact.phone,
        None if responsibility is None else int(responsibility),
        contact.priority,
    )


def _percent_text(value: Any) -> str:
    return f"{float(value):.3f}".rstrip("0").rstrip(".")
