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
