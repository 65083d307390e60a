"""Review findings on the reading side, each reproduced first: a CSV quote never closed, a
UTF-8 file with one stray Windows-1252 byte, an as-of date before the last mark, merged
cells, the same heading twice, and a totals row labelled in the UPN column."""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from importing_builders import dump, summary_rows, upn, write_csv, write_xlsx

from woodrush_desktop.importing import ImportRefused, import_file
from woodrush_desktop.importing.reading import read_csv
from woodrush_desktop.store.models import Mark, Pupil, PupilFigures

HEAD = ["UPN", "Surname", "Forename", "Possible", "Present", "Auth", "Unauth"]
AS_OF = date(2026, 11, 20)


@pytest.fixture
def loaded(store, tmp_path):
    """A database that already holds one import, so 'unchanged' means something."""
    import_file(store, write_xlsx(tmp_path / "first.xlsx", summary_rows()))
    return store


def refused(store, path: Path, **options) -> ImportRefused:
    before = dump(store)
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path, **{"as_of": AS_OF, **options})
    assert dump(store) == before
    return caught.value


def pupil_rows(count: int) -> list[list[object]]:
    return [[upn(10 + n), f"Surname{n}", f"Forename{n}", 100, 90, 5, 5] for n in range(count)]


# -- finding 2: one unclosed quote swallowing the rest of a CSV


def test_an_unclosed_quote_is_refused_where_it_opens(loaded, tmp_path):
    lines = [",".join(HEAD)] + [",".join(map(str, row)) for row in pupil_rows(12)]
    lines[4] = lines[4].replace("Forename3", '"Forename3')  # row 5, column C
    path = tmp_path / "quote.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    error = refused(loaded, path).errors[0]

    assert (error.sheet, error.row, error.column) == ("quote", 5, "C")
    assert "never closed" in error.message


def test_an_unclosed_quote_on_the_last_row_is_refused_there(loaded, tmp_path):
    lines = [",".join(HEAD)] + [",".join(map(str, row)) for row in pupil_rows(3)]
    lines[3] = lines[3].replace("Forename2", '"Forename2')  # row 4, column C
    path = tmp_path / "quote.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    error = refused(loaded, path).errors[0]

    assert (error.sheet, error.row, error.column) == ("quote", 4, "C")
    assert "never closed" in error.message


def test_a_multiline_address_with_commas_is_not_a_broken_quote(store, tmp_path):
    rows = [
        [*HEAD, "Contact 1 Name", "Contact 1 Address"],
        *[[*row, "A Carer", "1 Road, Town\nCounty, WR1 1AA"] for row in pupil_rows(3)],
    ]

    result = import_file(store, write_csv(tmp_path / "addr.csv", rows), as_of=AS_OF)

    assert result.pupils == 3


def test_a_name_cell_no_register_holds_is_refused(loaded, tmp_path):
    rows = [HEAD, *pupil_rows(2)]
    rows[2][2] = "Forename1\nMore text"
    rows[1][1] = "x" * 201

    errors = refused(loaded, write_xlsx(tmp_path / "names.xlsx", rows, "Sheet")).errors

    located = {(error.row, error.column) for error in errors}
    assert {(2, "B (Surname)"), (3, "C (Forename)")} <= located
    assert Pupil.select().where(Pupil.legal_forename.contains("\n")).count() == 0


# -- finding 4: UTF-8 with one stray Windows-1252 byte


def test_utf8_with_one_windows_1252_cell_keeps_the_utf8_names(store, tmp_path):
    rows = [HEAD, [upn(1), "Brontë", "Zoë", 100, 90, 5, 5], [upn(2), "Jones", "Amy", 100, 95, 5, 0]]
    path = write_csv(tmp_path / "mixed.csv", rows)
    path.write_bytes(path.read_bytes().replace(b"Amy", "Amélie".encode("cp1252")))

    result = import_file(store, path, as_of=AS_OF)

    assert Pupil.get(Pupil.upn == upn(1)).legal_surname == "Brontë"
    assert Pupil.get(Pupil.upn == upn(2)).legal_forename == "Amélie"
    [warning] = [w for w in result.warnings if "Windows-1252" in w.message]
    assert (warning.sheet, warning.row, warning.column) == ("mixed", 3, "C (Forename)")


