"""What every printed document shares: the bundled font, the styles, the A4 page and letterhead.

Documents are built from plain data, so nothing here touches the database. Every value that
enters Paragraph markup goes through `escape` first, and a batch is checked with
`missing_glyphs` before it is printed, so a name the font cannot draw is reported instead of
printing as empty boxes.

A PDF may hold several sections (one letter each, in a batch). Each section starts on the
`first` page template, which carries the letterhead, and numbers its own pages ("Page 1 of 2"),
so letters from one batch can be separated and posted.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from woodrush_desktop.paths import resource

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"
_FONT_FILES = {
    FONT: "NotoSans-Regular.ttf",
    FONT_BOLD: "NotoSans-Bold.ttf",
    FONT_ITALIC: "NotoSans-Italic.ttf",
    FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
LETTERHEAD_HEIGHT = 27 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#9DB3C8")
SHADE = colors.HexColor("#EEF3F8")
MUTED = colors.HexColor("#555555")
INK = colors.HexColor("#1A1A1A")

FIRST_TEMPLATE = "first"
LATER_TEMPLATE = "later"


class DocumentError(Exception):
    """A document cannot be built as asked (an unreadable logo, a glyph the font lacks)."""


def register_fonts() -> None:
    """Register the bundled Noto Sans faces once; later calls do nothing."""
    _register_fonts()


@cache
def _register_fonts() -> None:
    for name, file_name in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file_name))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


def escape(text: object) -> str:
    """A value made safe for Paragraph markup: `&`, `<`, `>` and quotes print literally.

    Text is NFC-normalised too, so a name typed with combining accents uses the font's
    precomposed letters (ReportLab does not position combining marks).
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def escape_lines(text: object) -> str:
    """Like `escape`, keeping the value's line breaks (an address block)."""
    lines = [line.strip() for line in str(text or "").splitlines()]
    return "<br/>".join(escape(line) for line in lines if line)


def missing_glyphs(text: str, font_name: str = FONT) -> list[str]:
    """The characters of `text` that the bundled font cannot draw, each once, in order."""
    register_fonts()
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    missing: list[str] = []
    for character in unicodedata.normalize("NFC", text):
        if character.isspace() or ord(character) < 32:
            continue
        if ord(character) not in cmap and character not in missing:
            missing.append(character)
    return missing


def describe_characters(characters: Iterable[str]) -> str:
    """Characters named for a message: 'U+4E2D 中, U+1F600 😀'."""
    return ", ".join(f"U+{ord(character):04X} {character}" for character in characters)


@cache
def stylesheet() -> StyleSheet1:
    """The paragraph styles every document uses, all in the bundled font.

    Shared and cached: derive a new style (`ParagraphStyle("x", parent=...)`) rather than
    changing one of these.
    """
    register_fonts()
    sheet = StyleSheet1()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=10.5,
        leading=14,
        textColor=INK,
        spaceAfter=7,
        allowWidows=0,
        allowOrphans=0,
    )
    sheet.add(body)
    sheet.add(ParagraphStyle("body_tight", parent=body, spaceAfter=0))
    sheet.add(ParagraphStyle("address", parent=body, spaceAfter=0, leading=13.5))
    sheet.add(ParagraphStyle("date", parent=body, alignment=TA_RIGHT, spaceAfter=0))
    sheet.add(ParagraphStyle("subject", parent=body, fontName=FONT_BOLD, spaceAfter=9))
    sheet.add(ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3))
    sheet.add(
        ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        )
    )
    sheet.add(ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=3))
    sheet.add(ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED))
    sheet.add(ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0))
    sheet.add(ParagraphStyle("cell_bold", parent=sheet["cell"], fontName=FONT_BOLD))
    sheet.add(
        ParagraphStyle(
            "cell_head", parent=sheet["cell"], fontName=FONT_BOLD, textColor=colors.white
        )
    )
    sheet.add(
        ParagraphStyle("label", parent=body, fontSize=8, leading=10, textColor=MUTED, spaceAfter=0)
    )
    return sheet


def load_logo(path: str | Path) -> ImageReader:
    """The school's logo, read once; DocumentError says which file could not be used."""
    try:
        return _load_logo(str(Path(path).expanduser()))
    except (OSError, ValueError) as error:
        raise DocumentError(
            f"the logo {Path(path).name} cannot be read ({error}). Choose another image in "
            "Settings, or clear the logo."
        ) from error


@cache
def _load_logo(path: str) -> ImageReader:
    data = Path(path).read_bytes()
    reader = ImageReader(io.BytesIO(data))
    reader.getSize()  # fails now, for a file that is not an image
    return reader


