"""Everything the pupil panel shows about one pupil, gathered in one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from woodrush_desktop.domain.attendance import (
    PENALTY_SESSIONS,
    Figures,
    Mark,
    PenaltyWatch,
    SessionCounts,
    figures,
    is_compulsory_school_age,
    penalty_watch,
)
from woodrush_desktop.domain.codes import CodeBook, default_code_book
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.services.checklist import TickRecord, tick_history
from woodrush_desktop.store.database import Store
from woodrush_desktop.store.models import Contact, Letter, Meeting, Pupil, PupilFigures, Snapshot
from woodrush_desktop.store.models import Mark as MarkRow


class PupilNotFoundError(LookupError):
    """The pupil was removed (or never existed) since the window listed them."""


@dataclass(frozen=True, slots=True)
class SnapshotPoint:
    """The pupil's year-to-date attendance as one import described it."""

    snapshot_id: int
    as_of: date
    percentage: Fraction | None
    band: str | None


@dataclass(frozen=True, slots=True)
class ContactInfo:
    name: str
    relationship: str | None
    phone: str | None
    email: str | None
    parental_responsibility: bool | None


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One line of the pupil's history: a tick, a letter or a meeting."""

    when: datetime
    kind: str  # "tick", "untick", "letter", "meeting"
    text: str
    by: str | None = None


@dataclass(frozen=True, slots=True)
class PupilDetail:
    id: int
    upn: str | None
    admission_number: str | None
    surname: str
    forename: str
    legal_name: str
    date_of_birth: date | None
    year: int | None
    reg_group: str | None
    gender: str | None
    sen_status: str | None
    medical: bool
    social_worker: bool
    looked_after: bool
    fsm: bool
    groups: tuple[str, ...]
    on_roll: bool
    figures: Figures | None
    as_of: date | None
    penalty: PenaltyWatch | None
    rolling_unauthorised: int | None
    series: list[SnapshotPoint] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    contacts: list[ContactInfo] = field(default_factory=list)
    ticks: list[TickRecord] = field(default_factory=list)
    history: list[HistoryEvent] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def penalty_threshold(self) -> int:
        return PENALTY_SESSIONS

    @property
    def penalty_met(self) -> bool:
        return self.penalty is not None and self.penalty.met


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """The latest import, for the window's "figures to …" line; `count` is every import."""

    id: int
    file_name: str
    as_of: date
    imported_at: datetime
    pupil_count: int
    count: int


def latest_snapshot(store: Store) -> SnapshotInfo | None:
    """The import with the latest as-of date, or None before the first import."""
    latest = Snapshot.select().order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).first()
    if latest is None:
        return None
    return SnapshotInfo(
        id=latest.id,
        file_name=latest.file_name,
        as_of=latest.as_of,
        imported_at=latest.imported_at,
        pupil_count=latest.pupil_count,
        count=Snapshot.select().count(),
    )


def pupil_detail(
    store: Store, policy: Policy, pupil_id: int, code_book: CodeBook | None = None
) -> PupilDetail:
    """The pupil, their figures over every snapshot, their marks, checklist and history."""
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PupilNotFoundError(pupil_id)
    book = code_book or default_code_book()
    rows = list(
        PupilFigures.select(PupilFigures, Snapshot)
        .join(Snapshot)
        .where(PupilFigures.pupil == pupil_id)
        .order_by(Snapshot.as_of, Snapshot.id)
    )
    series = [_point(row, policy) for row in rows]
    latest = rows[-1] if rows else None
    marks = [
        Mark(on=row.on, session=row.session, code=row.code)
        for row in MarkRow.select()
        .where(MarkRow.pupil == pupil_id)
        .order_by(MarkRow.on, MarkRow.session)
    ]
    # Penalty notices, like the DfE measures, stop at compulsory school age.
    national = is_compulsory_school_age(pupil.year)
    penalty = penalty_watch(marks, book) if marks and national else None
    rolling = penalty.current if penalty else (latest.penalty_current if latest else None)
    rolling = rolling if national else None
    ticks = tick_history(store, pupil_id)
    return PupilDetail(
        id=pupil.id,
        upn=pupil.upn,
        admission_number=pupil.admission_number,
        surname=pupil.surname,
        forename=pupil.forename,
        legal_name=f"{pupil.legal_forename} {pupil.legal_surname}",
        date_of_birth=pupil.date_of_birth,
        year=pupil.year,
        reg_group=pupil.reg_group,
        gender=pupil.gender,
        sen_status=pupil.sen_status,
        medical=bool(pupil.medical),
        social_worker=bool(pupil.social_worker),
        looked_after=bool(pupil.looked_after),
        fsm=bool(pupil.fsm),
        groups=tuple(pupil.group_keys()),
        on_roll=bool(pupil.on_roll),
        figures=figures(_counts(latest), policy, pupil.year) if latest else None,
        as_of=latest.snapshot.as_of if latest else None,
        penalty=penalty,
        rolling_unauthorised=rolling,
        series=series,
        marks=marks,
        contacts=_contacts(pupil_id),
        ticks=ticks,
        history=_with_effects(_history(pupil_id, ticks, policy), store, pupil_id, book),
    )


