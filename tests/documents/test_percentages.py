"""Every percentage a letter, form or pack prints follows the one display rule: rounded down."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from pypdf import PdfReader

from woodrush_desktop.documents.letters import render_letter
from woodrush_desktop.documents.model import AttendanceFigures
from woodrush_desktop.documents.packs import CohortLine, TrendPoint, TrusteesPack, trustees_pack_pdf
from woodrush_desktop.documents.templates import default_template, parse_template
from woodrush_desktop.services.settings import SchoolDetails

NEARLY_NINETY = AttendanceFigures(
    possible=249,
    attended=224,
    authorised=10,
    unauthorised=15,
    period_start=date(2026, 9, 3),
    as_of=date(2026, 11, 27),
)
"""224 of 249 sessions: 89.96%, persistently absent; rounding half up would print 90.0%."""


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_the_figures_round_down() -> None:
    assert NEARLY_NINETY.percentage_text() == "89.9%"
    assert NEARLY_NINETY.to_json()["attendance"] == "89.9%"


@pytest.mark.parametrize("kind", ["concern", "meeting_invitation", "early_help_plan"])
def test_a_letter_never_prints_the_next_bands_percentage(letter_for, kind: str) -> None:
    data = replace(letter_for(kind), figures=NEARLY_NINETY)

    text = _text(render_letter(data, parse_template(kind, default_template(kind))))

    assert "89.9%" in text
    assert "90.0%" not in text


def test_the_trustees_pack_rounds_down() -> None:
    nearly = float(Fraction(22400, 249))
    pack = TrusteesPack(
        school=SchoolDetails(),
        prepared_on=date(2026, 12, 3),
        as_of=date(2026, 11, 27),
        school_year="2026 to 2027",
        attendance=nearly,
        pupils=249,
        bands=(),
        trend=(TrendPoint(date(2026, 11, 27), nearly, pupils=249),),
        cohorts=(CohortLine("Year group", "Year 9", 249, nearly, 12, last_year=90.0),),
        actions=(),
    )

    text = _text(trustees_pack_pdf(pack))

    assert "89.9%" in text
    assert "90.0%" in text  # last year's exact 90% stays 90.0%
    assert text.count("90.0%") == 1
