"""Reading one cell's value as MIS exports write it: counts, percentages, dates, flags, names.

Spreadsheet programs store whole numbers as floats (25.0) and CSV gives everything as text, so
each reader accepts both and says plainly what it could not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any


class CellError(ValueError):
    """A cell whose value cannot be read as what its column holds."""


def text(value: Any) -> str:
    """The cell as trimmed text; floats that are whole numbers lose their '.0'."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):  # datetime too
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_INTEGER = re.compile(r"^[+-]?\d+(\.0+)?$")


def count(value: Any) -> int | None:
    """A number of sessions: whole and not negative. A blank cell is None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{text(value)!r} is not a number of sessions")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != value or not value.is_integer():
            raise CellError(f"{value:g} is not a whole number of sessions")
        number = int(value)
    else:
        cleaned = str(value).strip().replace(",", "")
        if not _INTEGER.match(cleaned):
            raise CellError(f"{str(value).strip()!r} is not a number of sessions")
        number = int(Decimal(cleaned))
    if number < 0:
        raise CellError(f"{number} is negative, and a number of sessions cannot be")
    return number


@dataclass(frozen=True, slots=True)
class PercentCell:
    """A percentage as the sheet wrote it, with the decimals it was written to.

    `scaled` is False for a bare number such as 0.952 or 95.2, whose scale (a fraction or
    points) the column as a whole decides.
    """

    value: Fraction
    scaled: bool
    decimals: int

    def rounding(self, fractions_column: bool) -> Fraction:
        """How far a recomputed percentage may differ, in points, before it is more than the
        MIS's rounding: 0.1 point, or half the last digit written when that is coarser."""
        if self.decimals >= 8:  # unrounded, as a spreadsheet formula leaves it
            return _POINT_ONE
        points = 100 if fractions_column and not self.scaled else 1
        return max(_POINT_ONE, Fraction(points, 2 * 10**self.decimals))


_POINT_ONE = Fraction(1, 10)
_PERCENT_TEXT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*%$")
_RATIO_TEXT = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_DECIMAL_TEXT = re.compile(r"^[+-]?\d+(?:\.(\d+))?$")


