"""The pupil table as a spreadsheet: Excel with the band colours and a sheet per cohort, or CSV.

Names, groups and codes come from an MIS export that anyone could have typed into, so a cell
that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage
return) is written as text: in Excel as a text cell with a quote prefix, in CSV behind a
leading apostrophe. Genuine numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.reports.cohorts import (
    NOT_RECORDED,
    CohortRow,
    cohort_table,
    dimension,
)
from woodrush_desktop.reports.rows import FiguresRow, PupilInfo
from woodrush_desktop.services.pupils import PupilRow

log = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0"
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


class ExportError(Exception):
    """The export could not be written (a folder that does not exist, a full disk)."""


def is_dangerous(text: str) -> bool:
    """Would a spreadsheet treat this text as a formula? Plain numbers like -3.5 are safe."""
    return bool(text) and text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text)


def neutralise(text: str) -> str:
    """The text as a CSV cell a spreadsheet shows as typed and never runs."""
    return "'" + text if is_dangerous(text) else text


def set_cell(cell: Cell, value: Any) -> None:
    """Write a value to an Excel cell; text that looks like a formula stays text.

    Control characters, which Excel cannot store, are dropped (they arrive from MIS exports
    now and then, pasted into a name).
    """
    if isinstance(value, Fraction):
        value = float(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and (cell.data_type == "f" or is_dangerous(value)):
        cell.data_type = "s"
        cell.quotePrefix = True


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[PupilRow], Any]
    width: int = 12
    number_format: str | None = None


def _percent(row: PupilRow) -> float | None:
    return round(float(row.percentage), 4) if row.percentage is not None else None


def _change(row: PupilRow) -> float | None:
    return round(float(row.change), 4) if row.change is not None else None


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def columns(policy: Policy) -> list[Column]:
    def band_label(key: str | None) -> str:
        if key is None:
            return ""
        try:
            return policy.band(key).label
        except KeyError:
            return key

    def group_labels(row: PupilRow) -> str:
        labels = []
        for key in row.groups:
            try:
                labels.append(policy.group(key).label)
            except KeyError:
                labels.append(key)
        return "; ".join(labels)

    def counts(name: str) -> Callable[[PupilRow], int | None]:
        return lambda row: getattr(row.counts, name) if row.counts else None

    return [
        Column("UPN", lambda row: row.upn, 16),
        Column("Admission no.", lambda row: row.admission_number, 12),
        Column("Surname", lambda row: row.surname, 18),
        Column("Forename", lambda row: row.forename, 16),
        Column("Year", lambda row: row.year, 6),
        Column("Reg group", lambda row: row.reg_group, 10),
        Column("Gender", lambda row: row.gender, 8),
        Column("SEN", lambda row: row.sen_status, 6),
        Column("Possible", counts("possible"), 9),
        Column("Attended", counts("attended"), 9),
        Column("Authorised", counts("authorised"), 10),
        Column("Unauthorised", counts("unauthorised"), 12),
        Column("Attendance %", _percent, 12, PERCENT_FORMAT),
        Column("Band", lambda row: band_label(row.band), 28),
        Column("DfE persistent", lambda row: _yes_no(row.dfe_persistent), 9),
        Column("Change (points)", _change, 10, PERCENT_FORMAT),
        Column("Previous band", lambda row: band_label(row.previous_band), 28),
        Column("Groups", group_labels, 30),
        Column("FSM / pupil premium", lambda row: _yes_no(row.fsm), 10),
        Column("Unauthorised, last 10 weeks", lambda row: row.penalty_current, 12),
        Column("Penalty threshold met", lambda row: row.penalty_met_on, 12, DATE_FORMAT),
        Column("Last letter", lambda row: (row.last_letter_kind or "").replace("_", " "), 20),
        Column("Last letter date", lambda row: row.last_letter_on, 12, DATE_FORMAT),
        Column("As of", lambda row: row.as_of, 12, DATE_FORMAT),
    ]


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, int):
        return str(value)
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def to_csv(rows: Iterable[PupilRow], policy: Policy) -> str:
    """The table as CSV text (dates DD/MM/YYYY, percentages to two places)."""
    chosen = columns(policy)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in chosen])
    for row in rows:
        writer.writerow([_csv_value(column.value(row)) for column in chosen])
    return buffer.getvalue()


def export_csv(rows: Sequence[PupilRow], policy: Policy, path: Path) -> int:
    """Write the CSV with a byte-order mark, so Excel opens it as UTF-8. Returns rows written."""
    text = to_csv(rows, policy)
    write_file(path, text.encode("utf-8-sig"))
    log.info("exported %d pupils to CSV", len(rows))
    return len(rows)


def write_file(path: Path, data: bytes) -> None:
    """Write through a temporary file beside the target, so a failure leaves no half file."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(
            f"cannot write {path}: {error.strerror or error}. Choose another folder, or free "
            "some space, and export again."
        ) from error


