"""Finding the table in a sheet: the header row below any title rows, and what each column is.

Headers are compared case-, space- and punctuation-insensitively against synonyms collected
from SIMS, Arbor and Bromcom exports. Session columns are recognised by their headings: one
row such as `07/09/2026 AM`, or a row of dates over a row of AM/PM.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from woodrush_desktop.importing.values import CellError, dates_in_text, parse_date, text

FIELD_LABELS: dict[str, str] = {
    "upn": "UPN",
    "admission_number": "Admission number",
    "name": "Name (Surname, Forename)",
    "legal_surname": "Legal surname",
    "legal_forename": "Legal forename",
    "preferred_surname": "Preferred surname",
    "preferred_forename": "Preferred forename",
    "date_of_birth": "Date of birth",
    "year": "Year group",
    "reg_group": "Registration group",
    "gender": "Gender",
    "entry_date": "Admission date",
    "sen_status": "SEN status",
    "medical": "Medical condition",
    "social_worker": "Social worker / CIN / CP",
    "looked_after": "Looked after",
    "fsm": "FSM / pupil premium",
    "possible": "Possible sessions",
    "present": "Present",
    "attended": "Attended",
    "approved": "Approved educational activity (AEA)",
    "authorised": "Authorised absences",
    "unauthorised": "Unauthorised absences",
    "late": "Late",
    "percentage": "Attendance %",
    "date": "Date",
    "session": "Session (AM/PM)",
    "mark": "Mark",
    "sub_code": "Sub-code",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "upn": ("upn", "uniquepupilnumber", "pupilupn", "studentupn", "upnnumber"),
    "admission_number": (
        "adno",
        "admno",
        "admissionno",
        "admissionnumber",
        "admissionnum",
        "admnumber",
        "pupilid",
        "studentid",
        "misid",
    ),
    "name": (
        "name",
        "pupilname",
        "studentname",
        "pupil",
        "student",
        "fullname",
        "legalname",
        "surnameforename",
        "legalsurnameforename",
        "namesurnameforename",
    ),
    "legal_surname": ("surname", "legalsurname", "lastname", "familyname"),
    "legal_forename": ("forename", "legalforename", "firstname", "givenname", "forenames"),
    "preferred_surname": ("preferredsurname", "chosensurname", "knownassurname"),
    "preferred_forename": (
        "preferredforename",
        "chosenforename",
        "preferredfirstname",
        "knownas",
        "knownasforename",
        "preferredname",
    ),
    "date_of_birth": ("dob", "dateofbirth", "birthdate"),
    "year": ("year", "yeargroup", "yr", "ncyear", "curriculumyear", "nationalcurriculumyear"),
    "reg_group": (
        "reg",
        "reggroup",
        "registrationgroup",
        "regform",
        "form",
        "formgroup",
        "tutorgroup",
        "tutor",
        "class",
    ),
    "gender": ("gender", "sex"),
    "entry_date": ("admissiondate", "entrydate", "dateofadmission", "dateofentry", "startdate"),
    "sen_status": ("sen", "senstatus", "senprovision", "send", "sendstatus", "senstage"),
    "medical": ("medical", "medicalcondition", "medicalconditions", "medicalflag"),
    "social_worker": (
        "socialworker",
        "hassocialworker",
        "cin",
        "cp",
        "cincp",
        "childinneed",
        "childprotection",
        "childprotectionplan",
    ),
    "looked_after": ("lookedafter", "cla", "lac", "incare", "lookedafterchild", "childlookedafter"),
    "fsm": (
        "fsm",
        "freeschoolmeals",
        "fsmeligible",
        "fsmever6",
        "ever6fsm",
        "pupilpremium",
        "pp",
        "disadvantaged",
    ),
    "possible": (
        "possible",
        "possiblesessions",
        "poss",
        "posssess",
        "sessionspossible",
        "totalpossible",
        "possiblemarks",
    ),
    "present": ("present", "presentsessions", "sessionspresent", "presentmarks", "pres"),
    "attended": ("attended", "attendedsessions", "sessionsattended", "attendances"),
    "approved": (
        "aea",
        "aeasessions",
        "approvededucationalactivity",
        "approvedactivity",
        "approvededucationactivity",
    ),
    "authorised": (
        "authorised",
        "authorisedabsence",
        "authorisedabsences",
        "authabs",
        "auth",
        "authorized",
        "authorizedabsences",
        "authorisedsessions",
    ),
    "unauthorised": (
        "unauthorised",
        "unauthorisedabsence",
        "unauthorisedabsences",
        "unauthabs",
        "unauth",
        "unauthorized",
        "unauthorizedabsences",
        "unauthorisedsessions",
    ),
    "late": ("late", "lates", "latebeforeregisterclosed", "latebeforeregistersclosed", "lmarks"),
    "percentage": (
        "attendancepc",
        "pcattendance",
        "attendancepercentage",
        "percentageattendance",
        "percentage",
        "pc",
        "pcattended",
        "attendancerate",
        "attendance",
        "pcpresent",
    ),
    "date": ("date", "sessiondate", "markdate", "attendancedate"),
    "session": ("session", "ampm", "amorpm", "sessiontype"),
    "mark": ("mark", "code", "attendancemark", "attendancecode", "markcode", "registermark"),
    "sub_code": ("subcode", "submark", "markreason", "subcodes"),
}

MULTI_FIELDS = frozenset({"social_worker"})
CONTACT_FIELDS = ("name", "relationship", "address", "email", "phone", "parental_responsibility")

_LOOKUP = {synonym: key for key, synonyms in _SYNONYMS.items() for synonym in synonyms}
_CONTACT = re.compile(
    r"^(?:contact|parentcarer|parent|carer|guardian|priority)(\d*)(?:contact)?"
    r"(name|fullname|relationship|relation|address|email|emailaddress|phone|telephone|"
    r"mobile|phonenumber|telephonenumber|mobilenumber|parentalresponsibility|pr|"
    r"hasparentalresponsibility)$"
)
_CONTACT_PART = {
    "fullname": "name",
    "relation": "relationship",
    "emailaddress": "email",
    "telephone": "phone",
    "mobile": "phone",
    "phonenumber": "phone",
    "telephonenumber": "phone",
    "mobilenumber": "phone",
    "pr": "parental_responsibility",
    "parentalresponsibility": "parental_responsibility",
    "hasparentalresponsibility": "parental_responsibility",
}
_SESSION_WORDS = {"am": "AM", "pm": "PM", "a": "AM", "p": "PM", "morning": "AM", "afternoon": "PM"}
_SESSION_HEADER = re.compile(
    r"^(?:[a-z]{3,9}\.?,?\s+)?(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})"
    r"\s*[\-:(]?\s*(am|pm|a|p|morning|afternoon)\)?$"
)
_HALVES = {"am", "pm", "morning", "afternoon"}
HEADER_SEARCH_ROWS = 60


_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]")


@functools.lru_cache(maxsize=8192)
def _normalise_text(value: str) -> str:
    lowered = value.lower().replace("%", "pc").replace("&", "and")
    return _NOT_ALPHANUMERIC.sub("", lowered)


def normalise_header(value: Any) -> str:
    """'Attendance %' → 'attendancepc', 'Auth. Abs' → 'authabs'."""
    return _normalise_text(value.strip() if isinstance(value, str) else text(value))


def session_word(value: Any) -> str | None:
    return _SESSION_WORDS.get(normalise_header(value))


def session_header(value: Any) -> tuple[date, str] | None:
    """The session a one-row heading names: '07/09/2026 AM', 'Mon 07/09/2026 PM', or a date
    and time cell (a morning time is AM)."""
    if isinstance(value, datetime) and (value.hour or value.minute):
        return value.date(), "AM" if value.hour < 12 else "PM"
    if not isinstance(value, str):
        return None
    return _session_text(value)


@functools.lru_cache(maxsize=8192)
def _session_text(value: str) -> tuple[date, str] | None:
    if len(value) < 7 or not any(char.isdigit() for char in value[:14]):
        return None
    match = _SESSION_HEADER.match(" ".join(value.lower().split()))
    if not match:
        return None
    try:
        day = parse_date(match.group(1))
    except CellError:
        return None
    return (day, _SESSION_WORDS[match.group(2)]) if day else None


def _date_cell(value: Any) -> date | None:
    """A date heading over AM/PM: a date cell, '07/09/2026' or 'Mon 07/09/2026'."""
    if isinstance(value, datetime | date):
        return parse_date(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 24:
        return None
    try:
        return parse_date(value)
    except CellError:
        found = dates_in_text(value)
        return found[0] if len(found) == 1 else None


@dataclass
class Layout:
    """Where the table is and what its columns hold."""

    header_index: int
    headers: list[str]
    fields: dict[str, list[int]] = field(default_factory=dict)
    contacts: dict[int, dict[str, int]] = field(default_factory=dict)
    sessions: list[tuple[int, date, str]] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    """(first column, later column) where a later heading names what an earlier one holds."""

    def column(self, key: str) -> int | None:
        columns = self.fields.get(key)
        return columns[0] if columns else None

    def has(self, key: str) -> bool:
        return bool(self.fields.get(key))

    @property
    def signature(self) -> str:
        return header_signature(self.headers)


def header_signature(headers: list[str]) -> str:
    """A key for a sheet's layout: its normalised headers, session headings left out (they
    change every week), so a mapping confirmed once applies to next week's file too."""
    kept = [
        normalise_header(header)
        for header in headers
        if normalise_header(header) and not session_header(header)
    ]
    return hashlib.sha256("|".join(kept).encode("utf-8")).hexdigest()[:32]


