"""Reading a file into rows of cells: spreadsheets through python-calamine, CSV by hand.

Whatever the format, a sheet comes back as a rectangular list of rows of plain Python values
(str, float, int, bool, date, datetime; '' for an empty cell) with the offset of its first
cell, so problems can name the row and column a spreadsheet program would show.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from woodrush_desktop.importing.problems import ImportRefused, Problem, column_letter

MAX_COLUMNS = 4_000
MAX_ROWS = 2_000_000
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
_SNIFF_LINES = 60
_SNIFF_CHARS = 256 * 1024
_UTF8_TEXT = re.compile("[^\x00-\x7f\ufffd]")  # a character that UTF-8 encoded


@dataclass
class SheetData:
    """One sheet's cells. `first_row`/`first_column` are 0-based offsets of `rows[0][0]`."""

    name: str
    rows: list[list[Any]]
    first_row: int = 0
    first_column: int = 0
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    """Warnings found while reading: (index into rows, column index, message)."""

    def row_number(self, index: int) -> int:
        """The 1-based row number a spreadsheet program shows for `rows[index]`."""
        return self.first_row + index + 1


def refuse(path: Path, message: str, sheet: str | None = None) -> ImportRefused:
    return ImportRefused([Problem(sheet, None, None, f"{path.name}: {message}")])


def sniff_kind(path: Path) -> str:
    """What the file really is, from its first bytes: 'workbook', 'csv', or a refusal."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise refuse(path, "the file does not exist") from None
    except IsADirectoryError:
        raise refuse(path, "this is a folder, not a file") from None
    except OSError as error:
        raise refuse(path, f"the file cannot be read ({error.strerror})") from None
    if not head:
        raise refuse(path, "the file is empty (0 bytes): export the register again")
    if head.startswith(b"%PDF"):
        raise refuse(
            path, "this is a PDF document, not a spreadsheet: export the register as Excel or CSV"
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        _check_zip(path)
        return "workbook"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "workbook"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        raise refuse(
            path,
            "this is a web page or XML file with a spreadsheet's name; open it in your "
            "spreadsheet program and save it as .xlsx or .csv",
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"
    if b"\x00" in head:
        raise refuse(path, "this is not a spreadsheet or a CSV file (it holds binary data)")
    return "csv"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        damaged = "the file is damaged: it starts like a workbook but is not a complete one"
        raise refuse(path, damaged) from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names or "content.xml" in names:
        return
    if "word/document.xml" in names:
        raise refuse(path, "this is a Word document, not a spreadsheet")
    raise refuse(
        path, "this is a zip archive, not an Excel or OpenDocument workbook: unzip it first"
    )


def list_sheets(path: Path | str) -> list[str]:
    """The names of the worksheets in a file (a CSV file has one, named after the file)."""
    path = Path(path)
    if sniff_kind(path) == "csv":
        return [path.stem]
    workbook = _open_workbook(path)
    try:
        return _worksheet_names(workbook)
    finally:
        workbook.close()


def _open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        protected = "the workbook is protected by a password: save a copy without one"
        raise refuse(path, protected) from None
    except Exception as error:  # calamine raises several kinds for damaged files
        raise refuse(
            path, f"the workbook cannot be read ({type(error).__name__}: {error})"
        ) from None


def _worksheet_names(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    return [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


def read_sheets(path: Path, sheet: str | None = None) -> Iterator[SheetData]:
    """The sheets to consider, one at a time: the named one, or each worksheet in order."""
    if sniff_kind(path) == "csv":
        data = read_csv(path)
        if sheet not in (None, data.name):
            raise refuse(path, f"a CSV file has no sheet {sheet!r}; leave out the sheet name")
        yield data
        return
    workbook = _open_workbook(path)
    try:
        names = _worksheet_names(workbook)
        if sheet is not None and sheet not in names:
            raise refuse(
                path, f"there is no sheet {sheet!r}; the sheets are {', '.join(names) or 'none'}"
            )
        if not names:
            raise refuse(path, "the workbook has no worksheets")
        for name in [sheet] if sheet else names:
            yield _read_worksheet(path, workbook, name)
    finally:
        workbook.close()


def _read_worksheet(path: Path, workbook: python_calamine.CalamineWorkbook, name: str) -> SheetData:
    try:
        sheet = workbook.get_sheet_by_name(name)
        if sheet.width > MAX_COLUMNS:
            raise refuse(
                path,
                f"the sheet has {sheet.width:,} columns, more than any register export "
                f"({MAX_COLUMNS:,} at most); check it is the right file",
                name,
            )
        if sheet.height > MAX_ROWS:
            raise refuse(path, f"the sheet has {sheet.height:,} rows, more than {MAX_ROWS:,}", name)
        rows = sheet.to_python()
        start = sheet.start or (0, 0)
        fill_merged(rows, sheet.merged_cell_ranges or [], start)
    except ImportRefused:
        raise
    except Exception as error:
        raise refuse(path, f"the sheet cannot be read ({type(error).__name__})", name) from None
    return SheetData(name=name, rows=rows, first_row=start[0], first_column=start[1])


def fill_merged(
    rows: list[list[Any]],
    ranges: list[tuple[tuple[int, int], tuple[int, int]]],
    start: tuple[int, int],
) -> None:
    """Give every cell of a range merged down several rows its first cell's value, as the
    spreadsheet shows it: a registration group merged over its pupils belongs to each.

    Ranges within one row (a title across the table, a date over its AM and PM headings) are
    left as they are: the header reading already carries those to the right. `ranges` are
    calamine's ((first row, first column), (last row, last column)), counted from A1.
    """
    top, left = start
    for (first_row, first_column), (last_row, last_column) in ranges:
        if last_row == first_row:
            continue
        first_row, last_row = first_row - top, min(last_row - top, len(rows) - 1)
        first_column, last_column = first_column - left, last_column - left
        if first_row < 0 or first_column < 0 or first_row > last_row:
            continue
        if first_column >= len(rows[first_row]):
            continue
        value = rows[first_row][first_column]
        for index in range(first_row, last_row + 1):
            row = rows[index]
            for column in range(first_column, min(last_column, len(row) - 1) + 1):
                if row[column] == "":
                    row[column] = value


def csv_encoding(raw: bytes) -> tuple[str, bool]:
    """The codec of CSV text: UTF-8 with or without a byte-order mark, UTF-16 with one, or
    Windows-1252.

    A file that is UTF-8 but for a few bytes (one name pasted in from elsewhere) is read as
    Latin-1, a byte-for-byte stand-in, with True: its cells are decoded one by one after
    splitting (`decode_cells`), so one stray byte never turns every accented name to mojibake.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig", False  # with its byte-order mark or without
    if _UTF8_TEXT.search(raw.decode("utf-8", errors="replace")):
        return "latin-1", True
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return "latin-1", False
    return "cp1252", False


