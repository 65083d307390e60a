"""Writing the demo school as an MIS mark export (.xlsx), the shape the importer reads.

One sheet, "Attendance": a title row, the range of marks, a blank row, the header row, then
one row per pupil with their details, two contacts and one column per session.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from woodrush_desktop.demo.marks import TermPlan, plan_marks
from woodrush_desktop.demo.roll import DemoContact, DemoPupil, build_roll, roll_summary
from woodrush_desktop.demo.term import (
    EARLIER_EXPORT,
    LATER_EXPORT,
    TERM_START,
    Session,
    resolve_as_of,
    term_sessions,
)
from woodrush_desktop.domain.attendance import Mark, count_marks, penalty_watch, week_start
from woodrush_desktop.domain.codes import default_code_book
from woodrush_desktop.domain.policy import default_policy
from woodrush_desktop.domain.upn import check_upn
from woodrush_desktop.progress import (
    CancelCheck,
    CancelledError,
    ProgressCallback,
    no_progress,
    raise_if_cancelled,
)

log = logging.getLogger(__name__)

SCHOOL_NAME = "Woodrush High School"
SHEET_TITLE = "Attendance"
HEADER_ROW = 4
DETAIL_HEADERS = (
    "UPN",
    "Adno",
    "Legal Surname",
    "Legal Forename",
    "Preferred Surname",
    "Preferred Forename",
    "DOB",
    "Gender",
    "Year",
    "Reg Group",
    "Admission Date",
    "SEN Status",
    "Medical Condition",
    "Social Worker",
    "Looked After",
    "FSM",
)
CONTACT_FIELDS = (
    "Name",
    "Relationship",
    "Address",
    "Email",
    "Phone",
    "Parental Responsibility",
)
CONTACT_HEADERS = tuple(
    f"Contact {number} {field}" for number in (1, 2) for field in CONTACT_FIELDS
)
HEADERS = DETAIL_HEADERS + CONTACT_HEADERS
DATE_FORMAT = "DD/MM/YYYY"


def demo_school(pupils: int = 1200, seed: int = 2026) -> tuple[list[DemoPupil], list[list[str]]]:
    """The roll and every pupil's marks for the whole term, the same for the same seed."""
    roll = build_roll(pupils, _generator(seed))
    term = TermPlan.for_sessions(term_sessions())
    marks = [plan_marks(pupil, term, _generator(seed * 100_003 + pupil.index)) for pupil in roll]
    return roll, marks


def _generator(seed: int) -> random.Random:
    """Each pupil's marks have their own generator, so no pupil's marks depend on another's."""
    return random.Random(seed)  # noqa: S311 - synthetic data, nothing secret


