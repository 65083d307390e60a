"""Unique Pupil Numbers: the DfE check letter and temporary UPNs.

A UPN is 13 characters: a check letter, then the LA number (3 digits), the establishment
number (4), the year of allocation (2) and a serial number (3). A temporary UPN ends in a
letter instead of the last digit. The check letter is the weighted sum of characters 2–13
(weights 2 to 13, a letter counting as its place in the alphabet below) modulo 23.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # A–Z without I, O and S
_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


class UpnStatus(StrEnum):
    VALID = "valid"
    TEMPORARY = "temporary"
    WRONG_CHECK_LETTER = "wrong check letter"
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class UpnCheck:
    upn: str
    status: UpnStatus
    expected_letter: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in (UpnStatus.VALID, UpnStatus.TEMPORARY)

    def explain(self) -> str:
        if self.status is UpnStatus.WRONG_CHECK_LETTER:
            return (
                f"UPN {self.upn} has check letter {self.upn[0]}, "
                f"but its digits give {self.expected_letter}"
            )
        if self.status is UpnStatus.MALFORMED:
            return f"UPN {self.upn!r} is not a letter followed by 11 digits and a digit or letter"
        return f"UPN {self.upn} is {self.status.value}"


def normalise_upn(text: str) -> str:
    return "".join(str(text).split()).upper()


def check_letter(body: str) -> str:
    """The check letter for the twelve characters after it."""
    total = 0
    for weight, char in enumerate(body, start=2):
        total += int(char) * weight if char.isdigit() else CHECK_ALPHABET.index(char) * weight
    return CHECK_ALPHABET[total % 23]


def check_upn(text: str) -> UpnCheck:
    upn = normalise_upn(text)
    if (
        not _SHAPE.match(upn)
        or upn[0] not in CHECK_ALPHABET
        or (not upn[-1].isdigit() and upn[-1] not in CHECK_ALPHABET)
    ):
        return UpnCheck(upn, UpnStatus.MALFORMED)
    expected = check_letter(upn[1:])
    if expected != upn[0]:
        return UpnCheck(upn, UpnStatus.WRONG_CHECK_LETTER, expected)
    temporary = upn[-1].isalpha()
    return UpnCheck(upn, UpnStatus.TEMPORARY if temporary else UpnStatus.VALID, expected)


def make_upn(la: int, establishment: int, year: int, serial: int, temporary: str = "") -> str:
    """A correctly checked UPN, for synthetic data (the demo school and tests)."""
    if temporary:
        body = f"{la:03d}{establishment:04d}{year % 100:02d}{serial % 100:02d}{temporary}"
    else:
        body = f"{la:03d}{establishment:04d}{year % 100:02d}{serial % 1000:03d}"
    return check_letter(body) + body
