"""School settings and the policy in force, kept in the database's settings table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from woodrush_desktop.domain.policy import Policy, default_policy, parse_policy
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.store.database import Store, open_database
from woodrush_desktop.store.models import Setting

POLICY_KEY = "policy"
SCHOOL_KEY = "school"


@dataclass
class SchoolDetails:
    """What letters print in their letterhead and signature."""

    name: str = "Woodrush High School"
    address: str = "Woodrush Lane\nHollywood\nBirmingham\nB47 5JW"
    phone: str = "0121 000 0000"
    email: str = "attendance@woodrush.example"
    headteacher: str = "Headteacher"
    attendance_lead: str = "Attendance Lead"
    signatory: str = "Attendance Officer"
    signatory_role: str = "Attendance Officer"
    senior_leader: str = "Deputy Headteacher"
    logo_path: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SchoolDetails:
        known = {field.name for field in fields(cls)}
        return cls(**{key: str(value) for key, value in (data or {}).items() if key in known})

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def get_setting(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else row.value


def set_setting(store: Store, key: str, value: Any) -> None:
    with store.db.atomic():
        Setting.insert(key=key, value=value).on_conflict_replace().execute()
        store.audit("setting changed", "setting", detail={"key": key})


def school_details() -> SchoolDetails:
    return SchoolDetails.from_json(get_setting(SCHOOL_KEY))


def school_details_saved() -> bool:
    """Whether the school has entered its own details; until then letters print defaults."""
    return get_setting(SCHOOL_KEY) is not None


def save_school_details(store: Store, details: SchoolDetails) -> None:
    set_setting(store, SCHOOL_KEY, details.to_json())


def policy_in(store: Store) -> Policy:
    """The policy the school has set in this database, or the bundled default."""
    stored = get_setting(POLICY_KEY)
    return parse_policy(stored) if stored else default_policy()


def use_policy(store: Store, document: dict[str, Any]) -> Policy:
    """Check a policy document and make it the one in force (PolicyError if it is refused)."""
    policy = parse_policy(document)
    set_setting(store, POLICY_KEY, document)
    return policy


def restore_default_policy(store: Store) -> Policy:
    with store.db.atomic():
        Setting.delete().where(Setting.key == POLICY_KEY).execute()
        store.audit("policy restored to defaults", "setting")
    return default_policy()


def active_policy(db: str | Path | None) -> Policy:
    """The policy in force for a database path, without creating the file if it is absent."""
    path = default_db_path(db)
    if not path.exists():
        return default_policy()
    with open_database(path) as store:
        return policy_in(store)
