"""The export's layout: what the importer is being written against, cell by cell."""

import re
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

HEADERS = [
    "UPN", "Adno", "Legal Surname", "Legal Forename", "Preferred Surname",
    "Preferred Forename", "DOB", "Gender", "Year", "Reg Group", "Admission Date",
    "SEN Status", "Medical Condition", "Social Worker", "Looked After", "FSM",
    "Contact 1 Name", "Contact 1 Relationship", "Contact 1 Address", "Contact 1 Email",
    "Contact 1 Phone", "Contact 1 Parental Responsibility",
    "Contact 2 Name", "Contact 2 Relationship", "Contact 2 Address", "Contact 2 Email",
    "Contact 2 Phone", "Contact 2 Parental Responsibility",
]  # fmt: skip
POSTCODE = re.compile(r"^[A-Z]{1,2}\d{1,2} \d[A-Z]{2}$")


def school_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and not date(2026, 10, 26) <= day <= date(2026, 10, 30):
            days.append(day)
        day += timedelta(days=1)
    return days


def test_title_rows_then_a_blank_row_then_the_header(later):
    title, marks_range, blank, header = later.rows[:4]

    assert title[0] == "Woodrush High School – Attendance marks"
    assert marks_range[0] == "Marks from 03/09/2026 to 27/11/2026"
    assert not any(blank)
    assert header[: len(HEADERS)] == HEADERS


def test_one_column_per_session_on_school_days_only(earlier, later):
    expected = [
        f"{day:%d/%m/%Y} {half}"
        for day in school_days(date(2026, 9, 3), date(2026, 11, 27))
        for half in ("AM", "PM")
    ]

    assert later.session_headers == expected
    assert len(expected) == 114
    assert earlier.session_headers == expected[: len(earlier.session_headers)]
    assert earlier.session_headers[-1] == "20/11/2026 PM"
    half_term = [f"{day:02d}/10/2026" for day in range(26, 31)]
    assert not [header for header in later.session_headers if header[:10] in half_term]


def test_one_sheet_named_attendance_with_a_row_per_pupil(demo_files, later):
    workbook = load_workbook(demo_files[1], read_only=True)

    assert workbook.sheetnames == ["Attendance"]
    assert len(later.pupils) == 1200
    assert all(len(row) == len(later.header) for row in later.pupils)


def test_dates_are_date_cells_shown_day_first(demo_files):
    workbook = load_workbook(demo_files[1], read_only=True)
    rows = workbook["Attendance"].iter_rows(min_row=5, max_row=40)

    for row in rows:
        for cell in (row[6], row[10]):
            assert isinstance(cell.value, datetime)
            assert cell.number_format == "DD/MM/YYYY"


def test_pupil_details_use_the_mis_values(later):
    assert set(later.column("Gender")) == {"F", "M"}
    assert set(later.column("SEN Status")) == {"N", "K", "E"}
    for name in ("Medical Condition", "Social Worker", "Looked After", "FSM"):
        assert set(later.column(name)) <= {"Y", "N", ""}, name
    assert "" in set(later.column("Medical Condition")) | set(later.column("FSM"))
    for year, group in zip(later.column("Year"), later.column("Reg Group"), strict=True):
        assert re.fullmatch(rf"{int(year)}[A-Z]{{3}}", group)
    assert "9WDR" in later.column("Reg Group")


def test_ages_fit_the_year_groups(later):
    for year, born in zip(later.column("Year"), later.column("DOB"), strict=True):
        start = date(2021 - int(year), 9, 1)
        assert start <= born <= date(start.year + 1, 8, 31)


def test_addresses_are_multi_line_cells_ending_in_a_postcode(later):
    addresses = [value for value in later.column("Contact 1 Address") if value]

    assert len(addresses) > 1100
    for address in addresses:
        lines = address.split("\n")
        assert 3 <= len(lines) <= 4
        assert POSTCODE.match(lines[-1]), address


def test_preferred_names_are_blank_for_most_pupils(later):
    forenames = later.column("Preferred Forename")
    surnames = later.column("Preferred Surname")
    preferred = [pair for pair in zip(forenames, surnames, strict=True) if any(pair)]

    assert 5 <= len(preferred) <= 0.1 * len(later.pupils)
