"""The trends page: the school's attendance and band counts at each import, and whether the
letters, meetings and plans logged were followed by better attendance."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.band_style import text_colour_on
from woodrush_desktop.gui.charts import ChartPoint, LineChart, ReferenceLine
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.report_table import (
    ColumnSpec,
    ReportPage,
    band_count_columns,
    fit_columns,
    format_points,
    format_rate,
    table_over,
)
from woodrush_desktop.reports.interventions import (
    DECLINED,
    IMPROVED,
    NO_CHANGE,
    NO_DATA,
    OUTCOME_LABELS,
    TOO_EARLY,
    Effect,
    summarise,
)
from woodrush_desktop.reports.rows import PupilInfo
from woodrush_desktop.reports.trends import SchoolPoint
from woodrush_desktop.services import reports

log = logging.getLogger(__name__)


class BandCountsChart(QWidget):
    """Pupils in each band at each import, as stacked bars in the bands' colours.

    Each segment big enough carries its count as text, and the legend names every band with
    its symbol, so the chart does not rely on colour alone.
    """

    def __init__(self, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._policy = policy
        self._points: list[SchoolPoint] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(190)

    def sizeHint(self) -> QSize:
        return QSize(480, 210)

    def set_data(self, points: list[SchoolPoint], policy: Policy | None = None) -> None:
        self._policy = policy or self._policy
        self._points = list(points)
        described = "; ".join(
            f"{point.as_of:%d/%m/%Y}: "
            + ", ".join(
                f"{band.label} {point.band_counts.get(band.key, 0)}" for band in self._policy.bands
            )
            for point in points
        )
        self.setAccessibleDescription(described or "No imports yet")
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        legend_height = metrics.height() + 8
        plot = QRectF(
            8, 6, self.width() - 16, self.height() - legend_height - metrics.height() - 14
        )
        self._paint_legend(
            painter,
            QRectF(8, plot.bottom() + metrics.height() + 8, self.width() - 16, legend_height),
        )
        if not self._points:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No imports yet")
            return
        shown = self._points[-16:]
        highest = max(point.pupils for point in shown) or 1
        slot = plot.width() / len(shown)
        bar_width = min(slot * 0.7, 70)
        for index, point in enumerate(shown):
            left = plot.left() + slot * index + (slot - bar_width) / 2
            bottom = plot.bottom()
            for band in reversed(self._policy.bands):
                count = point.band_counts.get(band.key, 0)
                if not count:
                    continue
                height = plot.height() * count / highest
                segment = QRectF(left, bottom - height, bar_width, height)
                painter.fillRect(segment, QColor(band.colour))
                if height >= metrics.height():
                    painter.setPen(text_colour_on(band.colour))
                    painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, str(count))
                bottom -= height
            painter.setPen(palette.text().color())
            painter.drawText(
                QRectF(left - 20, plot.bottom() + 2, bar_width + 40, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter,
                f"{point.as_of:%d/%m}",
            )
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _paint_legend(self, painter: QPainter, area: QRectF) -> None:
        metrics = self.fontMetrics()
        x = area.left()
        box = metrics.height()
        for band in self._policy.bands:
            swatch = QRectF(x, area.top(), box, box)
            painter.fillRect(swatch, QColor(band.colour))
            painter.setPen(text_colour_on(band.colour))
            painter.drawText(swatch, Qt.AlignmentFlag.AlignCenter, band.symbol)
            painter.setPen(self.palette().text().color())
            width = metrics.horizontalAdvance(band.label) + 4
            painter.drawText(
                QRectF(x + box + 4, area.top(), width, box),
                Qt.AlignmentFlag.AlignVCenter,
                band.label,
            )
            x += box + width + 16


@dataclass(frozen=True)
class EffectLine:
    kind: str
    counts: dict[str, int]

    @property
    def logged(self) -> int:
        return sum(self.counts.values())


def _kind_label(kind: str) -> str:
    prefix, _, subkind = kind.partition(":")
    start = {"letter": "Letter", "meeting": "Meeting held", "plan": "Plan"}.get(prefix, prefix)
    return f"{start}: {subkind.replace('_', ' ')}"


def point_columns(policy: Policy) -> list[ColumnSpec[SchoolPoint]]:
    columns: list[ColumnSpec[SchoolPoint]] = [
        ColumnSpec("As of", lambda p: f"{p.as_of:%d/%m/%Y}", lambda p: p.as_of.toordinal()),
        ColumnSpec("Pupils", lambda p: str(p.pupils), lambda p: p.pupils, numeric=True),
        ColumnSpec(
            "Attendance",
            lambda p: format_rate(p.percentage),
            lambda p: p.percentage,
            numeric=True,
            header_tip="All sessions attended over all sessions possible",
        ),
        ColumnSpec(
            "DfE persistent",
            lambda p: str(p.dfe_persistent),
            lambda p: p.dfe_persistent,
            numeric=True,
        ),
    ]
    return columns + band_count_columns(policy, lambda p: p.band_counts)


EFFECT_COLUMNS: list[ColumnSpec[EffectLine]] = [
    ColumnSpec("Action", lambda line: _kind_label(line.kind)),
    ColumnSpec("Logged", lambda line: str(line.logged), lambda line: line.logged, numeric=True),
    *[
        ColumnSpec(
            header,
            lambda line, outcome=outcome: str(line.counts.get(outcome, 0)),
            lambda line, outcome=outcome: line.counts.get(outcome, 0),
            numeric=True,
        )
        for header, outcome in [
            ("Improved", IMPROVED),
            ("No change", NO_CHANGE),
            ("Declined", DECLINED),
            ("Too early", TOO_EARLY),
            ("No figures", NO_DATA),
        ]
    ],
]


@dataclass(frozen=True)
class ActionLine:
    """One letter, meeting or plan with the attendance either side of it."""

    effect: Effect
    pupil: PupilInfo | None

    @property
    def pupil_name(self) -> str:
        return self.pupil.name if self.pupil else f"pupil {self.effect.intervention.pupil_id}"


def _window_text(window) -> str:
    if window is None or window.percentage is None:
        return ""
    return f"{format_rate(window.percentage)} ({window.weeks} wk)"


ACTION_COLUMNS: list[ColumnSpec[ActionLine]] = [
    ColumnSpec(
        "Date",
        lambda line: f"{line.effect.intervention.on:%d/%m/%Y}",
        lambda line: line.effect.intervention.on.toordinal(),
    ),
    ColumnSpec("Pupil", lambda line: line.pupil_name),
    ColumnSpec("Action", lambda line: _kind_label(line.effect.intervention.label)),
    ColumnSpec(
        "Before",
        lambda line: _window_text(line.effect.before),
        lambda line: line.effect.before.percentage if line.effect.before else None,
        numeric=True,
        header_tip="Attendance in the school weeks before (from marks, or between imports)",
    ),
    ColumnSpec(
        "After",
        lambda line: _window_text(line.effect.after),
        lambda line: line.effect.after.percentage if line.effect.after else None,
        numeric=True,
    ),
    ColumnSpec(
        "Change",
        lambda line: format_points(line.effect.change),
        lambda line: line.effect.change,
        numeric=True,
    ),
    ColumnSpec("Outcome", lambda line: OUTCOME_LABELS[line.effect.outcome]),
]


class TrendsView(ReportPage):
    """The school at each import, and the effect of each kind of intervention."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.points: list[SchoolPoint] = []
        self.attendance_chart = LineChart(self, floor_value=85.0)
        self.attendance_chart.setAccessibleName("Overall attendance at each import")
        self.bands_chart = BandCountsChart(context.policy, self)
        self.bands_chart.setAccessibleName("Pupils in each band at each import")
        self.points_model, self.points_proxy, self.points_table = table_over(
            self, point_columns(context.policy), "Imports"
        )
        self.effects_model, self.effects_proxy, self.effects_table = table_over(
            self, EFFECT_COLUMNS, "Did it work?"
        )
        self.actions_model, self.actions_proxy, self.actions_table = table_over(
            self,
            ACTION_COLUMNS,
            "Each letter, meeting and plan",
            lambda line: line.effect.intervention.pupil_id,
        )
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._lay_out()
        context.policy_changed.connect(self._policy_changed)

    def _lay_out(self) -> None:
        charts = QWidget(self)
        chart_layout = QVBoxLayout(charts)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(_heading("Overall attendance at each import", charts))
        chart_layout.addWidget(self.attendance_chart)
        chart_layout.addWidget(_heading("Pupils in each band at each import", charts))
        chart_layout.addWidget(self.bands_chart)
        tables = QWidget(self)
        table_layout = QVBoxLayout(tables)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.points_table, 1)
        table_layout.addWidget(_heading("Did it work?", tables))
        table_layout.addWidget(
            QLabel(
                "Attendance in the four school weeks after each letter, meeting held or plan, "
                "against the four weeks before: improved or declined by two points or more.",
                tables,
            )
        )
        table_layout.addWidget(self.effects_table, 1)
        table_layout.addWidget(_heading("Each letter, meeting and plan", tables))
        table_layout.addWidget(self.actions_table, 2)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(charts)
        splitter.addWidget(tables)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    def read(self):
        store, policy, book = self.context.store, self.context.policy, self.context.code_book

        def work(control) -> tuple[list[SchoolPoint], list[Effect], dict[int, PupilInfo]]:
            return (
                reports.school_trends(store, policy),
                reports.effects(store, book),
                reports.pupils(store),
            )

        return work

    def _loaded(self, result: tuple[list[SchoolPoint], list[Effect], dict[int, PupilInfo]]) -> None:
        points, effects, pupils = result
        summary = summarise(effects)
        policy = self.context.policy
        self.points = points
        self.points_model.set_rows(points)
        fit_columns(self.points_table)
        self.attendance_chart.set_data(
            [
                ChartPoint(
                    f"{point.as_of:%d/%m}",
                    float(point.percentage) if point.percentage is not None else None,
                    f"{point.as_of:%d/%m/%Y}: {format_rate(point.percentage)} "
                    f"of {point.possible} possible sessions",
                )
                for point in points
            ],
            [
                ReferenceLine(float(band.lower.value), band.label, band.colour)
                for band in policy.bands
                if 0 < band.lower.value < 100
            ],
        )
        self.bands_chart.set_data(points, policy)
        lines = [EffectLine(kind, dict(counts)) for kind, counts in summary.by_kind.items()]
        self.effects_model.set_rows(sorted(lines, key=lambda line: line.kind))
        fit_columns(self.effects_table)
        self.actions_model.set_rows(
            [ActionLine(effect, pupils.get(effect.intervention.pupil_id)) for effect in effects]
        )
        fit_columns(self.actions_table)
        if points:
            self.status.setText(
                f"{len(points)} import{'s' if len(points) != 1 else ''} of the whole school, "
                f"from {points[0].as_of:%d/%m/%Y} to {points[-1].as_of:%d/%m/%Y}."
            )
        else:
            self.status.setText("No imports yet: the trends appear after the first import.")

    def _failed(self, error: BaseException) -> None:
        log.error("trends could not be read", exc_info=error)
        self.status.setText("The trends could not be read; the log has the details.")

    def _policy_changed(self) -> None:
        self.points_model.set_rows(self.points, point_columns(self.context.policy))
        self.lazy.changed()


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>", parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
