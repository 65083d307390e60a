"""Synthetic register exports written the way spreadsheet programs write them, and a dump of
the whole database to prove a refused import changed nothing. No real pupils anywhere."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import xlwt

from woodrush_desktop.domain.upn import make_upn

Rows = list[list[Any]]


def upn(serial: int) -> str:
    return make_upn(820, 4000, 26, serial)


def write_xlsx(path: Path, rows: Rows, sheet: str = "Sheet1", merged: list[str] = ()) -> Path:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for cells in merged:
        worksheet.merge_cells(cells)
    workbook.save(path)
    return path


def write_xls(path: Path, rows: Rows, sheet: str = "Sheet1") -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    worksheet = workbook.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                worksheet.write(r, c, datetime(value.year, value.month, value.day), date_style)
            elif value is not None:
                worksheet.write(r, c, value)
    workbook.save(str(path))
    return path


def _ods_cell(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return (
            '<table:table-cell office:value-type="boolean" '
            f'office:boolean-value="{str(value).lower()}"><text:p>{value}</text:p>'
            "</table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'


def write_ods(path: Path, rows: Rows, sheet: str = "Sheet1") -> Path:
    """An OpenDocument spreadsheet written by hand: the few parts a reader needs."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(value) for value in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def write_csv(
    path: Path,
    rows: Rows,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                "" if value is None else f"{value:%d/%m/%Y}" if isinstance(value, date) else value
                for value in row
            ]
        )
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


WRITERS = {".xlsx": write_xlsx, ".xlsm": write_xlsx, ".xls": write_xls, ".ods": write_ods}


def write_any(path: Path, rows: Rows, **options: Any) -> Path:
    if path.suffix == ".csv":
        return write_csv(path, rows, **options)
    return WRITERS[path.suffix](path, rows, **options)


SUMMARY_HEADINGS = [
    "Surname",
    "Forename",
    "Reg",
    "Year",
    "UPN",
    "Possible Sessions",
    "Present",
    "AEA",
    "Auth Abs",
    "Unauth Abs",
    "Attendance %",
]


def summary_rows(titles: bool = True) -> Rows:
    """Four pupils (with a name that needs more than ASCII) under two title rows, a totals
    row and a blank row, as LibreOffice saves a SIMS summary: whole numbers as floats."""
    rows: Rows = []
    if titles:
        rows += [
            ["Woodrush High School - Attendance by Pupil"],
            ["Date range: 01/09/2026 to 20/11/2026"],
        ]
    rows += [
        SUMMARY_HEADINGS,
        ["Nguyễn", "Zoë", "7A", 7.0, upn(1), 25.0, 23.0, 1.0, 0.0, 1.0, 0.96],
        ["O'Brien", "Siobhán", "8B", 8.0, upn(2), 25.0, 22.0, 1.0, 0.0, 2.0, "92.0%"],
        [],
        ["Smith", "Rahim", "9C", 9.0, upn(3), 50.0, 45.0, 0.0, 1.0, 4.0, 0.9],
        ["Müller", "Niamh", "10D", 10.0, upn(4), 0.0, 0.0, 0.0, 0.0, 0.0, ""],
        ["Total", "", "", "", "", 100.0, 90.0, 2.0, 1.0, 7.0, 0.92],
    ]
    return rows


def school_days(start: date, count: int) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


DEMO_DETAILS = [
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
    "Contact 1 Name",
    "Contact 1 Relationship",
    "Contact 1 Address",
    "Contact 1 Email",
    "Contact 1 Phone",
    "Contact 1 Parental Responsibility",
    "Contact 2 Name",
    "Contact 2 Relationship",
    "Contact 2 Address",
    "Contact 2 Email",
    "Contact 2 Phone",
    "Contact 2 Parental Responsibility",
]


def demo_pupil(serial: int, *, social_worker: str = "N") -> list[Any]:
    return [
        upn(serial),
        f"{1000 + serial}",
        f"Testpupil{serial}",
        f"Alex{serial}",
        "",
        f"Al{serial}" if serial % 2 else "",
        date(2013, 1 + serial % 12, 1 + serial % 27),
        "F" if serial % 2 else "M",
        8,
        "8W",
        date(2024, 9, 4),
        "K" if serial == 1 else "N",
        "Asthma" if serial == 2 else "",
        social_worker,
        "Y" if serial == 3 else "N",
        "Y" if serial % 2 else "N",
        f"Carer{serial} Testpupil{serial}",
        "Mother",
        f"{serial} Example Road\nTestville\nB47 5JW",
        f"carer{serial}@example.invalid",
        "0121 000 0000",
        "Y",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def demo_rows(
    pupils: dict[int, list[str]], days: list[date], social: set[int] = frozenset()
) -> Rows:
    """The demo school's export shape: two titles, a blank row, details, then sessions."""
    headings = [f"{day:%d/%m/%Y} {half}" for day in days for half in ("AM", "PM")]
    rows: Rows = [
        ["Woodrush High School – Attendance marks"],
        [f"Marks from {days[0]:%d/%m/%Y} to {days[-1]:%d/%m/%Y}"],
        [],
        DEMO_DETAILS + headings,
    ]
    for serial, marks in pupils.items():
        flag = "Y" if serial in social else "N"
        rows.append(demo_pupil(serial, social_worker=flag) + list(marks))
    return rows


def dump(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare a database before and after."""
    connection = store.db.connection()
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        for table in tables
    }
