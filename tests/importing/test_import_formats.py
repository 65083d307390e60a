"""Every file format and encoding the officer's MIS may produce imports to the same figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from importing_builders import summary_rows, upn, write_any, write_csv

from woodrush_desktop.importing import import_file, list_sheets
from woodrush_desktop.store.models import Pupil, PupilFigures, Snapshot

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def figures_by_upn() -> dict[str, tuple[int, int, int, int, int]]:
    return {
        row.pupil.upn: (row.possible, row.present, row.approved, row.authorised, row.unauthorised)
        for row in PupilFigures.select().join(Pupil)
    }


EXPECTED = {
    upn(1): (25, 23, 1, 0, 1),
    upn(2): (25, 22, 1, 0, 2),
    upn(3): (50, 45, 0, 1, 4),
    upn(4): (0, 0, 0, 0, 0),
}


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls", ".ods", ".csv"])
def test_each_format_imports_the_same_summary(store, tmp_path, suffix):
    path = write_any(tmp_path / f"summary{suffix}", summary_rows())

    result = import_file(store, path)

    assert result.shape == "summary"
    assert result.pupils == 4
    assert figures_by_upn() == EXPECTED
    assert result.as_of.isoformat() == "2026-11-20"
    names = {(p.legal_surname, p.legal_forename) for p in Pupil.select()}
    assert ("Nguyễn", "Zoë") in names and ("Müller", "Niamh") in names


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-8", ",", True),
        ("utf-8", ";", False),
        ("utf-8", "\t", True),
        ("cp1252", ",", False),
        ("cp1252", ";", False),
    ],
)
def test_csv_encodings_and_delimiters(store, tmp_path, encoding, delimiter, bom):
    rows = [row for row in summary_rows() if row != []]
    rows = [[cell for cell in row] for row in rows]
    rows[4][0] = "O'Brien-Dvořák" if encoding == "utf-8" else "O'Brien-Müller"
    if encoding == "cp1252":
        rows[3][0] = "Nguyen"  # Vietnamese letters are not in Windows-1252
    path = write_csv(tmp_path / "export.csv", rows, encoding=encoding, delimiter=delimiter, bom=bom)

    result = import_file(store, path)

    assert result.pupils == 4
    assert figures_by_upn() == EXPECTED
    surname = Pupil.get(Pupil.upn == upn(2)).legal_surname
    assert surname == rows[4][0]


def test_windows_1252_typographic_characters(store, tmp_path):
    rows = summary_rows(titles=False)
    rows[1][0] = "D’Arcy–Smith"  # curly apostrophe and en dash are 0x92 and 0x96 in cp1252
    path = write_csv(tmp_path / "export.csv", rows, encoding="cp1252")

    import_file(store, path)

    assert Pupil.get(Pupil.upn == upn(1)).legal_surname == "D’Arcy–Smith"


def test_list_sheets(tmp_path):
    path = write_any(tmp_path / "two.xlsx", summary_rows(), sheet="Summary")
    assert list_sheets(path) == ["Summary"]
    assert list_sheets(write_csv(tmp_path / "a.csv", summary_rows())) == ["a"]


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared samples are not beside the checkout")
def test_the_shared_samples_import(store):
    summary = import_file(store, SAMPLES / "summary-with-title-rows.xlsx")
    grid = import_file(store, SAMPLES / "marks-grid-one-header-row.xlsx")
    long = import_file(store, SAMPLES / "marks-long.csv")

    assert (summary.shape, summary.pupils, summary.marks) == ("summary", 40, 0)
    assert (grid.shape, grid.pupils, grid.marks) == ("marks_grid", 25, 250)
    assert (long.shape, long.pupils, long.new_pupils, long.marks) == ("marks_long", 25, 0, 250)
    assert not [w for w in summary.warnings if "differs" in w.message]
    assert summary.report.bands == {
        "expected": 15,
        "below_expected": 11,
        "at_risk": 5,
        "persistent": 6,
        "severe": 2,
    }
    assert summary.report.no_band == 1
    boundary = {
        p.upn: f.band
        for f in PupilFigures.select().where(PupilFigures.snapshot == summary.snapshot_id)
        for p in [f.pupil]
    }
    assert boundary["A820700024000"] == "below_expected"  # exactly 96%: not above 96%
    assert boundary["Y820700124001"] == "at_risk"  # exactly 92%
    assert boundary["U820700324003"] == "at_risk"  # exactly 90%
    assert boundary["R820700424004"] == "persistent"  # exactly 80%
    assert Snapshot.select().count() == 3
