"""From a sheet's cells to pupils with figures and marks, every problem located.

Nothing here touches the database: a sheet is read completely, and refused with all its
errors, before anything is written.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from woodrush_desktop.domain.attendance import Mark, SessionCounts, week_start
from woodrush_desktop.domain.codes import CodeBook, CodeClass
from woodrush_desktop.domain.upn import UpnStatus, check_upn
from woodrush_desktop.importing import values
from woodrush_desktop.importing.headers import (
    CONTACT_FIELDS,
    FIELD_LABELS,
    Layout,
    build_layout,
    find_header_row,
    guess_header_row,
    normalise_header,
    session_word,
    suggest,
)
from woodrush_desktop.importing.marks import GAP, UNKNOWN, MarkReader, Reading, Tally
from woodrush_desktop.importing.problems import (
    ImportRefused,
    MappingNeeded,
    Problem,
    Problems,
    column_name,
)
from woodrush_desktop.importing.reading import SheetData
from woodrush_desktop.importing.values import CellError, PercentCell

SUMMARY = "summary"
MARKS_GRID = "marks_grid"
MARKS_LONG = "marks_long"

IDENTITY_FIELDS = ("upn", "admission_number", "name", "legal_surname")
COUNT_FIELDS = ("possible", "present", "attended", "approved", "authorised", "unauthorised", "late")
DETAIL_FIELDS = (
    "upn",
    "admission_number",
    "legal_surname",
    "legal_forename",
    "preferred_surname",
    "preferred_forename",
    "date_of_birth",
    "year",
    "reg_group",
    "gender",
    "entry_date",
    "sen_status",
    "medical",
    "social_worker",
    "looked_after",
    "fsm",
)
FLAG_FIELDS = ("medical", "social_worker", "looked_after", "fsm", "sen_status")
# Details a blank cell leaves alone rather than clears: a pupil always has them, so a blank
# is a cell the export left out (or one under a merged cell), never a detail removed. Flags
# and preferred names are different: blank there means "no" and "none".
_GIVEN_WHEN_FILLED = frozenset({"date_of_birth", "entry_date", "year", "reg_group", "gender"})
_TOTALS_WORDS = ("total", "totals", "grandtotal", "average", "mean", "sum", "count", "overall")
_CALLBACK = Callable[[int, int, str], None]


@dataclass
class ContactRecord:
    priority: int
    name: str
    relationship: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    parental_responsibility: bool | None = None


@dataclass
class PupilRecord:
    """One pupil as the sheet gives them. `details` holds only the columns the sheet has."""

    row: int
    key: tuple[Any, ...]
    details: dict[str, Any]
    contacts: list[ContactRecord] | None = None
    counts: SessionCounts | None = None
    mis: PercentCell | None = None
    mis_percentage: Fraction | None = None
    tally: Tally | None = None
    codes: list[str] | None = None
    marks: list[tuple[str, str, str]] | None = None
    complete_codes: bool = True
    mark_count: int = 0
    unauthorised: list[Mark] = field(default_factory=list)

    @property
    def upn(self) -> str | None:
        return self.details.get("upn")


@dataclass
class ParsedSheet:
    shape: str
    sheet: str
    layout: Layout
    pupils: list[PupilRecord]
    problems: Problems
    title_dates: list[date]
    first_mark: date | None = None
    last_mark: date | None = None
    session_isos: list[str] = field(default_factory=list)
    session_names: list[str] = field(default_factory=list)
    school_weeks: list[date] = field(default_factory=list)
    gaps: int = 0
    unknown_codes: Counter[str] = field(default_factory=Counter)
    out_of_year: int = 0
    upn_warnings: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    unsplit_absences: bool = False
    as_of: date | None = None

    @property
    def has_contacts(self) -> bool:
        return bool(self.layout.contacts)

    @property
    def detail_fields(self) -> set[str]:
        present = {key for key in DETAIL_FIELDS if self.layout.has(key)}
        if self.layout.has("name"):
            present |= {"legal_surname", "legal_forename"}
        return present


def academic_year(on: date) -> tuple[date, date]:
    """1 August to 31 July, the school year containing `on`."""
    start_year = on.year if on.month >= 8 else on.year - 1
    return date(start_year, 8, 1), date(start_year + 1, 7, 31)


class SheetParser:
    """Reads one sheet. Use `parse()`; it raises ImportRefused or MappingNeeded."""

    def __init__(
        self,
        data: SheetData,
        code_book: CodeBook,
        mapping: dict[str, str] | None = None,
        as_of: date | None = None,
        progress: _CALLBACK | None = None,
    ) -> None:
        self.data = data
        self.rows = data.rows
        self.code_book = code_book
        self.mapping = mapping or {}
        self.as_of = as_of
        self.progress = progress
        self.problems = Problems(data.name)
        self.reader = MarkReader(code_book)
        self.seen: dict[tuple[Any, ...], PupilRecord] = {}
        self.pupils: list[PupilRecord] = []
        self._session_words: dict[str, str] = {}

    # -- the table and its shape

    def parse(self) -> ParsedSheet:
        layout = self._layout()
        for index, column, message in self.data.notes:
            where = self._column(layout, column)
            self.problems.warn(message, self._row_number(index), where, "encoding")
        shape = self._shape(layout)
        self._require(layout, shape)
        if layout.duplicates:
            self._check_duplicate_columns(layout)
        parsed = ParsedSheet(
            shape=shape,
            sheet=self.data.name,
            layout=layout,
            pupils=self.pupils,
            problems=self.problems,
            title_dates=self._title_dates(layout),
        )
        if shape == MARKS_GRID:
            self._read_grid(parsed)
        elif shape == MARKS_LONG:
            self._read_long(parsed)
        else:
            self._read_summary(parsed)
        if not self.pupils:
            self.problems.error(
                "the table has headings but no pupils below them",
                self._row_number(layout.header_index),
            )
        parsed.upn_warnings = self.problems.count("upn") + self.problems.count("upn-shape")
        self.problems.refuse_if_errors()
        self.problems.finish()
        return parsed

    def _row_number(self, index: int) -> int:
        return self.data.row_number(index)

    def _column(self, layout: Layout, column: int) -> str:
        header = layout.headers[column] if column < len(layout.headers) else ""
        return column_name(self.data.first_column + column, header or None)

    def _layout(self) -> Layout:
        index = find_header_row(self.rows, self.mapping)
        if index is None:
            guessed = guess_header_row(self.rows)
            if guessed is None:
                raise ImportRefused(
                    [
                        Problem(
                            self.data.name,
                            None,
                            None,
                            "no recognisable table: no row of headings such as UPN, Surname, "
                            "Possible or 01/09/2026 AM was found in the first rows",
                        )
                    ]
                )
            layout = build_layout(self.rows, guessed, self.mapping)
            self._need_mapping(layout, ["upn", "possible", "attended"])
        return build_layout(self.rows, index, self.mapping)

    def _shape(self, layout: Layout) -> str:
        if layout.sessions:
            return MARKS_GRID
        if layout.has("mark") or (layout.has("date") and layout.has("session")):
            return MARKS_LONG
        return SUMMARY

    def _require(self, layout: Layout, shape: str) -> None:
        missing = []
        if not any(layout.has(key) for key in IDENTITY_FIELDS):
            missing.append("upn")
        if shape == SUMMARY:
            if not layout.has("possible"):
                missing.append("possible")
            if not (
                layout.has("attended")
                or layout.has("present")
                or (layout.has("authorised") and layout.has("unauthorised"))
            ):
                missing.append("attended")
        elif shape == MARKS_LONG:
            for key in ("date", "mark"):
                if not layout.has(key):
                    missing.append(key)
            if not layout.has("session") and not self._dates_carry_times(layout):
                missing.append("session")
        if missing:
            self._need_mapping(layout, missing)

    def _dates_carry_times(self, layout: Layout) -> bool:
        column = layout.column("date")
        if column is None:
            return False
        for row in self.rows[layout.header_index + 1 : layout.header_index + 6]:
            cell = row[column] if column < len(row) else ""
            if hasattr(cell, "hour") and (cell.hour or cell.minute):
                return True
        return False

    def _need_mapping(self, layout: Layout, missing: list[str]) -> None:
        used = set(layout.mapped.values())
        for columns in layout.fields.values():
            used |= {layout.headers[column] for column in columns}
        suggestions = {key: suggest(layout.headers, key, used) for key in missing}
        labels = ", ".join(FIELD_LABELS[key] for key in missing)
        message = (
            f"these columns were not recognised: {labels}. Say which of the sheet's headings "
            "holds each, and the import can go ahead"
        )
        raise MappingNeeded(
            sheet=self.data.name,
            missing=missing,
            headers=[header for header in layout.headers if header],
            suggestions=suggestions,
            errors=[Problem(self.data.name, self._row_number(layout.header_index), None, message)],
        )

    def _check_duplicate_columns(self, layout: Layout) -> None:
        """A field headed twice is read from its first column. The same heading twice must
        agree in every row, or the file is refused: which of two Possible figures is right is
        not ours to guess. Two different headings for one field (Telephone and Mobile) may
        well differ: the later is only reported as not read."""
        header_row = self._row_number(layout.header_index)
        pairs = []
        for first, column in layout.duplicates:
            heading, earlier = layout.headers[column], self._column(layout, first)
            if normalise_header(heading) == normalise_header(layout.headers[first]):
                pairs.append((first, column))
                message = (
                    f"the heading {heading!r} is given twice (first in {earlier}): that "
                    "column is read, and this one must agree with it"
                )
            else:
                message = f"this column holds what {earlier} holds, and is not read"
            where = self._column(layout, column)
            self.problems.warn(message, header_row, where, "duplicate-heading")
        if not pairs:
            return
        for index, row in self._data_rows(layout):
            for first, column in pairs:
                ours = values.text(row[first]) if first < len(row) else ""
                theirs = values.text(row[column]) if column < len(row) else ""
                if ours.casefold() != theirs.casefold():
                    self.problems.error(
                        f"the heading {layout.headers[column]!r} is given twice, and in this "
                        f"row this column differs from {self._column(layout, first)}: remove "
                        "the column that is wrong",
                        self._row_number(index),
                        self._column(layout, column),
                    )

    def _title_dates(self, layout: Layout) -> list[date]:
        session_columns = {column for column, _, _ in layout.sessions}
        found: list[date] = []
        for row in self.rows[: layout.header_index]:
            for column, cell in enumerate(row):
                if column in session_columns:
                    continue
                if isinstance(cell, str):
                    found.extend(values.dates_in_text(cell))
                elif isinstance(cell, date):
                    found.append(values.parse_date(cell))
        return sorted(day for day in found if day is not None)

    # -- pupils

    def _data_rows(self, layout: Layout) -> list[tuple[int, list[Any]]]:
        header_keys = [normalise_header(cell) for cell in layout.headers]
        first = next((column for column, key in enumerate(header_keys) if key), 0)
        rows = []
        for index in range(layout.header_index + 1, len(self.rows)):
            row = self.rows[index]
            if _blank_row(row):
                continue
            if _repeats_headings(row, first, layout.headers[first], header_keys):
                continue  # the headings again, as printed at the top of every page
            rows.append((index, row))
        return rows

    def _pupil(self, layout: Layout, index: int, row: list[Any]) -> PupilRecord | None:
        """The pupil a row names, or None for a totals row or a note under the table."""
        number = self._row_number(index)
        details: dict[str, Any] = {}

        def cell(key: str) -> Any:
            column = layout.column(key)
            return row[column] if column is not None and column < len(row) else ""

        upn = values.identifier(cell("upn"))
        if upn:
            upn = upn.upper()
            details["upn"] = upn
            check = check_upn(upn)
            if not check.ok:
                kind = "upn" if check.status is UpnStatus.WRONG_CHECK_LETTER else "upn-shape"
                self.problems.warn(
                    check.explain(), number, self._column(layout, layout.column("upn")), kind
                )
        admission = values.identifier(cell("admission_number"))
        if admission:
            details["admission_number"] = admission
        surname = self._name(layout, row, number, "legal_surname")
        forename = self._name(layout, row, number, "legal_forename")
        if not surname and layout.has("name"):
            try:
                surname, forename = values.split_name(cell("name"))
            except CellError as error:
                self.problems.error(str(error), number, self._column(layout, layout.column("name")))
        if surname or forename:
            details["legal_surname"] = surname
            details["legal_forename"] = forename
        if not (upn or admission or surname):
            return None
        self._read_details(layout, row, number, details)
        if upn:
            key: tuple[Any, ...] = ("upn", upn)
        elif admission:
            key = ("admission", admission)
        else:
            key = ("name", surname.casefold(), forename.casefold(), details.get("date_of_birth"))
        record = PupilRecord(row=number, key=key, details=details)
        if layout.contacts:
            record.contacts = self._contacts(layout, row, number)
        return record

    def _name(self, layout: Layout, row: list[Any], number: int, key: str) -> str:
        """A legal name cell; one that cannot be a name refuses the file, located."""
        column = layout.column(key)
        if column is None or column >= len(row):
            return ""
        try:
            return values.name(row[column])
        except CellError as error:
            self.problems.error(str(error), number, self._column(layout, column))
            return ""

    def _totals_row(self, layout: Layout, row: list[Any]) -> bool:
        """A totals or averages row under (or within) the table: a label such as 'Total' or
        'Average' in the identifier column, or no identifier and such a label in one of the
        first text cells. (No UPN or admission number reads as a totals word.)"""
        for key in ("upn", "admission_number"):
            column = layout.column(key)
            if column is not None and column < len(row) and not values.is_blank(row[column]):
                return _is_totals(values.text(row[column]), "")
        session_columns = {column for column, _, _ in layout.sessions}
        labels = [
            cell
            for column, cell in enumerate(row[:12])
            if column not in session_columns and isinstance(cell, str) and cell.strip()
        ]
        return any(_is_totals(label, "") for label in labels[:3])

    def _read_details(
        self, layout: Layout, row: list[Any], number: int, details: dict[str, Any]
    ) -> None:
        readers: dict[str, Callable[[Any], Any]] = {
            "preferred_surname": lambda value: values.name(value) or None,
            "preferred_forename": lambda value: values.name(value) or None,
            "date_of_birth": values.parse_date,
            "entry_date": values.parse_date,
            "year": values.year_group,
            "reg_group": lambda value: values.text(value) or None,
            "gender": lambda value: values.text(value)[:1].upper() or None,
            "sen_status": values.sen_status,
            "medical": lambda value: values.flag(value, free_text_is_yes=True),
            "looked_after": values.flag,
            "fsm": values.flag,
        }
        for key, reader in readers.items():
            column = layout.column(key)
            if column is None:
                continue
            cell = row[column] if column < len(row) else ""
            if key in _GIVEN_WHEN_FILLED and values.is_blank(cell):
                continue  # not given: the pupil's record keeps what it had
            try:
                details[key] = reader(cell)
            except CellError as error:
                self.problems.warn(
                    f"{error}; the pupil's record keeps what it had",
                    number,
                    self._column(layout, column),
                    "detail",
                )
        social = layout.fields.get("social_worker")
        if social:
            flags = []
            for column in social:
                try:
                    flags.append(values.flag(row[column], free_text_is_yes=True))
                except CellError as error:
                    self.problems.warn(str(error), number, self._column(layout, column), "detail")
            details["social_worker"] = any(flags)

    def _contacts(self, layout: Layout, row: list[Any], number: int) -> list[ContactRecord]:
        found = []
        for priority in sorted(layout.contacts):
            columns = layout.contacts[priority]
            cells = {
                part: row[columns[part]] if part in columns and columns[part] < len(row) else ""
                for part in CONTACT_FIELDS
            }
            name = " ".join(values.text(cells["name"]).split())
            if not name:
                continue
            responsibility = None
            if "parental_responsibility" in columns:
                try:
                    responsibility = values.flag(cells["parental_responsibility"])
                except CellError as error:
                    column = self._column(layout, columns["parental_responsibility"])
                    self.problems.warn(str(error), number, column, "detail")
            found.append(
                ContactRecord(
                    priority=priority,
                    name=name,
                    relationship=values.text(cells["relationship"]) or None,
                    address=values.multiline(cells["address"]),
                    email=values.text(cells["email"]) or None,
                    phone=values.text(cells["phone"]) or None,
                    parental_responsibility=responsibility,
                )
            )
        return found

    def _admit(self, record: PupilRecord, same: Callable[[PupilRecord], bool]) -> bool:
        """Keep a pupil unless the sheet already had them: refused if their figures differ."""
        earlier = self.seen.get(record.key)
        if earlier is None:
            self.seen[record.key] = record
            self.pupils.append(record)
            return True
        if same(earlier):
            self.problems.warn(
                f"the same pupil as row {earlier.row}, with the same figures: counted once",
                record.row,
                None,
                "duplicate",
            )
        else:
            self.problems.error(
                f"the same pupil as row {earlier.row} ({_describe_key(record.key)}) appears "
                "again with different figures; remove one of the two rows",
                record.row,
            )
        return False

    def _after_as_of(
        self, what: str, as_of: date, count: int, kind: str, row: int, column: str
    ) -> None:
        """Refuse marks later than the as-of date given: counted, they would make the figures
        describe a later date than the snapshot says; dropped, they would vanish unseen."""
        self.problems.error(
            f"{what} is after the as-of date {as_of:%d/%m/%Y} ({count} {kind} are): "
            "give an as-of date on or after the last mark, or leave it out to take it from "
            "the sheet",
            row,
            column,
        )
        self.problems.refuse_if_errors()

    def _no_identity(self, index: int) -> None:
        self.problems.error(
            "no pupil identity: the row has figures but no UPN, admission number or name",
            self._row_number(index),
        )

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and done % 250 == 0:
            self.progress(done, total, "Checking the rows")

    # -- summaries

    def _read_summary(self, parsed: ParsedSheet) -> None:
        layout = parsed.layout
        rows = self._data_rows(layout)
        for done, (index, row) in enumerate(rows):
            self._tick(done, len(rows))
            record = None if self._totals_row(layout, row) else self._pupil(layout, index, row)
            if record is None:
                if self._has_figures(layout, row) and not self._totals_row(layout, row):
                    self._no_identity(index)
                continue
            record.counts = self._summary_counts(parsed, layout, row, record.row)
            self._read_percentage(layout, row, record)
            if record.counts is not None:
                self._admit(record, lambda earlier, r=record: earlier.counts == r.counts)
        self._compare_percentages(parsed)

    def _read_percentage(self, layout: Layout, row: list[Any], record: PupilRecord) -> None:
        """The MIS's own percentage, when the sheet prints one, to compare with ours."""
        column = layout.column("percentage")
        if column is None or column >= len(row):
            return
        try:
            record.mis = values.percentage(row[column])
        except CellError as error:
            where = self._column(layout, column)
            self.problems.warn(f"{error}; not compared", record.row, where, "percent")

    def _has_figures(self, layout: Layout, row: list[Any]) -> bool:
        columns = [layout.column(key) for key in (*COUNT_FIELDS, "percentage")]
        return any(
            column is not None and column < len(row) and not values.is_blank(row[column])
            for column in columns
        )

    def _summary_counts(
        self, parsed: ParsedSheet, layout: Layout, row: list[Any], number: int
    ) -> SessionCounts | None:
        read: dict[str, int | None] = {}
        failed = False
        for key in COUNT_FIELDS:
            column = layout.column(key)
            if column is None:
                read[key] = None
                continue
            try:
                read[key] = values.count(row[column] if column < len(row) else "") or 0
            except CellError as error:
                self.problems.error(str(error), number, self._column(layout, column))
                failed = True
        if failed:
            return None
        return self._derive(parsed, layout, read, number)

    def _derive(
        self, parsed: ParsedSheet, layout: Layout, read: dict[str, int | None], number: int
    ) -> SessionCounts | None:
        """Counts that obey possible = present + AEA + authorised + unauthorised, reading
        `Attended` and `Present` the way MIS exports mean them (DOMAIN §7)."""
        possible = read["possible"] or 0
        approved, authorised, unauthorised = (
            read["approved"],
            read["authorised"],
            read["unauthorised"],
        )
        absences_known = authorised is not None and unauthorised is not None
        if read["present"] is not None:
            present = read["present"]
            if approved is None and read["attended"] is not None:
                approved = max(read["attended"] - present, 0)
            if approved is None:
                remainder = possible - present - (authorised or 0) - (unauthorised or 0)
                approved = remainder if absences_known and remainder > 0 else 0
        elif read["attended"] is not None:
            attended = read["attended"]
            if approved is None:
                present, approved = attended, 0
            elif absences_known and possible == attended + approved + authorised + unauthorised:
                present = attended
            else:
                present = max(attended - approved, 0)
                if attended < approved:
                    present = attended
        else:
            present = possible - (authorised or 0) - (unauthorised or 0) - (approved or 0)
            approved = approved or 0
            if present < 0:
                self.problems.error(
                    f"the absences and approved activity add up to more than the {possible} "
                    "possible sessions",
                    number,
                )
                return None
        attended = present + approved
        column = self._column(layout, layout.column("possible"))
        if attended > possible:
            self.problems.error(
                f"attended ({attended}) is greater than possible ({possible})", number, column
            )
            return None
        missed = possible - attended
        if authorised is None and unauthorised is None:
            parsed.unsplit_absences = True
            authorised = unauthorised = 0
        elif authorised is None:
            authorised = max(missed - unauthorised, 0)
        elif unauthorised is None:
            unauthorised = max(missed - authorised, 0)
        if not parsed.unsplit_absences and attended + authorised + unauthorised != possible:
            self.problems.warn(
                f"the counts do not add up: {attended} attended + {authorised} authorised + "
                f"{unauthorised} unauthorised is not the {possible} possible sessions",
                number,
                column,
                "identity",
            )
        late = read["late"] or 0
        return SessionCounts(
            possible=possible,
            present=present,
            approved=approved,
            authorised=authorised,
            unauthorised=unauthorised,
            late=late,
        )

    def _compare_percentages(self, parsed: ParsedSheet) -> None:
        """Recompute each pupil's percentage and report where the MIS's differs by more than
        its rounding. A column of bare numbers all at most 1 is a column of fractions."""
        records = [record for record in self.pupils if record.mis is not None]
        bare = [record.mis.value for record in records if not record.mis.scaled]
        fractions_column = bool(bare) and max(bare) <= 1
        column = self._column(parsed.layout, parsed.layout.column("percentage") or 0)
        for record in records:
            cell = record.mis
            value = cell.value * 100 if fractions_column and not cell.scaled else cell.value
            record.mis_percentage = value
            ours = record.counts.percentage() if record.counts else None
            if ours is None:
                if value != 0:
                    self.problems.warn(
                        f"the sheet gives {float(value):.1f}% but there are no possible "
                        "sessions to compute one from",
                        record.row,
                        column,
                        "percent",
                    )
                continue
            if abs(ours - value) > cell.rounding(fractions_column):
                self.problems.warn(
                    f"the sheet's {float(value):.1f}% differs from the {float(ours):.2f}% "
                    "recomputed from the session counts",
                    record.row,
                    column,
                    "percent",
                )
                parsed.disagreements.append(
                    {
                        "row": record.row,
                        "upn": record.upn,
                        "mis": round(float(value), 2),
                        "recomputed": round(float(ours), 2),
                    }
                )

    # -- marks, one column per session

    def _read_grid(self, parsed: ParsedSheet) -> None:
        layout = parsed.layout
        sessions = layout.sessions
        last = max(day for _, day, _ in sessions)
        parsed.as_of = self.as_of or _as_of(parsed.title_dates, last)
        later = [(column, day, name) for column, day, name in sessions if day > parsed.as_of]
        if later:
            column, day, name = min(later)
            self._after_as_of(
                f"the session {day:%d/%m/%Y} {name}",
                parsed.as_of,
                len(later),
                "sessions",
                self._row_number(layout.header_index),
                self._column(layout, column),
            )
        self._check_sessions_once(layout)
        year_start, year_end = academic_year(parsed.as_of)
        parsed.first_mark = min(day for _, day, _ in sessions)
        parsed.last_mark = last
        parsed.session_isos = [day.isoformat() for _, day, _ in sessions]
        parsed.session_names = [name for _, _, name in sessions]
        in_year_weeks = set()
        groups: dict[tuple[int, bool], list[int]] = {}
        for position, (column, day, name) in enumerate(sessions):
            inside = year_start <= day <= year_end
            if inside:
                in_year_weeks.add(week_start(day))
            else:
                parsed.out_of_year += 1
                self.problems.warn(
                    f"the session {day:%d/%m/%Y} {name} is outside the academic year "
                    f"{year_start:%d/%m/%Y}–{year_end:%d/%m/%Y}: stored, not counted",
                    self._row_number(layout.header_index),
                    self._column(layout, column),
                    "out-of-year",
                )
            groups.setdefault((self.reader.era(day), inside), []).append(position)
        parsed.school_weeks = sorted(in_year_weeks)
        columns = [column for column, _, _ in sessions]
        plan = [
            (era, inside, sessions[positions[0]][1], positions, _getter(columns, positions))
            for (era, inside), positions in groups.items()
        ]
        rows = self._data_rows(layout)
        for done, (index, row) in enumerate(rows):
            self._tick(done, len(rows))
            totals = self._totals_row(layout, row)
            record = None if totals else self._pupil(layout, index, row)
            if record is None:
                if not totals and any(not values.is_blank(row[column]) for column in columns):
                    self._no_identity(index)
                continue
            self._grid_marks(parsed, record, row, plan, len(sessions))
            self._read_percentage(layout, row, record)
            self._admit(record, lambda earlier, r=record: earlier.codes == r.codes)
        self._compare_percentages(parsed)

    def _check_sessions_once(self, layout: Layout) -> None:
        first_column: dict[tuple[date, str], int] = {}
        for column, day, name in layout.sessions:
            if (day, name) in first_column:
                earlier = self._column(layout, first_column[(day, name)])
                self.problems.error(
                    f"the session {day:%d/%m/%Y} {name} heads two columns (the first is "
                    f"{earlier}); remove one",
                    self._row_number(layout.header_index),
                    self._column(layout, column),
                )
            first_column.setdefault((day, name), column)

    def _grid_marks(
        self,
        parsed: ParsedSheet,
        record: PupilRecord,
        row: list[Any],
        plan: list[tuple[int, bool, date, list[int], Callable[[list[Any]], tuple[Any, ...]]]],
        width: int,
    ) -> None:
        tally = Tally()
        codes: list[str] = [""] * width if len(plan) > 1 else []
        complete = True
        for era, inside, sample_day, positions, getter in plan:
            cells = getter(row)
            readings: dict[Any, Reading] = {}
            unusual = unauthorised = False
            for raw, times in Counter(cells).items():
                reading = readings[raw] = self.reader.read(raw, sample_day, era)
                if inside:
                    tally.add(reading, times)
                if not reading.counted:
                    unusual = True
                elif reading.code_class is CodeClass.UNAUTHORISED:
                    unauthorised = True
            code_of = {
                raw: reading.code if reading.counted else "" for raw, reading in readings.items()
            }
            mapped = list(map(code_of.__getitem__, cells))
            if len(plan) > 1:
                for position, code in zip(positions, mapped, strict=True):
                    codes[position] = code
            else:
                codes = mapped
            if unusual:
                complete = False
                self._locate_unusual(parsed, record, cells, positions, readings, inside)
            if unauthorised and inside:
                record.unauthorised.extend(
                    Mark(parsed_day, parsed_name, readings[raw].code)
                    for raw, parsed_day, parsed_name in _unauthorised_cells(
                        cells, positions, readings, parsed.layout.sessions
                    )
                )
        record.tally = tally
        record.codes = codes
        record.complete_codes = complete
        record.mark_count = len(codes) if complete else sum(1 for code in codes if code)
        record.counts = counts_of(tally)
        parsed.gaps += tally.gaps
        parsed.unknown_codes.update(tally.unknown)

    def _locate_unusual(
        self,
        parsed: ParsedSheet,
        record: PupilRecord,
        cells: tuple[Any, ...],
        positions: list[int],
        readings: dict[Any, Reading],
        inside: bool,
    ) -> None:
        if not inside:
            return
        layout = parsed.layout
        for raw, position in zip(cells, positions, strict=True):
            reading = readings[raw]
            if reading.status not in (GAP, UNKNOWN):
                continue
            column, day, name = layout.sessions[position]
            where = self._column(layout, column)
            if reading.status == GAP:
                self.problems.warn(
                    f"no mark entered for {day:%d/%m/%Y} {name} ('-'): a gap, not counted",
                    record.row,
                    where,
                    "gap",
                )
            else:
                self.problems.warn(
                    f"'{reading.code}' is not a register code on {day:%d/%m/%Y}: not counted",
                    record.row,
                    where,
                    "unknown-code",
                )

    # -- marks, one row per pupil per session

    def _read_long(self, parsed: ParsedSheet) -> None:
        layout = parsed.layout
        date_column = layout.column("date")
        session_column = layout.column("session")
        mark_column = layout.column("mark")
        sub_column = layout.column("sub_code")
        dates: dict[Any, date | None] = {}
        readings: dict[tuple[Any, ...], dict[tuple[date, str], tuple[Reading, int, int]]] = {}
        identity_columns = [
            column
            for key in (*IDENTITY_FIELDS, "legal_forename", "date_of_birth")
            for column in layout.fields.get(key, [])[:1]
        ]
        known: dict[tuple[Any, ...], PupilRecord] = {}  # a pupil's rows repeat their details
        slots: dict[tuple[date, str], tuple[date, str]] = {}
        rows = self._data_rows(layout)
        for done, (index, row) in enumerate(rows):
            self._tick(done, len(rows))
            number = self._row_number(index)
            identity = tuple(row[column] for column in identity_columns)
            record = known.get(identity)
            if record is None:
                totals = self._totals_row(layout, row)
                record = None if totals else self._pupil(layout, index, row)
                if record is None:
                    if (
                        not totals
                        and mark_column is not None
                        and not values.is_blank(row[mark_column])
                    ):
                        self._no_identity(index)
                    continue
                if record.key in self.seen:
                    record = self.seen[record.key]
                else:
                    self.seen[record.key] = record
                    self.pupils.append(record)
                    readings[record.key] = {}
                known[identity] = record
            raw_date = row[date_column]
            if raw_date not in dates:
                try:
                    dates[raw_date] = values.parse_date(raw_date)
                except CellError as error:
                    self.problems.error(str(error), number, self._column(layout, date_column))
                    dates[raw_date] = None
                    continue
            day = dates[raw_date]
            if day is None:
                if not values.is_blank(raw_date):
                    self.problems.error(
                        f"{values.text(raw_date)!r} is not a date",
                        number,
                        self._column(layout, date_column),
                    )
                else:
                    self.problems.error(
                        "the date is blank", number, self._column(layout, date_column)
                    )
                continue
            session = self._long_session(layout, row, session_column, raw_date, number)
            if session is None:
                continue
            raw_mark = row[mark_column] if mark_column is not None else ""
            if sub_column is not None:
                reading = self.reader.read_pair(raw_mark, row[sub_column], day)
            else:
                reading = self.reader.read(raw_mark, day)
            slot = slots.get((day, session))
            if slot is None:  # one key per session, shared by every pupil's marks
                slot = slots[(day, session)] = (day, session)
            earlier = readings[record.key].get(slot)
            if earlier is not None:
                if earlier[0].code != reading.code:
                    self.problems.error(
                        f"{day:%d/%m/%Y} {session} is given twice for this pupil, as "
                        f"'{earlier[0].code}' in row {earlier[1]} and '{reading.code}' here",
                        number,
                        self._column(layout, mark_column),
                    )
                continue
            readings[record.key][slot] = (reading, number, mark_column)
        self._tally_long(parsed, readings)

    def _long_session(
        self,
        layout: Layout,
        row: list[Any],
        session_column: int | None,
        raw_date: Any,
        number: int,
    ) -> str | None:
        if session_column is None:
            if hasattr(raw_date, "hour"):
                return "AM" if raw_date.hour < 12 else "PM"
            self.problems.error(
                "the date has no time, and there is no session column",
                number,
                self._column(layout, layout.column("date") or 0),
            )
            return None
        raw = row[session_column]
        word = self._session_words.get(raw) if isinstance(raw, str) else None
        if word is None:
            word = session_word(raw)
            if isinstance(raw, str) and word is not None:
                self._session_words[raw] = word
        if word is None:
            self.problems.error(
                f"{values.text(row[session_column])!r} is not a session (AM or PM)",
                number,
                self._column(layout, session_column),
            )
        return word

    def _tally_long(
        self,
        parsed: ParsedSheet,
        readings: dict[tuple[Any, ...], dict[tuple[date, str], tuple[Reading, int, int]]],
    ) -> None:
        days = [day for marks in readings.values() for day, _ in marks]
        if not days:
            return
        parsed.first_mark, parsed.last_mark = min(days), max(days)
        parsed.as_of = self.as_of or _as_of(parsed.title_dates, parsed.last_mark)
        if parsed.last_mark > parsed.as_of:
            later = [
                (number, column, day)
                for marks in readings.values()
                for (day, _), (_, number, column) in marks.items()
                if day > parsed.as_of
            ]
            number, column, day = min(later)
            date_column = parsed.layout.column("date")
            column = date_column if date_column is not None else column
            where = self._column(parsed.layout, column)
            what = f"the mark for {day:%d/%m/%Y}"
            self._after_as_of(what, parsed.as_of, len(later), "marks", number, where)
        year_start, year_end = academic_year(parsed.as_of)
        weeks = set()
        mondays: dict[date, date] = {}
        isos = {day: day.isoformat() for day in set(days)}  # one string per day, not per mark
        for record in self.pupils:
            tally = Tally()
            stored = []
            for (day, session), (reading, number, column) in sorted(readings[record.key].items()):
                if reading.counted:
                    stored.append((isos[day], session, reading.code))
                if not year_start <= day <= year_end:
                    parsed.out_of_year += 1
                    self.problems.warn(
                        f"{day:%d/%m/%Y} is outside the academic year {year_start:%d/%m/%Y}–"
                        f"{year_end:%d/%m/%Y}: stored, not counted",
                        number,
                        self._column(parsed.layout, column),
                        "out-of-year",
                    )
                    continue
                if day not in mondays:
                    mondays[day] = week_start(day)
                    weeks.add(mondays[day])
                tally.add(reading)
                if reading.status == GAP:
                    self.problems.warn(
                        f"no mark entered for {day:%d/%m/%Y} {session} ('-'): a gap",
                        number,
                        self._column(parsed.layout, column),
                        "gap",
                    )
                elif reading.status == UNKNOWN:
                    self.problems.warn(
                        f"'{reading.code}' is not a register code on {day:%d/%m/%Y}",
                        number,
                        self._column(parsed.layout, column),
                        "unknown-code",
                    )
                elif reading.code_class is CodeClass.UNAUTHORISED:
                    record.unauthorised.append(Mark(day, session, reading.code))
            record.tally = tally
            record.marks = stored
            record.mark_count = len(stored)
            record.counts = counts_of(tally)
            parsed.gaps += tally.gaps
            parsed.unknown_codes.update(tally.unknown)
        parsed.school_weeks = sorted(weeks)


