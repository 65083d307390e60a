"""A database another program is writing to while letters are recorded: a clear message and
nothing half-logged, and recording again once it is free logs the batch."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from woodrush_desktop.cli import EXIT_DATABASE, main
from woodrush_desktop.services.letters import build_batch, record_batch
from woodrush_desktop.store import database
from woodrush_desktop.store.database import DatabaseError
from woodrush_desktop.store.models import ChecklistTick, Letter


@contextmanager
def another_writer(db_path: Path) -> Iterator[None]:
    """Another connection holding the write lock, as a second program or a backup tool might."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def impatient(monkeypatch, store) -> None:
    """Give up on a locked database at once instead of after the usual five seconds."""
    monkeypatch.setitem(database.PRAGMAS, "busy_timeout", 0)
    store.db.execute_sql("PRAGMA busy_timeout = 0")


def test_a_busy_database_is_a_database_error_and_recording_can_be_retried(
    store, policy, roll, db_path, impatient
) -> None:
    pupil = roll.pupil("Jack", "Smith", attended=91)
    batch = build_batch(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    with another_writer(db_path), pytest.raises(DatabaseError) as raised:
        record_batch(store, policy, batch)

    message = str(raised.value)
    assert "not recorded" in message and "try again" in message
    assert not batch.recorded
    assert Letter.select().count() == 0 and ChecklistTick.select().count() == 0
    assert len(record_batch(store, policy, batch)) == 1
    assert Letter.select().count() == 1


def test_the_command_line_exits_3_and_keeps_no_pdf(
    store, roll, db_path, tmp_path, capsys, impatient
) -> None:
    roll.pupil("Jack", "Smith", attended=91, upn="A123456789012")
    out = tmp_path / "concern.pdf"
    arguments = ["letters", "--db", str(db_path), "--kind", "concern", "--band", "at_risk"]

    with another_writer(db_path):
        code = main([*arguments, "--out", str(out)])

    assert code == EXIT_DATABASE
    error = capsys.readouterr().err
    assert "not recorded" in error and "Traceback" not in error
    assert not out.exists()
    assert Letter.select().count() == 0
