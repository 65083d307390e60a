"""Letters from the store: who gets one, the batch PDF, and the letter log that is evidence.

A batch is built in two steps so that a letter the officer only previewed is never logged as
sent: `build_batch` gathers the data, checks every template, value and character, and lays
out the PDF without writing anything; `record_batch` writes the letter log (each letter's
own pages, the figures as printed, the recipient), ticks the policy item the letter fulfils
and books the meeting, all in one transaction. `issue_letters` does both (the command line).
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import peewee

from woodrush_desktop.documents.base import FONT, FONT_BOLD, describe_characters, missing_glyphs
from woodrush_desktop.documents.letters import (
    letter_text,
    missing_values,
    render_batch,
    render_letter,
)
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
from woodrush_desktop.documents.templates import (
    KINDS,
    LetterKind,
    Template,
    TemplateError,
    check_template,
    default_template,
    kind,
    parse_template,
)
from woodrush_desktop.domain.attendance import SessionCounts
from woodrush_desktop.domain.codes import ILLNESS_MEDICAL_CODES, CodeClass, default_code_book
from woodrush_desktop.domain.policy import GROUP_KEYS, Policy
from woodrush_desktop.progress import CancelCheck, ProgressCallback, raise_if_cancelled
from woodrush_desktop.services.pupils import list_pupils
from woodrush_desktop.services.settings import get_setting, school_details, set_setting
from woodrush_desktop.store.database import DatabaseError, Store, current_user, write_guard
from woodrush_desktop.store.models import (
    ChecklistTick,
    Contact,
    Letter,
    Mark,
    Meeting,
    Pupil,
    PupilFigures,
    Setting,
    Snapshot,
)

log = logging.getLogger(__name__)

TEMPLATE_KEY = "letter_template.{kind}"
UNEXPLAINED_CODES = ("N", "O")
SOCIAL_WORKER_WORDS = ("social worker",)
UNKNOWN_RESPONSIBILITY = (
    "no parental responsibility is recorded for any parent/carer: addressed to the first "
    "contact (priority 1); check they should receive it"
)


class LetterError(ValueError):
    """A batch that cannot be printed as asked; the message says what to change."""


# ----------------------------------------------------------------------------------------
# Templates: the shipped wording, or the school's edited copy in the settings


def list_kinds() -> list[LetterKind]:
    return list(KINDS.values())


def template_text(kind_key: str) -> str:
    """The wording in force: the school's edited copy, or the shipped default."""
    stored = get_setting(TEMPLATE_KEY.format(kind=kind(kind_key).key))
    return stored if isinstance(stored, str) and stored.strip() else default_template(kind_key)


def template_is_edited(kind_key: str) -> bool:
    return template_text(kind_key) != default_template(kind_key)


def template_in_force(kind_key: str) -> Template:
    """The parsed wording in force; TemplateError if the stored copy no longer parses."""
    return parse_template(kind_key, template_text(kind_key))


def save_template(store: Store, kind_key: str, text: str) -> None:
    """Keep an edited copy of a template; one with unknown placeholders is refused."""
    problems = check_template(kind_key, text)
    problems += _template_glyph_problems(text)
    if problems:
        raise TemplateError(kind_key, problems)
    with write_guard(store):
        set_setting(store, TEMPLATE_KEY.format(kind=kind_key), text)
    log.info("letter template edited: %s", kind_key)


def restore_default_template(store: Store, kind_key: str) -> None:
    with write_guard(store), store.db.atomic():
        Setting.delete().where(
            Setting.key == TEMPLATE_KEY.format(kind=kind(kind_key).key)
        ).execute()
        store.audit("letter template restored to default", "setting", detail={"kind": kind_key})
    log.info("letter template restored to default: %s", kind_key)


def _template_glyph_problems(text: str) -> list[str]:
    missing = missing_glyphs(text, FONT) + missing_glyphs(text, FONT_BOLD)
    if not missing:
        return []
    return [f"the font cannot print {describe_characters(dict.fromkeys(missing))}"]


# ----------------------------------------------------------------------------------------
# Planning: who gets a letter, who is skipped and who is held back for review


