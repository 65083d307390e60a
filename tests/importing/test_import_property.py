"""Whatever the cells hold, an import either succeeds or refuses with its own located error:
it never crashes, and a refusal leaves the database as it was."""

from __future__ import annotations

import string
from datetime import date, datetime

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from importing_builders import dump, upn, write_csv, write_xlsx

from woodrush_desktop.importing import ImportRefused, ImportResult, import_file
from woodrush_desktop.store.database import open_database

HEADINGS = [
    "UPN",
    "Adno",
    "Name",
    "Surname",
    "Forename",
    "DOB",
    "Year",
    "Reg",
    "Possible",
    "Present",
    "Attended",
    "AEA",
    "Auth",
    "Unauth",
    "Late",
    "Attendance %",
    "SEN",
    "CLA",
    "Social Worker",
    "Medical",
    "FSM",
    "Date",
    "Session",
    "Mark",
    "Sub Code",
    "Contact 1 Name",
    "Contact 1 Address",
    "Contact 1 Parental Responsibility",
    "07/09/2026 AM",
    "07/09/2026 PM",
    "08/09/2026 AM",
    "",
    "Notes",
]
TEXTS = [
    "",
    " ",
    "/",
    "\\",
    "L",
    "N",
    "C",
    "1",
    "C1",
    "X01",
    "-",
    "ZZ",
    "AM",
    "PM",
    "Y",
    "N",
    "K",
    "E",
    "Total",
    "95.2%",
    "24/25",
    "-3",
    "12.5",
    "07/09/2026",
    "31/02/2026",
    "2026-09-08",
    "Year 9",
    "Smith, Jo",
    upn(1),
    upn(2),
    "A12345678901X",
]

text_cells = st.one_of(st.sampled_from(TEXTS), st.text(string.printable, max_size=12))
workbook_text = st.one_of(
    st.sampled_from(TEXTS), st.text(string.ascii_letters + string.digits + " /\\-%.,'", max_size=12)
)
typed_cells = st.one_of(
    workbook_text,
    st.integers(-5, 500),
    st.floats(-5, 500, allow_nan=False),
    st.booleans(),
    st.dates(date(2020, 1, 1), date(2028, 12, 31)),
    st.datetimes(datetime(2026, 9, 1), datetime(2026, 9, 30)),
    st.none(),
)


def sheets(cells, titles=text_cells):
    width = st.integers(1, 8)
    return width.flatmap(
        lambda columns: st.tuples(
            st.lists(st.one_of(st.just([]), st.lists(titles, max_size=2)), max_size=3),
            st.lists(st.sampled_from(HEADINGS), min_size=columns, max_size=columns),
            st.lists(st.lists(cells, min_size=columns, max_size=columns), max_size=6),
        )
    )


SHAPES = [
    ["UPN", "Name", "Possible", "Present", "AEA", "Auth", "Unauth", "Attendance %"],
    ["UPN", "Surname", "Forename", "Attended", "Possible", "Late", "SEN", "Social Worker"],
    ["UPN", "Name", "07/09/2026 AM", "07/09/2026 PM", "08/09/2026 AM", "08/09/2026 PM"],
    ["Adno", "Date", "Session", "Mark", "Sub Code"],
]
identities = st.one_of(st.sampled_from([upn(1), upn(2), upn(3), "1001", ""]), text_cells)


def shaped_sheets(cells):
    """A recognised header row over random cells, so the checks below it are exercised."""
    return st.sampled_from(SHAPES).flatmap(
        lambda headings: st.tuples(
            st.just([["Attendance report 01/09/2026 to 30/09/2026"]]),
            st.just(headings),
            st.lists(
                st.tuples(
                    identities,
                    st.lists(cells, min_size=len(headings) - 1, max_size=len(headings) - 1),
                ).map(lambda pair: [pair[0], *pair[1]]),
                max_size=6,
            ),
        )
    )


count_like = st.one_of(
    st.integers(0, 60), st.sampled_from(["", "-", "x", "25.5", "-1", "/", "N", "C", "1", "AM"])
)


def check(tmp_path_factory, write, parts) -> None:
    titles, headings, body = parts
    folder = tmp_path_factory.mktemp("prop")
    path = write(folder / "export", [*titles, headings, *body])
    with open_database(folder / "w.db") as store:
        before = dump(store)
        try:
            result = import_file(store, path, as_of=date(2026, 9, 30))
        except ImportRefused as refusal:
            event(f"refused: {type(refusal).__name__}")
            assert refusal.errors
            assert all(problem.message for problem in refusal.errors)
            assert dump(store) == before
        else:
            event(f"imported: {result.shape}")
            assert isinstance(result, ImportResult)
            assert result.pupils >= 1


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=sheets(text_cells))
def test_random_csv_cells_never_crash(tmp_path_factory, parts):
    check(tmp_path_factory, lambda path, rows: write_csv(path.with_suffix(".csv"), rows), parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=sheets(typed_cells, workbook_text))
def test_random_workbook_cells_never_crash(tmp_path_factory, parts):
    check(tmp_path_factory, lambda path, rows: write_xlsx(path.with_suffix(".xlsx"), rows), parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=shaped_sheets(st.one_of(count_like, text_cells)))
def test_random_cells_under_known_headings_never_crash(tmp_path_factory, parts):
    check(tmp_path_factory, lambda path, rows: write_csv(path.with_suffix(".csv"), rows), parts)
