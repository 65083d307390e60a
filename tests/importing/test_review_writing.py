"""Review findings on the writing side of the import: what a snapshot may change, and when."""

from __future__ import annotations

from datetime import date

from importing_builders import upn, write_csv

from woodrush_desktop.importing import import_file
from woodrush_desktop.store.models import Contact

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