@dataclass(frozen=True)
class PupilNote:
    """A pupil left out of a batch (skipped) or waiting for review (held), and why."""

    pupil_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class PlannedLetter:
    """One letter to print: its data and what the log will record with it."""

    data: LetterData
    band: str | None
    snapshot_id: int | None

    @property
    def pupil_id(self) -> int:
        return self.data.pupil.id

    @property
    def recipient(self) -> str:
        if kind(self.data.kind).addressed:
            return self.data.recipient.addressee(self.data.pupil)
        return f"{kind(self.data.kind).label} for {self.data.pupil.name}"

    def figures_json(self) -> dict[str, Any]:
        figures = self.data.figures.to_json() if self.data.figures else {}
        return {**figures, "band": self.band, "band_label": self.data.band_label}


@dataclass
class BatchPlan:
    kind: str
    letters: list[PlannedLetter] = field(default_factory=list)
    skipped: list[PupilNote] = field(default_factory=list)
    held: list[PupilNote] = field(default_factory=list)

    @property
    def pupil_ids(self) -> list[int]:
        return list(dict.fromkeys(letter.pupil_id for letter in self.letters))

    def notes_json(self) -> dict[str, Any]:
        """The pupils left out and why, as `woodrush letters --json` reports them."""
        return {
            "skipped": [_note_json(note) for note in self.skipped],
            "held": [_note_json(note) for note in self.held],
        }


@dataclass
class LetterBatch:
    """A built batch: the PDF to preview, print or save, and each letter's own pages."""

    kind: str
    batch_id: str
    pdf: bytes
    letters: list[PlannedLetter]
    letter_pdfs: list[bytes]
    skipped: list[PupilNote]
    held: list[PupilNote]
    recorded_ids: list[int] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        return bool(self.recorded_ids)

    @property
    def pupil_ids(self) -> list[int]:
        return list(dict.fromkeys(letter.pupil_id for letter in self.letters))

    def to_json(self) -> dict[str, Any]:
        """The `woodrush letters --json` contract."""
        return {
            "kind": self.kind,
            "batch": self.batch_id,
            "letters": [
                {
                    "pupil_id": letter.pupil_id,
                    "upn": letter.data.pupil.upn or None,
                    "recipient": letter.recipient,
                    "letter_id": self.recorded_ids[index] if self.recorded_ids else None,
                }
                for index, letter in enumerate(self.letters)
            ],
            "skipped": [_note_json(note) for note in self.skipped],
            "held": [_note_json(note) for note in self.held],
        }


def _note_json(note: PupilNote) -> dict[str, Any]:
    return {"pupil_id": note.pupil_id, "reason": note.reason}


def plan_batch(
    store: Store,
    policy: Policy,
    kind_key: str,
    *,
    pupil_ids: Sequence[int] | None = None,
    band: str | None = None,
    meeting: MeetingDetails | None = None,
    include_already_sent: bool = False,
    include_held: Iterable[int] = (),
    issued_on: date | None = None,
    review_on: date | None = None,
    only_intended_band: bool = False,
) -> BatchPlan:
    """Who gets the letter: the pupils of a band or a list, less those skipped or held.

    Skipped: no figures, already sent this letter since their last band change (unless
    `include_already_sent`), nothing to send (no social worker, no unexplained absence), or a
    name the font cannot print. Held for review unless listed in `include_held`: SEND or a
    medical condition, absence mostly illness or medical appointments, or a band the letter
    is not meant for (skipped instead with `only_intended_band`, for a table's whole filter).
    """
    spec = kind(kind_key)
    if (pupil_ids is None) == (band is None):
        raise LetterError("choose either a band or a list of pupils for the batch")
    if band is not None and band not in {entry.key for entry in policy.bands}:
        keys = ", ".join(entry.key for entry in policy.bands)
        raise LetterError(f"there is no band {band!r}; the bands are {keys}")
    meeting = _meeting_for(spec, meeting)
    template = _template_or_error(kind_key)
    issued_on = issued_on or date.today()
    school = _school()
    included = set(include_held)
    plan = BatchPlan(kind=kind_key)
    for pupil in _pupils(store, pupil_ids, band, policy):
        history = _figures_history(pupil.id, policy)
        current = history[0] if history else None
        note = _skip_reason(pupil, spec, current, history, include_already_sent)
        if note is None and only_intended_band:
            note = _outside_band(spec, current, policy)
        if note:
            plan.skipped.append(PupilNote(pupil.id, pupil.display_name, note))
            continue
        data = _letter_data(pupil, spec, school, current, meeting, issued_on, review_on)
        if not data:
            reason = "no unexplained absences in the imported marks"
            plan.skipped.append(PupilNote(pupil.id, pupil.display_name, reason))
            continue
        problem = _printing_problem(data, template)
        if problem:
            plan.skipped.append(PupilNote(pupil.id, pupil.display_name, problem))
            continue
        held = _hold_reason(pupil, spec, current, policy, by_band=band is not None)
        if any(letter.recipient.responsibility_unknown for letter in data):
            held = "; ".join(filter(None, [held, UNKNOWN_RESPONSIBILITY]))
        if held and pupil.id not in included:
            plan.held.append(PupilNote(pupil.id, pupil.display_name, held))
            continue
        band_key = current.band if current else None
        plan.letters += [
            PlannedLetter(
                data=letter, band=band_key, snapshot_id=current.snapshot_id if current else None
            )
            for letter in data
        ]
    return plan


