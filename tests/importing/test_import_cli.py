"""`woodrush import` and the service under it: the command-line contract and remembered
mappings."""

from __future__ import annotations

import json
from datetime import date

import pytest
from importing_builders import dump, summary_rows, upn, write_any, write_csv, write_xlsx

from woodrush_desktop.cli import main
from woodrush_desktop.services.importing import import_file, remembered_mapping
from woodrush_desktop.store.database import open_database
from woodrush_desktop.store.models import AuditEvent, ColumnMapping


def test_import_then_pupils(tmp_path, db_path, capsys):
    path = write_xlsx(tmp_path / "summary.xlsx", summary_rows())

    assert main(["import", str(path), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Imported summary.xlsx (summary) as of 20/11/2026: 4 pupils" in out

    assert main(["pupils", "--db", str(db_path), "--json"]) == 0
    pupils = {row["upn"]: row for row in json.loads(capsys.readouterr().out)}
    assert pupils[upn(1)]["attendance"] == 96.0 and pupils[upn(1)]["band"] == "below_expected"
    assert pupils[upn(4)]["band"] is None


def test_import_json_on_success(tmp_path, db_path, capsys):
    path = write_xlsx(tmp_path / "summary.xlsx", summary_rows())

    assert main(["import", str(path), "--db", str(db_path), "--json"]) == 0

    result = json.loads(capsys.readouterr().out)
    assert (result["pupils"], result["shape"], result["as_of"]) == (4, "summary", "2026-11-20")
    assert result["errors"] == [] and result["report"]["bands"]["below_expected"] == 1


def test_a_refused_import_exits_1_with_located_problems(tmp_path, db_path, capsys):
    main(["import", str(write_xlsx(tmp_path / "ok.xlsx", summary_rows())), "--db", str(db_path)])
    capsys.readouterr()
    rows = [["UPN", "Name", "Possible", "Present"], [upn(1), "A, B", 10, 12]]
    bad = write_csv(tmp_path / "bad.csv", rows)
    with open_database(db_path) as store:
        before = dump(store)

    assert main(["import", str(bad), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "sheet 'bad', row 2, column C (Possible): attended (12) is greater" in err

    assert main(["import", str(bad), "--db", str(db_path), "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems["errors"][0] | {"message": ""} == {
        "sheet": "bad",
        "row": 2,
        "column": "C (Possible)",
        "message": "",
        "severity": "error",
    }
    assert problems["warnings"] == []
    with open_database(db_path) as store:
        assert dump(store) == before


def test_map_option_and_remembered_mapping(tmp_path, db_path, capsys):
    rows = [
        ["UPN", "Name", "Sessions Possible To Date", "Present", "Auth", "Unauth"],
        [upn(1), "A, B", 20, 19, 1, 0],
    ]
    path = write_csv(tmp_path / "odd.csv", rows)

    assert main(["import", str(path), "--db", str(db_path), "--as-of", "2026-09-30"]) == 1
    err = capsys.readouterr().err
    assert "Possible sessions" in err and "--map 'possible=Sessions Possible To Date'" in err

    mapped = ["--map", "possible=Sessions Possible To Date"]
    assert main(["import", str(path), "--db", str(db_path), "--as-of", "2026-09-30", *mapped]) == 0
    capsys.readouterr()

    rows[1][3] = 18  # next week's file: same headings, new figures
    rows[1][4] = 2
    later = write_csv(tmp_path / "odd-next.csv", rows)
    assert main(["import", str(later), "--db", str(db_path), "--as-of", "2026-10-07"]) == 0


def test_bad_map_options_are_usage_errors(tmp_path, db_path, capsys):
    path = write_csv(tmp_path / "a.csv", summary_rows())

    assert main(["import", str(path), "--db", str(db_path), "--map", "possible"]) == 2
    assert main(["import", str(path), "--db", str(db_path), "--map", "bogus=X"]) == 2
    assert "not a field" in capsys.readouterr().err


def test_duplicate_file_exits_0(tmp_path, db_path, capsys):
    path = write_xlsx(tmp_path / "summary.xlsx", summary_rows())
    main(["import", str(path), "--db", str(db_path)])

    assert main(["import", str(path), "--db", str(db_path)]) == 0
    assert "was imported before" in capsys.readouterr().out


def test_the_service_remembers_a_confirmed_mapping_and_audits(store, tmp_path):
    rows = [
        ["UPN", "Name", "Poss To Date", "Came", "Auth", "Unauth"],
        [upn(1), "A, B", 20, 19, 1, 0],
    ]
    mapping = {"possible": "Poss To Date", "present": "Came"}
    result = import_file(
        store, write_csv(tmp_path / "a.csv", rows), mapping=mapping, as_of=date(2026, 9, 30)
    )

    assert remembered_mapping(result.header_signature) == mapping
    assert ColumnMapping.select().count() == 1
    event = AuditEvent.get(AuditEvent.action == "register imported")
    assert (event.entity_id, event.detail["pupils"]) == (result.snapshot_id, 1)
    assert "A, B" not in json.dumps(event.detail)  # no pupil names in the audit trail

    rows[1][3] = 18
    again = import_file(store, write_csv(tmp_path / "b.csv", rows), as_of=date(2026, 10, 7))
    assert again.pupils == 1 and not again.duplicate


SHAPE_ROWS = {
    "summary": summary_rows(),
    "marks_grid": [
        ["Marks from 07/09/2026 to 08/09/2026"],
        ["UPN", "Name", "07/09/2026 AM", "07/09/2026 PM", "08/09/2026 AM", "08/09/2026 PM"],
        [upn(1), "One, Pupil", "/", "\\", "N", "\\"],
        [upn(2), "Two, Pupil", "/", "I", "I", "\\"],
    ],
    "marks_long": [
        ["UPN", "Date", "Session", "Mark"],
        [upn(1), "07/09/2026", "AM", "/"],
        [upn(1), "07/09/2026", "PM", "L"],
        [upn(2), "07/09/2026", "AM", "C1"],
    ],
}


@pytest.mark.parametrize("shape", list(SHAPE_ROWS))
@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls", ".ods", ".csv"])
def test_every_format_and_shape_imports_through_the_command(
    tmp_path, db_path, capsys, suffix, shape
):
    path = write_any(tmp_path / f"export{suffix}", SHAPE_ROWS[shape])

    assert main(["import", str(path), "--db", str(db_path), "--json"]) == 0

    result = json.loads(capsys.readouterr().out)
    assert result["shape"] == shape
    assert result["pupils"] == (4 if shape == "summary" else 2)