def _blank_row(row: list[Any]) -> bool:
    for cell in row:
        if cell is None or cell == "":
            continue
        if isinstance(cell, str) and not cell.strip():
            continue
        return False
    return True


def _repeats_headings(row: list[Any], first: int, heading: str, header_keys: list[str]) -> bool:
    cell = row[first] if first < len(row) else ""
    if not isinstance(cell, str) or cell.strip() != heading:
        return False
    return [normalise_header(value) for value in row] == header_keys


def _as_of(title_dates: list[date], last_mark: date) -> date:
    """The title's last date ('Marks from … to 27/11/2026'), unless the marks go further
    (a title giving only the start of the period)."""
    return max(title_dates[-1], last_mark) if title_dates else last_mark


def _getter(columns: list[int], positions: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    indices = [columns[position] for position in positions]
    if len(indices) == 1:
        only = indices[0]
        return lambda row: (row[only],)
    if indices == list(range(indices[0], indices[0] + len(indices))):
        start, stop = indices[0], indices[0] + len(indices)
        return lambda row: tuple(row[start:stop])
    return operator.itemgetter(*indices)


def _unauthorised_cells(
    cells: tuple[Any, ...],
    positions: list[int],
    readings: dict[Any, Reading],
    sessions: list[tuple[int, date, str]],
) -> list[tuple[Any, date, str]]:
    wanted = {
        raw for raw, reading in readings.items() if reading.code_class is CodeClass.UNAUTHORISED
    }
    return [
        (raw, sessions[position][1], sessions[position][2])
        for raw, position in zip(cells, positions, strict=True)
        if raw in wanted
    ]


def counts_of(tally: Tally) -> SessionCounts:
    by_class = tally.by_class
    return SessionCounts(
        possible=sum(count for code_class, count in by_class.items() if code_class.is_possible),
        present=by_class[CodeClass.PRESENT],
        approved=by_class[CodeClass.APPROVED],
        authorised=by_class[CodeClass.AUTHORISED],
        unauthorised=by_class[CodeClass.UNAUTHORISED],
        late=tally.late,
    )


def _is_totals(surname: str, forename: str) -> bool:
    words = normalise_header(f"{surname} {forename}")
    return words.startswith(_TOTALS_WORDS) or words in {"all", "allpupils", "wholeschool"}


def _describe_key(key: tuple[Any, ...]) -> str:
    if key[0] == "upn":
        return f"UPN {key[1]}"
    if key[0] == "admission":
        return f"admission number {key[1]}"
    return "the same name and date of birth"