def _sessions_in(rows: list[list[Any]], index: int) -> list[tuple[int, date, str]]:
    """Session columns if `rows[index]` is the (last) header row: one-row headings, or
    AM/PM words under a row of dates (merged date cells carry to the right)."""
    row = rows[index]
    found = [
        (column, *parsed) for column, cell in enumerate(row) if (parsed := session_header(cell))
    ]
    if found or index == 0:
        return found
    words = sum(1 for cell in row if isinstance(cell, str) and normalise_header(cell) in _HALVES)
    if words < 2:  # no row of AM/PM headings (a bare 'P' is more likely a mark)
        return found
    above = rows[index - 1]
    carried: date | None = None
    for column, cell in enumerate(row):
        day = _date_cell(above[column]) if column < len(above) else None
        if day is not None:
            carried = day
        elif not (column < len(above) and text(above[column]) == ""):
            carried = None
        word = session_word(cell)
        if word and carried is not None:
            found.append((column, carried, word))
    return found


@functools.lru_cache(maxsize=8192)
def _recognise(header: str) -> tuple[str, str | None] | None:
    """('field', key) for a known column, ('contact:N', part) for a contact column."""
    key = normalise_header(header)
    if not key:
        return None
    if key in _LOOKUP:
        return ("field", _LOOKUP[key])
    match = _CONTACT.match(key)
    if match:
        number = int(match.group(1) or 1)
        part = _CONTACT_PART.get(match.group(2), match.group(2))
        return (f"contact:{number}", part)
    return None