def test_a_mixed_file_with_a_byte_order_mark_loses_the_mark(store, tmp_path):
    rows = [HEAD, [upn(1), "Brontë", "Zoë", 100, 90, 5, 5], [upn(2), "Jones", "Amy", 100, 95, 5, 0]]
    path = write_csv(tmp_path / "mixed.csv", rows, bom=True)
    path.write_bytes(path.read_bytes().replace(b"Amy", "Amélie".encode("cp1252")))

    data = read_csv(path)

    assert data.rows[0][0] == "UPN"
    assert data.rows[1][1] == "Brontë"


def test_a_file_wholly_in_windows_1252_still_reads_without_warnings(store, tmp_path):
    rows = [HEAD, [upn(1), "Brontë", "Zoë", 100, 90, 5, 5]]
    result = import_file(store, write_csv(tmp_path / "w.csv", rows, encoding="cp1252"))

    assert Pupil.get().legal_surname == "Brontë"
    assert not [w for w in result.warnings if "Windows-1252" in w.message]


# -- finding 10: an as-of date earlier than the last mark


def test_as_of_before_the_last_grid_session_is_refused_at_that_column(loaded, tmp_path):
    rows = [
        ["UPN", "Name", "07/09/2026 AM", "07/09/2026 PM", "08/09/2026 AM", "08/09/2026 PM"],
        [upn(1), "A, B", "/", "\\", "O", "O"],
    ]
    path = write_xlsx(tmp_path / "g.xlsx", rows, "Marks")

    error = refused(loaded, path, as_of=date(2026, 9, 7)).errors[0]

    assert (error.sheet, error.row, error.column) == ("Marks", 1, "E (08/09/2026 AM)")
    assert "after the as-of date 07/09/2026" in error.message


def test_as_of_before_the_last_long_mark_is_refused_at_that_row(loaded, tmp_path):
    rows = [
        ["UPN", "Name", "Date", "Session", "Mark"],
        [upn(1), "A, B", "07/09/2026", "AM", "/"],
        [upn(1), "A, B", "08/09/2026", "AM", "O"],
        [upn(1), "A, B", "09/09/2026", "AM", "O"],
    ]

    error = refused(loaded, write_csv(tmp_path / "long.csv", rows), as_of=date(2026, 9, 7))

    first = error.errors[0]
    assert (first.row, first.column) == (3, "C (Date)")
    assert "after the as-of date" in first.message


# -- finding 13: vertically merged cells


MERGED_HEAD = ["Reg", "UPN", "Surname", "Forename", "Year", "Possible", "Present", "Auth", "Unauth"]


def merged_rows(first_reg: object = "8A") -> list[list[object]]:
    rows: list[list[object]] = [["Woodrush attendance 01/09/2026 to 20/11/2026"], MERGED_HEAD]
    for n in range(4):
        rows.append([first_reg if n == 0 else "", upn(n + 1), f"S{n}", f"F{n}", 8, 100, 90, 5, 5])
    return rows


