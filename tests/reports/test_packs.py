"""The trustees' pack and the evidence pack: what they print, checked by extracted text."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from reports_factory import build_school, store_letter

from woodrush_desktop.services import reports


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def school(store):
    build_school()
    return store


def test_the_evidence_pack_contains_each_letter_logged(school, policy, code_book):
    pdf = reports.evidence_pack(school, policy, 1, code_book, prepared_on=date(2025, 10, 13))

    reader = PdfReader(io.BytesIO(pdf))
    text = text_of(pdf)
    assert "CONCERN-COPY page 1" in text
    assert "INVITATION-COPY page 1" in text and "INVITATION-COPY page 2" in text
    front = len(reader.pages) - 3
    assert front >= 1
    assert reader.pages[front].extract_text().strip() == "CONCERN-COPY page 1"


def test_the_evidence_record_prints_certificate_meetings_plan_and_chronology(
    school, policy, code_book
):
    pdf = reports.evidence_pack(school, policy, 1, code_book, prepared_on=date(2025, 10, 13))

    text = " ".join(text_of(pdf).split())
    assert "Mia O'Brien & <Sons>" in text
    assert "01/09/2025 to 10/10/2025" in text
    assert "86.6%" in text  # 86.67%, shown rounded down
    assert "Illness" in text and "6" in text
    assert "Room 4 <main building>" in text
    assert "Bus pass applied for." in text
    assert "Mornings are hard." in text
    assert "Transport" in text
    assert "Concern sent to" in text
    assert "Early Help Plan review due" in text
    # Page numbers of the copies, after the record.
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"{pages - 2}" in text


def test_an_unreadable_letter_copy_is_named_not_hidden(school, policy, code_book):
    store_letter(1, "concern", date(2025, 10, 9), b"not a pdf")

    pdf = reports.evidence_pack(school, policy, 1, code_book)

    assert "09/10/2025 could not be read" in " ".join(text_of(pdf).split())


def test_characters_the_font_cannot_draw_are_named_in_the_pack(school, policy, code_book):
    from woodrush_desktop.store.models import Pupil

    Pupil.update(preferred_forename="美玲").where(Pupil.id == 1).execute()

    pdf = reports.evidence_pack(school, policy, 1, code_book)

    text = " ".join(text_of(pdf).split())
    assert "U+7F8E, U+73B2" in text


def test_each_action_is_described_for_the_pupils_history(school, code_book):
    notes = reports.effect_notes(school, 1, code_book)

    texts = [text for _when, text in notes]
    assert (
        "Letter (concern) of 29/09/2025: 85.0% in the 4 school weeks before, 100.0% in the 2 "
        "after (+15.0 points) — too early to tell"
    ) in texts
    assert any(text.startswith("Early Help Plan of 08/10/2025:") for text in texts)


def test_an_unknown_pupil_is_refused(school, policy):
    with pytest.raises(reports.PackError):
        reports.evidence_pack(school, policy, 99)


def test_the_trustees_pack_prints_bands_trend_cohorts_and_actions(school, policy, code_book):
    data = reports.trustees_pack_data(school, policy, code_book, prepared_on=date(2025, 10, 13))

    assert data.school_year == "2025/26"
    assert {share.key: share.pupils for share in data.bands}["persistent"] == 1
    assert [point.as_of for point in data.trend] == [date(2025, 9, 26), date(2025, 10, 10)]
    assert [line.label for line in data.actions] == [
        "Letter: concern",
        "Letter: meeting invitation",
        "Meeting held: parent meeting",
        "Plan: early help plan",
    ]

    text = " ".join(text_of(reports.trustees_pack(school, policy, code_book)).split())
    assert "Pupils in each band" in text
    assert "Overall attendance at each import" in text
    assert "SEN support" in text
    assert "Letter: concern" in text
    assert "Penalty-notice threshold" in text
    assert "Policy actions ticked done 1 for 1 pupils" in text


def test_the_pupils_history_says_whether_each_action_worked(school, policy, code_book):
    from woodrush_desktop.services.pupil_detail import pupil_detail

    detail = pupil_detail(school, policy, 1, code_book)

    kinds = [event.kind for event in detail.history]
    assert kinds.count("Did it work?") == 4  # two letters, the meeting held and the plan
    effect = next(e for e in detail.history if e.text.startswith("Letter (concern) of"))
    assert effect.text.endswith("— too early to tell")
