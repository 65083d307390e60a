"""An export that gives only possible and attended sessions says nothing about which absences
were authorised: letters and forms then print the sessions missed and no made-up split."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from woodrush_desktop.documents.letters import render_letter
from woodrush_desktop.documents.model import AttendanceFigures
from woodrush_desktop.documents.templates import default_template, parse_template
from woodrush_desktop.services.letters import issue_letters, letter_pdf, letters_for_pupil

UNSPLIT = AttendanceFigures(
    possible=100,
    attended=85,
    authorised=0,
    unauthorised=0,
    period_start=date(2026, 9, 1),
    as_of=date(2026, 11, 20),
    absence_split=False,
)
KINDS = ["concern", "meeting_invitation", "senior_meeting_invitation", "early_help_plan"]


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_the_figures_say_the_split_is_unknown() -> None:
    figures = UNSPLIT.to_json()

    assert figures["missed"] == 15
    assert figures["authorised"] is None and figures["unauthorised"] is None
    assert UNSPLIT.missed_summary() == "15 sessions missed"


def test_a_split_export_still_gives_the_split() -> None:
    split = replace(UNSPLIT, authorised=5, unauthorised=10, absence_split=True)

    assert split.missed_summary() == "15 sessions missed: 5 authorised, 10 unauthorised"


@pytest.mark.parametrize("kind", [*KINDS, "meeting_record"])
def test_no_document_prints_a_split_the_export_did_not_give(letter_for, kind: str) -> None:
    data = replace(letter_for(kind), figures=UNSPLIT)

    text = _text(render_letter(data, parse_template(kind, default_template(kind))))

    assert "15 sessions" in text
    assert "0 authorised" not in text and "0 unauthorised" not in text


def test_the_letter_log_records_the_split_as_unknown(store, policy, roll) -> None:
    pupil = roll.pupil("Jack", "Smith", attended=91, parents=("Mr Smith",), absence_split=False)

    batch = issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    [record] = letters_for_pupil(store, pupil)
    assert record.figures["authorised"] is None and record.figures["unauthorised"] is None
    assert record.figures["missed"] == 9
    text = _text(letter_pdf(store, record.id))
    assert "9 sessions" in text and "authorised" not in text
    assert batch.letters
