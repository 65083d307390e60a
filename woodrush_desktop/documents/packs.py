"""The trustees' pack and one pupil's evidence pack, as PDF, from plain data.

`services.reports` gathers the data and, for the evidence pack, appends each letter's own
PDF after the pages built here; this module only lays pages out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from woodrush_desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    RULE,
    SHADE,
    build_pdf,
    escape,
    escape_lines,
    stylesheet,
)
from woodrush_desktop.domain.attendance import percentage_text

# Plain data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BandShare:
    key: str
    label: str
    colour: str
    pupils: int


@dataclass(frozen=True)
class TrendPoint:
    as_of: date
    attendance: float | None
    band_counts: dict[str, int] = field(default_factory=dict)
    pupils: int = 0


@dataclass(frozen=True)
class CohortLine:
    dimension: str
    group: str
    pupils: int
    attendance: float | None
    persistent: int
    last_year: float | None = None


@dataclass(frozen=True)
class ActionLine:
    """One kind of intervention: how many, and how attendance moved after them."""

    label: str
    count: int
    improved: int = 0
    no_change: int = 0
    declined: int = 0
    too_early: int = 0


@dataclass(frozen=True)
class TrusteesPack:
    school: Any  # anything with name, address, phone, email, logo_path (SchoolDetails)
    prepared_on: date
    as_of: date | None
    school_year: str
    attendance: float | None
    pupils: int
    bands: Sequence[BandShare]
    trend: Sequence[TrendPoint]
    cohorts: Sequence[CohortLine]
    actions: Sequence[ActionLine]
    penalty_met: int = 0
    la_unauthorised: int = 0
    la_illness: int = 0
    items_done: int = 0
    pupils_with_items_done: int = 0
    last_year_as_of: date | None = None
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class ReasonLine:
    code: str
    meaning: str
    category: str
    sessions: int


@dataclass(frozen=True)
class Certificate:
    period_start: date | None
    as_of: date | None
    possible: int
    attended: int
    authorised: int
    unauthorised: int
    late: int
    attendance: str
    band: str
    dfe_persistent: bool
    dfe_severe: bool
    reasons: Sequence[ReasonLine] = ()
    rolling_unauthorised: int | None = None
    penalty_met_on: date | None = None


@dataclass(frozen=True)
class EvidencePupil:
    name: str
    upn: str | None
    date_of_birth: date | None
    year: int | None
    reg_group: str | None
    groups: Sequence[str] = ()


@dataclass(frozen=True)
class LetterEntry:
    issued_on: date
    kind: str
    recipient: str
    first_page: int | None = None  # where its copy starts in the pack, once known


@dataclass(frozen=True)
class MeetingEntry:
    when: datetime | None
    kind: str
    place: str = ""
    with_whom: str = ""
    held: bool = False
    notes: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class PlanEntry:
    started_on: date
    review_on: date | None
    lead_practitioner: str
    status: str
    content: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChronologyEntry:
    on: date
    what: str


@dataclass(frozen=True)
class EvidencePack:
    school: Any
    prepared_on: date
    pupil: EvidencePupil
    certificate: Certificate | None
    letters: Sequence[LetterEntry]
    meetings: Sequence[MeetingEntry]
    plans: Sequence[PlanEntry]
    chronology: Sequence[ChronologyEntry]
    notes: Sequence[str] = ()


# Shared pieces -----------------------------------------------------------------------------


def _date(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def _percent(value: float | None) -> str:
    """The one display rule (rounded down); the float is read back as the decimal it shows."""
    return percentage_text(None if value is None else Fraction(repr(value)))


def _p(text: str, style: str = "cell") -> Paragraph:
    """A paragraph of escaped text: every value from the database goes through here."""
    return Paragraph(escape(text), stylesheet()[style])


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    extra: Sequence[tuple] = (),
) -> Table:
    cells = [[_p(text, "cell_head") for text in header]]
    for row in rows:
        cells.append([cell if isinstance(cell, Flowable) else _p(str(cell)) for cell in row])
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in range(1, len(cells)):
        if index % 2 == 0:
            style.append(("BACKGROUND", (0, index), (-1, index), SHADE))
    table.setStyle(TableStyle(style + list(extra)))
    return table


def _heading(text: str) -> Paragraph:
    return Paragraph(escape(text), stylesheet()["heading"])


def _body(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), stylesheet()[style])


def _facts(pairs: Sequence[tuple[str, str]], label_width: float = 45 * mm) -> Table:
    rows = [[_p(label, "cell_bold"), _p(value)] for label, value in pairs]
    table = Table(rows, colWidths=[label_width, CONTENT_WIDTH - label_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# Charts ------------------------------------------------------------------------------------


def band_chart(bands: Sequence[BandShare], width: float = CONTENT_WIDTH) -> Drawing:
    """Pupils per band, one bar each in the band's colour, the count above it."""
    height = 62 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 14 * mm
    chart.width, chart.height = width - 20 * mm, height - 22 * mm
    chart.data = [[share.pupils for share in bands] or [0]]
    chart.categoryAxis.categoryNames = [share.label for share in bands] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = _count_step(max((share.pupils for share in bands), default=0))
    chart.bars.strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    for index, share in enumerate(bands):
        chart.bars[(0, index)].fillColor = colors.HexColor(share.colour)
    drawing.add(chart)
    drawing.add(String(0, height - 6, "Pupils in each band", fontName=FONT_BOLD, fontSize=8.5))
    return drawing


