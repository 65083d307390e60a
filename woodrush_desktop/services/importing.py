"""Importing a register export: what the window and `woodrush import` call.

A thin layer over `woodrush_desktop.importing`: it uses the policy in force, remembers a
column mapping the user confirmed (keyed by the header row's signature, so next week's file
with the same layout needs no questions), and records each import in the audit trail.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.importing import (
    FIELD_LABELS,
    ImportRefused,
    ImportResult,
    MappingNeeded,
    Problem,
    QualityReport,
    header_signature,
    list_sheets,
)
from woodrush_desktop.importing import import_file as _import_file
from woodrush_desktop.progress import CancelCheck, ProgressCallback
from woodrush_desktop.services.settings import policy_in
from woodrush_desktop.store.database import Store, write_guard
from woodrush_desktop.store.models import ColumnMapping

__all__ = [
    "FIELD_LABELS",
    "ImportRefused",
    "ImportResult",
    "MappingNeeded",
    "Problem",
    "QualityReport",
    "forget_mapping",
    "import_file",
    "list_sheets",
    "remembered_mapping",
]

log = logging.getLogger(__name__)


def remembered_mapping(signature: str) -> dict[str, str] | None:
    row = ColumnMapping.get_or_none(ColumnMapping.signature == signature)
    return dict(row.mapping) if row is not None else None


def remember_mapping(store: Store, signature: str, mapping: dict[str, str]) -> None:
    with write_guard(store), store.db.atomic():
        ColumnMapping.insert(signature=signature, mapping=mapping).on_conflict(
            conflict_target=[ColumnMapping.signature],
            update={ColumnMapping.mapping: mapping},
        ).execute()
        store.audit(
            "column mapping remembered", "column_mapping", detail={"fields": sorted(mapping)}
        )


def forget_mapping(store: Store, signature: str) -> bool:
    with write_guard(store), store.db.atomic():
        removed = ColumnMapping.delete().where(ColumnMapping.signature == signature).execute()
        if removed:
            store.audit("column mapping forgotten", "column_mapping")
    return bool(removed)


def import_file(
    store: Store,
    path: Path | str,
    *,
    sheet: str | None = None,
    as_of: date | None = None,
    mapping: dict[str, str] | None = None,
    policy: Policy | None = None,
    full_export: bool = True,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    period_start: date | None = None,
    confirm_leavers: bool = False,
) -> ImportResult:
    """Import a register export under the policy in force.

    When the importer cannot recognise a required column and the user gave no mapping, a
    mapping remembered for the same headers is tried before MappingNeeded reaches the user.
    The importer records the import in the audit trail in the import's own transaction.
    `confirm_leavers`: the user says this is a full export, so every pupil missing from it
    has left; without it only a few are marked as left (the report says how many were not).
    """
    policy = policy or policy_in(store)
    arguments = {
        "sheet": sheet,
        "as_of": as_of,
        "policy": policy,
        "full_export": full_export,
        "period_start": period_start,
        "confirm_leavers": confirm_leavers,
        "progress": progress,
        "cancelled": cancelled,
    }
    try:
        result = _import_file(store, path, mapping=mapping, **arguments)
    except MappingNeeded as needed:
        remembered = None if mapping else remembered_mapping(header_signature(needed.headers))
        if not remembered:
            raise
        log.info("using a remembered column mapping for %d fields", len(remembered))
        result = _import_file(store, path, mapping=remembered, **arguments)
    if result.duplicate:
        return result
    if mapping and result.mapping and result.header_signature:
        remember_mapping(store, result.header_signature, result.mapping)
    return result
