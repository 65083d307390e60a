"""The frozen window, opened offscreen on a first run and on an imported school.

`--quit-after` closes it once the event loop has run; the log says the window was shown.
"""

from __future__ import annotations

import sqlite3

import pytest
from bundle_runner import log_text, run

from woodrush_desktop.store.migrations import SCHEMA_VERSION

pytestmark = [pytest.mark.bundle, pytest.mark.slow]


def _user_version(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


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
    assert _user_version(database) == SCHEMA_VERSION