def _template_or_error(kind_key: str) -> Template:
    try:
        return template_in_force(kind_key)
    except TemplateError as error:
        raise LetterError(
            f"the {kind(kind_key).label.lower()} template cannot print: "
            + "; ".join(error.problems)
            + ". Correct it in Settings › Letter templates, or restore the default."
        ) from error


def _meeting_for(spec: LetterKind, meeting: MeetingDetails | None) -> MeetingDetails | None:
    if not spec.needs_meeting:
        return meeting
    if meeting is None or not meeting.place.strip():
        raise LetterError(f"the {spec.label.lower()} needs the meeting's date, time and place")
    if not meeting.with_whom.strip() and spec.key == "senior_meeting_invitation":
        senior = school_details().senior_leader
        return MeetingDetails(meeting.on, meeting.at, meeting.place, senior)
    return meeting


def _school() -> School:
    details = school_details()
    return School(
        name=details.name,
        address=details.address,
        phone=details.phone,
        email=details.email,
        logo_path=details.logo_path,
        headteacher=details.headteacher,
        signatory=details.signatory,
        signatory_role=details.signatory_role,
        senior_leader=details.senior_leader,
        attendance_lead=details.attendance_lead,
    )


def _pupils(
    store: Store, pupil_ids: Sequence[int] | None, band: str | None, policy: Policy
) -> list[Pupil]:
    """The pupils asked for, in the order given; a band's pupils in the table's order."""
    if pupil_ids is not None:
        wanted = list(dict.fromkeys(pupil_ids))
        found = {pupil.id: pupil for pupil in Pupil.select().where(Pupil.id.in_(wanted))}
        missing = [pupil_id for pupil_id in wanted if pupil_id not in found]
        if missing:
            raise LetterError(f"there is no pupil with id {missing[0]}")
        return [found[pupil_id] for pupil_id in wanted]
    ids = [row.id for row in list_pupils(store, policy, band=band)]
    found = {pupil.id: pupil for pupil in Pupil.select().where(Pupil.id.in_(ids))}
    return [found[pupil_id] for pupil_id in ids]


@dataclass(frozen=True)
class _Figures:
    """One snapshot's figures for a pupil, with the band under the policy in force."""

    snapshot_id: int
    as_of: date
    period_start: date | None
    counts: SessionCounts
    band: str | None
    band_label: str
    reasons: dict[str, int] | None
    absence_split: bool = True


def _figures_history(pupil_id: int, policy: Policy) -> list[_Figures]:
    """The pupil's figures in every snapshot, newest first."""
    rows = (
        PupilFigures.select(PupilFigures, Snapshot)
        .join(Snapshot)
        .where(PupilFigures.pupil == pupil_id)
        .order_by(Snapshot.as_of.desc(), Snapshot.id.desc())
    )
    history = []
    for row in rows:
        counts = SessionCounts(
            row.possible, row.present, row.approved, row.authorised, row.unauthorised, row.late
        )
        percentage = counts.percentage()
        band = policy.band_for(percentage) if percentage is not None else None
        history.append(
            _Figures(
                snapshot_id=row.snapshot.id,
                as_of=row.snapshot.as_of,
                period_start=row.snapshot.period_start,
                counts=counts,
                band=band.key if band else None,
                band_label=band.label if band else "",
                reasons=row.reasons,
                absence_split=bool(row.absence_split),
            )
        )
    return history


