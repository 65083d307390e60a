"""Each letter and form, built from plain data and read back from the PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from woodrush_desktop.documents.base import missing_glyphs
from woodrush_desktop.documents.letters import (
    letter_text,
    missing_values,
    render_letter,
    render_letters,
)
from woodrush_desktop.documents.model import Recipient
from woodrush_desktop.documents.templates import (
    KINDS,
    TemplateError,
    check_template,
    default_template,
    parse_template,
)

EXPECTED_PAGES = {
    "concern": 1,
    "meeting_invitation": 2,
    "senior_meeting_invitation": 2,
    "early_help_plan": 4,
    "meeting_record": 2,
    "social_worker_notice": 1,
}
HARD_NAMES = [
    ("Zoë", "Łukasiewicz-O'Brien"),
    ("Ánh", "Nguyễn Thị"),
    ("Ştefan", "Bălan"),
    ("Кирилл", "Петров"),
]


def _template(kind: str):
    return parse_template(kind, default_template(kind))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    """Extracted text with line breaks and repeated spaces folded, for phrase checks."""
    return re.sub(r"\s+", " ", text)


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_every_kind_has_a_template_that_parses() -> None:
    assert set(EXPECTED_PAGES) == set(KINDS)
    for kind in KINDS:
        assert check_template(kind, default_template(kind)) == []


@pytest.mark.parametrize(("kind", "pages"), EXPECTED_PAGES.items())
def test_every_template_renders_to_the_expected_pages(letter_for, kind: str, pages: int) -> None:
    pdf = render_letter(letter_for(kind), _template(kind))

    assert _pages(pdf) == pages


@pytest.mark.parametrize("kind", ["concern", "meeting_invitation", "senior_meeting_invitation"])
def test_letters_print_names_figures_and_dates(letter_for, kind: str) -> None:
    text = _flat(_text(render_letter(letter_for(kind), _template(kind))))

    assert "Dear Mrs Kateryna Łukasiewicz," in text
    assert "14 Alder Close" in text
    assert "Zoë Łukasiewicz-O'Brien" in text
    assert "9RB" in text
    assert "89.1%" in text  # 107 of 120 is 89.17%: rounded down
    assert "03/09/2026" in text and "27/11/2026" in text
    assert "03/12/2026" in text  # the date of the letter
    assert "13 sessions" in text
    assert "Mrs P. Lead" in text  # the named contact


@pytest.mark.parametrize("kind", ["meeting_invitation", "senior_meeting_invitation"])
def test_meeting_letters_give_date_time_and_place(letter_for, kind: str) -> None:
    text = _flat(_text(render_letter(letter_for(kind), _template(kind))))

    assert "Thursday 10/12/2026" in text
    assert "15:30" in text
    assert "Room B12, main building" in text
    assert "Reply slip" in text


def test_legal_wording_only_where_the_policy_calls_for_a_warning(letter_for) -> None:
    def text(kind: str) -> str:
        return _flat(_text(render_letter(letter_for(kind), _template(kind))))

    assert "section 444" in text("senior_meeting_invitation")
    assert "prosecute" in text("senior_meeting_invitation")
    assert "legal intervention" in text("meeting_invitation")
    assert "section 444" not in text("meeting_invitation")
    concern = text("concern")
    assert "section" not in concern and "legal" not in concern and "prosecut" not in concern


def test_without_a_named_parent_the_letter_goes_to_the_parent_carer(letter_for) -> None:
    data = letter_for("concern", recipient=Recipient())

    text = _flat(_text(render_letter(data, _template("concern"))))

    assert "The parent/carer of Zoë Łukasiewicz-O'Brien" in text
    assert "Dear Parent/Carer," in text


def test_early_help_plan_is_prefilled(letter_for) -> None:
    text = _flat(_text(render_letter(letter_for("early_help_plan"), _template("early_help_plan"))))

    for expected in (
        "Early Help Plan",
        "Zoë Łukasiewicz-O'Brien",
        "14/05/2012",
        "A123456789012",
        "Year 9 9RB",
        "SEN support",
        "Mr Seán O'Brien",
        "07700 900123",
        "Illness (not medical or dental appointments)",
        "Total sessions missed",
        "Need Action Who By when Outcome",
        "04/02/2027",  # the review date
        "Consent to share information",
        "Lead practitioner",
    ):
        assert expected in text, expected


def test_meeting_record_prints_the_meeting(letter_for) -> None:
    text = _flat(_text(render_letter(letter_for("meeting_record"), _template("meeting_record"))))

    assert "Attendance meeting record" in text
    assert "Thursday 10/12/2026" in text
    assert "Agreed actions" in text


def test_social_worker_notice_lists_unexplained_sessions(letter_for) -> None:
    text = _flat(
        _text(render_letter(letter_for("social_worker_notice"), _template("social_worker_notice")))
    )

    assert "3 sessions of absence for which no reason has yet been given" in text
    assert "Tuesday 17/11/2026 Morning N: Reason not yet provided" in text
    assert "Tuesday 24/11/2026" in text


@pytest.mark.parametrize(("forename", "surname"), HARD_NAMES)
def test_hard_names_print_with_every_glyph(letter_for, forename: str, surname: str) -> None:
    data = letter_for("concern", forename=forename, surname=surname)
    template = _template("concern")

    assert missing_glyphs(letter_text(data, template)) == []
    assert f"{forename} {surname}" in _flat(_text(render_letter(data, template)))


def test_markup_characters_in_names_print_literally(letter_for) -> None:
    data = letter_for(
        "early_help_plan",
        forename='<b>Tom</b> & "Jerry"',
        surname="O'Neil <br/>",
        recipient=Recipient(name="A & B <i>Smith</i>", address="1 <Road> & Co"),
    )
    text = _flat(_text(render_letter(data, _template("early_help_plan"))))

    assert '<b>Tom</b> & "Jerry" O\'Neil <br/>' in text

    letter = letter_for("concern", recipient=Recipient(name="A & B <i>Smith</i>", address="1 <Rd>"))
    text = _flat(_text(render_letter(letter, _template("concern"))))
    assert "Dear A & B <i>Smith</i>," in text
    assert "1 <Rd>" in text


def test_a_values_asterisks_do_not_make_bold(letter_for) -> None:
    data = letter_for("concern", forename="**Star**")

    text = _text(render_letter(data, _template("concern")))

    assert "**Star**" in text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Subject: Hello {pupil_nmae}\n\nDear {salutation},", "unknown placeholder {pupil_nmae}"),
        ("Subject: Hi\n\n{meeting_date}", "unknown placeholder {meeting_date}"),
        ("Subject: Hi\n\n{pupil_name.__class__}", "unknown placeholder"),
        ("Subject: Hi\n\n{attendance:>10}", "unknown placeholder {attendance:>10}"),
        ("Subject: Hi\n\n{pupil_name", "line 3"),
        ("Subject: Hi\n\n[reply_slip]", "unknown block [reply_slip]"),
        ("Dear {salutation},", "start with 'Subject: …'"),
    ],
)
def test_unknown_placeholders_and_blocks_are_refused(text: str, problem: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template("concern", text)

    assert any(problem in message for message in caught.value.problems), caught.value.problems


def test_a_meeting_letter_must_print_the_meeting() -> None:
    problems = check_template("meeting_invitation", "Subject: Meeting\n\nPlease come.")

    assert problems and "meeting" in problems[0]


def test_braces_can_be_printed_and_notes_never_print(letter_for) -> None:
    template = parse_template(
        "concern",
        "Subject: Hi\n// a note for the editor\n\nBraces {{like this}} for {pupil_forename}.",
    )

    text = _flat(_text(render_letter(letter_for("concern"), template)))

    assert "Braces {like this} for Zoë." in text
    assert "a note for the editor" not in text


def test_a_letter_without_figures_is_reported_before_printing(letter_for) -> None:
    data = letter_for("concern", figures=None)

    assert "attendance" in missing_values(data, _template("concern"))


def test_a_batch_numbers_each_letters_pages(letter_for) -> None:
    letters = [letter_for("meeting_invitation", forename=f"Pupil{index}") for index in range(3)]
    templates = {"meeting_invitation": _template("meeting_invitation")}

    reader = PdfReader(io.BytesIO(render_letters(letters, templates)))

    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 6
    assert ["Page 1 of 2" in texts[0], "Page 2 of 2" in texts[1], "Page 1 of 2" in texts[4]] == [
        True,
        True,
        True,
    ]
    assert "Pupil2" in texts[4]
