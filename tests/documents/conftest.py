"""Letters built from plain data, with names that test the font and the escaping."""

from __future__ import annotations

from datetime import date, time

import pytest

from woodrush_desktop.documents.model import (
    Absence,
    AttendanceFigures,
    FamilyMember,
    LetterData,
    MeetingDetails,
    PupilDetails,
    Reason,
    Recipient,
    School,
)

SCHOOL = School(
    name="Woodrush High School",
    address="Woodrush Lane\nHollywood\nBirmingham\nB47 5JW",
    phone="0121 000 0000",
    email="attendance@woodrush.example",
    headteacher="Mrs A. Headley",
    signatory="Mr J. Officer",
    signatory_role="Attendance Officer",
    senior_leader="Ms R. Senior",
    attendance_lead="Mrs P. Lead",
)

FIGURES = AttendanceFigures(
    possible=120,
    attended=107,
    authorised=8,
    unauthorised=5,
    late=3,
    period_start=date(2026, 9, 3),
    as_of=date(2026, 11, 27),
    reasons=(
        Reason("I", "Illness (not medical or dental appointments)", 6, True),
        Reason("M", "Medical or dental appointment", 2, True),
        Reason("N", "Reason for absence not yet provided", 3, False),
        Reason("O", "Absent in other or unknown circumstances", 2, False),
    ),
)


def make_letter(
    kind: str,
    *,
    forename: str = "Zoë",
    surname: str = "Łukasiewicz-O'Brien",
    recipient: Recipient | None = None,
    figures: AttendanceFigures | None = FIGURES,
    school: School = SCHOOL,
) -> LetterData:
    pupil = PupilDetails(
        id=7,
        forename=forename,
        surname=surname,
        tutor_group="9RB",
        year=9,
        upn="A123456789012",
        date_of_birth=date(2012, 5, 14),
        sen_status="K",
        medical=True,
    )
    meeting = None
    if kind in ("meeting_invitation", "senior_meeting_invitation", "meeting_record"):
        meeting = MeetingDetails(
            on=date(2026, 12, 10),
            at=time(15, 30),
            place="Room B12, main building",
            with_whom="Ms R. Senior, Deputy Headteacher",
        )
    return LetterData(
        kind=kind,
        school=school,
        pupil=pupil,
        issued_on=date(2026, 12, 3),
        recipient=recipient
        or Recipient(
            name="Mrs Kateryna Łukasiewicz",
            address="14 Alder Close\nHollywood\nBirmingham\nB47 5AB",
            relationship="Mother",
            contact_id=3,
        ),
        figures=figures,
        meeting=meeting,
        family=(
            FamilyMember(
                "Mrs Kateryna Łukasiewicz",
                "Mother",
                "07700 900123",
                "k.l@example.org",
                "14 Alder Close\nHollywood\nB47 5AB",
                True,
            ),
            FamilyMember("Mr Seán O'Brien", "Father", "07700 900456", "", "", True),
        ),
        absences=(
            Absence(date(2026, 11, 17), "AM", "N", "Reason not yet provided"),
            Absence(date(2026, 11, 17), "PM", "N"),
            Absence(date(2026, 11, 24), "AM", "N"),
        ),
        band_label="At risk of persistent absence",
        review_on=date(2027, 2, 4),
    )


@pytest.fixture
def letter_for():
    return make_letter


class SchoolRoll:
    """Pupils, contacts and snapshots written straight into a test database."""

    def __init__(self, store) -> None:
        self.store = store
        self._snapshots: dict[date, int] = {}

    def snapshot(self, as_of: date, period_start: date = date(2026, 9, 3)) -> int:
        from woodrush_desktop.store.models import Snapshot

        if as_of not in self._snapshots:
            self._snapshots[as_of] = Snapshot.create(
                file_name=f"export-{as_of}.xlsx",
                sha256=f"sha-{as_of}",
                as_of=as_of,
                period_start=period_start,
                shape="summary",
            ).id
        return self._snapshots[as_of]

    def pupil(
        self,
        forename: str,
        surname: str,
        *,
        attended: int,
        possible: int = 100,
        as_of: date = date(2026, 11, 27),
        authorised: int | None = None,
        reasons: dict[str, int] | None = None,
        parents: tuple[str, ...] = ("Parent One",),
        sen_status: str | None = None,
        medical: bool | None = None,
        social_worker: bool | None = None,
        upn: str | None = None,
        reg_group: str = "8AB",
        absence_split: bool = True,
    ) -> int:
        from woodrush_desktop.store.models import Contact, Pupil

        pupil = Pupil.create(
            upn=upn,
            legal_surname=surname,
            legal_forename=forename,
            year=8,
            reg_group=reg_group,
            sen_status=sen_status,
            medical=medical,
            social_worker=social_worker,
            date_of_birth=date(2013, 1, 2),
        )
        for index, name in enumerate(parents):
            Contact.create(
                pupil=pupil,
                name=name,
                relationship="Parent",
                address=f"{index + 1} Oak Road\nBirmingham\nB1 1AA",
                parental_responsibility=True,
                priority=index + 1,
            )
        self.figures(
            pupil.id,
            attended=attended,
            possible=possible,
            as_of=as_of,
            authorised=authorised,
            reasons=reasons,
            absence_split=absence_split,
        )
        return pupil.id

    def figures(
        self,
        pupil_id: int,
        *,
        attended: int,
        possible: int = 100,
        as_of: date,
        authorised: int | None = None,
        reasons: dict[str, int] | None = None,
        absence_split: bool = True,
    ) -> None:
        """Figures for one snapshot; `absence_split=False` stores them as an export that gave
        only possible and attended sessions does (no authorised/unauthorised split)."""
        from woodrush_desktop.store.models import PupilFigures

        missed = possible - attended
        authorised = missed // 2 if authorised is None else authorised
        if not absence_split:
            authorised = missed = 0
        PupilFigures.create(
            snapshot=self.snapshot(as_of),
            pupil=pupil_id,
            possible=possible,
            present=attended,
            approved=0,
            authorised=authorised,
            unauthorised=missed - authorised,
            reasons=reasons,
            absence_split=absence_split,
        )


@pytest.fixture
def roll(store):
    return SchoolRoll(store)
