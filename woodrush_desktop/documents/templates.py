"""Letter wording as editable text: the template language, its checks and the kinds of letter.

A template is plain text the attendance officer can edit in the app:

- `Subject: …` (letters) or `Title: …` (forms) on the first lines;
- paragraphs separated by blank lines; a single line break stays a line break;
- `## Heading`, `- bullet`, `[ ] tick box` lines, and `**bold**` inside a line;
- `{placeholder}` for the pupil's and school's details (`{{` and `}}` print braces);
- blocks on a line of their own: `[figures]`, `[meeting]`, `[signature]`, `[box: 4]`,
  `[table: Need | Action | Who; rows=5]` and the others in `BLOCKS`;
- lines starting `//` are notes for whoever edits the template and never print.

Every placeholder and block is checked before anything prints: an unknown one is an error
naming its line, never a blank in a letter.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from woodrush_desktop.documents.base import escape
from woodrush_desktop.paths import resource

SCHOOL_FIELDS = {
    "school_name": "the school's name",
    "school_phone": "the school's telephone number",
    "school_email": "the school's email address",
    "headteacher": "the headteacher's name",
    "signatory": "who signs the letters",
    "signatory_role": "the signatory's role",
    "senior_leader": "the senior leader for attendance",
    "attendance_lead": "the attendance lead (the named contact)",
}
PUPIL_FIELDS = {
    "pupil_name": "the pupil's preferred forename and surname",
    "pupil_forename": "the pupil's preferred forename",
    "pupil_surname": "the pupil's surname",
    "tutor_group": "the pupil's tutor (registration) group",
    "year_group": "the pupil's year group, e.g. Year 9",
    "date": "the date of the letter (DD/MM/YYYY)",
    "band": "the pupil's attendance band",
}
FIGURE_FIELDS = {
    "attendance": "attendance to one decimal place, e.g. 89.5%",
    "period_start": "the first date the figures cover",
    "as_of": "the last date the figures cover",
    "sessions_possible": "possible sessions",
    "sessions_attended": "sessions attended",
    "sessions_missed": "sessions missed",
    "missed_summary": "e.g. '15 sessions missed: 5 authorised, 10 unauthorised' (no split when "
    "the export gave none)",
    "authorised_absences": "sessions of authorised absence (not known for every export)",
    "unauthorised_absences": "sessions of unauthorised absence (not known for every export)",
}
RECIPIENT_FIELDS = {
    "recipient_name": "the parent/carer's name, or 'The parent/carer of …'",
    "salutation": "who 'Dear' addresses: the name, or 'Parent/Carer'",
}
MEETING_FIELDS = {
    "meeting_date": "the meeting's day and date",
    "meeting_time": "the meeting's time (24-hour)",
    "meeting_place": "where the meeting is",
    "meeting_with": "who the family will meet",
}

LETTER_BLOCKS = {"figures", "signature"}
MEETING_BLOCKS = {"meeting", "reply_slip"}
FORM_BLOCKS = {
    "pupil_details",
    "family",
    "figures",
    "reasons",
    "box",
    "table",
    "fields",
    "signatures",
}
BLOCKS = {
    "figures": "the attendance figures table",
    "signature": "space for a handwritten signature",
    "meeting": "the meeting's date, time, place and who it is with",
    "reply_slip": "a slip to return, confirming the meeting",
    "absences": "the sessions missed without a reason",
    "pupil_details": "the pupil's name, date of birth, UPN, year, tutor group and needs",
    "family": "the family's contacts, with space to add more",
    "reasons": "sessions missed, by register code",
    "box": "a ruled box to write in: [box: LINES]",
    "table": "a table to fill in by hand: [table: A | B | C; rows=N]",
    "fields": "labelled lines to fill in: [fields: Label | Label = {placeholder}]",
    "signatures": "name, signature and date lines: [signatures: Parent/carer | School]",
}


class TemplateError(ValueError):
    """A template that cannot print: each problem names its line."""

    def __init__(self, kind: str, problems: list[str]) -> None:
        super().__init__(f"the {kind} template cannot be used: " + "; ".join(problems))
        self.kind = kind
        self.problems = problems


@dataclass(frozen=True)
class LetterKind:
    """One kind of document: what it is for and which placeholders and blocks it may use."""

    key: str
    label: str
    description: str
    addressed: bool
    per_parent: bool
    needs_meeting: bool
    fields: Mapping[str, str]
    blocks: frozenset[str]
    form: bool = False

    @property
    def template_file(self) -> str:
        return f"{self.key}.txt"


def _kind(
    key: str,
    label: str,
    description: str,
    *,
    addressed: bool = True,
    per_parent: bool = True,
    needs_meeting: bool = False,
    form: bool = False,
    extra_fields: Mapping[str, str] | None = None,
    extra_blocks: set[str] | None = None,
) -> LetterKind:
    fields_ = {**SCHOOL_FIELDS, **PUPIL_FIELDS, **FIGURE_FIELDS}
    if addressed:
        fields_ |= RECIPIENT_FIELDS
    if needs_meeting or key == "meeting_record":
        fields_ |= MEETING_FIELDS
    fields_ |= dict(extra_fields or {})
    blocks = set(LETTER_BLOCKS)
    if needs_meeting:
        blocks |= MEETING_BLOCKS
    if form:
        blocks |= FORM_BLOCKS
    blocks |= extra_blocks or set()
    return LetterKind(
        key=key,
        label=label,
        description=description,
        addressed=addressed,
        per_parent=per_parent,
        needs_meeting=needs_meeting,
        fields=fields_,
        blocks=frozenset(blocks),
        form=form,
    )


KINDS: dict[str, LetterKind] = {
    kind.key: kind
    for kind in (
        _kind(
            "concern",
            "Attendance concern letter",
            "At risk of persistent absence: raises the concern and offers support.",
        ),
        _kind(
            "meeting_invitation",
            "Invitation to an attendance meeting",
            "Persistently absent: a meeting to understand the barriers and agree an Early Help "
            "Plan; legal intervention may follow if attendance does not improve.",
            needs_meeting=True,
        ),
        _kind(
            "senior_meeting_invitation",
            "Invitation to a meeting with a senior leader",
            "Severely absent: a meeting with a senior leader, with the warning that the school "
            "may prosecute (section 444, Education Act 1996) if attendance does not improve.",
            needs_meeting=True,
        ),
        _kind(
            "early_help_plan",
            "Early Help Plan form",
            "The form for the family meeting, pre-filled with the pupil's details and figures.",
            addressed=False,
            per_parent=False,
            form=True,
            extra_fields={"review_date": "the plan's review date", "lead_practitioner": "the lead"},
        ),
        _kind(
            "meeting_record",
            "Attendance meeting record",
            "A record of an attendance meeting: who came, what was agreed, what happens next.",
            addressed=False,
            per_parent=False,
            form=True,
        ),
        _kind(
            "social_worker_notice",
            "Notice of unexplained absences to the social worker",
            "For pupils with a social worker: the sessions missed with no reason given.",
            per_parent=False,
            extra_fields={"unexplained_count": "how many sessions were missed without a reason"},
            extra_blocks={"absences"},
        ),
    )
}


def kind(key: str) -> LetterKind:
    try:
        return KINDS[key]
    except KeyError:
        raise KeyError(f"no letter kind {key!r}; the kinds are {', '.join(KINDS)}") from None


def default_template(kind_key: str) -> str:
    """The wording shipped with the application, from `resources/letters/`."""
    return _default_template(kind(kind_key).template_file)


@cache
def _default_template(file_name: str) -> str:
    return resource("letters", file_name).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True)
class Text:
    """A paragraph (or heading, bullet, tick box): literal text and placeholders."""

    style: str  # paragraph, heading, bullet, tickbox
    parts: tuple[tuple[str, str | None], ...]  # (literal, placeholder or None)
    line: int


Parts = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Block:
    """A block on its own line; `args` are its labels, `values` the prefills of [fields]."""

    name: str
    args: tuple[Parts, ...] = ()
    values: tuple[Parts, ...] = ()
    options: Mapping[str, int] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Template:
    kind: str
    heading: tuple[tuple[str, str | None], ...]  # the subject or title
    body: tuple[Text | Block, ...]

    def placeholders(self) -> set[str]:
        found = {name for _literal, name in self.heading if name}
        for item in self.body:
            rows = (*item.args, *item.values) if isinstance(item, Block) else (item.parts,)
            found |= {name for parts in rows for _literal, name in parts if name}
        return found


_BLOCK_LINE = re.compile(r"^\[([a-z_]+)(?::\s*(.*))?\]$")
_HEADER = re.compile(r"^(Subject|Title):\s*(.*)$", re.IGNORECASE)
_OPTION = re.compile(r"^\s*([a-z]+)\s*=\s*(\d+)\s*$")


def parse_template(kind_key: str, text: str) -> Template:
    """Parse and check a template for a kind, or raise TemplateError listing every problem."""
    spec = kind(kind_key)
    problems: list[str] = []
    heading: tuple[tuple[str, str | None], ...] = ()
    body: list[Text | Block] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            joined = "\n".join(line for _number, line in paragraph)
            body.append(
                Text("paragraph", _parts(joined, paragraph[0][0], spec, problems), paragraph[0][0])
            )
            paragraph.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        header = _HEADER.match(stripped)
        if header and not heading and not body and not paragraph:
            heading = _parts(header.group(2), number, spec, problems)
            continue
        if not stripped:
            flush()
            continue
        block = _BLOCK_LINE.match(stripped)
        if block and stripped != "[ ]":
            flush()
            body.append(_block(block.group(1), block.group(2), number, spec, problems))
        elif stripped.startswith("## "):
            flush()
            body.append(Text("heading", _parts(stripped[3:], number, spec, problems), number))
        elif stripped.startswith("- "):
            flush()
            body.append(Text("bullet", _parts(stripped[2:], number, spec, problems), number))
        elif stripped.startswith("[ ] "):
            flush()
            body.append(Text("tickbox", _parts(stripped[4:], number, spec, problems), number))
        else:
            paragraph.append((number, stripped))
    flush()
    if not heading:
        problems.append(f"line 1: start with '{'Title' if spec.form else 'Subject'}: …'")
    if (
        spec.needs_meeting
        and not any(isinstance(item, Block) and item.name == "meeting" for item in body)
        and not _mentions_meeting(body)
    ):
        problems.append("a meeting letter must print the meeting: add [meeting] or {meeting_date}")
    if problems:
        raise TemplateError(kind_key, problems)
    return Template(kind=kind_key, heading=heading, body=tuple(body))


def check_template(kind_key: str, text: str) -> list[str]:
    """The problems that stop a template printing (empty when it is fine)."""
    try:
        parse_template(kind_key, text)
    except TemplateError as error:
        return error.problems
    return []


def _mentions_meeting(body: list[Text | Block]) -> bool:
    return any(
        name == "meeting_date"
        for item in body
        if isinstance(item, Text)
        for _literal, name in item.parts
    )


def _parts(text: str, line: int, spec: LetterKind, problems: list[str]) -> Parts:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        problems.append(f"line {line}: {error} (write {{{{ or }}}} for a brace that prints)")
        return ()
    parts: list[tuple[str, str | None]] = []
    for literal, name, spec_text, conversion in parsed:
        if name is None:
            parts.append((literal, None))
            continue
        if not name or spec_text or conversion or name not in spec.fields:
            shown = "{" + name + (f"!{conversion}" if conversion else "")
            shown += (f":{spec_text}" if spec_text else "") + "}"
            problems.append(f"line {line}: unknown placeholder {shown} for {spec.label.lower()}")
            parts.append((literal, None))
            continue
        parts.append((literal, name))
    return tuple(parts)


def _block(
    name: str, argument: str | None, line: int, spec: LetterKind, problems: list[str]
) -> Block:
    if name not in spec.blocks:
        known = ", ".join(f"[{block}]" for block in sorted(spec.blocks))
        problems.append(f"line {line}: unknown block [{name}] for {spec.label.lower()} ({known})")
        return Block(name, line=line)
    argument = argument or ""
    options: dict[str, int] = {}
    labels = argument
    if ";" in argument:
        labels, _, rest = argument.partition(";")
        for option in rest.split(";"):
            match = _OPTION.match(option)
            if not match:
                problems.append(f"line {line}: cannot read {option.strip()!r} (write rows=5)")
                continue
            options[match.group(1)] = int(match.group(2))
    if name == "box":
        if labels.strip() and not labels.strip().isdigit():
            problems.append(f"line {line}: [box: N] takes a number of lines")
        else:
            options["lines"] = int(labels.strip() or 4)
        return Block(name, options=options, line=line)
    labels_list = [label.strip() for label in labels.split("|") if label.strip()]
    prefills: list[Parts] = []
    if name == "fields":
        pairs = [label.partition("=") for label in labels_list]
        labels_list = [label.strip() for label, _, _ in pairs]
        prefills = [_parts(value.strip(), line, spec, problems) for _, _, value in pairs]
    args = tuple(_parts(label, line, spec, problems) for label in labels_list)
    if name in {"table", "fields", "signatures"} and not args:
        problems.append(f"line {line}: [{name}: …] needs labels separated by |")
    return Block(name, args=args, values=tuple(prefills), options=options, line=line)


def fill(parts: Parts, values: Mapping[str, str]) -> str:
    """Plain text with placeholders filled, for places that take no markup (PDF metadata)."""
    return "".join(literal + (values[name] if name else "") for literal, name in parts)


def markup(parts: Parts, values: Mapping[str, str]) -> str:
    """Paragraph markup: the template's text and the values escaped, `**…**` made bold.

    Only the template's own asterisks make bold; a value's asterisks print as they are.
    """
    out: list[str] = []
    bold = False
    for literal, name in parts:
        for index, piece in enumerate(escape(literal).split("**")):
            if index:
                out.append("</b>" if bold else "<b>")
                bold = not bold
            out.append(piece)
        if name:
            out.append(escape(values[name]))
    if bold:
        out.append("</b>")
    return "".join(out).replace("\n", "<br/>")