def band_since(history: list[_Figures]) -> tuple[date | None, set[int]]:
    """When the pupil entered their current band, and the snapshots since then."""
    if not history:
        return None, set()
    current = history[0].band
    run = []
    for entry in history:
        if entry.band != current:
            break
        run.append(entry)
    return run[-1].as_of, {entry.snapshot_id for entry in run}


def _skip_reason(
    pupil: Pupil,
    spec: LetterKind,
    current: _Figures | None,
    history: list[_Figures],
    include_already_sent: bool,
) -> str | None:
    if not pupil.on_roll:
        return "no longer on roll"
    if current is None and not spec.form:
        return "no attendance figures have been imported"
    if spec.key == "social_worker_notice" and GROUP_KEYS[1] not in pupil.group_keys():
        return "no social worker recorded"
    if include_already_sent or current is None:
        return None
    since, snapshots = band_since(history)
    earlier = (
        Letter.select(Letter.issued_on, Letter.snapshot)
        .where(Letter.pupil == pupil.id, Letter.kind == spec.key)
        .order_by(Letter.issued_on.desc())
    )
    for letter in earlier:
        if letter.snapshot_id in snapshots or (since and letter.issued_on >= since):
            return (
                f"already sent on {letter.issued_on:%d/%m/%Y}, since moving into this band "
                f"(figures of {since:%d/%m/%Y})"
            )
    return None


def _hold_reason(
    pupil: Pupil, spec: LetterKind, current: _Figures | None, policy: Policy, *, by_band: bool
) -> str | None:
    reasons = []
    if GROUP_KEYS[0] in pupil.group_keys():
        reasons.append("SEND or a medical condition")
    if current is not None and current.reasons:
        illness = sum(current.reasons.get(code, 0) for code in ILLNESS_MEDICAL_CODES)
        counts = current.counts
        absent = counts.authorised + counts.unauthorised if current.absence_split else counts.missed
        if absent and illness * 2 > absent:
            reasons.append(
                f"absence mostly illness or medical appointments ({illness} of {absent} sessions)"
            )
    intended = _bands_for(spec.key, policy)
    if not by_band and intended and current is not None and current.band not in intended:
        labels = " or ".join(policy.band(key).label.lower() for key in intended)
        reasons.append(f"in the band {current.band_label.lower()}; this letter is for {labels}")
    return "; ".join(reasons) or None


def _outside_band(spec: LetterKind, current: _Figures | None, policy: Policy) -> str | None:
    intended = _bands_for(spec.key, policy)
    if not intended or current is None or current.band in intended:
        return None
    labels = " or ".join(policy.band(key).label.lower() for key in intended)
    return f"in the band {current.band_label.lower() or 'none'}, not {labels}"


def intended_bands(kind_key: str, policy: Policy) -> list[str]:
    """The bands whose policy row calls for this letter (empty: any band)."""
    return _bands_for(kind_key, policy)


def _bands_for(kind_key: str, policy: Policy) -> list[str]:
    band_keys = {entry.key for entry in policy.bands}
    return [item.owner for item in policy.items_for_letter(kind_key) if item.owner in band_keys]


def _letter_data(
    pupil: Pupil,
    spec: LetterKind,
    school: School,
    current: _Figures | None,
    meeting: MeetingDetails | None,
    issued_on: date,
    review_on: date | None,
) -> list[LetterData]:
    """One LetterData per recipient (empty when there is nothing to send)."""
    contacts = list(
        Contact.select().where(Contact.pupil == pupil.id).order_by(Contact.priority, Contact.id)
    )
    details = PupilDetails(
        id=pupil.id,
        forename=pupil.forename,
        surname=pupil.surname,
        tutor_group=pupil.reg_group or "",
        year=pupil.year,
        upn=pupil.upn or "",
        date_of_birth=pupil.date_of_birth,
        sen_status=(pupil.sen_status or "").upper(),
        medical=bool(pupil.medical),
        social_worker=bool(pupil.social_worker),
        looked_after=bool(pupil.looked_after),
    )
    absences: tuple[Absence, ...] = ()
    if spec.key == "social_worker_notice":
        absences = _unexplained(pupil.id, current, pupil.entry_date)
        if not absences:
            return []
    base = LetterData(
        kind=spec.key,
        school=school,
        pupil=details,
        issued_on=issued_on,
        figures=_attendance(current, pupil.entry_date),
        meeting=meeting,
        family=tuple(
            _family_member(contact) for contact in contacts if not _is_social_worker(contact)
        ),
        absences=absences,
        band_label=current.band_label if current else "",
        review_on=review_on or (_default_review(issued_on) if spec.form else None),
    )
    return [replace(base, recipient=recipient) for recipient in _recipients(spec, contacts)]