def sheet_title(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: 31 characters, none of []:*?/\\, unique in the book."""
    base = _SHEET_FORBIDDEN.sub("-", text).strip("'") or "Sheet"
    base = base[:31]
    title = base
    counter = 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(title.lower())
    return title


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def _write_table(sheet: Any, rows: Sequence[PupilRow], policy: Policy) -> None:
    chosen = columns(policy)
    band_column = next(i for i, column in enumerate(chosen, 1) if column.header == "Band")
    percent_column = next(
        i for i, column in enumerate(chosen, 1) if column.header == "Attendance %"
    )
    for index, column in enumerate(chosen, 1):
        cell = sheet.cell(row=1, column=index)
        set_cell(cell, column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    fills = {band.key: _fill(band.colour) for band in policy.bands}
    for row_number, row in enumerate(rows, 2):
        for index, column in enumerate(chosen, 1):
            cell = sheet.cell(row=row_number, column=index)
            set_cell(cell, column.value(row))
            if column.number_format:
                cell.number_format = column.number_format
        if row.band in fills:
            sheet.cell(row=row_number, column=band_column).fill = fills[row.band]
            sheet.cell(row=row_number, column=percent_column).fill = fills[row.band]
    sheet.freeze_panes = "E2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(chosen))}{len(rows) + 1}"


def _as_report_rows(rows: Sequence[PupilRow]) -> tuple[dict[int, PupilInfo], list[FiguresRow]]:
    pupils = {}
    figures = []
    for row in rows:
        pupils[row.id] = PupilInfo(
            id=row.id,
            surname=row.surname,
            forename=row.forename,
            upn=row.upn,
            year=row.year,
            reg_group=row.reg_group,
            gender=row.gender,
            sen_status=row.sen_status,
            medical=row.medical,
            social_worker=row.social_worker,
            looked_after=row.looked_after,
            fsm=row.fsm,
            groups=row.groups,
        )
        if row.counts is not None:
            figures.append(FiguresRow(0, row.id, row.counts))
    return pupils, figures


def _write_summary(sheet: Any, rows: Sequence[PupilRow], policy: Policy) -> None:
    pupils, figures = _as_report_rows(rows)
    table = cohort_table(pupils, figures, policy)
    headers = ["Cohort", "Group", "Pupils", "Attendance %", "DfE persistent"]
    headers += [band.label for band in policy.bands]
    for index, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=index)
        set_cell(cell, header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 22 if index <= 2 else 12
    for index, band in enumerate(policy.bands, 6):
        sheet.cell(row=1, column=index).fill = _fill(band.colour)
        sheet.cell(row=1, column=index).font = Font(bold=True, color="000000")
    for row_number, cohort in enumerate([table.school, *table.rows], 2):
        _write_cohort_row(sheet, row_number, cohort, policy)
    sheet.freeze_panes = "C2"


def _write_cohort_row(sheet: Any, row_number: int, cohort: CohortRow, policy: Policy) -> None:
    figures = cohort.now
    values: list[Any] = [
        cohort.dimension_label,
        cohort.value,
        figures.pupils,
        float(figures.percentage) if figures.percentage is not None else None,
        figures.dfe_persistent,
    ]
    values += [figures.band_counts.get(band.key, 0) for band in policy.bands]
    for index, value in enumerate(values, 1):
        cell = sheet.cell(row=row_number, column=index)
        set_cell(cell, value)
        if index == 4:
            cell.number_format = "0.00"


def build_workbook(rows: Sequence[PupilRow], policy: Policy, cohort: str = "year") -> Workbook:
    """All pupils, a summary of every cohort, then one sheet per group of `cohort`."""
    split = dimension(cohort)
    book = Workbook()
    taken: set[str] = set()
    everyone = book.active
    everyone.title = sheet_title("All pupils", taken)
    _write_table(everyone, rows, policy)
    _write_summary(book.create_sheet(sheet_title("Cohorts", taken)), rows, policy)
    pupils, _ = _as_report_rows(rows)
    groups: dict[str, list[PupilRow]] = {}
    for row in rows:
        groups.setdefault(split.value_of(pupils[row.id]) or NOT_RECORDED, []).append(row)
    for value in sorted(groups, key=lambda value: _group_order(split.key, value)):
        _write_table(book.create_sheet(sheet_title(value, taken)), groups[value], policy)
    return book


def _group_order(key: str, value: str) -> tuple:
    if value == NOT_RECORDED:
        return (2, 0, "")
    if key == "year":
        return (0, int(value.split()[-1]), "")
    return (1, 0, value)


def export_xlsx(rows: Sequence[PupilRow], policy: Policy, path: Path, cohort: str = "year") -> int:
    """Write the Excel workbook. Returns the number of pupils written."""
    book = build_workbook(rows, policy, cohort)
    buffer = io.BytesIO()
    book.save(buffer)
    write_file(path, buffer.getvalue())
    log.info("exported %d pupils to Excel in %d sheets", len(rows), len(book.sheetnames))
    return len(rows)
