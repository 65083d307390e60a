"""The plain data a letter or form is made from, so documents are built without a database.

`services.letters` fills these from the store; tests build them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from fractions import Fraction
from typing import Any

from woodrush_desktop.domain.attendance import percentage_text


@dataclass(frozen=True)
class School:
    """The school as the letterhead and signature print it."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo_path: str = ""
    headteacher: str = ""
    signatory: str = ""
    signatory_role: str = ""
    senior_leader: str = ""
    attendance_lead: str = ""


@dataclass(frozen=True)
class PupilDetails:
    id: int
    forename: str
    surname: str
    tutor_group: str = ""
    year: int | None = None
    upn: str = ""
    date_of_birth: date | None = None
    sen_status: str = ""
    medical: bool = False
    social_worker: bool = False
    looked_after: bool = False

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"


@dataclass(frozen=True)
class Recipient:
    """Who a letter is addressed to. No name means 'The parent/carer of <pupil>' (or the
    social worker, by `role`)."""

    name: str = ""
    address: str = ""
    relationship: str = ""
    contact_id: int | None = None
    role: str = "parent/carer"
    responsibility_unknown: bool = False  # chosen as priority 1: no one's was recorded

    def addressee(self, pupil: PupilDetails) -> str:
        return self.name or f"The {self.role} of {pupil.name}"

    def salutation(self) -> str:
        return self.name or self.role.title()


@dataclass(frozen=True)
class FamilyMember:
    """A contact listed in the family section of a form."""

    name: str
    relationship: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    parental_responsibility: bool | None = None


@dataclass(frozen=True)
class Reason:
    """Sessions missed for one register code, for the breakdown in a form."""

    code: str
    meaning: str
    sessions: int
    authorised: bool


@dataclass(frozen=True)
class AttendanceFigures:
    """A pupil's figures from one snapshot, kept in the letter log as they were printed."""

    possible: int
    attended: int
    authorised: int
    unauthorised: int
    late: int = 0
    period_start: date | None = None
    as_of: date | None = None
    reasons: tuple[Reason, ...] = ()
    absence_split: bool = True  # False: the export gave no authorised/unauthorised split
    period_start_assumed: bool = False  # the snapshot had none: the school year's start

    @property
    def missed(self) -> int:
        return self.possible - self.attended

    def missed_summary(self) -> str:
        """'15 sessions missed', with the authorised split only when the export gave it."""
        missed = f"{self.missed} session{'' if self.missed == 1 else 's'} missed"
        if not self.absence_split:
            return missed
        return f"{missed}: {self.authorised} authorised, {self.unauthorised} unauthorised"

    @property
    def percentage(self) -> Fraction | None:
        if self.possible <= 0:
            return None
        return Fraction(self.attended * 100, self.possible)

    def percentage_text(self) -> str:
        """The one display rule (rounded down), so 89.96% never prints as another band's 90.0%."""
        return percentage_text(self.percentage, none="no possible sessions")

    def to_json(self) -> dict[str, Any]:
        return {
            "possible": self.possible,
            "attended": self.attended,
            "missed": self.missed,
            "authorised": self.authorised if self.absence_split else None,
            "unauthorised": self.unauthorised if self.absence_split else None,
            "late": self.late,
            "attendance": self.percentage_text(),
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_start_assumed": self.period_start_assumed,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "reasons": {reason.code: reason.sessions for reason in self.reasons},
        }


@dataclass(frozen=True)
class MeetingDetails:
    on: date
    at: time
    place: str
    with_whom: str = ""


@dataclass(frozen=True)
class Absence:
    """One session missed without a reason, listed for the social worker."""

    on: date
    session: str
    code: str
    meaning: str = ""


@dataclass(frozen=True)
class LetterData:
    """Everything one letter or form prints."""

    kind: str
    school: School
    pupil: PupilDetails
    issued_on: date
    recipient: Recipient = field(default_factory=Recipient)
    figures: AttendanceFigures | None = None
    meeting: MeetingDetails | None = None
    family: tuple[FamilyMember, ...] = ()
    absences: tuple[Absence, ...] = ()
    band_label: str = ""
    review_on: date | None = None