def test_vertically_merged_cells_fill_every_row_they_cover(store, tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", merged_rows(), merged=["A1:I1", "A3:A5"])

    import_file(store, path)

    groups = [Pupil.get(Pupil.upn == upn(n)).reg_group for n in range(1, 5)]
    assert groups == ["8A", "8A", "8A", None]


def test_a_blank_detail_cell_leaves_the_stored_detail_alone(store, tmp_path):
    rows = merged_rows()
    for row in rows[2:]:
        row[0] = "8A"
    import_file(store, write_xlsx(tmp_path / "a.xlsx", rows), as_of=AS_OF)
    later = merged_rows(first_reg="8B")
    later[0] = ["Woodrush attendance 01/09/2026 to 27/11/2026"]

    import_file(store, write_xlsx(tmp_path / "b.xlsx", later), as_of=date(2026, 11, 27))

    groups = [Pupil.get(Pupil.upn == upn(n)).reg_group for n in range(1, 5)]
    assert groups == ["8B", "8A", "8A", "8A"]


# -- finding 16: the same heading twice


def test_two_possible_columns_that_disagree_are_refused(loaded, tmp_path):
    rows = [
        ["UPN", "Surname", "Forename", "Possible", "Present", "Possible", "Auth", "Unauth"],
        [upn(1), "A", "B", 100, 90, 100, 5, 5],
        [upn(2), "C", "D", 100, 90, 50, 5, 5],
    ]

    errors = refused(loaded, write_csv(tmp_path / "dup.csv", rows)).errors

    [error] = [e for e in errors if "Possible" in e.message and "twice" in e.message]
    assert (error.sheet, error.row, error.column) == ("dup", 3, "F (Possible)")
    assert "D (Possible)" in error.message


def test_two_upn_columns_that_agree_import_with_a_warning(store, tmp_path):
    rows = [["UPN", "Surname", "Forename", "UPN", "Possible", "Present", "Auth", "Unauth"]]
    rows += [[upn(1), "A", "B", upn(1), 100, 90, 5, 5]]

    result = import_file(store, write_csv(tmp_path / "dup.csv", rows), as_of=AS_OF)

    [warning] = [w for w in result.warnings if "twice" in w.message]
    assert (warning.row, warning.column) == (1, "D (UPN)")


def test_two_upn_columns_that_disagree_are_refused(loaded, tmp_path):
    rows = [["UPN", "Surname", "Forename", "UPN", "Possible", "Present", "Auth", "Unauth"]]
    rows += [[upn(1), "A", "B", upn(2), 100, 90, 5, 5]]

    errors = refused(loaded, write_csv(tmp_path / "dup.csv", rows)).errors

    assert [(e.row, e.column) for e in errors if "twice" in e.message] == [(2, "D (UPN)")]


def test_two_contact_name_columns_that_disagree_are_refused(loaded, tmp_path):
    rows = [[*HEAD, "Contact 1 Name", "Contact 1 Name"]]
    rows += [[*pupil_rows(1)[0], "A Carer", "Another Carer"]]

    errors = refused(loaded, write_csv(tmp_path / "dup.csv", rows)).errors

    assert [(e.row, e.column) for e in errors if "twice" in e.message] == [
        (2, "I (Contact 1 Name)")
    ]


def test_two_different_headings_for_one_field_are_not_compared(store, tmp_path):
    rows = [[*HEAD, "Contact 1 Name", "Contact 1 Telephone", "Contact 1 Mobile"]]
    rows += [[*pupil_rows(1)[0], "A Carer", "0121 000 0000", "07700 900000"]]

    result = import_file(store, write_csv(tmp_path / "phones.csv", rows), as_of=AS_OF)

    [warning] = [w for w in result.warnings if "not read" in w.message]
    assert (warning.row, warning.column) == (1, "J (Contact 1 Mobile)")
    assert "I (Contact 1 Telephone)" in warning.message


# -- finding 17: a totals row labelled in the UPN column


@pytest.mark.parametrize("label", ["TOTAL", "Totals:", "Average"])
def test_a_grid_totals_row_in_the_upn_column_is_not_a_pupil(store, tmp_path, label):
    rows = [
        ["UPN", "Name", "07/09/2026 AM", "07/09/2026 PM"],
        [upn(1), "A, B", "/", "\\"],
        [label, "", "1", "1"],
    ]

    result = import_file(store, write_xlsx(tmp_path / "g.xlsx", rows))

    assert result.pupils == 1
    assert Pupil.select().count() == 1
    assert Mark.select().count() == 2


def test_a_summary_totals_row_in_the_upn_column_is_not_a_pupil(store, tmp_path):
    rows = [HEAD, *pupil_rows(2), ["Total", "", "", 200, 180, 10, 10]]

    result = import_file(store, write_csv(tmp_path / "s.csv", rows), as_of=AS_OF)

    assert (result.pupils, PupilFigures.select().count()) == (2, 2)


# -- finding 23: memory when reading a long CSV


def test_a_long_csv_is_read_without_holding_its_text_several_times(tmp_path):
    path = tmp_path / "long.csv"
    lines = ["UPN,Surname,Forename,Date,Session,Mark"]
    for pupil in range(40):
        for day in range(1, 29):
            for session in ("AM", "PM"):
                lines.append(
                    f"{upn(pupil)},Surname{pupil},Forename{pupil},{day:02}/09/2026,{session},/"
                )
    path.write_text("\r\n".join(lines * 4) + "\r\n", encoding="utf-8")
    size = path.stat().st_size

    tracemalloc.start()
    try:
        data = read_csv(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert len(data.rows) == 4 * len(lines)
    assert peak < 6 * size  # the bytes, the text and every cell apart took 14 times the file