def _score(rows: list[list[Any]], index: int) -> int:
    recognised = sum(1 for cell in rows[index] if isinstance(cell, str) and _recognise(cell))
    return recognised + min(len(_sessions_in(rows, index)), 3)


def find_header_row(rows: list[list[Any]], mapping: dict[str, str] | None = None) -> int | None:
    """The index of the header row: the early row with the most recognised headings."""
    wanted = {normalise_header(header) for header in (mapping or {}).values()}
    best, best_score = None, 1
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        score = _score(rows, index)
        if wanted:
            score += 2 * sum(1 for cell in rows[index] if normalise_header(cell) in wanted)
        if score > best_score:
            best, best_score = index, score
        elif best is not None and best_score >= 3 and index - best >= 8:
            break  # well into the data rows below a clear header row
    return best


def guess_header_row(rows: list[list[Any]]) -> int | None:
    """For a table whose headings we do not know: the first row of text with several cells
    that is followed by a row with as many filled cells."""
    for index in range(min(len(rows) - 1, HEADER_SEARCH_ROWS)):
        row = rows[index]
        filled = [cell for cell in row if text(cell)]
        if len(filled) < 2 or not all(isinstance(cell, str) for cell in filled):
            continue
        following = sum(1 for cell in rows[index + 1] if text(cell))
        if following >= max(2, len(filled) // 2):
            return index
    return None


def build_layout(
    rows: list[list[Any]], index: int, mapping: dict[str, str] | None = None
) -> Layout:
    """What each column holds, with the user's mapping (field → header) taking precedence."""
    row = rows[index]
    sessions = _sessions_in(rows, index)
    above = rows[index - 1] if index > 0 else []
    headers = []
    for column, cell in enumerate(row):
        heading = text(cell)
        if not heading and column < len(above) and sessions and isinstance(above[column], str):
            heading = text(above[column])
        headers.append(heading)
    layout = Layout(header_index=index, headers=headers, sessions=sessions)
    session_columns = {column for column, _, _ in sessions}
    taken: set[int] = set()
    by_header = {normalise_header(header): column for column, header in enumerate(headers)}
    for key, header in (mapping or {}).items():
        column = by_header.get(normalise_header(header))
        if column is not None and key in FIELD_LABELS:
            layout.fields.setdefault(key, []).append(column)
            layout.mapped[key] = headers[column]
            taken.add(column)
    for column, header in enumerate(headers):
        if column in taken or column in session_columns:
            continue
        recognised = _recognise(header)
        if recognised is None:
            continue
        kind, part = recognised
        if kind == "field":
            if part in layout.mapped:
                continue
            if part in MULTI_FIELDS or part not in layout.fields:
                layout.fields.setdefault(part, []).append(column)
            else:
                layout.duplicates.append((layout.fields[part][0], column))
        else:
            number = int(kind.split(":")[1])
            first = layout.contacts.setdefault(number, {}).setdefault(part, column)
            if first != column:
                layout.duplicates.append((first, column))
    return layout


def suggest(headers: list[str], key: str, used: set[str]) -> str | None:
    """The header most like one of the field's synonyms, for the mapping dialog."""
    candidates = [header for header in headers if header and header not in used]
    normalised = {normalise_header(header): header for header in candidates}
    best: tuple[float, str | None] = (0.0, None)
    for synonym in (*_SYNONYMS.get(key, ()), normalise_header(FIELD_LABELS.get(key, key))):
        for close in difflib.get_close_matches(synonym, list(normalised), n=1, cutoff=0.5):
            ratio = difflib.SequenceMatcher(None, synonym, close).ratio()
            if ratio > best[0]:
                best = (ratio, normalised[close])
    if best[1] is None:
        for plain, header in normalised.items():
            if any(plain.startswith(synonym[:4]) for synonym in _SYNONYMS.get(key, ())):
                return header
    return best[1]
