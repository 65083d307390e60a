"""Synthetic school data for the reports' tests: plain rows, and the same written to a store.

Every name here is made up. Marks are built day by day from a rule, so a test can say
"unauthorised on these days, present otherwise" in one line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from reportlab.pdfgen.canvas import Canvas

from woodrush_desktop.domain.attendance import Mark, SessionCounts
from woodrush_desktop.reports.rows import FiguresRow, PupilInfo

PRESENT = {"AM": "/", "PM": "\\"}


def pupil(pupil_id: int, year: int | None = 9, **fields) -> PupilInfo:
    fields.setdefault("surname", f"Testpupil{pupil_id:03d}")
    fields.setdefault("forename", "Alex")
    fields.setdefault("reg_group", f"{year}A" if year else None)
    return PupilInfo(id=pupil_id, year=year, **fields)


def counts(possible: int, attended: int, unauthorised: int = 0) -> SessionCounts:
    """Counts with every absence authorised unless `unauthorised` says otherwise."""
    return SessionCounts(
        possible=possible,
        present=attended,
        authorised=possible - attended - unauthorised,
        unauthorised=unauthorised,
    )


def figures(snapshot_id: int, pupil_id: int, possible: int, attended: int, **extra) -> FiguresRow:
    return FiguresRow(snapshot_id, pupil_id, counts(possible, attended), **extra)


def school_days(start: date, end: date, holidays: Iterable[tuple[date, date]] = ()) -> list[date]:
    """Weekdays from start to end, both included, less the holidays (inclusive ranges)."""
    closed = list(holidays)
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and not any(first <= day <= last for first, last in closed):
            days.append(day)
        day += timedelta(days=1)
    return days


def marks(
    days: Iterable[date], rule: Callable[[date, str], str | None] | None = None
) -> list[Mark]:
    """Two marks a day: the rule's code, or present when the rule gives None."""
    made = []
    for day in days:
        for session in ("AM", "PM"):
            code = rule(day, session) if rule else None
            made.append(Mark(day, session, code or PRESENT[session]))
    return made


def on_days(code: str, chosen: Iterable[date], sessions: tuple[str, ...] = ("AM", "PM")):
    """A rule: `code` on the chosen days' sessions, present otherwise."""
    wanted = set(chosen)
    return lambda day, session: code if day in wanted and session in sessions else None


# Written to a store -------------------------------------------------------------------


def store_pupil(pupil_id: int, year: int = 9, **fields):
    from woodrush_desktop.store.models import Pupil

    fields.setdefault("legal_surname", f"Testpupil{pupil_id:03d}")
    fields.setdefault("legal_forename", "Alex")
    fields.setdefault("reg_group", f"{year}A")
    fields.setdefault("upn", None)
    return Pupil.create(id=pupil_id, year=year, **fields)


def store_snapshot(snapshot_id: int, as_of: date, **fields):
    from woodrush_desktop.store.models import Snapshot

    fields.setdefault(
        "period_start", date(as_of.year if as_of.month >= 8 else as_of.year - 1, 9, 1)
    )
    return Snapshot.create(
        id=snapshot_id,
        file_name=f"register-{as_of:%Y%m%d}.xlsx",
        sha256=f"{snapshot_id:064d}",
        as_of=as_of,
        shape="summary",
        **fields,
    )


def store_figures(snapshot_id: int, pupil_id: int, possible: int, attended: int, **fields):
    from woodrush_desktop.store.models import PupilFigures

    unauthorised = fields.pop("unauthorised", 0)
    return PupilFigures.create(
        snapshot=snapshot_id,
        pupil=pupil_id,
        possible=possible,
        present=attended,
        approved=0,
        authorised=possible - attended - unauthorised,
        unauthorised=unauthorised,
        **fields,
    )


def store_marks(pupil_id: int, snapshot_id: int, made: Iterable[Mark]) -> None:
    from woodrush_desktop.store.models import Mark as MarkModel

    rows = [
        {
            "pupil": pupil_id,
            "on": m.on,
            "session": m.session,
            "code": m.code,
            "snapshot": snapshot_id,
        }
        for m in made
    ]
    for start in range(0, len(rows), 200):
        MarkModel.insert_many(rows[start : start + 200]).execute()


def store_letter(pupil_id: int, kind: str, issued_on: date, pdf: bytes = b"", **fields):
    from woodrush_desktop.store.models import Letter

    return Letter.create(
        pupil=pupil_id,
        recipient=fields.pop("recipient", "Parent/carer of the pupil"),
        kind=kind,
        issued_on=issued_on,
        figures=fields.pop("figures", {}),
        pdf=pdf,
        **fields,
    )


def letter_pdf(marker: str, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(pages):
        canvas.drawString(100, 700, f"{marker} page {page + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


BUILD_TERM = (date(2025, 9, 1), date(2025, 10, 10))


def build_school() -> None:
    """Two pupils, two snapshots, marks, two letters, a meeting, a plan and a tick."""
    from woodrush_desktop.store.models import ChecklistTick, EarlyHelpPlan, Meeting

    store_pupil(1, year=9, legal_surname="O'Brien & <Sons>", legal_forename="Mia", sen_status="K")
    store_pupil(2, year=12)
    store_snapshot(1, date(2025, 9, 26))
    store_snapshot(2, date(2025, 10, 10))
    store_figures(1, 1, 40, 38, reasons={"/": 19, "\\": 19, "I": 2})
    store_figures(2, 1, 60, 52, unauthorised=6, reasons={"/": 26, "\\": 26, "I": 2, "N": 6})
    store_figures(1, 2, 40, 40)
    store_figures(2, 2, 60, 59)
    term = school_days(*BUILD_TERM)
    mondays = [day for day in term if day.weekday() == 0]
    store_marks(1, 2, marks(term, on_days("N", mondays[:3])))
    store_letter(1, "concern", date(2025, 9, 29), letter_pdf("CONCERN-COPY"))
    store_letter(1, "meeting_invitation", date(2025, 10, 6), letter_pdf("INVITATION-COPY", 2))
    Meeting.create(
        pupil=1,
        kind="parent_meeting",
        scheduled_for=datetime(2025, 10, 8, 15, 30),
        place="Room 4 <main building>",
        held=True,
        notes="Mum described transport problems.",
        outcome="Bus pass applied for.",
    )
    EarlyHelpPlan.create(
        pupil=1,
        started_on=date(2025, 10, 8),
        review_on=date(2025, 11, 19),
        lead_practitioner="Ms Example",
        content={
            "worries": "Mornings are hard.",
            "plan": [{"need": "Transport", "action": "Bus pass", "who": "Office"}],
        },
    )
    ChecklistTick.create(
        pupil=1, item_key="at_risk.school.concern-letter", done_on=date(2025, 9, 29)
    )