def write_demo_export(
    path: str | Path,
    *,
    pupils: int = 1200,
    as_of: date | None = None,
    seed: int = 2026,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> dict[str, Any]:
    """Write one export with marks up to `as_of`, and say what is in it.

    The summary has `pupils`, `sessions`, `as_of` (ISO), `path`, and counts by band, by
    group and of the cases an importer should notice, for the CLI's `--json`. Cancelling
    leaves no file behind and raises `CancelledError`.
    """
    started = time.perf_counter()
    last_day = resolve_as_of(as_of)
    school = demo_school(pupils, seed)
    report = _Reporter(progress or no_progress, cancelled, total=pupils)
    roll, marks, sessions = _up_to(school, last_day)
    path = Path(path)
    _write_workbook(path, roll, marks, sessions, last_day, report)
    summary = _summary(roll, marks, sessions, last_day)
    summary["path"] = str(path)
    log.info(
        "demo export written: %d pupils, %d sessions up to %s, seed %d, in %.2f s",
        summary["pupils"],
        summary["sessions"],
        summary["as_of"],
        seed,
        time.perf_counter() - started,
    )
    return summary


def write_demo_exports(
    folder: str | Path,
    *,
    seed: int = 2026,
    pupils: int = 1200,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> list[Path]:
    """The two weekly exports the demo imports, earlier first, so movers and trends show.

    The school is planned once and both files are cut from the same plan. Cancelling removes
    what was written and raises `CancelledError`.
    """
    started = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    school = demo_school(pupils, seed)
    report = _Reporter(progress or no_progress, cancelled, total=2 * pupils)
    paths: list[Path] = []
    try:
        for day in (EARLIER_EXPORT, LATER_EXPORT):
            path = folder / f"woodrush-demo-marks-{day:%Y-%m-%d}.xlsx"
            roll, marks, sessions = _up_to(school, day)
            _write_workbook(path, roll, marks, sessions, day, report)
            paths.append(path)
    except CancelledError:
        for path in paths:
            path.unlink(missing_ok=True)
        raise
    log.info(
        "demo exports written: %d pupils, seed %d, in %.2f s",
        pupils,
        seed,
        time.perf_counter() - started,
    )
    return paths


def _up_to(
    school: tuple[list[DemoPupil], list[list[str]]], last_day: date
) -> tuple[list[DemoPupil], list[list[str]], list[Session]]:
    """The pupils admitted by `last_day`, their marks and the sessions up to it."""
    on_roll = [
        (pupil, marks)
        for pupil, marks in zip(*school, strict=True)
        if pupil.admission_date <= last_day
    ]
    sessions = [session for session in term_sessions() if session.on <= last_day]
    return [pupil for pupil, _ in on_roll], [marks for _, marks in on_roll], sessions


class _Reporter:
    """Progress over the rows written, and the place where a cancel is noticed."""

    EVERY = 50

    def __init__(self, progress: ProgressCallback, cancelled: CancelCheck | None, total: int):
        self.progress = progress
        self.cancelled = cancelled
        self.total = total
        self.done = 0

    def row_written(self, last_day: date) -> None:
        self.done += 1
        if self.done % self.EVERY == 0 or self.done == self.total:
            raise_if_cancelled(self.cancelled)
            self.progress(
                self.done, self.total, f"Writing the demo export up to {last_day:%d/%m/%Y}"
            )


def _write_workbook(
    path: Path,
    roll: list[DemoPupil],
    marks: list[list[str]],
    sessions: list[Session],
    last_day: date,
    report: _Reporter,
) -> None:
    """Write to a temporary file beside `path` and rename it: never a half-written export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as handle:
            _build_workbook(roll, marks, sessions, last_day, report).save(handle)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _build_workbook(
    roll: list[DemoPupil],
    marks: list[list[str]],
    sessions: list[Session],
    last_day: date,
    report: _Reporter,
) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = f"E{HEADER_ROW + 1}"
    for column, width in (("A", 16), ("C", 20), ("D", 18), ("Q", 26), ("S", 28), ("W", 26)):
        sheet.column_dimensions[column].width = width
    title = WriteOnlyCell(sheet, f"{SCHOOL_NAME} – Attendance marks")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([f"Marks from {TERM_START:%d/%m/%Y} to {last_day:%d/%m/%Y}"])
    sheet.append([])
    bold = Font(bold=True)
    header_cells = []
    for text in (*HEADERS, *(session.header for session in sessions)):
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    wrap = Alignment(wrap_text=True, vertical="top")
    count = len(sessions)
    try:
        for pupil, pupil_marks in zip(roll, marks, strict=True):
            sheet.append([*_details(sheet, pupil, wrap), *pupil_marks[:count]])
            report.row_written(last_day)
    except CancelledError:
        sheet.close()  # ends openpyxl's row writer; its temporary file goes at exit
        raise
    return workbook


def _flag(value: bool | None) -> str | None:
    if value is None:
        return None
    return "Y" if value else "N"


def _date_cell(sheet, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = DATE_FORMAT
    return cell


def _details(sheet, pupil: DemoPupil, wrap: Alignment) -> list[Any]:
    row: list[Any] = [
        pupil.upn,
        pupil.admission_number,
        pupil.legal_surname,
        pupil.legal_forename,
        pupil.preferred_surname,
        pupil.preferred_forename,
        _date_cell(sheet, pupil.date_of_birth),
        pupil.gender,
        pupil.year,
        pupil.reg_group,
        _date_cell(sheet, pupil.admission_date),
        pupil.sen_status,
        _flag(pupil.medical),
        _flag(pupil.social_worker),
        _flag(pupil.looked_after),
        _flag(pupil.fsm),
    ]
    for number in range(2):
        contact = pupil.contacts[number] if number < len(pupil.contacts) else None
        row.extend(_contact_cells(sheet, contact, wrap))
    return row


def _contact_cells(sheet, contact: DemoContact | None, wrap: Alignment) -> list[Any]:
    if contact is None:
        return [None] * len(CONTACT_FIELDS)
    address = WriteOnlyCell(sheet, contact.address)
    address.alignment = wrap
    return [
        contact.name,
        contact.relationship,
        address,
        contact.email,
        contact.phone,
        _flag(contact.parental_responsibility),
    ]


def _summary(
    roll: list[DemoPupil], marks: list[list[str]], sessions: list[Session], last_day: date
) -> dict[str, Any]:
    """Counts computed from the marks as written, with the app's own arithmetic."""
    code_book = default_code_book()
    policy = default_policy()
    school_weeks = sorted({week_start(session.on) for session in sessions})
    bands: Counter[str] = Counter()
    penalty = Counter()
    gaps = unknown = 0
    for pupil, pupil_marks in zip(roll, marks, strict=True):
        pupil_marks_as_of = [
            Mark(session.on, session.half, code)
            for session, code in zip(sessions, pupil_marks, strict=False)
        ]
        tally = count_marks(pupil_marks_as_of, code_book)
        percentage = tally.counts.percentage()
        bands[policy.band_for(percentage).key if percentage is not None else "none"] += 1
        gaps += len(tally.gaps)
        unknown += len(tally.unknown)
        if tally.counts.unauthorised >= 10:
            watch = penalty_watch(pupil_marks_as_of, code_book, school_weeks)
            if watch.met:
                penalty["compulsory_age" if pupil.compulsory_age else "sixth_form"] += 1
    upn_problems = Counter(check_upn(pupil.upn).status.value for pupil in roll)
    return {
        "pupils": len(roll),
        "sessions": len(sessions),
        "as_of": last_day.isoformat(),
        "bands": {band.key: bands[band.key] for band in policy.bands},
        "years": dict(sorted(Counter(pupil.year for pupil in roll).items())),
        "groups": roll_summary(roll),
        "upns": dict(sorted(upn_problems.items())),
        "gaps": gaps,
        "unknown_codes": unknown,
        "penalty_watch": {
            "compulsory_age": penalty["compulsory_age"],
            "sixth_form": penalty["sixth_form"],
        },
        "contacts": sum(len(pupil.contacts) for pupil in roll),
    }