def _default_review(issued_on: date) -> date:
    """Six weeks on: the earliest review an Early Help Plan usually has."""
    return issued_on + timedelta(weeks=6)


def _recipients(spec: LetterKind, contacts: list[Contact]) -> list[Recipient]:
    if not spec.addressed:
        return [Recipient()]
    if spec.key == "social_worker_notice":
        for contact in contacts:
            if _is_social_worker(contact):
                return [_recipient(contact, role="social worker")]
        return [Recipient(role="social worker")]
    parents = [
        contact
        for contact in contacts
        if contact.parental_responsibility and not _is_social_worker(contact)
    ]
    if spec.per_parent and parents:
        return [_recipient(contact) for contact in parents]
    unknown = [
        contact
        for contact in contacts
        if contact.parental_responsibility is None and not _is_social_worker(contact)
    ]
    if spec.per_parent and unknown and (unknown[0].name or "").strip():
        return [replace(_recipient(unknown[0]), responsibility_unknown=True)]
    return [Recipient()]


def _recipient(contact: Contact, role: str = "parent/carer") -> Recipient:
    return Recipient(
        name=contact.name.strip(),
        address=contact.address or "",
        relationship=contact.relationship or "",
        contact_id=contact.id,
        role=role,
    )


def _is_social_worker(contact: Contact) -> bool:
    relationship = (contact.relationship or "").casefold()
    return any(word in relationship for word in SOCIAL_WORKER_WORDS)


def _family_member(contact: Contact) -> FamilyMember:
    return FamilyMember(
        name=contact.name,
        relationship=contact.relationship or "",
        phone=contact.phone or "",
        email=contact.email or "",
        address=contact.address or "",
        parental_responsibility=contact.parental_responsibility,
    )


def school_year_start(on: date) -> date:
    """1 September of the school year `on` falls in."""
    return date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def _period_start(current: _Figures, entry_date: date | None) -> date:
    """The first date the figures cover. A snapshot from before the importer recorded it
    (older databases) is taken to cover the school year, or from the pupil's entry if later."""
    if current.period_start is not None:
        return current.period_start
    start = school_year_start(current.as_of)
    if entry_date is not None and start < entry_date <= current.as_of:
        return entry_date
    return start


def _attendance(current: _Figures | None, entry_date: date | None) -> AttendanceFigures | None:
    if current is None:
        return None
    counts = current.counts
    return AttendanceFigures(
        possible=counts.possible,
        attended=counts.attended,
        authorised=counts.authorised,
        unauthorised=counts.unauthorised,
        late=counts.late,
        period_start=_period_start(current, entry_date),
        as_of=current.as_of,
        reasons=_reasons(current),
        period_start_assumed=current.period_start is None,
        absence_split=current.absence_split,
    )


def _reasons(current: _Figures) -> tuple[Reason, ...]:
    """Sessions missed by code, from the marks the snapshot counted (absence codes only)."""
    if not current.reasons:
        return ()
    book = default_code_book()
    reasons = []
    for code, sessions in current.reasons.items():
        try:
            entry = book.lookup(code, current.as_of)
        except ValueError:
            continue
        if entry.code_class in (CodeClass.AUTHORISED, CodeClass.UNAUTHORISED) and sessions:
            authorised = entry.code_class is CodeClass.AUTHORISED
            reasons.append(Reason(code, entry.meaning, int(sessions), authorised))
    return tuple(reasons)


