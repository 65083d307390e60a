"""`woodrush pupils`: the contract scripts rely on, at its edges."""

import json
from datetime import date

import pytest

from woodrush_desktop.cli import main
from woodrush_desktop.store.models import Pupil, PupilFigures, Snapshot


def add_pupil(surname, year, possible, attended, *, unauthorised=0, split=True, penalty=None):
    snapshot = Snapshot.get_or_create(
        sha256="s1",
        defaults={"file_name": "x.csv", "as_of": date(2026, 11, 27), "shape": "summary"},
    )[0]
    pupil = Pupil.create(
        legal_surname=surname, legal_forename="Test", year=year, reg_group=f"{year}A"
    )
    PupilFigures.create(
        snapshot=snapshot,
        pupil=pupil,
        possible=possible,
        present=attended,
        approved=0,
        authorised=possible - attended - unauthorised,
        unauthorised=unauthorised,
        absence_split=split,
        penalty_met_on=penalty,
        penalty_current=10 if penalty else 0,
    )
    return pupil


def pupils_json(capsys, db_path):
    assert main(["pupils", "--json", "--db", str(db_path)]) == 0
    return {row["surname"]: row for row in json.loads(capsys.readouterr().out)}


def test_sixth_formers_have_the_schools_band_but_no_dfe_measures(store, db_path, capsys):
    add_pupil("Eleven", 11, 100, 45)
    add_pupil("Twelve", 12, 100, 45)

    rows = pupils_json(capsys, db_path)

    assert rows["Eleven"]["band"] == rows["Twelve"]["band"] == "severe"
    assert rows["Eleven"]["dfe_persistent"] and rows["Eleven"]["dfe_severe"]
    assert not rows["Twelve"]["dfe_persistent"] and not rows["Twelve"]["dfe_severe"]


def test_absences_an_export_did_not_split_are_null_not_zero(store, db_path, capsys):
    add_pupil("Split", 9, 100, 85, unauthorised=5)
    add_pupil("Unsplit", 9, 100, 85, split=False)

    rows = pupils_json(capsys, db_path)

    assert (rows["Split"]["authorised"], rows["Split"]["unauthorised"]) == (10, 5)
    assert rows["Unsplit"]["authorised"] is None
    assert rows["Unsplit"]["unauthorised"] is None
    assert rows["Unsplit"]["attended"] == 85


def test_text_rounds_down_so_no_pupil_reads_as_another_band(store, db_path, capsys):
    add_pupil("Edge", 9, 249, 224)  # 89.96%: persistently absent

    assert main(["pupils", "--db", str(db_path)]) == 0

    line = capsys.readouterr().out.strip()
    assert "89.9%" in line and "persistent" in line


def test_csv_cells_a_spreadsheet_could_run_arrive_as_text(store, db_path, capsys):
    add_pupil('=HYPERLINK("http://example.com","x")', 9, 100, 100)

    assert main(["pupils", "--csv", "--db", str(db_path)]) == 0

    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out
    assert "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out


@pytest.mark.parametrize(
    "command",
    [
        ["pupils", "--json"],
        ["reports", "movers"],
        ["reports", "cohorts", "--json"],
        ["letters", "--kind", "concern", "--band", "at_risk", "--out", "letters.pdf"],
    ],
)
def test_a_mistyped_database_is_reported_not_created(tmp_path, capsys, command):
    missing = tmp_path / "typo" / "wodrush.db"

    assert main([*command, "--db", str(missing)]) == 3

    assert "no database" in capsys.readouterr().err
    assert not missing.parent.exists()