def _counts(row: PupilFigures) -> SessionCounts:
    return SessionCounts(
        possible=row.possible,
        present=row.present,
        approved=row.approved,
        authorised=row.authorised,
        unauthorised=row.unauthorised,
        late=row.late,
    )


def _point(row: PupilFigures, policy: Policy) -> SnapshotPoint:
    result = figures(_counts(row), policy)
    return SnapshotPoint(
        snapshot_id=row.snapshot.id,
        as_of=row.snapshot.as_of,
        percentage=result.percentage,
        band=result.band_key,
    )


def _contacts(pupil_id: int) -> list[ContactInfo]:
    query = Contact.select().where(Contact.pupil == pupil_id).order_by(Contact.priority, Contact.id)
    return [
        ContactInfo(
            name=contact.name,
            relationship=contact.relationship,
            phone=contact.phone,
            email=contact.email,
            parental_responsibility=contact.parental_responsibility,
        )
        for contact in query
    ]


def _item_text(policy: Policy, key: str) -> str:
    try:
        return policy.item(key).text
    except KeyError:
        return f"an item no longer in the policy ({key})"


def _history(pupil_id: int, ticks: list[TickRecord], policy: Policy) -> list[HistoryEvent]:
    events = []
    for tick in ticks:
        text = _item_text(policy, tick.item_key)
        note = f" — {tick.note}" if tick.note else ""
        events.append(
            HistoryEvent(
                when=tick.created_at,
                kind="tick",
                text=f"Done on {tick.done_on:%d/%m/%Y}: {text}{note}",
                by=tick.done_by,
            )
        )
        if tick.withdrawn_at is not None:
            events.append(
                HistoryEvent(when=tick.withdrawn_at, kind="untick", text=f"Unticked: {text}")
            )
    letters = Letter.select(
        Letter.kind, Letter.issued_on, Letter.created_at, Letter.created_by, Letter.recipient
    ).where(Letter.pupil == pupil_id)
    for letter in letters:
        events.append(
            HistoryEvent(
                when=letter.created_at,
                kind="letter",
                text=f"Letter ({letter.kind.replace('_', ' ')}) dated "
                f"{letter.issued_on:%d/%m/%Y} to {letter.recipient}",
                by=letter.created_by,
            )
        )
    for meeting in Meeting.select().where(Meeting.pupil == pupil_id):
        when = meeting.scheduled_for or meeting.created_at
        held = "held" if meeting.held else "arranged"
        place = f" at {meeting.place}" if meeting.place else ""
        events.append(
            HistoryEvent(
                when=when,
                kind="meeting",
                text=f"Meeting ({meeting.kind.replace('_', ' ')}) {held} for "
                f"{when:%d/%m/%Y %H:%M}{place}",
            )
        )
    return sorted(events, key=lambda event: event.when, reverse=True)


def _with_effects(
    events: list[HistoryEvent], store: Store, pupil_id: int, book: CodeBook
) -> list[HistoryEvent]:
    """The history with "did it work?" for each letter, meeting and plan (services.reports)."""
    from woodrush_desktop.services.reports import effect_notes

    added = [
        HistoryEvent(when=when, kind="Did it work?", text=text)
        for when, text in effect_notes(store, pupil_id, book)
    ]
    return sorted([*events, *added], key=lambda event: event.when, reverse=True)