def _unexplained(
    pupil_id: int, current: _Figures | None, entry_date: date | None
) -> tuple[Absence, ...]:
    if current is None:
        return ()
    query = Mark.select().where(Mark.pupil == pupil_id, Mark.code.in_(UNEXPLAINED_CODES))
    query = query.where(Mark.on <= current.as_of, Mark.on >= _period_start(current, entry_date))
    book = default_code_book()
    absences = []
    for mark in query.order_by(Mark.on, Mark.session):
        try:
            meaning = book.lookup(mark.code, mark.on).meaning
        except ValueError:
            meaning = ""
        absences.append(Absence(mark.on, mark.session, mark.code, meaning))
    return tuple(absences)


def _printing_problem(letters: list[LetterData], template: Template) -> str | None:
    """Why these letters cannot print (a value missing, a character the font lacks), or None."""
    spec = kind(letters[0].kind)
    for data in letters:
        empty = missing_values(data, template)
        if empty:
            named = ", ".join(spec.fields[name] for name in empty)
            return f"the letter needs {named}, and it is not recorded"
        text = letter_text(data, template)
        missing = missing_glyphs(text, FONT) + missing_glyphs(text, FONT_BOLD)
        if missing:
            return (
                "cannot print: the font has no "
                f"{describe_characters(dict.fromkeys(missing))}; correct the spelling in the MIS"
            )
    return None


# ----------------------------------------------------------------------------------------
# Building and recording


def build_batch(
    store: Store,
    policy: Policy,
    kind_key: str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    **choices: Any,
) -> LetterBatch:
    """Plan and lay out a batch without writing anything (`choices` as for `plan_batch`)."""
    plan = plan_batch(store, policy, kind_key, **choices)
    return build_from_plan(plan, progress=progress, cancelled=cancelled)


