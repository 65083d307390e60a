"""The frozen command line, its files and its install, run as the officer and IT would.

The `bundle` fixture (conftest.py) builds the Linux bundle or reuses a fresh one.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from bundle_runner import ROOT, database_at, run, user_version, woodrush

from woodrush_desktop import __version__
from woodrush_desktop.licences import required_distributions
from woodrush_desktop.store.migrations import SCHEMA_VERSION

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

SIZE_LIMIT_MB = 200


def folder_size_mb(folder: Path) -> float:
    return sum(path.lstat().st_size for path in folder.rglob("*")) / 1_000_000


def test_the_unpacked_bundle_is_under_200_mb(bundle):
    size = folder_size_mb(bundle)

    print(f"unpacked bundle: {size:.1f} MB in {bundle}")
    assert size < SIZE_LIMIT_MB


def test_only_the_qt_the_application_uses_is_carried(bundle):
    qt = bundle / "_internal" / "PySide6"
    carried = {path.name for path in qt.rglob("*")}

    for unused in ("libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6WebEngineCore.so.6"):
        assert unused not in carried
    assert not (qt / "Qt" / "translations").exists()
    assert not (qt / "Qt" / "qml").exists()
    assert {"QtWidgets.abi3.so", "QtPdf.abi3.so", "QtPdfWidgets.abi3.so"} <= carried
    assert (qt / "Qt" / "plugins" / "platforms" / "libqoffscreen.so").is_file()
    assert (qt / "Qt" / "plugins" / "platforms" / "libqxcb.so").is_file()


def test_the_resources_fonts_and_licences_are_carried(bundle):
    internal = bundle / "_internal"

    assert (internal / "resources" / "fonts" / "NotoSans-Regular.ttf").is_file()
    assert (internal / "resources" / "fonts" / "OFL.txt").is_file()
    assert (internal / "resources" / "policy" / "woodrush-policy.json").is_file()
    assert (internal / "resources" / "codes" / "register-codes.json").is_file()
    assert (internal / "resources" / "icons" / "woodrush-256.png").is_file()
    assert (internal / "licences" / "LGPL-3.0.txt").is_file()
    assert (internal / "licences" / "python" / "LICENSE.txt").is_file()
    for source in sorted((ROOT / "ui").glob("*.ui")):
        assert (internal / "ui" / source.name).is_file()
    assert (bundle / "woodrush-attendance.desktop").is_file()


def test_the_metadata_the_about_dialog_reads_is_carried(bundle):
    carried = {
        path.name.split("-")[0].lower() for path in (bundle / "_internal").glob("*.dist-info")
    }

    for dist in required_distributions():
        assert dist.metadata["Name"].lower().replace("-", "_") in carried


def test_the_command_line_reports_the_package_version(bundle):
    result = woodrush(bundle, "--version")

    assert result.stdout.strip() == f"woodrush {__version__}"


def test_the_bundled_policy_is_the_one_in_the_source(bundle, policy):
    result = woodrush(bundle, "policy", "--json")

    assert json.loads(result.stdout) == json.loads(json.dumps(policy.to_json(), default=str))


def test_the_bundle_writes_the_demo_register(bundle, tmp_path):
    export = tmp_path / "demo.xlsx"

    result = woodrush(
        bundle, "demo", str(export), "--pupils", "60", "--as-of", "2026-11-27", "--json"
    )

    summary = json.loads(result.stdout)
    assert summary["pupils"] == 60
    assert summary["as_of"] == "2026-11-27"
    assert export.stat().st_size > 10_000


SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))


def test_a_register_imported_by_the_bundle_gives_every_pupil_a_band(bundle, demo_school):
    result = woodrush(bundle, "pupils", "--db", str(demo_school), "--json")

    rows = json.loads(result.stdout)
    assert len(rows) == 60
    assert all(row["possible"] for row in rows)
    assert {row["band"] for row in rows} >= {"expected", "persistent"}


@pytest.mark.skipif(not SAMPLE_FILES, reason="the shared sample exports are not on this machine")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda path: path.name)
def test_the_bundle_imports_a_real_spreadsheet_programs_export(bundle, tmp_path, sample):
    database = tmp_path / "woodrush.db"

    result = woodrush(bundle, "import", str(sample), "--db", str(database), "--json")

    imported = json.loads(result.stdout)
    assert imported["errors"] == []
    assert imported["pupils"] > 0


@pytest.mark.parametrize("old_version", range(1, SCHEMA_VERSION))
def test_a_database_from_an_older_release_opens_with_a_backup_taken_first(
    bundle, tmp_path, old_version
):
    old = tmp_path / "woodrush.db"
    database_at(old, old_version)

    result = woodrush(bundle, "pupils", "--db", str(old), "--json")

    assert [row["upn"] for row in json.loads(result.stdout)] == ["A123456789012"]
    assert user_version(old) == SCHEMA_VERSION
    backups = sorted(tmp_path.glob(f"woodrush.before-v{SCHEMA_VERSION}-*.db"))
    assert len(backups) == 1
    assert user_version(backups[0]) == old_version
    connection = sqlite3.connect(backups[0])
    try:
        assert connection.execute("SELECT legal_surname FROM pupil").fetchall() == [("Upgrade",)]
    finally:
        connection.close()


def test_a_current_database_opens_without_another_backup(bundle, tmp_path):
    current = tmp_path / "woodrush.db"
    database_at(current, SCHEMA_VERSION)

    woodrush(bundle, "pupils", "--db", str(current), "--json")

    assert sorted(path.name for path in tmp_path.iterdir() if "before" in path.name) == []


def _desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_per_user_install_upgrades_and_uninstalls_leaving_the_data(bundle, tmp_path):
    home = Path(os.environ["HOME"])
    data = Path(os.environ["XDG_DATA_HOME"]) / "Woodrush Attendance"
    data.mkdir(parents=True)
    (data / "woodrush.db").write_bytes(b"the officer's records")
    unpacked = tmp_path / "download" / "woodrush-attendance"
    shutil.copytree(bundle, unpacked, symlinks=True)

    run(unpacked / "install.sh")
    run(unpacked / "install.sh")  # installing again is how an upgrade is done

    installed = home / ".local" / "opt" / "woodrush-attendance"
    entry = _desktop_entry(
        Path(os.environ["XDG_DATA_HOME"]) / "applications" / "woodrush-attendance.desktop"
    )
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Woodrush Attendance"
    assert entry["Exec"] == f'"{installed / "woodrush-desktop"}"'
    assert entry["Icon"] == "woodrush-attendance"
    icon = Path(os.environ["XDG_DATA_HOME"]) / "icons/hicolor/scalable/apps/woodrush-attendance.svg"
    assert icon.is_file()
    linked = run(home / ".local" / "bin" / "woodrush", "--version")
    assert linked.stdout.strip() == f"woodrush {__version__}"

    run(installed / "install.sh", "--uninstall")

    assert not installed.exists()
    assert not (home / ".local" / "bin" / "woodrush").exists()
    assert not icon.exists()
    assert (data / "woodrush.db").read_bytes() == b"the officer's records"


def test_the_bundle_writes_letters_on_the_letterhead_in_the_bundled_font(
    bundle, demo_school, tmp_path
):
    out = tmp_path / "letters" / "concern.pdf"

    result = woodrush(
        bundle,
        "letters",
        "--kind",
        "concern",
        "--band",
        "at_risk",
        "--include-held",
        "--date",
        "27/11/2026",
        "--db",
        str(demo_school),
        "--out",
        str(out),
        "--json",
    )

    batch = json.loads(result.stdout)
    assert batch["letters"]
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "27/11/2026" in text
    for letter in batch["letters"]:
        assert letter["recipient"] in text
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSans" in fonts
