"""Schema migrations, one transaction per step, the file backed up before the first.

The schema version is SQLite's `PRAGMA user_version`. Each step's SQL is frozen here as it
was released, so a database made by any earlier release can be brought up to date; the models
in `models.py` always describe the newest version.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

log = logging.getLogger(__name__)

SCHEMA_V1 = """
CREATE TABLE "pupil" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "upn" TEXT,
    "admission_number" TEXT,
    "legal_surname" TEXT NOT NULL,
    "legal_forename" TEXT NOT NULL,
    "preferred_surname" TEXT,
    "preferred_forename" TEXT,
    "date_of_birth" DATE,
    "year" INTEGER,
    "reg_group" TEXT,
    "gender" TEXT,
    "entry_date" DATE,
    "sen_status" TEXT,
    "medical" INTEGER,
    "social_worker" INTEGER,
    "looked_after" INTEGER,
    "fsm" INTEGER,
    "manual_flags" TEXT NOT NULL,
    "on_roll" INTEGER NOT NULL,
    "left_on" DATE,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "pupil_upn" ON "pupil" ("upn");
CREATE INDEX "pupil_admission_number" ON "pupil" ("admission_number");
CREATE TABLE "contact" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "pupil_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "relationship" TEXT,
    "address" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "parental_responsibility" INTEGER,
    "priority" INTEGER NOT NULL,
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE
);
CREATE INDEX "contact_pupil_id" ON "contact" ("pupil_id");
CREATE TABLE "snapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "file_name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "period_start" DATE,
    "imported_at" DATETIME NOT NULL,
    "shape" TEXT NOT NULL,
    "sheet" TEXT,
    "full_export" INTEGER NOT NULL,
    "pupil_count" INTEGER NOT NULL,
    "mark_count" INTEGER NOT NULL,
    "report" TEXT
);
CREATE UNIQUE INDEX "snapshot_sha256" ON "snapshot" ("sha256");
CREATE INDEX "snapshot_as_of" ON "snapshot" ("as_of");
CREATE TABLE "pupil_figures" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "snapshot_id" INTEGER NOT NULL,
    "pupil_id" INTEGER NOT NULL,
    "possible" INTEGER NOT NULL,
    "present" INTEGER NOT NULL,
    "approved" INTEGER NOT NULL,
    "authorised" INTEGER NOT NULL,
    "unauthorised" INTEGER NOT NULL,
    "late" INTEGER NOT NULL,
    "band" TEXT,
    "mis_percentage" TEXT,
    "reasons" TEXT,
    "penalty_met_on" DATE,
    "penalty_current" INTEGER,
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshot" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE
);
CREATE INDEX "pupil_figures_snapshot_id" ON "pupil_figures" ("snapshot_id");
CREATE INDEX "pupil_figures_pupil_id" ON "pupil_figures" ("pupil_id");
CREATE UNIQUE INDEX "pupil_figures_snapshot_id_pupil_id"
    ON "pupil_figures" ("snapshot_id", "pupil_id");
CREATE INDEX "pupil_figures_pupil_id_snapshot_id" ON "pupil_figures" ("pupil_id", "snapshot_id");
CREATE TABLE "mark" (
    "pupil_id" INTEGER NOT NULL,
    "on" DATE NOT NULL,
    "session" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "snapshot_id" INTEGER NOT NULL,
    PRIMARY KEY ("pupil_id", "on", "session"),
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshot" ("id") ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX "mark_snapshot_id" ON "mark" ("snapshot_id");
CREATE TABLE "letter" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "pupil_id" INTEGER NOT NULL,
    "contact_id" INTEGER,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "issued_on" DATE NOT NULL,
    "created_at" DATETIME NOT NULL,
    "created_by" TEXT,
    "band" TEXT,
    "figures" TEXT NOT NULL,
    "snapshot_id" INTEGER,
    "batch" TEXT,
    "pdf" BLOB NOT NULL,
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE RESTRICT,
    FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL,
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshot" ("id") ON DELETE SET NULL
);
CREATE INDEX "letter_pupil_id" ON "letter" ("pupil_id");
CREATE INDEX "letter_contact_id" ON "letter" ("contact_id");
CREATE INDEX "letter_kind" ON "letter" ("kind");
CREATE INDEX "letter_snapshot_id" ON "letter" ("snapshot_id");
CREATE INDEX "letter_batch" ON "letter" ("batch");
CREATE TABLE "meeting" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "pupil_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "scheduled_for" DATETIME,
    "place" TEXT,
    "with_whom" TEXT,
    "held" INTEGER NOT NULL,
    "notes" TEXT,
    "outcome" TEXT,
    "letter_id" INTEGER,
    "created_at" DATETIME NOT NULL,
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE SET NULL
);
CREATE INDEX "meeting_pupil_id" ON "meeting" ("pupil_id");
CREATE INDEX "meeting_letter_id" ON "meeting" ("letter_id");
CREATE TABLE "early_help_plan" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "pupil_id" INTEGER NOT NULL,
    "started_on" DATE NOT NULL,
    "review_on" DATE,
    "lead_practitioner" TEXT,
    "status" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE
);
CREATE INDEX "early_help_plan_pupil_id" ON "early_help_plan" ("pupil_id");
CREATE TABLE "checklist_tick" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "pupil_id" INTEGER,
    "item_key" TEXT NOT NULL,
    "done_on" DATE NOT NULL,
    "done_by" TEXT,
    "note" TEXT,
    "letter_id" INTEGER,
    "created_at" DATETIME NOT NULL,
    "withdrawn_at" DATETIME,
    FOREIGN KEY ("pupil_id") REFERENCES "pupil" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("letter_id") REFERENCES "letter" ("id") ON DELETE SET NULL
);
CREATE INDEX "checklist_tick_pupil_id" ON "checklist_tick" ("pupil_id");
CREATE INDEX "checklist_tick_item_key" ON "checklist_tick" ("item_key");
CREATE INDEX "checklist_tick_letter_id" ON "checklist_tick" ("letter_id");
CREATE INDEX "checklist_tick_pupil_id_item_key" ON "checklist_tick" ("pupil_id", "item_key");
CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "audit_event" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actor" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" INTEGER,
    "detail" TEXT
);
CREATE INDEX "audit_event_at" ON "audit_event" ("at");
CREATE TABLE "column_mapping" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "signature" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "column_mapping_signature" ON "column_mapping" ("signature");
"""

# Letters are the evidence a local authority asks for before legal action: they can be added,
# never deleted or rewritten. The audit trail is append-only for the same reason.
SCHEMA_V2 = """
CREATE TRIGGER letter_never_deleted BEFORE DELETE ON letter
BEGIN SELECT RAISE(ABORT, 'letters are evidence and cannot be deleted'); END;
CREATE TRIGGER letter_never_rewritten BEFORE UPDATE OF pupil_id, recipient, kind, issued_on,
    figures, pdf ON letter
