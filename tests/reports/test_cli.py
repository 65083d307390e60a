"""`woodrush reports`, `woodrush export` and `woodrush pack` against a temporary database."""

from __future__ import annotations

import json

import pytest
from reports_factory import build_school

from woodrush_desktop.cli import main
from woodrush_desktop.store.models import Pupil


@pytest.fixture
def db(store, db_path):
    build_school()
    Pupil.update(upn="A123456789012").where(Pupil.id == 1).execute()
    store.close()
    return str(db_path)


@pytest.mark.parametrize("report", ["movers", "cohorts", "penalty", "trends", "effects"])
def test_every_report_prints_json(db, report, capsys):
    assert main(["reports", report, "--db", db, "--json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data


def test_movers_as_text_name_the_band_change(db, capsys):
    assert main(["reports", "movers", "--db", db]) == 0

    out = capsys.readouterr().out
    assert "Below expectation → Persistently absent" in out
    assert "letter due: meeting invitation" not in out  # already sent on 06/10/2025


def test_one_pupils_trend_by_upn(db, capsys):
    assert main(["reports", "trends", "--upn", "a123456789012", "--db", db, "--json"]) == 0

    points = json.loads(capsys.readouterr().out)
    assert [point["band"] for point in points] == ["below_expected", "persistent"]


def test_export_and_packs_write_files(db, tmp_path, capsys):
    xlsx, csv_file = tmp_path / "pupils.xlsx", tmp_path / "pupils.csv"
    trustees, evidence = tmp_path / "trustees.pdf", tmp_path / "evidence.pdf"

    assert main(["export", "--xlsx", str(xlsx), "--db", db]) == 0
    assert main(["export", "--csv", str(csv_file), "--db", db, "--json"]) == 0
    assert main(["pack", "trustees", str(trustees), "--db", db]) == 0
    assert main(["pack", "evidence", "--upn", "A123456789012", str(evidence), "--db", db]) == 0

    assert xlsx.stat().st_size > 0 and csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    assert trustees.read_bytes().startswith(b"%PDF")
    assert evidence.read_bytes().startswith(b"%PDF")


def test_an_unknown_upn_is_refused(db, tmp_path, capsys):
    out = tmp_path / "evidence.pdf"

    assert main(["pack", "evidence", "--upn", "Z999", str(out), "--db", db, "--json"]) == 1

    assert json.loads(capsys.readouterr().out)["ok"] is False
    assert not out.exists()
    assert main(["pack", "evidence", str(out), "--db", db]) == 2
