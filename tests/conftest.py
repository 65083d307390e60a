"""Fixtures every test area shares: a temporary database, the default policy, the codes.

Each test gets its own database file in a temporary folder, and the user's real data folder
and log folder are pointed elsewhere so no test can touch them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("WOODRUSH_LOG_DIR", str(home / "logs"))
    monkeypatch.delenv("WOODRUSH_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "woodrush.db"


@pytest.fixture
def store(db_path: Path):
    from woodrush_desktop.store.database import open_database

    opened = open_database(db_path)
    yield opened
    opened.close()


@pytest.fixture
def policy():
    from woodrush_desktop.domain.policy import default_policy

    return default_policy()


@pytest.fixture
def code_book():
    from woodrush_desktop.domain.codes import default_code_book

    return default_code_book()
