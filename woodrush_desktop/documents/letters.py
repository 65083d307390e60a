"""Letters and forms laid out with ReportLab platypus from a template and plain data.

`render_letters` makes one PDF of many letters (a batch), each starting on a letterheaded
page and numbering its own pages; `render_letter` makes one. Every value is escaped on its way
into markup (`templates.markup`), and `letter_text` gives all the text a letter prints so the
caller can check it against the font before printing.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from woodrush_desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    RULE,
    SHADE,
    build_pdf_with_pages,
    escape,
    escape_lines,
    stylesheet,
)
from woodrush_desktop.documents.model import LetterData
from woodrush_desktop.documents.templates import (
    Block,
    Parts,
    Template,
    Text,
    fill,
    kind,
    markup,
)
from woodrush_desktop.progress import raise_if_cancelled

WRITE_LINE = colors.HexColor("#B8C4D0")
SEN_NAMES = {"K": "SEN support", "E": "EHC plan"}
SESSION_NAMES = {"AM": "Morning", "PM": "Afternoon"}


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Plain text where it fits on one line (much faster to lay out), else a paragraph.

    A table showing plain text must set the cell's font with `_fonts`.
    """
    text = unicodedata.normalize("NFC", text)
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return Paragraph(escape(text), style)


def _fonts(cells: tuple[tuple[int, int], tuple[int, int]], style: ParagraphStyle) -> list:
    """Table style commands giving plain-text cells a paragraph style's font and colour."""
    start, end = cells
    return [
        ("FONTNAME", start, end, style.fontName),
        ("FONTSIZE", start, end, style.fontSize),
        ("LEADING", start, end, style.leading),
        ("TEXTCOLOR", start, end, style.textColor),
    ]


