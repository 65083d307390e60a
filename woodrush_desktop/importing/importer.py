"""`import_file`: one register export in, one snapshot out, or a refusal that changes nothing."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from woodrush_desktop.domain.codes import CodeBook, default_code_book
from woodrush_desktop.domain.policy import Policy, default_policy
from woodrush_desktop.importing.parse import SUMMARY, ParsedSheet, SheetParser
from woodrush_desktop.importing.problems import (
    WARNING,
    ImportRefused,
    MappingNeeded,
    Problem,
)
from woodrush_desktop.importing.quality import QualityReport
from woodrush_desktop.importing.reading import read_sheets, refuse
from woodrush_desktop.importing.writer import SnapshotWriter, Written
from woodrush_desktop.progress import (
    CancelCheck,
    ProgressCallback,
    no_progress,
    raise_if_cancelled,
)
from woodrush_desktop.store.database import DatabaseError, Store, write_guard

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import did. `duplicate`: this exact file was imported before with the same
    options; nothing done. The same file with other options replaces its first import."""

    snapshot_id: int | None
    duplicate: bool
    shape: str
    pupils: int
    new_pupils: int
    left_pupils: int
    marks: int
    as_of: date
    warnings: list[Problem]
    report: QualityReport
    seconds: float
    sheet: str | None = None
    header_signature: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    period_start: date | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        raise refuse(path, "the file does not exist") from None
    except IsADirectoryError:
        raise refuse(path, "this is a folder, not a file") from None
    except OSError as error:
        raise refuse(path, f"the file cannot be read ({error.strerror})") from None
    return digest.hexdigest()