def percentage(value: Any) -> PercentCell | None:
    """A percentage: a number (0.952 or 95.2), a fraction ('118/124') or text ('95.2%').

    The tolerance is how far a recomputed figure may be from it before the difference is
    more than the MIS's rounding: 0.1 point, or half the last printed digit when coarser.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{text(value)!r} is not a percentage")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(f"{value!r} is not a percentage")
        written = repr(float(value))
        return PercentCell(Fraction(Decimal(written)), False, _decimals(written))
    cleaned = str(value).strip().replace(",", ".")
    match = _PERCENT_TEXT.match(cleaned)
    if match:
        number = match.group(1)
        return PercentCell(Fraction(Decimal(number)), True, _decimals(number))
    match = _RATIO_TEXT.match(cleaned)
    if match:
        top, bottom = int(match.group(1)), int(match.group(2))
        if bottom == 0:
            raise CellError(f"{cleaned!r} divides by nought")
        return PercentCell(Fraction(top * 100, bottom), True, 8)
    match = _DECIMAL_TEXT.match(cleaned)
    if match:
        return PercentCell(Fraction(Decimal(cleaned)), False, _decimals(cleaned))
    raise CellError(f"{str(value).strip()!r} is not a percentage")


def _decimals(number: str) -> int:
    digits = number.lower().split("e")[0]
    return len(digits.split(".")[1].rstrip("0")) if "." in digits else 0


_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WORDY_DATE = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?P<m>[a-z]+)[\s\-,]+(?P<y>\d{4})$"
)
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})(?!\d)")


def parse_date(value: Any) -> date | None:
    """A date cell, or text as English exports write it (DD/MM/YYYY; never month first)."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    cleaned = str(value).strip()
    if " " in cleaned and ":" in cleaned:  # "07/09/2026 00:00:00"
        cleaned = cleaned.split()[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            return _make_date(match.group("y"), match.group("m"), match.group("d"), value)
    match = _WORDY_DATE.match(cleaned.lower())
    if match and match.group("m") in _MONTHS:
        return _make_date(match.group("y"), str(_MONTHS[match.group("m")]), match.group("d"), value)
    raise CellError(f"{cleaned!r} is not a date (write it as DD/MM/YYYY)")


def _make_date(year: str, month: str, day: str, original: Any) -> date:
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return date(full_year, int(month), int(day))
    except ValueError:
        raise CellError(f"{text(original)!r} is not a real date") from None


def dates_in_text(value: str) -> list[date]:
    """Every DD/MM/YYYY (or ISO) date written in a title such as 'Marks from … to …'."""
    found = []
    for piece in _DATE_IN_TEXT.findall(value):
        try:
            found.append(parse_date(piece))
        except CellError:
            continue
    return [day for day in found if day is not None]


_YES = {"y", "yes", "true", "1", "x", "✓", "✔", "t"}
_NO = {"n", "no", "false", "0", "f", "none", "-"}


def flag(value: Any, *, free_text_is_yes: bool = False) -> bool:
    """A Y/N flag; blank is no. `free_text_is_yes` for a column that may name the condition."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    cleaned = text(value).lower()
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    if free_text_is_yes:
        return True
    raise CellError(f"{text(value)!r} is not Y or N")


_SEN = {
    "n": "N",
    "no": "N",
    "none": "N",
    "k": "K",
    "sen support": "K",
    "support": "K",
    "senk": "K",
    "e": "E",
    "ehc": "E",
    "ehcp": "E",
    "ehc plan": "E",
    "s": "E",
    "statement": "E",
}


def sen_status(value: Any) -> str | None:
    """N (no special need), K (SEN support) or E (an EHC plan; a statement, before 2014)."""
    if is_blank(value):
        return "N"
    cleaned = " ".join(text(value).lower().replace("-", " ").split())
    if cleaned in _SEN:
        return _SEN[cleaned]
    raise CellError(f"{text(value)!r} is not an SEN status (N, K or E)")


_YEAR = re.compile(r"^(?:year|yr|y)?\s*(\d{1,2})$")


def year_group(value: Any) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value <= 14:
            return int(value)
        raise CellError(f"{text(value)!r} is not a year group")
    match = _YEAR.match(text(value).lower())
    if match and int(match.group(1)) <= 14:
        return int(match.group(1))
    raise CellError(f"{text(value)!r} is not a year group")


def identifier(value: Any) -> str | None:
    """A UPN or admission number as text: a number stored as 1234.0 is '1234'."""
    cleaned = text(value)
    return "".join(cleaned.split()) or None


NAME_LIMIT = 200


def name(value: Any) -> str:
    """A name as one line of text. A cell with line breaks or longer than any name is
    refused: it is what a broken export (a stray quote in a CSV) leaves in a name column."""
    cleaned = text(value)
    if "\n" in cleaned or "\r" in cleaned:
        raise CellError("this name runs over several lines, which no name does")
    if len(cleaned) > NAME_LIMIT:
        raise CellError(
            f"this name is {len(cleaned):,} characters long, more than any name "
            f"({NAME_LIMIT} at most)"
        )
    return cleaned


def split_name(value: Any) -> tuple[str, str]:
    """'Surname, Forename' (or 'Forename Surname' when there is no comma) as two parts."""
    cleaned = " ".join(name(value).split())
    if "," in cleaned:
        surname, _, forename = cleaned.partition(",")
        return surname.strip(), forename.strip()
    if " " in cleaned:
        forename, _, surname = cleaned.rpartition(" ")
        return surname, forename
    return cleaned, ""


def multiline(value: Any) -> str | None:
    """An address or similar: lines kept, Windows line ends and spare space removed."""
    cleaned = text(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in cleaned.split("\n")]
    joined = "\n".join(line for line in lines if line)
    return joined or None
