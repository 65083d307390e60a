"""Where the application's bundled files and the user's data live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from woodrush_desktop import APP_AUTHOR, APP_NAME

DB_ENV = "WOODRUSH_DB"
DB_FILE_NAME = "woodrush.db"


def resources_dir() -> Path:
    """The folder holding policy data, register codes, letter templates and fonts.

    A PyInstaller bundle unpacks it beside the executable; a source checkout has it at the top.
    """
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def ui_dir() -> Path:
    """The folder holding the Qt Designer forms."""
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "ui"
    return Path(__file__).resolve().parent.parent / "ui"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database to open: `--db`, then `WOODRUSH_DB`, then the per-user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_dir() / DB_FILE_NAME


def demo_db_path() -> Path:
    """The demo school lives in its own file so a first look never mixes with real data."""
    return user_data_dir() / "demo" / DB_FILE_NAME