def import_file(
    store: Store,
    path: Path | str,
    *,
    sheet: str | None = None,
    as_of: date | None = None,
    mapping: dict[str, str] | None = None,
    policy: Policy | None = None,
    full_export: bool = True,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    code_book: CodeBook | None = None,
    period_start: date | None = None,
    confirm_leavers: bool = False,
) -> ImportResult:
    """Import one register export as one snapshot, all or nothing.

    `period_start` (`--from`) is the first day the figures cover, when the sheet's title
    does not say; without either, the start of the school year is assumed and reported.
    A full export marks pupils missing from it as left, but without `confirm_leavers` only a
    few, and nobody of a year group missing entirely (both reported).
    Raises ImportRefused (or its MappingNeeded) with located problems, or CancelledError;
    in every such case the database is as it was.
    """
    started = time.perf_counter()
    path = Path(path)
    report_progress = progress or no_progress
    code_book = code_book or default_code_book()
    policy = policy or default_policy()

    def tick(done: int, total: int, text: str) -> None:
        raise_if_cancelled(cancelled)
        report_progress(done, total, text)

    tick(0, 1, "Reading the file")
    sha256 = file_sha256(path)
    earlier = _earlier_import(store, sha256)
    replacing = None
    if earlier is not None:
        given = {"as_of": as_of, "sheet": sheet, "period_start": period_start, "mapping": mapping}
        changed = _changed_options(earlier, given)
        if confirm_leavers and full_export and _held_leavers(earlier.report):
            changed.append("confirm_leavers")
        if not changed:
            earlier.seconds = time.perf_counter() - started
            log.info("import skipped: the same file as snapshot %s", earlier.snapshot_id)
            return earlier
        # the same file with other options (a corrected date, another sheet or mapping):
        # import it again in place of the first import, keeping what was not given again
        log.info("re-importing snapshot %s: %s given anew", earlier.snapshot_id, changed)
        replacing = earlier.snapshot_id
        sheet = sheet or earlier.sheet
        mapping = mapping if mapping is not None else earlier.mapping or None
    parsed, column_offset = _parse(path, sheet, mapping, as_of, code_book, tick)
    parsed_at = time.perf_counter()
    as_of_used, sheet_start, extra = _dates(path, parsed, as_of)
    warnings = [*extra, *parsed.problems.warnings]
    assumed = None
    if period_start is None and sheet_start is None:
        period_start = assumed = school_year_start(as_of_used)
    period_start = period_start or sheet_start
    if period_start > as_of_used:
        message = (
            f"--from {period_start:%d/%m/%Y} is after the date the figures describe "
            f"({as_of_used:%d/%m/%Y}): give the first day the figures cover"
        )
        raise ImportRefused([Problem(parsed.sheet, None, None, message)], warnings)
    report = QualityReport(
        pupils=len(parsed.pupils),
        gaps=parsed.gaps,
        unknown_codes=dict(parsed.unknown_codes.most_common()),
        out_of_year=parsed.out_of_year,
        upn_warnings=parsed.upn_warnings,
        mis_disagreements=parsed.disagreements,
        unsplit_absences=parsed.unsplit_absences,
        warnings=len(warnings),
        period_start_assumed=assumed.isoformat() if assumed else None,
        joined_after_period_start=_joined_after(parsed, assumed),
        replaced_earlier_import=replacing is not None,
    )
    tick(0, len(parsed.pupils), "Writing the snapshot")
    try:
        with write_guard(store), store.db.atomic():
            writer = SnapshotWriter(store, parsed, policy, code_book, tick, column_offset)
            written = writer.write(
                file_name=path.name,
                sha256=sha256,
                as_of=as_of_used,
                period_start=period_start,
                full_export=full_export,
                report=report,
                mapping=dict(parsed.layout.mapped),
                replace_snapshot=replacing,
                confirm_leavers=confirm_leavers,
            )
            warnings.extend(written.warnings)
            report.warnings = len(warnings)
            _audit(
                store,
                path,
                parsed,
                written,
                as_of_used,
                len(warnings),
                full_export,
                confirm_leavers,
            )
    except sqlite3.IntegrityError:
        again = _earlier_import(store, sha256)
        if again is None:
            raise
        return again
    except sqlite3.OperationalError as error:  # locked by another program, or the disk is full
        log.warning("import not written: %s", error)
        raise DatabaseError(
            f"the import could not be written to the database ({error}), so nothing was "
            "changed. Close any other program using it, check there is free disk space, "
            "and import the file again."
        ) from error
    seconds = time.perf_counter() - started
    log.info(
        "imported snapshot %s: %s, %d pupils (%d new, %d left), %d marks, %d warnings, "
        "%.2f s (reading and checking %.2f s, writing %.2f s)",
        written.snapshot_id,
        parsed.shape,
        len(parsed.pupils),
        written.new_pupils,
        written.left_pupils,
        written.marks,
        len(warnings),
        seconds,
        parsed_at - started,
        seconds - (parsed_at - started),
    )
    report_progress(1, 1, "Imported")
    return ImportResult(
        snapshot_id=written.snapshot_id,
        duplicate=False,
        shape=parsed.shape,
        pupils=len(parsed.pupils),
        new_pupils=written.new_pupils,
        left_pupils=written.left_pupils,
        marks=written.marks,
        as_of=as_of_used,
        warnings=warnings,
        report=report,
        seconds=seconds,
        sheet=parsed.sheet,
        header_signature=parsed.layout.signature,
        mapping=dict(parsed.layout.mapped),
        period_start=period_start,
    )


def _audit(
    store: Store,
    path: Path,
    parsed: ParsedSheet,
    written: Written,
    as_of: date,
    warnings: int,
    full_export: bool,
    confirmed: bool,
) -> None:
    """Record the import in the audit trail, in the import's own transaction: an import
    the trail does not show would be a change nobody can account for."""
    store.audit(
        "register imported",
        "snapshot",
        written.snapshot_id,
        detail={
            "file": path.name,
            "shape": parsed.shape,
            "as_of": as_of.isoformat(),
            "pupils": len(parsed.pupils),
            "new_pupils": written.new_pupils,
            "left_pupils": written.left_pupils,
            "marks": written.marks,
            "warnings": warnings,
            "full_export": full_export,
            "leavers_confirmed": confirmed,
            "replaced_earlier_import": written.replaced,
        },
    )


