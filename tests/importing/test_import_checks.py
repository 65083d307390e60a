"""Every bad input is refused with its sheet, row and column, and the database unchanged;
doubtful data imports with located warnings."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from importing_builders import dump, summary_rows, upn, write_csv, write_xlsx

from woodrush_desktop.importing import ImportRefused, MappingNeeded, import_file

HEAD = ["UPN", "Surname", "Forename", "Possible", "Present", "AEA", "Auth", "Unauth"]


@pytest.fixture
def loaded(store, tmp_path):
    """A database that already holds one import, so 'unchanged' means something."""
    import_file(store, write_xlsx(tmp_path / "first.xlsx", summary_rows()))
    return store


def refused(store, path: Path) -> ImportRefused:
    before = dump(store)
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path, as_of=date(2026, 11, 20))
    assert dump(store) == before
    return caught.value


@pytest.mark.parametrize(
    ("bad_row", "row", "column", "words"),
    [
        (["", "", "", 25, 20, 0, 2, 3], 3, None, "no pupil identity"),
        ([upn(9), "A", "B", 25, 30, 0, 0, 0], 3, "D (Possible)", "greater than possible"),
        ([upn(9), "A", "B", 25, 20, 0, -2, 7], 3, "G (Auth)", "negative"),
        ([upn(9), "A", "B", 25, "twenty", 0, 2, 3], 3, "E (Present)", "not a number"),
        ([upn(9), "A", "B", 25.5, 20, 0, 2, 3], 3, "D (Possible)", "whole number"),
    ],
)
def test_bad_rows_are_refused_with_their_location(loaded, tmp_path, bad_row, row, column, words):
    rows = [HEAD, [upn(8), "C", "D", 25, 25, 0, 0, 0], bad_row]
    error = refused(loaded, write_xlsx(tmp_path / "bad.xlsx", rows, sheet="Summary")).errors[0]

    assert (error.sheet, error.row, error.column) == ("Summary", row, column)
    assert words in error.message
    assert str(error).startswith(f"sheet 'Summary', row {row}")


def test_the_same_pupil_twice_with_different_figures(loaded, tmp_path):
    rows = [HEAD, [upn(8), "C", "D", 25, 25, 0, 0, 0], [upn(8), "C", "D", 25, 24, 0, 1, 0]]
    error = refused(loaded, write_csv(tmp_path / "twice.csv", rows)).errors[0]

    assert error.row == 3 and "row 2" in error.message


def test_the_same_pupil_twice_with_the_same_figures_is_counted_once(store, tmp_path):
    rows = [HEAD, [upn(8), "C", "D", 25, 25, 0, 0, 0], [upn(8), "C", "D", 25, 25, 0, 0, 0]]
    result = import_file(store, write_csv(tmp_path / "twice.csv", rows), as_of=date(2026, 9, 30))

    assert result.pupils == 1
    assert [w.row for w in result.warnings] == [3]


def test_no_recognisable_table(loaded, tmp_path):
    path = write_xlsx(tmp_path / "letter.xlsx", [["Dear parent"], [], ["Yours sincerely"]])
    error = refused(loaded, path).errors[0]

    assert "no recognisable table" in error.message


def test_an_unrecognised_required_column_asks_for_a_mapping(loaded, tmp_path):
    rows = [
        ["UPN", "Surname", "Forename", "Sessions Possible To Date", "Present", "Auth", "Unauth"],
        [upn(8), "C", "D", 25, 24, 1, 0],
    ]
    path = write_xlsx(tmp_path / "odd.xlsx", rows, sheet="Data")

    needed = refused(loaded, path)

    assert isinstance(needed, MappingNeeded)
    assert (needed.sheet, needed.missing) == ("Data", ["possible"])
    assert needed.suggestions == {"possible": "Sessions Possible To Date"}
    assert "Sessions Possible To Date" in needed.headers
    assert needed.errors[0].row == 1
    result = import_file(loaded, path, mapping={"possible": "Sessions Possible To Date"})
    assert result.pupils == 1 and result.mapping == {"possible": "Sessions Possible To Date"}


def test_a_table_of_unknown_headings_asks_for_every_required_field(loaded, tmp_path):
    rows = [["Kid", "Sessions", "Came"], ["x", 1, 1], ["y", 2, 2]]
    needed = refused(loaded, write_csv(tmp_path / "odd.csv", rows))

    assert isinstance(needed, MappingNeeded)
    assert needed.missing == ["upn", "possible", "attended"]
    assert needed.headers == ["Kid", "Sessions", "Came"]


def test_long_list_with_the_same_session_twice(loaded, tmp_path):
    rows = [
        ["UPN", "Date", "Session", "Mark"],
        [upn(8), "07/09/2026", "AM", "/"],
        [upn(8), "07/09/2026", "AM", "N"],
        [upn(8), "31/09/2026", "PM", "/"],
    ]
    errors = refused(loaded, write_csv(tmp_path / "long.csv", rows)).errors

    assert [(e.row, e.column) for e in errors] == [(3, "D (Mark)"), (4, "B (Date)")]
    assert "given twice" in errors[0].message and "not a real date" in errors[1].message


def test_wrong_session_word(loaded, tmp_path):
    rows = [["UPN", "Date", "Session", "Mark"], [upn(8), "07/09/2026", "Lunch", "/"]]
    error = refused(loaded, write_csv(tmp_path / "long.csv", rows)).errors[0]

    assert (error.row, error.column) == (2, "C (Session)")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("report.xlsx", b"%PDF-1.7\n1 0 obj\n", "PDF"),
        ("empty.xlsx", b"", "empty"),
        ("empty.csv", b"", "empty"),
        ("blank.csv", b" \r\n\r\n", "no text"),
        ("noise.xls", bytes(range(256)) * 8, "not a spreadsheet"),
        ("page.xls", b"<html><body><table></table></body></html>", "web page"),
    ],
)
def test_wrong_files_get_a_clear_message(loaded, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)

    error = refused(loaded, path).errors[0]

    assert words in error.message and name in error.message


def test_a_zip_that_is_not_a_workbook(loaded, tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"not really")

    assert "zip archive" in refused(loaded, path).errors[0].message


def test_a_damaged_workbook(loaded, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", summary_rows())
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[:600])

    assert "damaged" in refused(loaded, damaged).errors[0].message


def test_a_huge_number_of_columns(loaded, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"C{index}" for index in range(6000)) + "\n" + "1," * 5999 + "1\n")

    assert "6,000 columns" in refused(loaded, path).errors[0].message


def test_a_wide_workbook(loaded, tmp_path):
    path = write_xlsx(tmp_path / "wide.xlsx", [["UPN", *range(5000)], [upn(1), *range(5000)]])

    assert "5,001 columns" in refused(loaded, path).errors[0].message


def test_a_missing_file_and_a_missing_sheet(loaded, tmp_path):
    assert "does not exist" in refused(loaded, tmp_path / "nowhere.xlsx").errors[0].message
    path = write_xlsx(tmp_path / "one.xlsx", summary_rows(), sheet="Summary")
    with pytest.raises(ImportRefused, match="no sheet 'Marks'"):
        import_file(loaded, path, sheet="Marks")


# Warnings: the file imports, with each doubt located


def grid(rows_of_marks: list[list[str]], headings: list[str]) -> list[list[object]]:
    rows: list[list[object]] = [["UPN", "Name", *headings]]
    for serial, marks in enumerate(rows_of_marks, start=1):
        rows.append([upn(serial), f"Pupil, {serial}", *marks])
    return rows


def test_unknown_codes_and_gaps_are_located_warnings(store, tmp_path):
    headings = ["07/09/2026 AM", "07/09/2026 PM", "08/09/2026 AM"]
    path = write_xlsx(tmp_path / "g.xlsx", grid([["/", "Q9", "-"], ["/", "\\", "H"]], headings))

    result = import_file(store, path)

    located = {(w.row, w.column) for w in result.warnings}
    assert located == {(2, "D (07/09/2026 PM)"), (2, "E (08/09/2026 AM)"), (3, "E (08/09/2026 AM)")}
    assert result.report.unknown_codes == {"Q9": 1, "H": 1}  # H was withdrawn in 2024
    assert result.report.gaps == 1
    assert result.marks == 3


def test_a_wrong_upn_check_letter_is_a_warning(store, tmp_path):
    wrong = ("A" if upn(1)[0] != "A" else "B") + upn(1)[1:]
    rows = [HEAD, [wrong, "C", "D", 25, 25, 0, 0, 0]]
    result = import_file(store, write_csv(tmp_path / "u.csv", rows), as_of=date(2026, 9, 30))

    assert [(w.row, w.column) for w in result.warnings] == [(2, "A (UPN)")]
    assert "check letter" in result.warnings[0].message


def test_a_disagreeing_percentage_is_a_warning(store, tmp_path):
    rows = [[*HEAD, "Attendance %"], [upn(1), "C", "D", 25, 23, 0, 2, 0, "95.0%"]]
    result = import_file(store, write_csv(tmp_path / "p.csv", rows), as_of=date(2026, 9, 30))

    assert [(w.row, w.column) for w in result.warnings] == [(2, "I (Attendance %)")]
    assert result.report.mis_disagreements == [
        {"row": 2, "upn": upn(1), "mis": 95.0, "recomputed": 92.0}
    ]


def test_rounding_of_the_mis_percentage_is_not_a_disagreement(store, tmp_path):
    rows = [[*HEAD, "Attendance %"], [upn(1), "C", "D", 124, 116, 2, 5, 1, "95%"]]
    result = import_file(store, write_csv(tmp_path / "p.csv", rows), as_of=date(2026, 9, 30))

    assert result.warnings == []  # 118/124 is 95.16%, printed to the whole point


def test_marks_outside_the_academic_year_are_warnings(store, tmp_path):
    headings = ["17/07/2026 PM", "07/09/2026 AM", "07/09/2026 PM"]
    path = write_xlsx(tmp_path / "g.xlsx", grid([["N", "/", "\\"]], headings))

    result = import_file(store, path, as_of=date(2026, 9, 7))

    assert [(w.row, w.column) for w in result.warnings] == [(1, "C (17/07/2026 PM)")]
    assert result.report.out_of_year == 1
    assert result.marks == 3  # stored, but not counted in this year's figures
    from woodrush_desktop.store.models import PupilFigures

    assert (PupilFigures.get().possible, PupilFigures.get().unauthorised) == (2, 0)


def test_the_register_sheet_is_found_after_a_cover_sheet(store, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Exported from the MIS on 20/11/2026"])
    data = workbook.create_sheet("Summary")
    for row in [HEAD, [upn(1), "C", "D", 25, 25, 0, 0, 0]]:
        data.append(row)
    workbook.save(tmp_path / "two.xlsx")

    result = import_file(store, tmp_path / "two.xlsx", as_of=date(2026, 11, 20))

    assert (result.sheet, result.pupils) == ("Summary", 1)


def test_a_register_sheet_with_errors_is_not_passed_over_for_a_later_sheet(store, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "This week"
    for row in [HEAD, [upn(1), "C", "D", 25, 30, 0, 0, 0]]:
        first.append(row)
    second = workbook.create_sheet("Last week")
    for row in [HEAD, [upn(1), "C", "D", 20, 20, 0, 0, 0]]:
        second.append(row)
    workbook.save(tmp_path / "two.xlsx")

    error = refused(store, tmp_path / "two.xlsx").errors[0]

    assert (error.sheet, error.row) == ("This week", 2)


def test_a_percentage_to_two_decimals_of_a_fraction_allows_half_a_point(store, tmp_path):
    rows = [[*HEAD, "Attendance %"], [upn(1), "C", "D", 250, 239, 0, 11, 0, 0.96]]
    result = import_file(store, write_xlsx(tmp_path / "p.xlsx", rows), as_of=date(2026, 9, 30))

    assert result.warnings == []  # 239/250 is 95.6%, which an MIS rounding to 0.96 prints so


def test_a_grid_with_the_mis_percentage_is_compared_too(store, tmp_path):
    headings = ["07/09/2026 AM", "07/09/2026 PM", "08/09/2026 AM", "08/09/2026 PM"]
    rows = [["UPN", "Name", "Attendance %", *headings]]
    rows.append([upn(1), "Pupil, One", "75.0%", "/", "\\", "/", "N"])
    rows.append([upn(2), "Pupil, Two", "100.0%", "/", "\\", "/", "N"])

    result = import_file(store, write_xlsx(tmp_path / "g.xlsx", rows))

    assert [(w.row, w.column) for w in result.warnings] == [(3, "C (Attendance %)")]


def test_a_session_heading_two_columns_is_refused(loaded, tmp_path):
    headings = ["07/09/2026 AM", "07/09/2026 PM", "07/09/2026 AM"]
    error = refused(loaded, write_xlsx(tmp_path / "g.xlsx", grid([["/", "\\", "N"]], headings)))
    first = error.errors[0]

    assert (first.row, first.column) == (1, "E (07/09/2026 AM)")
    assert "heads two columns" in first.message