class SectionCanvas(Canvas):
    """A canvas that numbers pages within each section once the whole PDF is laid out.

    Pages are kept until `save()`, when each section's page count is known, so the footer
    can say "Page 1 of 2" for one letter in a batch of five hundred.
    """

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._section = 0
        self.section_sizes: list[int] = []

    def start_section(self) -> None:
        self._section += 1

    def showPage(self) -> None:
        self._pages.append({**self.__dict__, "_woodrush_section": self._section})
        self._startPage()

    def save(self) -> None:
        sizes: dict[int, int] = {}
        for page in self._pages:
            sizes[page["_woodrush_section"]] = sizes.get(page["_woodrush_section"], 0) + 1
        number_in_section = 0
        previous = None
        for page in self._pages:
            section = page["_woodrush_section"]
            number_in_section = number_in_section + 1 if section == previous else 1
            previous = section
            self.__dict__.update(page)
            self._draw_footer(number_in_section, sizes[section])
            super().showPage()
        self.section_sizes = [sizes[section] for section in sorted(sizes)]  # after the restores
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        y = MARGIN_BOTTOM - 8 * mm
        self.line(MARGIN_LEFT, y + 3.6 * mm, PAGE_WIDTH - MARGIN_RIGHT, y + 3.6 * mm)
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        if self.footer_left:
            self.drawString(MARGIN_LEFT, y, self.footer_left)
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, f"Page {number} of {total}")
        self.restoreState()


def letterhead_lines(school: Any) -> list[str]:
    """The address on one line, then the telephone and email: under the school's name."""
    address = ", ".join(
        line.strip() for line in str(school.address or "").splitlines() if line.strip()
    )
    contact = []
    if school.phone:
        contact.append(f"Telephone {school.phone}")
    if school.email:
        contact.append(str(school.email))
    return [line for line in (address, "  ·  ".join(contact)) if line]


def draw_letterhead(canvas: Canvas, school: Any, logo: ImageReader | None) -> None:
    """The school's name, address, telephone, email and logo across the top of a first page."""
    top = PAGE_HEIGHT - MARGIN_TOP
    left = MARGIN_LEFT
    right = PAGE_WIDTH - MARGIN_RIGHT
    canvas.saveState()
    text_left = left
    if logo is not None:
        width, height = logo.getSize()
        box_w, box_h = 30 * mm, 18 * mm
        scale = min(box_w / width, box_h / height)
        drawn_w, drawn_h = width * scale, height * scale
        canvas.drawImage(logo, left, top - drawn_h, drawn_w, drawn_h, mask="auto")
        text_left = left + drawn_w + 5 * mm
    canvas.setFillColor(ACCENT)
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawString(text_left, top - 14, _clean(school.name))
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(MUTED)
    y = top - 28
    for line in letterhead_lines(school):
        canvas.drawString(text_left, y, _clean(line))
        y -= 11
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    rule_y = PAGE_HEIGHT - MARGIN_TOP - LETTERHEAD_HEIGHT + 5 * mm
    canvas.line(left, rule_y, right, rule_y)
    canvas.restoreState()


def _clean(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or ""))


class SchoolDocTemplate(BaseDocTemplate):
    """An A4 document: the letterhead on each section's first page, numbered footers."""

    def __init__(self, output: Any, school: Any, *, title: str = "", **kwargs: Any) -> None:
        register_fonts()
        super().__init__(
            output,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=_clean(school.name),
            creator="Woodrush Attendance",
            **kwargs,
        )
        self.school = school
        self.logo = load_logo(school.logo_path) if getattr(school, "logo_path", "") else None
        first = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - LETTERHEAD_HEIGHT,
            id="first",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        later = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="later",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    FIRST_TEMPLATE,
                    [first],
                    onPage=self._on_first_page,
                    autoNextPageTemplate=LATER_TEMPLATE,
                ),
                PageTemplate(LATER_TEMPLATE, [later]),
            ]
        )

    def _on_first_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if isinstance(canvas, SectionCanvas):
            canvas.start_section()
        draw_letterhead(canvas, self.school, self.logo)

    def build_sections(self, sections: Iterable[Sequence[Flowable]]) -> list[int]:
        """Lay out each section from a fresh first page, numbering its pages on their own.

        Returns how many pages each section took, in order.
        """
        story: list[Flowable] = []
        for index, section in enumerate(sections):
            if index:
                story += [NextPageTemplate(FIRST_TEMPLATE), PageBreak()]
            story += list(section)
        footer = _clean(self.school.name)

        made: list[SectionCanvas] = []

        def make_canvas(*args: Any, **kwargs: Any) -> SectionCanvas:
            canvas = SectionCanvas(*args, **kwargs)
            canvas.footer_left = footer
            made.append(canvas)
            return canvas

        self.build(story, canvasmaker=make_canvas)
        return made[-1].section_sizes


def page_template(school: Any, output: Any, *, title: str = "") -> SchoolDocTemplate:
    """An A4 document with the school's letterhead, writing to `output` (a path or a file)."""
    return SchoolDocTemplate(output, school, title=title)


def build_pdf(school: Any, sections: Iterable[Sequence[Flowable]], *, title: str = "") -> bytes:
    """The PDF bytes of one or more sections, each starting on a letterheaded page."""
    return build_pdf_with_pages(school, sections, title=title)[0]


def build_pdf_with_pages(
    school: Any, sections: Iterable[Sequence[Flowable]], *, title: str = ""
) -> tuple[bytes, list[int]]:
    """The PDF bytes and how many pages each section took (to split a batch per letter)."""
    buffer = io.BytesIO()
    sizes = page_template(school, buffer, title=title).build_sections(sections)
    return buffer.getvalue(), sizes