def _parse(
    path: Path,
    sheet: str | None,
    mapping: dict[str, str] | None,
    as_of: date | None,
    code_book: CodeBook,
    tick: ProgressCallback,
) -> tuple[ParsedSheet, int]:
    """The first sheet that holds a register, and the sheet column its table starts in;
    with several sheets and none a register, the most telling refusal."""
    refusals: list[ImportRefused] = []
    for data in read_sheets(path, sheet):
        tick(0, 1, f"Checking {data.name}")
        try:
            return SheetParser(data, code_book, mapping, as_of, tick).parse(), data.first_column
        except ImportRefused as refusal:
            if _telling(refusal) == 0:
                raise  # this sheet holds the register, and it has errors
            refusals.append(refusal)
    if not refusals:
        raise refuse(path, "the file holds no sheets")
    raise min(refusals, key=_telling)


def _telling(refusal: ImportRefused) -> int:
    """Row-level errors say most, then a mapping to ask for, then 'no table'."""
    if isinstance(refusal, MappingNeeded):
        return 1
    if any(problem.row is not None for problem in refusal.errors):
        return 0
    return 2


def _dates(
    path: Path, parsed: ParsedSheet, given: date | None
) -> tuple[date, date | None, list[Problem]]:
    """The as-of date: given, else the title's last date, else the last mark, else the
    file's own date (with a warning saying so)."""
    titles = parsed.title_dates
    period_start = titles[0] if len(titles) >= 2 else parsed.first_mark
    if given is not None:
        return given, period_start, []
    if parsed.shape != SUMMARY and parsed.as_of is not None:
        return parsed.as_of, period_start, []
    if titles:
        return titles[-1], period_start, []
    modified = datetime.fromtimestamp(path.stat().st_mtime).astimezone().date()
    message = (
        f"the sheet gives no date for its figures: taken as {modified:%d/%m/%Y}, the date the "
        "file was saved (use --as-of to set it)"
    )
    return modified, period_start, [Problem(parsed.sheet, None, None, message, WARNING)]


def school_year_start(on: date) -> date:
    """1 September of the school year `on` belongs to (August is the summer after it)."""
    return date(on.year if on >= date(on.year, 9, 1) else on.year - 1, 9, 1)


def _joined_after(parsed: ParsedSheet, start: date | None) -> int:
    """How many pupils' entry dates fall after an assumed period start."""
    if start is None:
        return 0
    entries = (record.details.get("entry_date") for record in parsed.pupils)
    return sum(1 for entry in entries if isinstance(entry, date) and entry > start)


def _changed_options(earlier: ImportResult, given: dict[str, object]) -> list[str]:
    """The options given now that differ from those the earlier import of the file used."""
    used = {
        "as_of": earlier.as_of,
        "sheet": earlier.sheet,
        "period_start": earlier.period_start,
        "mapping": earlier.mapping,
    }
    return [key for key, value in given.items() if value is not None and value != used[key]]


def _held_leavers(report: QualityReport) -> int:
    """How many pupils an import did not mark as left until the leavers are confirmed."""
    return report.leavers_unconfirmed + report.missing_year_pupils or report.looks_partial


def _earlier_import(store: Store, sha256: str) -> ImportResult | None:
    row = store.db.execute_sql(
        "SELECT id, shape, pupil_count, mark_count, as_of, report, sheet, period_start "
        "FROM snapshot WHERE sha256 = ?",
        (sha256,),
    ).fetchone()
    if row is None:
        return None
    snapshot_id, shape, pupils, marks, as_of, report_json, sheet, started = row
    stored = json.loads(report_json) if report_json else {}
    return ImportResult(
        snapshot_id=snapshot_id,
        duplicate=True,
        shape=shape,
        pupils=pupils,
        new_pupils=0,
        left_pupils=0,
        marks=marks,
        as_of=date.fromisoformat(str(as_of)[:10]),
        warnings=[],
        report=_stored_report(report_json),
        seconds=0.0,
        sheet=sheet,
        mapping=dict(stored.get("mapping") or {}),
        period_start=date.fromisoformat(str(started)[:10]) if started else None,
    )


def _stored_report(text: str | None) -> QualityReport:
    if not text:
        return QualityReport()
    data = json.loads(text)
    known = QualityReport.__dataclass_fields__
    return QualityReport(**{key: value for key, value in data.items() if key in known})
