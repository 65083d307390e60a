"""The database tables.

Models are bound to a database when it is opened (`store.database.open_database`), so nothing
here connects to anything on import. Dates are calendar dates in the school's time zone;
timestamps are UTC.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from peewee import (
    BlobField,
    BooleanField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from woodrush_desktop.domain.policy import GROUP_KEYS

SEN_WITH_NEEDS = ("K", "E")  # SEN support, EHC plan


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class JsonField(TextField):
    """JSON stored as text: small structured values (reasons, report, mapping)."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        legacy_table_names = False


class Pupil(BaseModel):
    """A pupil, matched across imports by UPN, then admission number, then name and birth date.

    Flags are None when no export has said; `manual_flags` lists the ones the officer set by
    hand, which a later sheet without that column must not overwrite.
    """

    upn = TextField(null=True, unique=True)
    admission_number = TextField(null=True, index=True)
    legal_surname = TextField()
    legal_forename = TextField()
    preferred_surname = TextField(null=True)
    preferred_forename = TextField(null=True)
    date_of_birth = DateField(null=True)
    year = IntegerField(null=True)
    reg_group = TextField(null=True)
    gender = TextField(null=True)
    entry_date = DateField(null=True)
    sen_status = TextField(null=True)
    medical = BooleanField(null=True)
    social_worker = BooleanField(null=True)
    looked_after = BooleanField(null=True)
    fsm = BooleanField(null=True)
    manual_flags = JsonField(default=list)
    on_roll = BooleanField(default=True)
    left_on = DateField(null=True)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    @property
    def surname(self) -> str:
        return self.preferred_surname or self.legal_surname

    @property
    def forename(self) -> str:
        return self.preferred_forename or self.legal_forename

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def sort_name(self) -> str:
        return f"{self.surname}, {self.forename}"

    def group_keys(self) -> list[str]:
        return pupil_group_keys(
            self.sen_status, self.medical, self.social_worker, self.looked_after
        )


def pupil_group_keys(
    sen_status: str | None,
    medical: bool | None,
    social_worker: bool | None,
    looked_after: bool | None,
) -> list[str]:
    """The policy groups a pupil belongs to, in the policy's order."""
    keys = []
    if (sen_status or "").upper() in SEN_WITH_NEEDS or medical:
        keys.append(GROUP_KEYS[0])
    if social_worker or looked_after:
        keys.append(GROUP_KEYS[1])
    return keys


class Contact(BaseModel):
    """A parent/carer (or other contact) of a pupil, as the MIS export gives them."""

    pupil = ForeignKeyField(Pupil, backref="contacts", on_delete="CASCADE")
    name = TextField()
    relationship = TextField(null=True)
    address = TextField(null=True)
    email = TextField(null=True)
    phone = TextField(null=True)
    parental_responsibility = BooleanField(null=True)
    priority = IntegerField(default=1)


class Snapshot(BaseModel):
    """One import: the file it came from and the date its figures describe."""

    file_name = TextField()
    sha256 = TextField(unique=True)
    as_of = DateField(index=True)
    period_start = DateField(null=True)
    imported_at = DateTimeField(default=utc_now)
    shape = TextField()
    sheet = TextField(null=True)
    full_export = BooleanField(default=True)
    pupil_count = IntegerField(default=0)
    mark_count = IntegerField(default=0)
    report = JsonField(null=True)


class PupilFigures(BaseModel):
    """A pupil's session counts in one snapshot, recomputed by us (never the MIS percentage)."""

    snapshot = ForeignKeyField(Snapshot, backref="figures", on_delete="CASCADE")
    pupil = ForeignKeyField(Pupil, backref="figures", on_delete="CASCADE")
    possible = IntegerField()
    present = IntegerField()
    approved = IntegerField()
    authorised = IntegerField()
    unauthorised = IntegerField()
    late = IntegerField(default=0)
    band = TextField(null=True)
    mis_percentage = TextField(null=True)
    reasons = JsonField(null=True)
    penalty_met_on = DateField(null=True)
    penalty_current = IntegerField(null=True)
    absence_split = BooleanField(default=True)  # False: the export gave no authorised split

    class Meta:
        indexes = ((("snapshot", "pupil"), True), (("pupil", "snapshot"), False))


class Mark(BaseModel):
    """One session's register mark; a later import of the same session replaces it."""

    pupil = ForeignKeyField(Pupil, backref="marks", on_delete="CASCADE")
    on = DateField()
    session = TextField()
    code = TextField()
    snapshot = ForeignKeyField(Snapshot, on_delete="CASCADE", index=False)

    class Meta:
        primary_key = CompositeKey("pupil", "on", "session")
        without_rowid = True


class Letter(BaseModel):
    """A letter as generated: evidence for the local authority, so it is never deleted."""

    pupil = ForeignKeyField(Pupil, backref="letters", on_delete="RESTRICT")
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    recipient = TextField()
    kind = TextField(index=True)
    issued_on = DateField()
    created_at = DateTimeField(default=utc_now)
    created_by = TextField(null=True)
    band = TextField(null=True)
    figures = JsonField()
    snapshot = ForeignKeyField(Snapshot, null=True, on_delete="SET NULL")
    batch = TextField(null=True, index=True)
    pdf = BlobField()


class Meeting(BaseModel):
    pupil = ForeignKeyField(Pupil, backref="meetings", on_delete="CASCADE")
    kind = TextField()
    scheduled_for = DateTimeField(null=True)
    place = TextField(null=True)
    with_whom = TextField(null=True)
    held = BooleanField(default=False)
    notes = TextField(null=True)
    outcome = TextField(null=True)
    letter = ForeignKeyField(Letter, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utc_now)


class EarlyHelpPlan(BaseModel):
    pupil = ForeignKeyField(Pupil, backref="plans", on_delete="CASCADE")
    started_on = DateField()
    review_on = DateField(null=True)
    lead_practitioner = TextField(null=True)
    status = TextField(default="open")
    content = JsonField(default=dict)
    created_at = DateTimeField(default=utc_now)


class ChecklistTick(BaseModel):
    """A responsibility marked done (or undone: `withdrawn_at`), for a pupil or the school."""

    pupil = ForeignKeyField(Pupil, null=True, backref="ticks", on_delete="CASCADE")
    item_key = TextField(index=True)
    done_on = DateField()
    done_by = TextField(null=True)
    note = TextField(null=True)
    letter = ForeignKeyField(Letter, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utc_now)
    withdrawn_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("pupil", "item_key"), False),)


class Setting(BaseModel):
    key = TextField(primary_key=True)
    value = JsonField()


class AuditEvent(BaseModel):
    """Who changed what, when. Holds internal ids, never names."""

    at = DateTimeField(default=utc_now, index=True)
    actor = TextField(null=True)
    action = TextField()
    entity = TextField()
    entity_id = IntegerField(null=True)
    detail = JsonField(null=True)


class ColumnMapping(BaseModel):
    """A mapping of our fields to a sheet's headers, confirmed once, reused for that layout."""

    signature = TextField(unique=True)
    mapping = JsonField()
    created_at = DateTimeField(default=utc_now)


ALL_MODELS: list[type[BaseModel]] = [
    Pupil,
    Contact,
    Snapshot,
    PupilFigures,
    Mark,
    Letter,
    Meeting,
    EarlyHelpPlan,
    ChecklistTick,
    Setting,
    AuditEvent,
    ColumnMapping,
]