BEGIN SELECT RAISE(ABORT, 'letters are evidence and cannot be changed'); END;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_event_never_deleted BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
"""


# Every import rewrites up to 760,000 marks, and each index on `mark` is a second B-tree to
# keep in step: the one on snapshot_id served only the rare cascade from a deleted snapshot,
# which a scan does as well, and cost about 15% of a large import.
SCHEMA_V3 = """
DROP INDEX IF EXISTS "mark_snapshot_id";
"""

# A summary with only possible and attended sessions does not say how the absences split
# between authorised and unauthorised: `absence_split` = 0 records that, so no letter prints
# "0 unauthorised" for a pupil whose unauthorised absences are unknown. The letter log's
# other facts (when, by whom, the band, the snapshot, the batch) become unchangeable too.
SCHEMA_V4 = """
ALTER TABLE "pupil_figures" ADD COLUMN "absence_split" INTEGER NOT NULL DEFAULT 1;
DROP TRIGGER letter_never_rewritten;
CREATE TRIGGER letter_never_rewritten BEFORE UPDATE OF pupil_id, recipient, kind, issued_on,
    figures, pdf, created_at, created_by, band, snapshot_id, batch ON letter
BEGIN SELECT RAISE(ABORT, 'letters are evidence and cannot be changed'); END;
"""


def _run_script(script: str) -> Callable[[SqliteDatabase], None]:
    def step(database: SqliteDatabase) -> None:
        for statement in _statements(script):
            database.execute_sql(statement)

    return step


def _statements(script: str) -> list[str]:
    """Split a script on the semicolons that end statements (triggers contain their own)."""
    statements: list[str] = []
    buffer = ""
    for line in script.strip().splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


MIGRATIONS: list[Callable[[SqliteDatabase], None]] = [
    _run_script(SCHEMA_V1),
    _run_script(SCHEMA_V2),
    _run_script(SCHEMA_V3),
    _run_script(SCHEMA_V4),
]
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer release than this one."""


def schema_version(database: SqliteDatabase) -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def backup_file(path: Path, label: str) -> Path:
    """A consistent copy of a live database beside it, through SQLite's online backup."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local time in a file name
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{counter}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    target.chmod(0o600)
    return target


def migrate(database: SqliteDatabase, path: Path | None) -> Path | None:
    """Bring the schema to SCHEMA_VERSION. Returns the backup taken, if any.

    A new, empty database needs no backup; an existing one is copied before its first step.
    """
    current = schema_version(database)
    if current > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"this database was made by a newer Woodrush Attendance (schema {current}; "
            f"this release knows {SCHEMA_VERSION}). Install the newer release to open it."
        )
    if current == SCHEMA_VERSION:
        return None
    backup = None
    if current > 0 and path is not None:
        backup = backup_file(path, f"before-v{SCHEMA_VERSION}")
        log.info("backed up the database before migrating: %s", backup.name)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with database.atomic():
            MIGRATIONS[version - 1](database)
            database.execute_sql(f"PRAGMA user_version = {version:d}")
        log.info("migrated the database schema to version %d", version)
    return backup