def _windows_1252(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return raw.decode("latin-1")


def decode_cells(rows: list[list[str]]) -> list[tuple[int, int, str]]:
    """Decode, in place, the cells of a mostly-UTF-8 file read as Latin-1: each as UTF-8, or
    as Windows-1252 with a warning naming the cell."""
    notes = []
    for index, row in enumerate(rows):
        for column, cell in enumerate(row):
            if cell.isascii():
                continue
            raw = cell.encode("latin-1")
            try:
                row[column] = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                row[column] = _windows_1252(raw)
                byte = raw[error.start]
                notes.append(
                    (
                        index,
                        column,
                        f"this cell is not UTF-8 like the rest of the file (byte 0x{byte:02X}); "
                        "it was read as Windows-1252: check its spelling in the app",
                    )
                )
    return notes


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the opening lines most consistently."""
    lines = text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        if not widths:
            continue
        width, frequency = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = width * frequency
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path) -> SheetData:
    """A CSV file's rows, read as a stream from the file (a 50 MB long list of marks must
    not be held as bytes, text and cells at once), each distinct cell text kept once."""
    raw = path.read_bytes()
    codec, mixed = csv_encoding(raw)
    line_ends = raw.count(b"\n")
    del raw
    errors = "replace" if codec == "utf-16" else "strict"
    same: dict[str, str] = {}
    with path.open(encoding=codec, errors=errors, newline="") as handle:
        delimiter = sniff_delimiter(handle.read(_SNIFF_CHARS))
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            rows = [list(map(same.setdefault, row, row)) for row in reader]
        except csv.Error as error:
            raise refuse(path, f"the CSV cannot be read ({error})") from None
    del same
    if not any(cell.strip() for row in rows for cell in row):
        raise refuse(path, "the file holds no text")
    width = max((len(row) for row in rows), default=0)
    if width > MAX_COLUMNS:
        raise refuse(path, f"the file has {width:,} columns, more than any register export")
    if len(rows) > MAX_ROWS:
        raise refuse(path, f"the file has {len(rows):,} rows, more than {MAX_ROWS:,}")
    if line_ends > len(rows) + 1:  # some cells span lines: addresses, or a stray quote
        _refuse_unclosed_quote(path, rows, delimiter)
    if rows and rows[-1] and rows[-1][-1].endswith(("\n", "\r")) and len(rows[-1]) < width:
        _refuse_quote_at_end(path, rows)
    notes = decode_cells(rows) if mixed else []
    if rows and rows[0] and rows[0][0].startswith("\ufeff"):  # a mixed file's byte-order mark
        rows[0][0] = rows[0][0][1:]
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return SheetData(name=path.stem, rows=rows, notes=notes)


def _refuse_quote_at_end(path: Path, rows: list[list[str]]) -> None:
    """Refuse a last row whose last cell runs, line end and all, to the end of the file:
    a quote opened there and never closed took in the rest of the row."""
    index, column = len(rows) - 1, len(rows[-1]) - 1
    message = (
        'a quote (") opened in this cell is never closed, so the rest of the row was read '
        "as this one cell: remove the stray quote or export the register again"
    )
    raise ImportRefused([Problem(path.stem, index + 1, column_letter(column), message)])


def _refuse_unclosed_quote(path: Path, rows: list[list[str]], delimiter: str) -> None:
    """Refuse a file in which one stray quote swallows the lines after it into one cell.

    A cell may span lines (an address does, commas and all), but a line inside a cell that
    splits into as many cells as a row of the table is a row that the quote swallowed.
    """
    widths = Counter(len(row) for row in rows)
    usual = max(widths.items(), key=lambda item: (item[1], item[0]))[0]
    enough = max(3, usual // 2)
    for index, row in enumerate(rows):
        for column, cell in enumerate(row):
            if "\n" not in cell and "\r" not in cell:
                continue
            lines = cell.splitlines()[1:]
            swallowed = sum(1 for line in lines if line.count(delimiter) + 1 >= enough)
            if swallowed:
                message = (
                    f'a quote (") opened in this cell is never closed on its line, so the '
                    f"{len(lines)} lines after it would be read as this one cell "
                    f"({swallowed} of them look like rows of the table): remove the stray "
                    "quote or export the register again"
                )
                where = Problem(path.stem, index + 1, column_letter(column), message)
                raise ImportRefused([where])
