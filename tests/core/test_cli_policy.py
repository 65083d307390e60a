"""`woodrush policy`: the bands with their bounds and every responsibility item."""

import json
import subprocess
import sys

from woodrush_desktop.cli import main
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.services.settings import use_policy
from woodrush_desktop.store.database import open_database


def run_json(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_policy_json_lists_five_bands_with_bounds_and_every_item(capsys, policy):
    code, data = run_json(capsys, "policy", "--json")

    assert code == 0
    assert [band["key"] for band in data["bands"]] == [
        "expected",
        "below_expected",
        "at_risk",
        "persistent",
        "severe",
    ]
    at_risk = data["bands"][2]
    assert at_risk["lower"] == {"value": 90.0, "inclusive": True}
    assert at_risk["upper"] == {"value": 92.0, "inclusive": True}
    listed = [
        item["key"]
        for owner in data["bands"] + data["groups"]
        for column in owner["items"].values()
        for item in column
    ]
    assert sorted(listed) == sorted(item.key for item in policy.all_items())


def test_policy_reads_without_creating_a_database(capsys):
    main(["policy"])

    assert "Attendance 90% to 92%" not in capsys.readouterr().out  # the data, not raw text
    assert not default_db_path().exists()


def test_the_policy_in_force_comes_from_the_database(capsys, db_path, policy):
    document = json.loads(json.dumps(policy.raw))
    document["bands"][0]["label"] = "On track"
    with open_database(db_path) as store:
        use_policy(store, document)

    code, data = run_json(capsys, "policy", "--json", "--db", str(db_path))

    assert code == 0
    assert data["bands"][0]["label"] == "On track"


def test_checking_a_broken_policy_file_is_refused(capsys, tmp_path, policy):
    document = json.loads(json.dumps(policy.raw))
    document["bands"][2]["lower"]["value"] = "89"
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    code, data = run_json(capsys, "policy", "--json", "--check", str(path))

    assert code == 1
    assert "overlap" in data["error"]


def test_the_core_runs_without_qt():
    """The domain, store, import and documents layers need no display and no Qt at all."""
    script = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from woodrush_desktop.cli import main\n"
        "sys.exit(main(['policy', '--json']))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["bands"]


def test_using_an_edited_policy_and_restoring_the_defaults(capsys, tmp_path, db_path):
    edited = tmp_path / "edited.json"
    assert main(["policy", "--export", str(edited), "--db", str(db_path)]) == 0
    document = json.loads(edited.read_text(encoding="utf-8"))
    document["bands"][2]["lower"]["value"] = "91"  # leaves 90–91 in no band
    edited.write_text(json.dumps(document), encoding="utf-8")

    assert main(["policy", "--use", str(edited), "--db", str(db_path)]) == 1
    assert "gap" in capsys.readouterr().err

    document["bands"][3]["upper"]["value"] = "91"
    edited.write_text(json.dumps(document), encoding="utf-8")
    assert main(["policy", "--use", str(edited), "--db", str(db_path)]) == 0
    capsys.readouterr()
    _, data = run_json(capsys, "policy", "--json", "--db", str(db_path))
    assert data["bands"][2]["bounds"] == "91% to 92%"

    assert main(["policy", "--restore-defaults", "--db", str(db_path)]) == 0
    capsys.readouterr()
    _, data = run_json(capsys, "policy", "--json", "--db", str(db_path))
    assert data["bands"][2]["bounds"] == "90% to 92%"
