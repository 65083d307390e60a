"""Exports: band colours and cohort sheets in Excel, CSV, and formulas that never run."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from reports_factory import store_figures, store_pupil, store_snapshot

from woodrush_desktop.services.exports import (
    ExportError,
    export_csv,
    export_xlsx,
    is_dangerous,
    neutralise,
    sheet_title,
    to_csv,
)
from woodrush_desktop.services.pupils import list_pupils

HYPERLINK = '=HYPERLINK("http://example.invalid/x","Click here")'


@pytest.fixture
def rows(store, policy):
    store_pupil(1, year=7, legal_surname=HYPERLINK, legal_forename="+44 1234", sen_status="K")
    store_pupil(2, year=7, legal_surname="Okafor", legal_forename="@SUM(A1)", reg_group="-7B")
    store_pupil(3, year=11, legal_surname="Nguyen", legal_forename="Tam", reg_group="11/C")
    store_snapshot(1, date(2025, 10, 3))
    store_snapshot(2, date(2025, 10, 10))
    store_figures(1, 1, 50, 50)
    store_figures(2, 1, 60, 54)  # 90%: at risk, down 10 points
    store_figures(2, 2, 60, 59)
    store_figures(2, 3, 60, 40)
    return list_pupils(store, policy)


def test_a_formula_arrives_as_text_in_excel(rows, policy, tmp_path):
    path = tmp_path / "pupils.xlsx"

    export_xlsx(rows, policy, path)

    sheet = openpyxl.load_workbook(path)["All pupils"]
    headers = [cell.value for cell in sheet[1]]
    surname = sheet.cell(row=2, column=headers.index("Surname") + 1)
    assert surname.value == HYPERLINK
    assert surname.data_type == "s"
    assert surname.quotePrefix
    forename = sheet.cell(row=2, column=headers.index("Forename") + 1)
    assert forename.value == "+44 1234" and forename.data_type == "s"


def test_negative_numbers_stay_numbers_in_excel(rows, policy, tmp_path):
    path = tmp_path / "pupils.xlsx"

    export_xlsx(rows, policy, path)

    sheet = openpyxl.load_workbook(path)["All pupils"]
    headers = [cell.value for cell in sheet[1]]
    change = sheet.cell(row=2, column=headers.index("Change (points)") + 1)
    assert change.value == pytest.approx(-10.0)
    assert change.data_type == "n"


def test_band_colours_and_a_sheet_per_cohort(rows, policy, tmp_path):
    path = tmp_path / "pupils.xlsx"

    export_xlsx(rows, policy, path)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["All pupils", "Cohorts", "Year 7", "Year 11"]
    sheet = book["All pupils"]
    headers = [cell.value for cell in sheet[1]]
    band = sheet.cell(row=2, column=headers.index("Band") + 1)
    assert band.value == policy.band("at_risk").label
    assert band.fill.fgColor.rgb.endswith(policy.band("at_risk").colour.lstrip("#"))
    assert book["Year 7"].max_row == 3
    summary = book["Cohorts"]
    assert summary.cell(row=2, column=2).value == "Whole school"
    assert summary.cell(row=2, column=3).value == 3


def test_csv_neutralises_formulas_but_keeps_numbers(rows, policy):
    text = to_csv(rows, policy)

    table = list(csv.DictReader(io.StringIO(text)))
    first = next(row for row in table if "HYPERLINK" in row["Surname"])
    assert first["Surname"] == "'" + HYPERLINK
    assert first["Forename"] == "'+44 1234"
    assert first["Change (points)"] == "-10"
    second = next(row for row in table if row["Surname"] == "Okafor")
    assert second["Forename"] == "'@SUM(A1)"
    assert second["Reg group"] == "'-7B"
    assert first["As of"] == "10/10/2025"


def test_csv_file_has_a_byte_order_mark(rows, policy, tmp_path):
    path = tmp_path / "pupils.csv"

    assert export_csv(rows, policy, path) == 3

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_control_characters_are_dropped_not_fatal(store, policy, tmp_path):
    store_pupil(9, year=8, legal_surname="Bell\x07\x00e", legal_forename="\x1b=1+1")
    store_snapshot(1, date(2025, 10, 3))
    store_figures(1, 9, 10, 10)
    path = tmp_path / "pupils.xlsx"

    export_xlsx(list_pupils(store, policy), policy, path)

    row = [cell.value for cell in openpyxl.load_workbook(path)["All pupils"][2]]
    assert row[2:4] == ["Belle", "=1+1"]
    assert openpyxl.load_workbook(path)["All pupils"]["D2"].data_type == "s"
    table = list(csv.DictReader(io.StringIO(to_csv(list_pupils(store, policy), policy))))
    assert table[0]["Forename"] == "'=1+1"


def test_what_counts_as_dangerous():
    for text in ("=1+1", "+A1", "-A1", "@x", "\tx", "\rx", "-2+3"):
        assert is_dangerous(text), text
    for text in ("-3.5", "+44", "-10", "Smith", "", "1-2"):
        assert not is_dangerous(text), text
    assert neutralise("=cmd") == "'=cmd"


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()

    assert sheet_title("11/C", taken) == "11-C"
    assert sheet_title("11-C", taken) == "11-C (2)"
    assert len(sheet_title("x" * 40, taken)) == 31


def test_an_unwritable_folder_is_a_clear_error(rows, policy, tmp_path):
    with pytest.raises(ExportError, match="Choose another folder"):
        export_csv(rows, policy, tmp_path / "missing" / "pupils.csv")
