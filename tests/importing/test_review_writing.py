"""Review findings on the writing side of the import: what a snapshot may change, and when."""

from __future__ import annotations

from datetime import date

import pytest
from importing_builders import dump, upn, write_csv

from woodrush_desktop.importing import import_file
from woodrush_desktop.services import importing
from woodrush_desktop.services.pupils import list_pupils
from woodrush_desktop.store.models import AuditEvent, Contact, PupilFigures

CONTACT_HEAD = [
    "UPN", "Surname", "Forename", "Possible", "Present", "Authorised Absences",
    "Unauthorised Absences", "Contact1 Name", "Contact1 Address",
    "Contact1 Parental Responsibility",
]  # fmt: skip


# -- finding 1: an older export must not replace the current parents/carers


def test_an_older_export_leaves_the_current_contacts(store, tmp_path):
    new = [CONTACT_HEAD, [upn(1), "Smith", "Jack", 110, 99, 6, 5, "Ms New", "2 New St", "Y"]]
    old = [CONTACT_HEAD, [upn(1), "Smith", "Jack", 100, 90, 5, 5, "Mr Old", "1 Old Rd", "Y"]]
    import_file(store, write_csv(tmp_path / "new.csv", new), as_of=date(2026, 11, 27))

    result = import_file(store, write_csv(tmp_path / "old.csv", old), as_of=date(2026, 11, 20))

    assert result.report.older_than_latest
    assert [(c.name, c.address) for c in Contact.select()] == [("Ms New", "2 New St")]


# -- finding 7: a summary that does not split absences must not claim 0 and 0


def test_a_summary_without_an_absence_split_records_the_split_as_unknown(store, policy, tmp_path):
    rows = [
        ["Attendance 01/09/2026 to 20/11/2026"],
        ["UPN", "Surname", "Forename", "Possible", "Attended"],
        [upn(1), "Smith", "Jack", 100, 85],
    ]
    import_file(store, write_csv(tmp_path / "unsplit.csv", rows))

    figures = PupilFigures.get()
    assert (figures.possible, figures.absence_split) == (100, False)
    (pupil,) = list_pupils(store, policy)
    assert (pupil.to_json()["authorised"], pupil.to_json()["unauthorised"]) == (None, None)


def test_a_summary_with_an_absence_split_records_it(store, tmp_path):
    rows = [CONTACT_HEAD[:7], [upn(1), "Smith", "Jack", 100, 85, 10, 5]]
    import_file(store, write_csv(tmp_path / "split.csv", rows), as_of=date(2026, 11, 20))

    figures = PupilFigures.get()
    assert (figures.unauthorised, figures.absence_split) == (5, True)


# -- finding 21: the import and its audit event are one transaction


def test_an_import_whose_audit_event_fails_is_not_written(store, tmp_path, monkeypatch):
    rows = [CONTACT_HEAD[:7], [upn(1), "Smith", "Jack", 100, 85, 10, 5]]
    path = write_csv(tmp_path / "week.csv", rows)
    before = dump(store)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("the audit trail could not be written")

    monkeypatch.setattr(store, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        importing.import_file(store, path, as_of=date(2026, 11, 20))

    assert dump(store) == before


def test_an_import_is_audited_once(store, tmp_path):
    rows = [CONTACT_HEAD[:7], [upn(1), "Smith", "Jack", 100, 85, 10, 5]]
    result = importing.import_file(
        store, write_csv(tmp_path / "week.csv", rows), as_of=date(2026, 11, 20)
    )

    (event,) = AuditEvent.select().where(AuditEvent.action == "register imported")
    assert (event.entity_id, event.detail["pupils"]) == (result.snapshot_id, 1)