def build_from_plan(
    plan: BatchPlan,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> LetterBatch:
    if not plan.letters:
        raise LetterError(_nothing_to_print(plan))
    total = len(plan.letters)
    report = progress or (lambda _done, _total, _text="": None)
    report(0, total, f"Laying out {total} letters")
    template = _template_or_error(plan.kind)
    started = datetime.now()  # noqa: DTZ005 - a duration, not a timestamp
    rendered = render_batch(
        [letter.data for letter in plan.letters], {plan.kind: template}, cancelled=cancelled
    )
    raise_if_cancelled(cancelled)
    report(total, total, "Separating each letter for the letter log")
    letter_pdfs = rendered.split()
    raise_if_cancelled(cancelled)
    log.info(
        "letters laid out: %s, %d letters for %d pupils in %.2f s",
        plan.kind,
        total,
        len(plan.pupil_ids),
        (datetime.now() - started).total_seconds(),  # noqa: DTZ005
    )
    return LetterBatch(
        kind=plan.kind,
        batch_id=uuid.uuid4().hex,
        pdf=rendered.pdf,
        letters=plan.letters,
        letter_pdfs=letter_pdfs,
        skipped=plan.skipped,
        held=plan.held,
    )


def _nothing_to_print(plan: BatchPlan) -> str:
    parts = ["no letters to print"]
    if plan.skipped:
        parts.append(f"{len(plan.skipped)} skipped")
    if plan.held:
        parts.append(f"{len(plan.held)} held back for review")
    return ": ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]


def record_batch(store: Store, policy: Policy, batch: LetterBatch) -> list[int]:
    """Write the batch to the letter log, tick the policy item and book any meeting.

    Recording twice (printing, then saving the same batch) records once.
    """
    if batch.recorded:
        return batch.recorded_ids
    spec = kind(batch.kind)
    items = [item for item in policy.items_for_letter(batch.kind) if item.scope == "pupil"]
    try:
        ids, pupils = _record(store, batch, spec, items)
    except (sqlite3.OperationalError, peewee.OperationalError) as error:
        log.warning("letters not recorded: %s, batch %s", type(error).__name__, batch.batch_id)
        name = store.path.name if store.path else "the database"
        raise DatabaseError(
            f"the letters were not recorded in the letter log: {name} could not be written "
            f"({error}). Nothing was recorded. Close any other program using the database "
            "(another copy of Woodrush Attendance, a backup or sync tool), then try again."
        ) from error
    batch.recorded_ids = ids
    log.info(
        "letters recorded: %s, %d letters for %d pupils, batch %s",
        batch.kind,
        len(ids),
        pupils,
        batch.batch_id,
    )
    return ids


def _record(
    store: Store, batch: LetterBatch, spec: LetterKind, items: list[Any]
) -> tuple[list[int], int]:
    """The letter log's rows, ticks and meetings in one transaction: all of them or none."""
    user = current_user()
    ids: list[int] = []
    first_letter: dict[int, int] = {}
    with write_guard(store), store.db.atomic():
        for planned, pdf in zip(batch.letters, batch.letter_pdfs, strict=True):
            letter = Letter.create(
                pupil=planned.pupil_id,
                contact=planned.data.recipient.contact_id,
                recipient=planned.recipient,
                kind=batch.kind,
                issued_on=planned.data.issued_on,
                created_by=user,
                band=planned.band,
                figures=planned.figures_json(),
                snapshot=planned.snapshot_id,
                batch=batch.batch_id,
                pdf=pdf,
            )
            ids.append(letter.id)
            first_letter.setdefault(planned.pupil_id, letter.id)
            store.audit(
                "letter issued",
                "letter",
                letter.id,
                {"kind": batch.kind, "pupil": planned.pupil_id, "batch": batch.batch_id},
                actor=user,
            )
        by_pupil = {letter.pupil_id: letter for letter in batch.letters}
        for pupil_id, letter_id in first_letter.items():
            count = sum(1 for letter in batch.letters if letter.pupil_id == pupil_id)
            _tick(store, items, pupil_id, letter_id, by_pupil[pupil_id], spec, count, user)
            if spec.needs_meeting and by_pupil[pupil_id].data.meeting is not None:
                _book_meeting(by_pupil[pupil_id].data.meeting, spec, pupil_id, letter_id)
    return ids, len(first_letter)


def _tick(
    store: Store,
    items: list[Any],
    pupil_id: int,
    letter_id: int,
    planned: PlannedLetter,
    spec: LetterKind,
    count: int,
    user: str,
) -> None:
    """Tick the items this letter fulfils, linked to it, unless already done."""
    for item in items:
        done = ChecklistTick.get_or_none(
            ChecklistTick.pupil == pupil_id,
            ChecklistTick.item_key == item.key,
            ChecklistTick.withdrawn_at.is_null(),
        )
        if done is not None:
            continue
        recipients = "1 recipient" if count == 1 else f"{count} recipients"
        tick = ChecklistTick.create(
            pupil=pupil_id,
            item_key=item.key,
            done_on=planned.data.issued_on,
            done_by=user,
            note=f"{spec.label} issued to {recipients}",
            letter=letter_id,
        )
        store.audit(
            "checklist item ticked",
            "checklist_tick",
            tick.id,
            {"item": item.key, "pupil": pupil_id, "letter": letter_id},
            actor=user,
        )


def _book_meeting(meeting: MeetingDetails, spec: LetterKind, pupil_id: int, letter_id: int) -> None:
    Meeting.create(
        pupil=pupil_id,
        kind=spec.key.removesuffix("_invitation"),
        scheduled_for=datetime.combine(meeting.on, meeting.at),
        place=meeting.place,
        with_whom=meeting.with_whom or None,
        letter=letter_id,
    )


def issue_letters(
    store: Store,
    policy: Policy,
    kind_key: str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    **choices: Any,
) -> LetterBatch:
    """Build and record a batch at once (the command line, where writing the file is issuing)."""
    batch = build_batch(store, policy, kind_key, progress=progress, cancelled=cancelled, **choices)
    raise_if_cancelled(cancelled)
    record_batch(store, policy, batch)
    return batch


# ----------------------------------------------------------------------------------------
# The letter log


@dataclass(frozen=True)
class LetterRecord:
    """A logged letter as the pupil's history lists it."""

    id: int
    pupil_id: int
    kind: str
    kind_label: str
    recipient: str
    issued_on: date
    created_by: str | None
    figures: dict[str, Any]
    batch: str | None


def letters_for_pupil(store: Store, pupil_id: int) -> list[LetterRecord]:
    """Every letter logged for a pupil, newest first (without the PDFs)."""
    query = (
        Letter.select(
            Letter.id,
            Letter.pupil,
            Letter.kind,
            Letter.recipient,
            Letter.issued_on,
            Letter.created_by,
            Letter.figures,
            Letter.batch,
        )
        .where(Letter.pupil == pupil_id)
        .order_by(Letter.issued_on.desc(), Letter.id.desc())
    )
    return [
        LetterRecord(
            id=letter.id,
            pupil_id=letter.pupil_id,
            kind=letter.kind,
            kind_label=KINDS[letter.kind].label if letter.kind in KINDS else letter.kind,
            recipient=letter.recipient,
            issued_on=letter.issued_on,
            created_by=letter.created_by,
            figures=letter.figures,
            batch=letter.batch,
        )
        for letter in query
    ]


def letter_pdf(store: Store, letter_id: int) -> bytes:
    """The logged letter's PDF, exactly as it was printed."""
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise LetterError(f"there is no letter with id {letter_id}")
    return bytes(letter.pdf)


def pupil_ids_for_upns(store: Store, upns: Sequence[str]) -> tuple[list[int], list[str]]:
    """The pupils with these UPNs, in the order given, and the UPNs no pupil has."""
    wanted = [upn.strip().upper() for upn in upns if upn.strip()]
    found = {pupil.upn: pupil.id for pupil in Pupil.select().where(Pupil.upn.in_(wanted))}
    return [found[upn] for upn in wanted if upn in found], [
        upn for upn in wanted if upn not in found
    ]


def held_pupil_ids(store: Store, policy: Policy, kind_key: str, **choices: Any) -> list[int]:
    """The pupils a batch would hold back for review (to include them all at once)."""
    return [note.pupil_id for note in plan_batch(store, policy, kind_key, **choices).held]


def sample_letter_pdf(kind_key: str, text: str) -> bytes:
    """A template's wording printed for a made-up pupil, to check it before saving.

    Raises TemplateError when the wording cannot print.
    """
    template = parse_template(kind_key, text)
    problems = _template_glyph_problems(text)
    if problems:
        raise TemplateError(kind_key, problems)
    return render_letter(_sample_data(kind_key), template)


def _sample_data(kind_key: str) -> LetterData:
    """A made-up pupil with every detail a letter can print (no real pupil's data)."""
    issued = date.today()
    spec = kind(kind_key)
    return LetterData(
        kind=kind_key,
        school=_school(),
        pupil=PupilDetails(
            id=0,
            forename="Sample",
            surname="Pupil",
            tutor_group="9XY",
            year=9,
            upn="A000000000000",
            date_of_birth=date(issued.year - 14, 9, 1),
        ),
        issued_on=issued,
        recipient=Recipient(
            name="Sample Parent",
            address="1 Example Street\nExampletown\nEX1 1AA",
            role="social worker" if kind_key == "social_worker_notice" else "parent/carer",
        ),
        figures=AttendanceFigures(
            possible=114,
            attended=103,
            authorised=5,
            unauthorised=6,
            period_start=issued - timedelta(weeks=12),
            as_of=issued - timedelta(days=3),
            reasons=(
                Reason("I", "Illness (not medical or dental appointments)", 4, True),
                Reason("M", "Medical or dental appointment", 1, True),
                Reason("N", "Reason for absence not yet provided", 6, False),
            ),
        ),
        meeting=MeetingDetails(issued + timedelta(days=7), time(15, 30), "Room B12", "")
        if spec.needs_meeting or kind_key == "meeting_record"
        else None,
        family=(FamilyMember("Sample Parent", "Parent", "07700 900000", "", "", True),),
        absences=(
            Absence(issued - timedelta(days=10), "AM", "N", "Reason not yet provided"),
            Absence(issued - timedelta(days=10), "PM", "N", "Reason not yet provided"),
        ),
        band_label="At risk of persistent absence",
        review_on=issued + timedelta(weeks=6),
    )


def kind_for_band(policy: Policy, band_key: str | None) -> str | None:
    """The letter the policy's row for a band calls for ('at_risk' → 'concern'), if any."""
    if band_key is None:
        return None
    for item in policy.all_items():
        if item.owner == band_key and item.letter in KINDS:
            return item.letter
    return None