def _count_step(highest: int) -> int:
    """A whole-number axis step giving at most about six gridlines."""
    step = 1
    while highest / step > 6:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if highest / step <= 6:
                break
    return step


def trend_chart(points: Sequence[TrendPoint], width: float = CONTENT_WIDTH) -> Drawing:
    """Overall attendance at each import, oldest on the left."""
    height = 58 * mm
    drawing = Drawing(width, height)
    drawing.add(
        String(0, height - 6, "Overall attendance at each import", fontName=FONT_BOLD, fontSize=8.5)
    )
    usable = [point for point in points if point.attendance is not None]
    if not usable:
        drawing.add(String(14 * mm, height / 2, "No imports yet.", fontName=FONT, fontSize=8))
        return drawing
    origin = usable[0].as_of
    data = [((point.as_of - origin).days, point.attendance) for point in usable]
    plot = LinePlot()
    plot.x, plot.y = 14 * mm, 12 * mm
    plot.width, plot.height = width - 22 * mm, height - 22 * mm
    plot.data = [data]
    plot.lines[0].strokeColor = ACCENT
    plot.lines[0].strokeWidth = 1.5
    plot.lines[0].symbol = makeMarker("FilledCircle", size=3.5)
    lowest = min(value for _, value in data)
    plot.yValueAxis.valueMin = max(0, int(lowest // 5) * 5 - 5)
    plot.yValueAxis.valueMax = 100
    plot.yValueAxis.labels.fontName = FONT
    plot.yValueAxis.labels.fontSize = 7
    plot.yValueAxis.labelTextFormat = "%d%%"
    span = max(1, data[-1][0])
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = span
    steps = _date_ticks([day for day, _ in data])
    plot.xValueAxis.valueSteps = steps
    plot.xValueAxis.labels.fontName = FONT
    plot.xValueAxis.labels.fontSize = 7
    plot.xValueAxis.labelTextFormat = lambda days: _tick_label(origin, days)
    drawing.add(plot)
    return drawing


def _date_ticks(days: list[int], most: int = 8) -> list[int]:
    if len(days) <= most:
        return days
    step = (len(days) - 1) / (most - 1)
    return [days[round(index * step)] for index in range(most)]


def _tick_label(origin: date, days: float) -> str:
    return f"{origin + timedelta(days=int(days)):%d/%m/%y}"


# The trustees' pack ------------------------------------------------------------------------


def trustees_pack_pdf(pack: TrusteesPack) -> bytes:
    """The termly pack for trustees: bands, the trend, cohorts and the actions taken."""
    return build_pdf(pack.school, [_trustees_story(pack)], title="Attendance: trustees' pack")


def _trustees_story(pack: TrusteesPack) -> list[Flowable]:
    sheet = stylesheet()
    story: list[Flowable] = [
        Paragraph(escape(f"Attendance report for trustees, {pack.school_year}"), sheet["title"]),
        _body(
            f"Figures as of {_date(pack.as_of)} (the latest import), prepared on "
            f"{_date(pack.prepared_on)}. {pack.pupils} pupils on roll; overall attendance "
            f"{_percent(pack.attendance)}.",
            "muted",
        ),
        _heading("Bands"),
        band_chart(pack.bands),
        _band_table(pack),
        _heading("Trend"),
        trend_chart(pack.trend),
        _trend_table(pack),
        _heading("Cohorts"),
    ]
    if pack.last_year_as_of:
        story.append(
            _body(
                f"“Last year” is the import of {_date(pack.last_year_as_of)}: year groups "
                "compare the same pupils' year then; registration groups are not compared.",
                "muted",
            )
        )
    story += [_cohort_table(pack), _heading("Actions taken this school year")]
    story.append(_actions_table(pack.actions))
    story.append(Spacer(1, 3 * mm))
    story.append(
        _facts(
            [
                ("Penalty-notice threshold", f"{pack.penalty_met} pupils reached it this year"),
                ("10 days unauthorised", f"{pack.la_unauthorised} pupils (LA list)"),
                ("Illness of 15 days", f"{pack.la_illness} pupils (LA list)"),
                (
                    "Policy actions ticked done",
                    f"{pack.items_done} for {pack.pupils_with_items_done} pupils",
                ),
            ],
            55 * mm,
        )
    )
    for note in pack.notes:
        story.append(_body(note, "muted"))
    return story


def _band_table(pack: TrusteesPack) -> Table:
    total = sum(share.pupils for share in pack.bands) or 1
    rows = [
        [share.label, str(share.pupils), f"{share.pupils * 100 / total:.1f}%"]
        for share in pack.bands
    ]
    extra = [
        ("BACKGROUND", (0, index), (0, index), colors.HexColor(share.colour))
        for index, share in enumerate(pack.bands, 1)
    ]
    return _table(["Band", "Pupils", "Share"], rows, [90 * mm, 30 * mm, 30 * mm], extra)


def _trend_table(pack: TrusteesPack) -> Table:
    header = ["Import", "Pupils", "Attendance", *[share.label for share in pack.bands]]
    rows = [
        [
            _date(point.as_of),
            str(point.pupils),
            _percent(point.attendance),
            *[str(point.band_counts.get(share.key, 0)) for share in pack.bands],
        ]
        for point in pack.trend[-12:]
    ]
    first = 22 * mm
    rest = (CONTENT_WIDTH - first - 36 * mm) / max(1, len(pack.bands))
    return _table(header, rows, [first, 14 * mm, 22 * mm, *[rest] * len(pack.bands)])


def _cohort_table(pack: TrusteesPack) -> Table:
    header = ["Cohort", "Group", "Pupils", "Attendance", "Persistently absent", "Last year"]
    rows = []
    previous = None
    for line in pack.cohorts:
        rows.append(
            [
                line.dimension if line.dimension != previous else "",
                line.group,
                str(line.pupils),
                _percent(line.attendance),
                str(line.persistent),
                _percent(line.last_year),
            ]
        )
        previous = line.dimension
    widths = [38 * mm, 38 * mm, 16 * mm, 22 * mm, 30 * mm, CONTENT_WIDTH - 144 * mm]
    return _table(header, rows, widths)


def _actions_table(actions: Sequence[ActionLine]) -> Flowable:
    if not actions:
        return _body("No letters, meetings or plans have been logged yet.")
    rows = [
        [
            line.label,
            str(line.count),
            str(line.improved),
            str(line.no_change),
            str(line.declined),
            str(line.too_early),
        ]
        for line in actions
    ]
    header = ["Action", "Logged", "Improved", "No change", "Declined", "Too early"]
    first = CONTENT_WIDTH - 5 * 20 * mm
    return KeepTogether(
        [
            _table(header, rows, [first, *[20 * mm] * 5]),
            _body(
                "Improved or declined: attendance in the four school weeks after moved by two "
                "percentage points or more from the four weeks before.",
                "muted",
            ),
        ]
    )


# The evidence pack -------------------------------------------------------------------------


def evidence_pack_pdf(pack: EvidencePack) -> bytes:
    """One pupil's evidence for the local authority, before the copies of the letters."""
    return build_pdf(
        pack.school, [_evidence_story(pack)], title=f"Attendance evidence: {pack.pupil.name}"
    )


def _evidence_story(pack: EvidencePack) -> list[Flowable]:
    sheet = stylesheet()
    pupil = pack.pupil
    story: list[Flowable] = [
        Paragraph("Attendance evidence pack", sheet["title"]),
        _body(f"Prepared on {_date(pack.prepared_on)} for the local authority.", "muted"),
        _facts(
            [
                ("Pupil", pupil.name),
                ("UPN", pupil.upn or "—"),
                ("Date of birth", _date(pupil.date_of_birth)),
                ("Year and group", f"Year {pupil.year or '—'}, {pupil.reg_group or '—'}"),
                ("Groups", "; ".join(pupil.groups) or "None recorded"),
            ]
        ),
        _heading("Attendance certificate"),
    ]
    story += _certificate(pack.certificate)
    story.append(_heading("Letters sent"))
    story.append(_letters_table(pack.letters))
    story.append(_heading("Meetings"))
    story += _meetings(pack.meetings)
    story.append(_heading("Early Help Plan"))
    story += _plans(pack.plans)
    story.append(_heading("Chronology"))
    story.append(_chronology(pack.chronology))
    for note in pack.notes:
        story.append(_body(note, "muted"))
    return story


def _certificate(certificate: Certificate | None) -> list[Flowable]:
    if certificate is None:
        return [_body("No attendance figures have been imported for this pupil.")]
    measures = []
    if certificate.dfe_severe:
        measures.append("severely absent (DfE: 50% or more missed)")
    elif certificate.dfe_persistent:
        measures.append("persistently absent (DfE: 10% or more missed)")
    flowables: list[Flowable] = [
        _facts(
            [
                (
                    "Period",
                    f"{_date(certificate.period_start)} to {_date(certificate.as_of)}",
                ),
                ("Possible sessions", str(certificate.possible)),
                ("Sessions attended", str(certificate.attended)),
                ("Authorised absence", f"{certificate.authorised} sessions"),
                ("Unauthorised absence", f"{certificate.unauthorised} sessions"),
                ("Late before the register closed", f"{certificate.late} sessions"),
                ("Attendance", certificate.attendance),
                ("School's band", certificate.band),
                ("National measure", "; ".join(measures) or "not persistently absent"),
                (
                    "Unauthorised, last 10 school weeks",
                    "—"
                    if certificate.rolling_unauthorised is None
                    else f"{certificate.rolling_unauthorised} sessions",
                ),
                (
                    "Penalty-notice threshold",
                    f"reached on {_date(certificate.penalty_met_on)}"
                    if certificate.penalty_met_on
                    else "not reached",
                ),
            ],
            60 * mm,
        )
    ]
    if certificate.reasons:
        flowables.append(Spacer(1, 2 * mm))
        rows = [
            [reason.code, reason.meaning, reason.category, str(reason.sessions)]
            for reason in certificate.reasons
        ]
        widths = [14 * mm, CONTENT_WIDTH - 84 * mm, 50 * mm, 20 * mm]
        flowables.append(_table(["Code", "Meaning", "Kind", "Sessions"], rows, widths))
    return flowables


def _letters_table(letters: Sequence[LetterEntry]) -> Flowable:
    if not letters:
        return _body("No letters have been logged for this pupil.")
    rows = [
        [
            _date(letter.issued_on),
            letter.kind,
            letter.recipient,
            str(letter.first_page) if letter.first_page else "—",
        ]
        for letter in letters
    ]
    widths = [22 * mm, 50 * mm, CONTENT_WIDTH - 94 * mm, 22 * mm]
    return KeepTogether(
        [
            _table(["Dated", "Letter", "To", "Copy on page"], rows, widths),
            _body("A copy of each letter, as printed, follows this record.", "muted"),
        ]
    )


def _meetings(meetings: Sequence[MeetingEntry]) -> list[Flowable]:
    if not meetings:
        return [_body("No meetings have been recorded.")]
    flowables: list[Flowable] = []
    for meeting in meetings:
        when = f"{meeting.when:%d/%m/%Y %H:%M}" if meeting.when else "date not set"
        pairs = [
            ("Meeting", f"{meeting.kind}, {when}"),
            ("Held", "Yes" if meeting.held else "Not yet held"),
        ]
        if meeting.place:
            pairs.append(("Place", meeting.place))
        if meeting.with_whom:
            pairs.append(("With", meeting.with_whom))
        if meeting.notes:
            pairs.append(("Notes", meeting.notes))
        if meeting.outcome:
            pairs.append(("Outcome", meeting.outcome))
        flowables += [KeepTogether([_facts(pairs)]), Spacer(1, 2.5 * mm)]
    return flowables


def _plans(plans: Sequence[PlanEntry]) -> list[Flowable]:
    if not plans:
        return [_body("No Early Help Plan has been recorded.")]
    flowables: list[Flowable] = []
    for plan in plans:
        flowables.append(
            _facts(
                [
                    ("Started", _date(plan.started_on)),
                    ("Review", _date(plan.review_on)),
                    ("Lead practitioner", plan.lead_practitioner or "—"),
                    ("Status", plan.status),
                ]
            )
        )
        for key, value in plan.content.items():
            flowables += _plan_section(key, value)
        flowables.append(Spacer(1, 3 * mm))
    return flowables


def _plan_section(key: str, value: Any) -> list[Flowable]:
    """A section of the plan, whatever shape the form stored: text, a list, or a table."""
    title = _p(key.replace("_", " ").capitalize(), "cell_bold")
    if value in (None, "", [], {}):
        return []
    if isinstance(value, list) and all(isinstance(entry, dict) for entry in value):
        header = list(dict.fromkeys(name for entry in value for name in entry))
        rows = [[str(entry.get(name, "") or "") for name in header] for entry in value]
        width = CONTENT_WIDTH / max(1, len(header))
        labels = [name.replace("_", " ").capitalize() for name in header]
        return [Spacer(1, 1.5 * mm), title, _table(labels, rows, [width] * len(header))]
    if isinstance(value, dict):
        pairs = [(name.replace("_", " ").capitalize(), str(text)) for name, text in value.items()]
        return [Spacer(1, 1.5 * mm), title, _facts(pairs)]
    if isinstance(value, list):
        text = "<br/>".join(f"• {escape(entry)}" for entry in value)
        return [title, Paragraph(text, stylesheet()["body"])]
    return [title, Paragraph(escape_lines(value), stylesheet()["body"])]


def _chronology(entries: Sequence[ChronologyEntry]) -> Flowable:
    if not entries:
        return _body("Nothing has been recorded yet.")
    rows = [[_date(entry.on), entry.what] for entry in entries]
    return _table(["Date", "What happened"], rows, [24 * mm, CONTENT_WIDTH - 24 * mm])
