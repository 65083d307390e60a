"""The shared page: fonts, escaping, glyph checks, letterhead and per-section page numbers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from woodrush_desktop.documents.base import (
    DocumentError,
    build_pdf,
    escape,
    missing_glyphs,
    register_fonts,
    stylesheet,
)
from woodrush_desktop.services.settings import SchoolDetails

HARD_NAMES = ["Zoë Łukasiewicz-O'Brien", "Nguyễn Thị Ánh", "Ştefan Bălan", "Кирилл Петров"]


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_register_fonts_twice_is_harmless() -> None:
    register_fonts()
    register_fonts()

    assert stylesheet()["body"].fontName == "NotoSans"


@pytest.mark.parametrize("name", HARD_NAMES)
def test_hard_names_have_every_glyph(name: str) -> None:
    assert missing_glyphs(name) == []


def test_characters_outside_the_font_are_reported_once() -> None:
    assert missing_glyphs("Li 中中 😀") == ["中", "😀"]


def test_combining_accents_are_composed_before_checking() -> None:
    decomposed = "Nguye\u0302\u0303n"

    assert missing_glyphs(decomposed) == []
    assert escape(decomposed) == "Nguyễn"


def test_escape_makes_markup_print_literally() -> None:
    value = '<b>Tom & "Jerry"</b> O\'Neil'
    pdf = build_pdf(SchoolDetails(), [[Paragraph(escape(value), stylesheet()["body"])]])

    assert value in _pages_text(pdf)[0]


def test_escape_of_none_is_empty() -> None:
    assert escape(None) == ""


def test_each_section_numbers_its_own_pages() -> None:
    long_text = "Attendance matters. " * 400
    section = [Paragraph(long_text, stylesheet()["body"])]

    pages = _pages_text(build_pdf(SchoolDetails(), [section, section]))

    assert len(pages) == 4
    assert ["Page 1 of 2" in pages[0], "Page 2 of 2" in pages[1]] == [True, True]
    assert "Page 1 of 2" in pages[2]
    assert "Woodrush Lane" in pages[0]
    assert "Woodrush Lane" not in pages[1]
    assert "Woodrush Lane" in pages[2]


def test_letterhead_prints_school_details() -> None:
    school = SchoolDetails(
        name="Ashgrove Academy", phone="01632 960 000", email="office@ash.example"
    )

    text = _pages_text(build_pdf(school, [[Paragraph("Hello", stylesheet()["body"])]]))[0]

    assert "Ashgrove Academy" in text
    assert "01632 960 000" in text
    assert "office@ash.example" in text


def test_logo_is_drawn(tmp_path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 80), (30, 80, 120)).save(logo)
    school = SchoolDetails(logo_path=str(logo))

    pdf = build_pdf(school, [[Paragraph("Hello", stylesheet()["body"])]])

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1


def test_unreadable_logo_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")

    with pytest.raises(DocumentError, match=r"logo\.png"):
        build_pdf(SchoolDetails(logo_path=str(bad)), [[]])
