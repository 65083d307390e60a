"""Building the frozen application for the bundle tests, and running it headless.

The bundle is built once per content of the sources it freezes (the package, resources, ui,
packaging, pyproject.toml) into build/bundle-test/<hash>/, under a lock so that two test runs
at once neither build twice nor read a half-written folder. A later run with the same sources
reuses it; any edit to them builds afresh.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import filelock
from peewee import SqliteDatabase

from woodrush_desktop.store.migrations import MIGRATIONS

ROOT = Path(__file__).resolve().parents[2]
FROZEN_SOURCES = ("woodrush_desktop", "resources", "ui", "packaging", "pyproject.toml")
CACHE = ROOT / "build" / "bundle-test"
RUN_TIMEOUT = 180


def source_digest() -> str:
    """A hash of every file the bundle is made from, and of the Python that freezes it."""
    digest = hashlib.sha256(sys.version.encode())
    for top in FROZEN_SOURCES:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _prune_old_bundles(keep: Path) -> None:
    """Bundles of sources that changed over 20 minutes ago; they are ~180 MB each."""
    for folder in CACHE.iterdir():
        stale = time.time() - folder.stat().st_mtime > 20 * 60
        if folder.is_dir() and folder not in (keep, CACHE / "work") and stale:
            shutil.rmtree(folder, ignore_errors=True)


def build_bundle() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / source_digest()
    app = target / "woodrush-attendance"
    done = target / "built"
    with filelock.FileLock(str(CACHE / "build.lock"), timeout=900):
        if done.is_file():
            os.utime(target)  # in use: not to be pruned by a run with other sources
            return app
        shutil.rmtree(target, ignore_errors=True)
        build_script = ROOT / "packaging" / "build.sh"
        result = subprocess.run(
            ["bash", str(build_script), "--dist", str(target), "--work", str(CACHE / "work")],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert result.returncode == 0, f"build.sh failed:\n{result.stdout}\n{result.stderr}"
        done.write_text(result.stdout, encoding="utf-8")
        _prune_old_bundles(target)
    return app


def run(program: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """Run a bundled program with the test's isolated folders and no display."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    env.pop("PYTHONHOME", None)
    result = subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        env=env,
        cwd=program.parent.parent,  # not the source tree, so nothing is imported from it
        check=False,
    )
    assert result.returncode == expect, (
        f"{program.name} {' '.join(args)} exited {result.returncode}:\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result


def woodrush(bundle: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    return run(bundle / "woodrush", *args, expect=expect)


def log_text() -> str:
    """What the bundled programs logged, in the test's isolated log folder."""
    log_file = Path(os.environ["WOODRUSH_LOG_DIR"]) / "woodrush.log"
    return log_file.read_text(encoding="utf-8") if log_file.is_file() else ""


def database_at(path: Path, version: int) -> None:
    """A database as the release with schema `version` left it, with one pupil in it."""
    database = SqliteDatabase(str(path))
    database.connect()
    for step in range(1, version + 1):
        with database.atomic():
            MIGRATIONS[step - 1](database)
            database.execute_sql(f"PRAGMA user_version = {step:d}")
    database.execute_sql(
        'INSERT INTO pupil ("upn", "legal_surname", "legal_forename", "year", "reg_group", '
        '"manual_flags", "on_roll", "created_at", "updated_at") VALUES '
        "('A123456789012', 'Upgrade', 'Ursula', 8, '8U', '[]', 1, "
        "'2026-09-01 08:30:00', '2026-09-01 08:30:00')"
    )
    database.close()


def user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()
