"""Small QPainter charts: attendance over snapshots, and a calendar of session marks.

Both are plain widgets fed plain data, so the pupil panel and the reports views can share
them. Neither relies on colour alone: the line chart labels its band lines, and every
calendar cell carries its code as text with the meaning on hover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from woodrush_desktop.domain.attendance import Mark
from woodrush_desktop.domain.codes import CodeBook, CodeClass, UnknownCodeError


@dataclass(frozen=True, slots=True)
class ChartPoint:
    label: str  # shown under the point, e.g. "27/11"
    value: float | None  # percentage 0–100; None leaves a gap
    tip: str = ""


@dataclass(frozen=True, slots=True)
class ReferenceLine:
    """A horizontal line at a threshold, drawn dashed with its label."""

    value: float
    label: str
    colour: str = "#666666"


class LineChart(QWidget):
    """Percentages over time with optional threshold lines; hover a point for its figure."""

    def __init__(self, parent: QWidget | None = None, *, floor_value: float = 70.0) -> None:
        super().__init__(parent)
        self._points: list[ChartPoint] = []
        self._lines: list[ReferenceLine] = []
        self._floor = floor_value
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(130)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(320, 150)

    def set_data(self, points: list[ChartPoint], lines: list[ReferenceLine] | None = None) -> None:
        self._points = list(points)
        self._lines = list(lines or [])
        summary = ", ".join(
            f"{point.label}: {point.value:.1f}%" for point in points if point.value is not None
        )
        self.setAccessibleDescription(summary or "No figures yet")
        self.update()

    def _range(self) -> tuple[float, float]:
        values = [point.value for point in self._points if point.value is not None]
        low = min([self._floor, *values]) if values else self._floor
        return (max(0.0, low - 2.0), 100.0)

    def _plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 8
        return QRectF(left, 8, self.width() - left - 12, self.height() - metrics.height() - 18)

    def _position(self, index: int, value: float) -> QPointF:
        rect = self._plot_rect()
        low, high = self._range()
        count = max(len(self._points) - 1, 1)
        x = rect.left() + rect.width() * (index / count if len(self._points) > 1 else 0.5)
        y = rect.bottom() - rect.height() * (value - low) / (high - low)
        return QPointF(x, y)

    def label_boxes(self) -> list[tuple[str, QRectF]]:
        """Where each threshold's label goes, so that no two labels overlap.

        A label sits on its line (the line passes behind it) at the right, else at the left,
        else in the middle; when none of those is free it is shortened to its band's symbol,
        and only a symbol with no free place at all is left out (the dashed line keeps its
        band's colour).
        """
        rect = self._plot_rect()
        low, high = self._range()
        metrics = QFontMetricsF(self._small_font())
        height = metrics.height()
        placed: list[tuple[str, QRectF]] = []
        visible = [line for line in self._lines if low <= line.value <= high]
        for line in sorted(visible, key=lambda line: -line.value):  # top of the chart first
            y = rect.bottom() - rect.height() * (line.value - low) / (high - low)
            symbol = line.label.split(" ", 1)[0]
            for text in dict.fromkeys((line.label, symbol)):
                box = _free_box(metrics.horizontalAdvance(text) + 6, height, y, rect, placed)
                if box is not None:
                    placed.append((text, box))
                    break
        return placed

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        return small

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._plot_rect()
        palette = self.palette()
        painter.fillRect(rect, palette.base())
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.drawRect(rect)
        low, high = self._range()
        painter.setFont(self._small_font())
        for value in (low, high):
            y = rect.bottom() - rect.height() * (value - low) / (high - low)
            painter.setPen(palette.text().color())
            painter.drawText(
                QRectF(0, y - 8, rect.left() - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:.0f}%",
            )
        for line in self._lines:
            if not low <= line.value <= high:
                continue
            y = rect.bottom() - rect.height() * (line.value - low) / (high - low)
            painter.setPen(QPen(QColor(line.colour), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        self._draw_labels(painter)
        if not self._points:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No figures yet")
            return
        path = QPainterPath()
        started = False
        for index, point in enumerate(self._points):
            if point.value is None:
                started = False
                continue
            position = self._position(index, point.value)
            if started:
                path.lineTo(position)
            else:
                path.moveTo(position)
                started = True
        painter.setPen(QPen(palette.highlight().color(), 2))
        painter.drawPath(path)
        painter.setBrush(palette.highlight())
        step = max(1, len(self._points) // 8)
        for index, point in enumerate(self._points):
            if point.value is not None:
                painter.drawEllipse(self._position(index, point.value), 3, 3)
            if index % step == 0 or index == len(self._points) - 1:
                x = self._position(index, 0 if point.value is None else point.value).x()
                painter.setPen(palette.text().color())
                painter.drawText(
                    QRectF(x - 30, rect.bottom() + 2, 60, 16),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    point.label,
                )
                painter.setPen(QPen(palette.highlight().color(), 2))

    def _draw_labels(self, painter: QPainter) -> None:
        """The thresholds' labels on the plot's background, so their own lines never cross
        the text; the pupil's line is drawn after, over them."""
        palette = self.palette()
        background = QColor(palette.base().color())
        background.setAlpha(225)
        painter.setPen(palette.text().color())
        for text, box in self.label_boxes():
            painter.fillRect(box, background)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self._tip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _tip_at(self, position: QPointF) -> str:
        for index, point in enumerate(self._points):
            if point.value is None:
                continue
            centre = self._position(index, point.value)
            if abs(centre.x() - position.x()) <= 6 and abs(centre.y() - position.y()) <= 6:
                return point.tip or f"{point.label}: {point.value:.1f}%"
        return ""


CLASS_COLOURS = {
    CodeClass.PRESENT: "#DCEFD9",
    CodeClass.APPROVED: "#CFE3F3",
    CodeClass.AUTHORISED: "#FBE8A6",
    CodeClass.UNAUTHORISED: "#F2A97E",
    CodeClass.NOT_POSSIBLE: "#E2E2E2",
    CodeClass.NOT_COUNTED: "#F6F6F6",
}
NO_MARK_COLOUR = "#FFFFFF"
UNKNOWN_COLOUR = "#E8B4D8"


class MarksCalendar(QWidget):
    """One row per school week, Monday to Friday, AM and PM; each cell shows its code."""

    CELL = 18

    def __init__(self, code_book: CodeBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code_book = code_book
        self._by_session: dict[tuple[date, str], str] = {}
        self._weeks: list[date] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_marks(self, marks: list[Mark], weeks: int = 12) -> None:
        """Show the most recent `weeks` school weeks of marks."""
        self._by_session = {(mark.on, mark.session): mark.code for mark in marks}
        mondays = sorted({mark.on - timedelta(days=mark.on.weekday()) for mark in marks})
        self._weeks = mondays[-weeks:]
        self.setAccessibleDescription(
            f"{len(marks)} session marks over {len(self._weeks)} weeks" if marks else "No marks"
        )
        self.updateGeometry()
        self.update()

    def _left(self) -> int:
        return self.fontMetrics().horizontalAdvance("00/00/0000") + 8

    def _top(self) -> int:
        return self.fontMetrics().height() + 4

    def sizeHint(self) -> QSize:
        width = self._left() + 10 * self.CELL + 4 * 4 + 4
        return QSize(width, self._top() + max(len(self._weeks), 1) * (self.CELL + 2) + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _cell_rect(self, week: int, day: int, session: int) -> QRectF:
        x = self._left() + day * (2 * self.CELL + 4) + session * self.CELL
        y = self._top() + week * (self.CELL + 2)
        return QRectF(x, y, self.CELL - 1, self.CELL)

    def _describe(self, code: str | None, on: date) -> tuple[str, str]:
        """The colour and the hover text of one session."""
        if code is None:
            return ("", "")
        if code in ("-", ""):
            return (NO_MARK_COLOUR, "No mark entered")
        try:
            entry = self._code_book.lookup(code, on)
        except UnknownCodeError:
            return (UNKNOWN_COLOUR, f"'{code}' is not a register code on this date")
        label = self._code_book.class_labels.get(entry.code_class, entry.code_class.value)
        return (CLASS_COLOURS[entry.code_class], f"{code}: {entry.meaning} ({label})")

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        painter.setFont(small)
        painter.setPen(palette.text().color())
        for day, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri")):
            rect = self._cell_rect(0, day, 0)
            painter.drawText(
                QRectF(rect.left(), 0, 2 * self.CELL, self._top()),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
        if not self._weeks:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(
                QRectF(0, self._top(), self.width(), self.CELL),
                Qt.AlignmentFlag.AlignLeft,
                "No marks were imported for this pupil",
            )
            return
        for week, monday in enumerate(self._weeks):
            painter.setPen(palette.text().color())
            painter.drawText(
                QRectF(0, self._top() + week * (self.CELL + 2), self._left() - 6, self.CELL),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{monday:%d/%m/%Y}",
            )
            for day in range(5):
                on = monday + timedelta(days=day)
                for session_index, session in enumerate(("AM", "PM")):
                    self._paint_cell(painter, week, day, session_index, on, session)

    def _paint_cell(
        self, painter: QPainter, week: int, day: int, session_index: int, on: date, session: str
    ) -> None:
        rect = self._cell_rect(week, day, session_index)
        code = self._by_session.get((on, session))
        colour, _ = self._describe(code, on)
        if code is None:
            painter.setPen(QPen(QColor("#DDDDDD"), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            return
        painter.setPen(QPen(QColor("#9A9A9A"), 1))
        painter.setBrush(QColor(colour))
        painter.drawRect(rect)
        painter.setPen(QColor("#000000"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, code)

    def session_at(self, x: float, y: float) -> tuple[date, str] | None:
        for week, monday in enumerate(self._weeks):
            for day in range(5):
                for session_index, session in enumerate(("AM", "PM")):
                    if self._cell_rect(week, day, session_index).contains(QPointF(x, y)):
                        return (monday + timedelta(days=day), session)
        return None

    def tip_for(self, on: date, session: str) -> str:
        code = self._by_session.get((on, session))
        _, text = self._describe(code, on)
        when = f"{on:%a %d/%m/%Y} {session}"
        return f"{when} — {text}" if text else f"{when} — no session recorded"

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.session_at(event.pos().x(), event.pos().y())
            if found:
                QToolTip.showText(event.globalPos(), self.tip_for(*found), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def _free_box(
    width: float, height: float, y: float, rect: QRectF, placed: list[tuple[str, QRectF]]
) -> QRectF | None:
    """The first place on the line at `y` (at the right, the left or the middle of the plot)
    that stays in the plot and touches no label placed already."""
    top = min(max(y - height / 2, rect.top() + 1), rect.bottom() - height - 1)
    for left in (rect.right() - width - 2, rect.left() + 2, rect.center().x() - width / 2):
        box = QRectF(left, top, width, height)
        if not any(box.intersects(other) for _, other in placed):
            return box
    return None
