"""Window tests' fixtures: a small synthetic school written straight through the models.

Names are made up; figures are chosen so each band, group and change is represented.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from woodrush_desktop.store.models import Mark, Pupil, PupilFigures, Snapshot

FIRST_AS_OF = date(2026, 11, 20)
SECOND_AS_OF = date(2026, 11, 27)


@dataclass(frozen=True)
class SyntheticPupil:
    surname: str
    forename: str
    year: int
    reg_group: str
    upn: str
    earlier: tuple[int, int]  # (attended, possible) in the first snapshot
    later: tuple[int, int]
    unauthorised: int = 0
    sen_status: str | None = None
    social_worker: bool = False


PUPILS = [
    SyntheticPupil("Ashby", "Ava", 9, "9A", "A100000000001", (100, 100), (120, 120)),
    SyntheticPupil("Brook", "Ben", 9, "9A", "A100000000002", (96, 100), (115, 120), 2),
    SyntheticPupil("Clarke", "Cara", 9, "9B", "A100000000003", (95, 100), (110, 120), 4),
    SyntheticPupil("Dunn", "Dev", 9, "9B", "A100000000004", (85, 100), (100, 120), 12, "K"),
    SyntheticPupil("Ellis", "Eve", 10, "10C", "A100000000005", (70, 100), (80, 120), 30),
    SyntheticPupil(
        "Frost", "Finn", 10, "10C", "A100000000006", (97, 100), (108, 120), 6, None, True
    ),
    SyntheticPupil("Grant", "Gia", 11, "11D", "A100000000007", (88, 100), (103, 120), 9, "E"),
    SyntheticPupil("Hale", "Hugo", 7, "7E", "A100000000008", (99, 100), (119, 120)),
]


def _snapshot(as_of: date, name: str) -> Snapshot:
    return Snapshot.create(
        file_name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        as_of=as_of,
        shape="summary",
        pupil_count=len(PUPILS),
    )


def _figures(snapshot: Snapshot, pupil: Pupil, attended: int, possible: int, unauth: int):
    missed = possible - attended
    PupilFigures.create(
        snapshot=snapshot,
        pupil=pupil,
        possible=possible,
        present=attended,
        approved=0,
        authorised=missed - min(unauth, missed),
        unauthorised=min(unauth, missed),
        late=0,
    )


def write_school(store, *, with_marks: bool = True) -> dict[str, int]:
    """Two snapshots of eight pupils; returns pupil ids by surname."""
    ids = {}
    with store.db.atomic():
        first = _snapshot(FIRST_AS_OF, "week-1.xlsx")
        second = _snapshot(SECOND_AS_OF, "week-2.xlsx")
        for spec in PUPILS:
            pupil = Pupil.create(
                upn=spec.upn,
                legal_surname=spec.surname,
                legal_forename=spec.forename,
                year=spec.year,
                reg_group=spec.reg_group,
                sen_status=spec.sen_status,
                social_worker=spec.social_worker,
                date_of_birth=date(2026 - spec.year - 5, 3, 1),
            )
            ids[spec.surname] = pupil.id
            _figures(first, pupil, *spec.earlier, spec.unauthorised // 2)
            _figures(second, pupil, *spec.later, spec.unauthorised)
        if with_marks:
            _write_marks(second, ids["Dunn"])
    return ids


def _write_marks(snapshot: Snapshot, pupil_id: int) -> None:
    """Four weeks of marks for one pupil, with every class of code in them."""
    codes = ["/", "\\", "L", "N", "I", "O", "M", "/", "V", "G"]
    day = SECOND_AS_OF - timedelta(days=27)
    index = 0
    while day <= SECOND_AS_OF:
        if day.weekday() < 5:
            for session in ("AM", "PM"):
                Mark.create(
                    pupil=pupil_id,
                    on=day,
                    session=session,
                    code=codes[index % len(codes)],
                    snapshot=snapshot,
                )
                index += 1
        day += timedelta(days=1)


@pytest.fixture
def school(store) -> dict[str, int]:
    """The synthetic school in the test's database: pupil ids by surname."""
    return write_school(store)


@pytest.fixture
def school_writer():
    """The function that writes the synthetic school, for a database the test opens itself."""
    return write_school
