"""Opening the database: the file, its permissions, its pragmas, its schema and its lock."""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock
import peewee
from peewee import SqliteDatabase

from woodrush_desktop.store.migrations import migrate
from woodrush_desktop.store.models import ALL_MODELS, AuditEvent

log = logging.getLogger(__name__)

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": 5000,
}


class DatabaseError(Exception):
    """The database cannot be used (locked, unreadable, damaged); the message says what to do."""


class DatabaseInUseError(DatabaseError):
    """Another Woodrush Attendance is already writing to this database."""


@dataclass
class Store:
    """An open database: the peewee handle plus where it lives and the writer's lock."""

    db: SqliteDatabase
    path: Path | None
    lock: filelock.BaseFileLock | None = None
    backup_taken: Path | None = None

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.lock is not None and self.lock.is_locked:
            self.lock.release()

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None = None,
        detail: dict | None = None,
        actor: str | None = None,
    ) -> None:
        AuditEvent.create(
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
            actor=actor or current_user(),
        )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def current_user() -> str:
    """Who is making a change, for the audit trail and "done by" on a tick."""
    for name in ("USERNAME", "USER", "LOGNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        return getpass.getuser()  # the account's name even where the shell set no variable
    except (KeyError, OSError):
        return "unknown"


def _create_private_file(path: Path) -> None:
    """Create the database file readable and writable by its owner only, before SQLite does."""
    _make_private_folders(path.parent)
    with contextlib.suppress(FileExistsError):
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)


def _make_private_folders(folder: Path) -> None:
    """Create missing folders owner-only. A folder that already exists is the user's choice
    (their Desktop, a shared drive) and keeps its permissions."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            created.mkdir(mode=0o700)


def writer_lock(path: Path) -> filelock.BaseFileLock:
    return filelock.FileLock(str(path) + ".lock", timeout=0)


def open_database(path: Path | str | None, *, exclusive: bool = False) -> Store:
    """Open (creating if needed) and migrate the database at `path`; None is in memory.

    With `exclusive`, hold the writer's lock for as long as the store is open, so a second
    window on the same file is refused instead of interleaving its writes with ours.
    """
    file_path = Path(path) if path is not None else None
    lock = None
    if file_path is not None:
        _create_private_file(file_path)
        if exclusive:
            lock = writer_lock(file_path)
            try:
                lock.acquire()
            except filelock.Timeout as error:
                raise DatabaseInUseError(
                    f"{file_path.name} is already open in another Woodrush Attendance window. "
                    "Close that window first, or open a different database."
                ) from error
    database = SqliteDatabase(str(file_path) if file_path else ":memory:", pragmas=PRAGMAS)
    try:
        database.connect()
        database.bind(ALL_MODELS)
        backup = migrate(database, file_path)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        database.close()
        if lock is not None:
            lock.release()
        raise DatabaseError(
            f"{file_path or 'the database'} cannot be opened as a Woodrush database: {error}. "
            "If it was damaged, restore a backup from Settings."
        ) from error
    except BaseException:
        database.close()
        if lock is not None:
            lock.release()
        raise
    return Store(db=database, path=file_path, lock=lock, backup_taken=backup)


def open_existing_database(path: Path) -> Store:
    """Open a database that must already exist: reading commands never create one, so a
    mistyped path is reported instead of answering from a new, empty file."""
    if not path.exists():
        raise DatabaseError(
            f"there is no database at {path}. Import a register first, or check the path."
        )
    return open_database(path)


@contextlib.contextmanager
def write_guard(store: Store) -> Iterator[None]:
    """Take the writer's lock for one write when the store does not already hold it."""
    if store.path is None or store.lock is not None:
        yield
        return
    lock = writer_lock(store.path)
    try:
        lock.acquire()
    except filelock.Timeout as error:
        raise DatabaseInUseError(
            f"{store.path.name} is open in a Woodrush Attendance window, which is writing to "
            "it. Close the window, or use its File menu, to make this change."
        ) from error
    try:
        yield
    finally:
        lock.release()
