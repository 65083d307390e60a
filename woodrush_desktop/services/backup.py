"""Backing up the database and restoring a backup, without ever losing the current file.

A backup is a consistent copy taken through SQLite's online backup. Restoring checks the chosen
file first (it opens, passes an integrity check, is a Woodrush database no newer than this
release), keeps a copy of the current database beside it, and only then copies the backup's
pages into the open database, so the writer's lock is held throughout.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from woodrush_desktop.store.database import Store, write_guard
from woodrush_desktop.store.migrations import SCHEMA_VERSION, backup_file, migrate

log = logging.getLogger(__name__)

_REQUIRED_TABLES = {"pupil", "snapshot", "pupil_figures", "checklist_tick", "setting"}


class BackupError(Exception):
    """A backup that cannot be taken or used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    previous_copy: Path
    schema_version: int


def back_up_now(store: Store, folder: Path | None = None) -> Path:
    """Copy the open database to a dated file beside it, or into `folder`."""
    if store.path is None:
        raise BackupError("an in-memory database has no file to back up")
    try:
        target = backup_file(store.path, "backup")
        if folder is not None and folder.resolve() != target.parent.resolve():
            folder.mkdir(parents=True, exist_ok=True)
            target = Path(shutil.move(target, folder / target.name))
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"the backup could not be written: {error}") from error
    store.audit("database backed up", "database", detail={"file": target.name})
    log.info("database backed up to %s", target.name)
    return target


def verify_backup(path: Path) -> int:
    """Check a file can be restored; returns its schema version or raises BackupError."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path.name} cannot be opened: {error}") from error
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in listed}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path.name} is not a Woodrush database: {error}") from error
    finally:
        connection.close()
    if integrity != "ok":
        raise BackupError(f"{path.name} is damaged (integrity check: {integrity})")
    if not _REQUIRED_TABLES.issubset(tables):
        raise BackupError(f"{path.name} is not a Woodrush Attendance database")
    if version > SCHEMA_VERSION:
        raise BackupError(
            f"{path.name} was made by a newer Woodrush Attendance (schema {version}); "
            "install that release to restore it"
        )
    return version


def restore_backup(store: Store, backup: Path) -> RestoreResult:
    """Replace the open database's contents with a verified backup, keeping the current copy."""
    if store.path is None:
        raise BackupError("an in-memory database cannot be restored into")
    if backup.resolve() == store.path.resolve():
        raise BackupError("that is the database in use, not a backup of it")
    version = verify_backup(backup)
    with write_guard(store):
        try:
            previous = backup_file(store.path, "before-restore")
        except (OSError, sqlite3.Error) as error:
            raise BackupError(
                f"a copy of the current database could not be kept, so nothing was restored: "
                f"{error}"
            ) from error
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            source.backup(store.db.connection())
        except sqlite3.Error as error:
            raise BackupError(
                f"restoring failed; the current database is unchanged and also kept as "
                f"{previous.name}: {error}"
            ) from error
        finally:
            source.close()
        migrate(store.db, store.path)
    store.audit("database restored", "database", detail={"file": backup.name, "schema": version})
    log.info("database restored from %s (schema %d)", backup.name, version)
    return RestoreResult(restored_from=backup, previous_copy=previous, schema_version=version)