def day_month_year(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def values_for(data: LetterData) -> dict[str, str]:
    """Every placeholder's value for one letter, as plain text."""
    school, pupil, figures = data.school, data.pupil, data.figures
    values = {
        "school_name": school.name,
        "school_phone": school.phone,
        "school_email": school.email,
        "headteacher": school.headteacher,
        "signatory": school.signatory,
        "signatory_role": school.signatory_role,
        "senior_leader": school.senior_leader,
        "attendance_lead": school.attendance_lead,
        "lead_practitioner": school.attendance_lead,
        "pupil_name": pupil.name,
        "pupil_forename": pupil.forename,
        "pupil_surname": pupil.surname,
        "tutor_group": pupil.tutor_group or "",
        "year_group": f"Year {pupil.year}" if pupil.year else "",
        "date": day_month_year(data.issued_on),
        "band": data.band_label,
        "recipient_name": data.recipient.addressee(pupil),
        "salutation": data.recipient.salutation(),
        "review_date": day_month_year(data.review_on),
        "unexplained_count": str(len(data.absences)),
    }
    if figures is not None:
        values |= {
            "attendance": figures.percentage_text(),
            "period_start": day_month_year(figures.period_start),
            "as_of": day_month_year(figures.as_of),
            "sessions_possible": str(figures.possible),
            "sessions_attended": str(figures.attended),
            "sessions_missed": str(figures.missed),
            "missed_summary": figures.missed_summary(),
            # Unknown when the export gave no split: a letter using these is refused, a form
            # leaves a line to write on, and neither prints a made-up 0.
            "authorised_absences": str(figures.authorised) if figures.absence_split else "",
            "unauthorised_absences": str(figures.unauthorised) if figures.absence_split else "",
        }
    else:
        values |= dict.fromkeys(
            (
                "attendance",
                "period_start",
                "as_of",
                "sessions_possible",
                "sessions_attended",
                "sessions_missed",
                "missed_summary",
                "authorised_absences",
                "unauthorised_absences",
            ),
            "",
        )
    meeting = data.meeting
    values |= {
        "meeting_date": f"{meeting.on:%A} {day_month_year(meeting.on)}" if meeting else "",
        "meeting_time": meeting.at.strftime("%H:%M") if meeting else "",
        "meeting_place": meeting.place if meeting else "",
        "meeting_with": meeting.with_whom if meeting else "",
    }
    return values


def missing_values(data: LetterData, template: Template) -> list[str]:
    """Placeholders the template uses that this letter has no value for (a letter prints none
    blank; a form leaves a line to write on instead)."""
    if kind(data.kind).form:
        return []
    values = values_for(data)
    return sorted(name for name in template.placeholders() if not values.get(name, "").strip())


def letter_text(data: LetterData, template: Template) -> str:
    """All the variable text one letter prints, for checking against the font."""
    values = values_for(data)
    pieces = [*values.values(), data.recipient.address, data.recipient.name]
    pieces += [
        f"{member.name} {member.relationship} {member.phone} {member.email} {member.address}"
        for member in data.family
    ]
    pieces += [reason.meaning for reason in data.figures.reasons] if data.figures else []
    pieces.append(_template_literal_text(template))
    return "\n".join(pieces)


def _template_literal_text(template: Template) -> str:
    rows: list[Parts] = [template.heading]
    for item in template.body:
        rows.extend((*item.args, *item.values) if isinstance(item, Block) else (item.parts,))
    return "\n".join(literal for parts in rows for literal, _name in parts)


def render_letter(data: LetterData, template: Template) -> bytes:
    return render_letters([data], {data.kind: template})


def render_letters(letters: Iterable[LetterData], templates: Mapping[str, Template]) -> bytes:
    """One PDF holding every letter, each on its own letterheaded pages."""
    return render_batch(letters, templates).pdf


@dataclass(frozen=True)
class RenderedBatch:
    """A batch's PDF and how many pages each letter in it took."""

    pdf: bytes
    page_counts: tuple[int, ...]

    def split(self) -> list[bytes]:
        """Each letter as a PDF of its own: exactly the pages printed, for the letter log."""
        reader = PdfReader(io.BytesIO(self.pdf))
        letters = []
        start = 0
        for count in self.page_counts:
            writer = PdfWriter()
            for index in range(start, start + count):
                writer.add_page(reader.pages[index])
            writer.add_metadata(_metadata(reader))
            buffer = io.BytesIO()
            writer.write(buffer)
            letters.append(buffer.getvalue())
            start += count
        return letters


def _metadata(reader: PdfReader) -> dict[str, str]:
    info = reader.metadata or {}
    return {key: str(info[key]) for key in ("/Title", "/Author", "/Creator") if key in info}


def render_batch(
    letters: Iterable[LetterData],
    templates: Mapping[str, Template],
    *,
    cancelled: Callable[[], bool] | None = None,
) -> RenderedBatch:
    """Lay out every letter in one PDF; `cancelled` is asked between letters."""
    letters = list(letters)
    if not letters:
        raise ValueError("a batch needs at least one letter")
    sections = []
    for data in letters:
        raise_if_cancelled(cancelled)
        sections.append(letter_flowables(data, templates[data.kind]))
    title = kind(letters[0].kind).label if len(letters) > 1 else _title(letters[0], templates)
    pdf, pages = build_pdf_with_pages(letters[0].school, sections, title=title)
    return RenderedBatch(pdf=pdf, page_counts=tuple(pages))


def _title(data: LetterData, templates: Mapping[str, Template]) -> str:
    return f"{fill(templates[data.kind].heading, values_for(data))} – {data.pupil.name}"


def letter_flowables(data: LetterData, template: Template) -> list[Flowable]:
    """One letter or form as flowables, starting at the top of a letterheaded page."""
    styles = stylesheet()
    values = values_for(data)
    spec = kind(data.kind)
    story: list[Flowable] = []
    if spec.addressed:
        story += _address_and_reference(data)
        story.append(Paragraph(markup(template.heading, values), styles["subject"]))
    else:
        story.append(Paragraph(markup(template.heading, values), styles["title"]))
        story.append(
            Paragraph(
                f"{escape(data.pupil.name)} · Prepared {day_month_year(data.issued_on)} · "
                "Confidential once completed",
                styles["muted"],
            )
        )
        story.append(Spacer(1, 3 * mm))
    pieces = [
        (
            item,
            _block(item, data, values)
            if isinstance(item, Block)
            else _text(item, values, blank_lines=spec.form),
        )
        for item in template.body
    ]
    story += _sections(pieces) if spec.form else _letter_body(pieces)
    return story


def _is(item: Text | Block, name: str) -> bool:
    return (item.name if isinstance(item, Block) else item.style) == name


def _letter_body(pieces: list[tuple[Text | Block, list[Flowable]]]) -> list[Flowable]:
    """A letter's body: the sign-off kept with the signature, space after a list."""
    story: list[Flowable] = []
    index = 0
    while index < len(pieces):
        item, flowables = pieces[index]
        following = pieces[index + 1][0] if index + 1 < len(pieces) else None
        if following is not None and _is(following, "signature"):
            kept = flowables + pieces[index + 1][1]
            if index + 2 < len(pieces):
                kept += pieces[index + 2][1]
            story.append(KeepTogether(kept))
            index += 3
            continue
        story += flowables
        if _is(item, "bullet") and (following is None or not _is(following, "bullet")):
            story.append(Spacer(1, 4))
        index += 1
    return story


def _sections(pieces: list[tuple[Text | Block, list[Flowable]]]) -> list[Flowable]:
    """A form's body: each heading kept on a page with what it heads, where that fits."""
    story: list[Flowable] = []
    section: list[Flowable] = []
    for item, flowables in pieces:
        if _is(item, "heading") and section:
            story.append(KeepTogether(section))
            section = []
        section += flowables
    if section:
        story.append(KeepTogether(section))
    return story


def _text(item: Text, values: Mapping[str, str], *, blank_lines: bool) -> list[Flowable]:
    styles = stylesheet()
    if blank_lines:
        values = {
            name: value if value.strip() else "________________" for name, value in values.items()
        }
    text = markup(item.parts, values)
    if item.style == "paragraph":
        text = _without_repeated_lines(text)
    if item.style == "heading":
        return [Paragraph(text, styles["heading"])]
    if item.style == "bullet":
        return [Paragraph(text, styles["bullet"], bulletText="•")]
    if item.style == "tickbox":
        return [_tickbox(text)]
    return [Paragraph(text, styles["body"])]


def _without_repeated_lines(text: str) -> str:
    """A signature whose name and role are the same (the settings' defaults) prints once."""
    lines = text.split("<br/>")
    kept = [line for index, line in enumerate(lines) if index == 0 or line != lines[index - 1]]
    return "<br/>".join(kept)


def _address_and_reference(data: LetterData) -> list[Flowable]:
    """The recipient's address on the left (for a window envelope), the reference on the right."""
    styles = stylesheet()
    recipient = data.recipient
    address = escape(recipient.addressee(data.pupil))
    if recipient.address.strip():
        address += "<br/>" + escape_lines(recipient.address)
    reference = [
        ("Date", day_month_year(data.issued_on)),
        ("Pupil", data.pupil.name),
        ("Tutor group", data.pupil.tutor_group or "—"),
        ("Contact", data.school.attendance_lead or data.school.signatory),
    ]
    if data.school.phone:
        reference.append(("Telephone", data.school.phone))
    reference_table = Table(
        [[label, _cell(value, styles["cell"], 46 * mm)] for label, value in reference],
        colWidths=[22 * mm, 48 * mm],
        style=TableStyle(
            [
                *_fonts(((0, 0), (0, -1)), styles["label"]),
                *_fonts(((1, 0), (1, -1)), styles["cell"]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
    )
    outer = Table(
        [[Paragraph(address, styles["address"]), reference_table]],
        colWidths=[CONTENT_WIDTH - 70 * mm, 70 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return [outer, Spacer(1, 7 * mm)]


def _tickbox(text: str) -> Flowable:
    styles = stylesheet()
    return Table(
        [[_Box(), Paragraph(text, styles["body_tight"])]],
        colWidths=[8 * mm, CONTENT_WIDTH - 8 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )


class _Box(Flowable):
    """An empty square to tick by hand."""

    size = 3.6 * mm

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.size, self.size + 1

    def draw(self) -> None:
        self.canv.setStrokeColor(ACCENT)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, -1.2, self.size, self.size)


class _CutLine(Flowable):
    """A dashed line to cut along, drawn only when the slip shares a page with the letter."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note
        self.at_top = False

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.at_top = available_height > PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 10 * mm
        return available_width, 5 * mm

    def draw(self) -> None:
        if self.at_top:  # the slip has a page of its own: nothing to cut
            return
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setDash(3, 2)
        canvas.setLineWidth(0.6)
        canvas.line(0, 2.5 * mm, self.width, 2.5 * mm)
        text_width = canvas.stringWidth(self.note, FONT, 7)
        canvas.setFillColor(colors.white)
        left = self.width / 2 - text_width / 2 - 2
        canvas.rect(left, 1.5 * mm, text_width + 4, 2.4 * mm, stroke=0, fill=1)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(self.width / 2, 1.9 * mm, self.note)
        canvas.restoreState()


# The shaded panel with an accent rule that sets figures and meeting details apart.
_PANEL = [
    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
    ("LINEBEFORE", (0, 0), (0, -1), 2.2, ACCENT),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ("TOPPADDING", (0, 0), (-1, 0), 5),
    ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
]


def _key_values(rows: Sequence[tuple[str, str]], width: float = CONTENT_WIDTH) -> Table:
    styles = stylesheet()
    table = Table(
        [[label, _cell(value, styles["cell"], width - 34 * mm - 14)] for label, value in rows],
        colWidths=[34 * mm, width - 34 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                *_fonts(((0, 0), (0, -1)), styles["cell_bold"]),
                *_fonts(((1, 0), (1, -1)), styles["cell"]),
                *_PANEL,
            ]
        )
    )
    return table


def _figures(data: LetterData) -> list[Flowable]:
    figures = data.figures
    if figures is None:
        return [Paragraph("No attendance figures have been imported yet.", stylesheet()["body"])]
    period = ""
    if figures.period_start and figures.as_of:
        period = f"{day_month_year(figures.period_start)} to {day_month_year(figures.as_of)}"
    elif figures.as_of:
        period = f"up to {day_month_year(figures.as_of)}"
    styles = stylesheet()
    widths = [34 * mm, 34 * mm, 36 * mm, CONTENT_WIDTH - 104 * mm]
    missed = str(figures.missed)
    if figures.absence_split:
        missed += f" ({figures.authorised} authorised, {figures.unauthorised} unauthorised)"
    rows = [
        [
            "Attendance",
            figures.percentage_text(),
            "Dates covered",
            _cell(period or "this school year", styles["cell"], widths[3] - 14),
        ],
        ["Possible sessions", str(figures.possible), "Sessions attended", str(figures.attended)],
        ["Sessions missed", missed, "", ""],
    ]
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                *_fonts(((0, 0), (-1, -1)), styles["cell"]),
                *_fonts(((0, 0), (0, -1)), styles["cell_bold"]),
                *_fonts(((2, 0), (2, -1)), styles["cell_bold"]),
                ("FONTNAME", (1, 0), (1, 0), styles["cell_bold"].fontName),
                ("SPAN", (1, 2), (3, 2)),
                *_PANEL,
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


def _meeting(values: Mapping[str, str]) -> list[Flowable]:
    rows = [
        ("Date", values["meeting_date"]),
        ("Time", values["meeting_time"]),
        ("Place", values["meeting_place"]),
    ]
    if values.get("meeting_with"):
        rows.append(("With", values["meeting_with"]))
    return [_key_values(rows), Spacer(1, 4 * mm)]


def _reply_slip(data: LetterData, values: Mapping[str, str]) -> list[Flowable]:
    styles = stylesheet()
    meeting = f"{values['meeting_date']} at {values['meeting_time']}"
    parts: list[Flowable] = [
        Spacer(1, 3 * mm),
        _CutLine("Cut here"),
        Spacer(1, 2 * mm),
        Paragraph("Reply slip", styles["heading"]),
        Paragraph(
            "Please return this slip to the school office before the meeting.", styles["body"]
        ),
        _write_in_fields(
            [
                ("Pupil", f"{data.pupil.name} ({data.pupil.tutor_group or '—'})"),
                ("Parent/carer", data.recipient.name),
            ]
        ),
        Spacer(1, 2 * mm),
        _tickbox(f"I will attend the meeting on <b>{escape(meeting)}</b>."),
        _tickbox("I cannot attend at that time. Please contact me to arrange another time."),
        _write_in_fields([("Best telephone number", ""), ("Signed", ""), ("Date", "")]),
    ]
    return [CondPageBreak(70 * mm), KeepTogether(parts)]


def _write_in_fields(rows: Sequence[tuple[str, str]], label_width: float = 45 * mm) -> Table:
    """Labels with a line to write on (or the value printed on the line)."""
    styles = stylesheet()
    table = Table(
        [
            [
                Paragraph(escape(label), styles["cell_bold"]),
                Paragraph(escape(value), styles["cell"]),
            ]
            for label, value in rows
        ],
        colWidths=[label_width, CONTENT_WIDTH - label_width],
        rowHeights=[8.5 * mm] * len(rows),
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, WRITE_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    row_heights: Sequence[float | None] | None = None,
    escaped: bool = False,
) -> Table:
    """A table with a coloured header row; cells escaped unless `escaped` says they are."""
    styles = stylesheet()
    body = [
        [Paragraph(cell if escaped else escape(cell), styles["cell"]) for cell in row]
        for row in rows
    ]
    table = Table(
        [[Paragraph(escape(label), styles["cell_head"]) for label in header], *body],
        colWidths=list(widths),
        rowHeights=[None, *row_heights] if row_heights else None,
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _split_widths(count: int, first: float | None = None) -> list[float]:
    if first is None or count == 1:
        return [CONTENT_WIDTH / count] * count
    rest = (CONTENT_WIDTH - first) / (count - 1)
    return [first] + [rest] * (count - 1)


def _pupil_details(data: LetterData) -> list[Flowable]:
    styles = stylesheet()
    pupil = data.pupil
    needs = [SEN_NAMES[pupil.sen_status]] if pupil.sen_status in SEN_NAMES else []
    if pupil.medical:
        needs.append("Medical condition")
    if pupil.looked_after:
        needs.append("Looked after")
    elif pupil.social_worker:
        needs.append("Has a social worker")
    cells = [
        ("Name", pupil.name),
        ("Date of birth", day_month_year(pupil.date_of_birth)),
        ("UPN", pupil.upn),
        (
            "Year and tutor group",
            " ".join(
                part
                for part in (f"Year {pupil.year}" if pupil.year else "", pupil.tutor_group)
                if part
            ),
        ),
        ("School", data.school.name),
        ("Needs and support", "; ".join(needs) or "None recorded"),
    ]
    rows = []
    for index in range(0, len(cells), 2):
        row = []
        for label, value in cells[index : index + 2]:
            row += [
                Paragraph(escape(label), styles["cell_bold"]),
                Paragraph(escape(value) or "&nbsp;", styles["cell"]),
            ]
        rows.append(row)
    quarter = CONTENT_WIDTH / 4
    table = Table(rows, colWidths=[quarter * 0.8, quarter * 1.2] * 2, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BACKGROUND", (2, 0), (2, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [table, Spacer(1, 2 * mm)]


def _email_lines(email: str, width: float) -> str:
    """An email address too wide for its cell breaks before the @, not mid-word."""
    style = stylesheet()["cell"]
    if "@" not in email or stringWidth(email, style.fontName, style.fontSize) <= width:
        return escape(email)
    local, _, domain = email.partition("@")
    return f"{escape(local)}<br/>@{escape(domain)}"


def _family(data: LetterData) -> list[Flowable]:
    rows = []
    contact_width = 46 * mm - 12  # the column less its padding
    for member in data.family:
        responsibility = {True: "Yes", False: "No"}.get(member.parental_responsibility, "")
        contact = "<br/>".join(
            part
            for part in (escape(member.phone), _email_lines(member.email, contact_width))
            if part
        )
        rows.append(
            [
                escape(member.name),
                escape(member.relationship),
                escape(responsibility),
                contact,
                escape_lines(member.address),
            ]
        )
    blank = 2 if len(rows) < 3 else 1
    rows += [["", "", "", "", ""]] * blank
    widths = [30 * mm, 26 * mm, 26 * mm, 46 * mm, CONTENT_WIDTH - 128 * mm]
    header = ["Name", "Relationship", "Parental responsibility", "Telephone / email", "Address"]
    heights = [None] * (len(rows) - blank) + [9 * mm] * blank
    return [_grid(header, rows, widths, escaped=True, row_heights=heights), Spacer(1, 2 * mm)]


def _reasons(data: LetterData) -> list[Flowable]:
    styles = stylesheet()
    figures = data.figures
    if figures is None or not figures.reasons:
        return [
            Paragraph(
                "A breakdown by reason is not available: the register marks for this period "
                "have not been imported.",
                styles["muted"],
            ),
            Spacer(1, 2 * mm),
        ]
    rows = [
        [
            reason.code,
            reason.meaning,
            "Authorised" if reason.authorised else "Unauthorised",
            str(reason.sessions),
        ]
        for reason in sorted(figures.reasons, key=lambda reason: (-reason.sessions, reason.code))
    ]
    rows.append(["", "Total sessions missed", "", str(sum(r.sessions for r in figures.reasons))])
    widths = [16 * mm, CONTENT_WIDTH - 76 * mm, 34 * mm, 26 * mm]
    table = _grid(["Code", "Reason", "Absence", "Sessions"], rows, widths)
    table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), SHADE)]))
    return [table, Spacer(1, 2 * mm)]


def _absences(data: LetterData) -> list[Flowable]:
    if not data.absences:
        return [Paragraph("No sessions were missed without a reason.", stylesheet()["body"])]
    rows = [
        [
            f"{absence.on:%A} {day_month_year(absence.on)}",
            SESSION_NAMES.get(absence.session, absence.session),
            f"{absence.code}: {absence.meaning}" if absence.meaning else absence.code,
        ]
        for absence in sorted(data.absences, key=lambda absence: (absence.on, absence.session))
    ]
    widths = [50 * mm, 30 * mm, CONTENT_WIDTH - 80 * mm]
    return [_grid(["Date", "Session", "Mark"], rows, widths), Spacer(1, 4 * mm)]


def _box(lines: int) -> Flowable:
    """A bordered space with faint ruled lines to write on."""
    height = 8 * mm
    table = Table([[""]] * lines, colWidths=[CONTENT_WIDTH], rowHeights=[height] * lines)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, WRITE_LINE),
            ]
        )
    )
    return table


def _block(block: Block, data: LetterData, values: Mapping[str, str]) -> list[Flowable]:
    labels = [markup(parts, values) for parts in block.args]
    if block.name == "figures":
        return _figures(data)
    if block.name == "meeting":
        return _meeting(values)
    if block.name == "signature":
        return [Spacer(1, 12 * mm)]
    if block.name == "reply_slip":
        return _reply_slip(data, values)
    if block.name == "absences":
        return _absences(data)
    if block.name == "pupil_details":
        return _pupil_details(data)
    if block.name == "family":
        return _family(data)
    if block.name == "reasons":
        return _reasons(data)
    if block.name == "box":
        return [_box(block.options.get("lines", 4)), Spacer(1, 2 * mm)]
    if block.name == "table":
        rows = [[""] * len(labels)] * block.options.get("rows", 4)
        widths = _split_widths(len(labels))
        table = _grid_markup(labels, rows, widths, row_height=13 * mm)
        return [table, Spacer(1, 2 * mm)]
    if block.name == "fields":
        prefills = [fill(parts, values) for parts in block.values]
        rows = list(zip([fill(parts, values) for parts in block.args], prefills, strict=True))
        return [_write_in_fields(rows), Spacer(1, 2 * mm)]
    if block.name == "signatures":
        rows = [[label, "", "", ""] for label in labels]
        widths = [40 * mm, 50 * mm, CONTENT_WIDTH - 120 * mm, 30 * mm]
        header = ["", "Name", "Signature", "Date"]
        # kept on one page by its section (a KeepTogether nested in another misjudges space)
        return [_grid_markup(header, rows, widths, row_height=11 * mm, label_column=True)]
    raise ValueError(f"unknown block {block.name}")  # parse_template refuses it first


def _grid_markup(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    row_height: float,
    label_column: bool = False,
) -> Table:
    """A fill-in table whose header (and first column) are already markup."""
    styles = stylesheet()
    head = [Paragraph(label, styles["cell_head"]) for label in header]
    body = [
        [
            Paragraph(cell, styles["cell_bold"] if label_column and index == 0 else styles["cell"])
            for index, cell in enumerate(row)
        ]
        for row in rows
    ]
    table = Table(
        [head, *body],
        colWidths=list(widths),
        rowHeights=[None] + [row_height] * len(body),
        repeatRows=1,
        hAlign="LEFT",
    )
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if label_column:
        style.append(("BACKGROUND", (0, 1), (0, -1), SHADE))
    table.setStyle(TableStyle(style))
    return table
