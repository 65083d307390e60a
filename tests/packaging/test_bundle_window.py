"""The frozen window, opened offscreen: a first run, an imported school, an older database.

`--quit-after` closes it once the event loop has run; the log says the window was shown.
"""

from __future__ import annotations

import pytest
from bundle_runner import database_at, log_text, run, user_version

from woodrush_desktop.store.migrations import SCHEMA_VERSION

pytestmark = [pytest.mark.bundle, pytest.mark.slow]


def test_the_window_opens_offscreen_on_an_imported_school(bundle, demo_school):
    result = run(bundle / "woodrush-desktop", "--db", str(demo_school), "--quit-after", "1500")

    assert "Traceback" not in result.stderr
    log = log_text()
    assert "window shown" in log
    assert "ERROR" not in log


def test_the_window_opens_offscreen_on_a_first_run(bundle, tmp_path):
    database = tmp_path / "first-run" / "woodrush.db"

    result = run(bundle / "woodrush-desktop", "--db", str(database), "--quit-after", "1500")

    assert "Traceback" not in result.stderr
    assert "window shown" in log_text()
    assert user_version(database) == SCHEMA_VERSION


def test_the_window_upgrades_a_database_from_the_previous_release_after_a_backup(bundle, tmp_path):
    old = tmp_path / "woodrush.db"
    database_at(old, SCHEMA_VERSION - 1)

    result = run(bundle / "woodrush-desktop", "--db", str(old), "--quit-after", "1500")

    assert "Traceback" not in result.stderr
    assert "window shown" in log_text()
    assert user_version(old) == SCHEMA_VERSION
    backups = list(tmp_path.glob(f"woodrush.before-v{SCHEMA_VERSION}-*.db"))
    assert [user_version(backup) for backup in backups] == [SCHEMA_VERSION - 1]
