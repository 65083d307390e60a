"""The database file: created private, WAL and foreign keys on, migrated safely."""

import sqlite3
import stat
from datetime import date

import pytest
from peewee import IntegrityError

from woodrush_desktop.store import migrations
from woodrush_desktop.store.database import (
    DatabaseError,
    DatabaseInUseError,
    open_database,
    write_guard,
)
from woodrush_desktop.store.models import Letter, Pupil


def make_v1_database(path):
    """A database as the first release left it, with a pupil and a letter in it."""
    connection = sqlite3.connect(path)
    for statement in migrations._statements(migrations.SCHEMA_V1):
        connection.execute(statement)
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        "INSERT INTO pupil (id, legal_surname, legal_forename, manual_flags, on_roll, "
        "created_at, updated_at) VALUES (1, 'Test', 'Pupil', '[]', 1, '2026-09-01', "
        "'2026-09-01')"
    )
    connection.execute(
        "INSERT INTO letter (pupil_id, recipient, kind, issued_on, created_at, figures, pdf) "
        "VALUES (1, 'Parent', 'concern', '2026-10-01', '2026-10-01', '{}', x'25504446')"
    )
    connection.commit()
    connection.close()


def test_a_new_database_is_readable_by_its_owner_only(tmp_path):
    db_path = tmp_path / "data" / "woodrush" / "woodrush.db"

    with open_database(db_path):
        pass

    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db_path.parent.parent.stat().st_mode) == 0o700


def test_a_folder_the_user_chose_keeps_its_permissions(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o1777)

    with open_database(shared / "woodrush.db"):
        pass

    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "woodrush.db").stat().st_mode) == 0o600


def test_wal_and_foreign_keys_are_on_and_the_schema_is_current(store):
    assert store.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrations.schema_version(store.db) == migrations.SCHEMA_VERSION
    assert store.backup_taken is None  # nothing to back up in a new file


def test_foreign_keys_are_enforced(store):
    with pytest.raises(IntegrityError):
        Letter.create(
            pupil=999,
            recipient="x",
            kind="concern",
            issued_on=date(2026, 10, 1),
            figures={},
            pdf=b"%PDF",
        )


def test_migrating_an_older_database_backs_it_up_first_and_keeps_the_data(db_path):
    make_v1_database(db_path)

    with open_database(db_path) as store:
        backup = store.backup_taken
        assert Pupil.get_by_id(1).legal_surname == "Test"
        assert migrations.schema_version(store.db) == migrations.SCHEMA_VERSION

    assert backup is not None and backup.exists()
    assert backup.parent == db_path.parent
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT COUNT(*) FROM letter").fetchone()[0] == 1
    copy.close()


def test_after_migration_letters_can_never_be_deleted(db_path):
    make_v1_database(db_path)

    with open_database(db_path) as store:
        with pytest.raises(IntegrityError, match="letters are evidence"):
            Letter.delete().execute()
        assert Letter.select().count() == 1
        assert store.db.execute_sql("SELECT COUNT(*) FROM letter").fetchone()[0] == 1


def test_a_failed_migration_step_leaves_the_database_as_it_was(db_path, monkeypatch):
    make_v1_database(db_path)

    def broken(database):
        database.execute_sql("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])

    with pytest.raises(DatabaseError):
        open_database(db_path)

    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    connection.close()


def test_a_database_from_a_newer_release_is_refused(db_path):
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    connection.close()

    with pytest.raises(migrations.SchemaTooNewError, match="newer Woodrush Attendance"):
        open_database(db_path)


def test_a_file_that_is_not_a_database_gets_a_clear_message(db_path):
    db_path.write_bytes(b"this is a spreadsheet, not a database" * 100)

    with pytest.raises(DatabaseError, match="cannot be opened as a Woodrush database"):
        open_database(db_path)


def test_only_one_writer_at_a_time(db_path):
    with open_database(db_path, exclusive=True):
        with pytest.raises(DatabaseInUseError, match="already open in another"):
            open_database(db_path, exclusive=True)

        reader = open_database(db_path)
        with pytest.raises(DatabaseInUseError), write_guard(reader):
            pass
        reader.close()

    with open_database(db_path, exclusive=True):
        pass


def test_no_fact_of_a_logged_letter_can_be_rewritten(store):
    pupil = Pupil.create(legal_surname="Test", legal_forename="Pupil")
    letter = Letter.create(
        pupil=pupil,
        recipient="Parent",
        kind="concern",
        issued_on=date(2026, 10, 1),
        figures={},
        pdf=b"%PDF",
        band="at_risk",
    )

    for column, value in [
        ("created_at", "2020-01-01"),
        ("band", "expected"),
        ("created_by", "someone"),
        ("batch", "x"),
        ("issued_on", "2020-01-01"),
    ]:
        with pytest.raises(IntegrityError, match="cannot be changed"):
            store.db.execute_sql(f"UPDATE letter SET {column} = ? WHERE id = ?", (value, letter.id))


def test_changes_are_attributed_to_the_account_even_without_user_variables(monkeypatch):
    from woodrush_desktop.store.database import current_user

    for name in ("USERNAME", "USER", "LOGNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "attendance.officer")

    assert current_user() == "attendance.officer"
