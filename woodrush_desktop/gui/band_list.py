"""The left-hand list: every band with its colour, symbol, label and live count, then the groups
and the two officer's queues ("moved band since the last import", "no action yet").

Choosing an entry narrows the pupil table to it; the entry's key is the proxy's category.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.band_style import owner_icon
from woodrush_desktop.services.pupils import PupilRow

CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3

_ROOT = QModelIndex()  # the invisible root, the default parent in Qt's signatures


@dataclass(frozen=True, slots=True)
class Entry:
    category: str | None  # None is "all pupils"; headings have no category and cannot be chosen
    label: str
    tip: str
    icon: QIcon | None = None
    heading: bool = False


class BandListModel(QAbstractListModel):
    """Entries and their counts; counts are recomputed from the rows after every import."""

    def __init__(self, policy: Policy, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._counts: Counter[str | None] = Counter()
        self.set_policy(policy)

    def set_policy(self, policy: Policy) -> None:
        self.beginResetModel()
        entries = [
            Entry(None, "All pupils", "Every pupil on roll"),
            Entry("", "Bands", "", heading=True),
        ]
        for band in policy.bands:
            entries.append(
                Entry(
                    f"band:{band.key}",
                    band.label,
                    f"{band.label}: attendance {band.describe_bounds()}",
                    owner_icon(band),
                )
            )
        entries.append(Entry("", "Groups", "", heading=True))
        for group in policy.groups:
            entries.append(Entry(f"group:{group.key}", group.label, group.label, owner_icon(group)))
        entries.append(
            Entry("group:looked_after", "Looked-after children", "Looked-after children")
        )
        entries.append(Entry("", "To follow up", "", heading=True))
        entries.append(
            Entry(
                "moved",
                "Moved band since the last import",
                "Pupils whose band differs from the one the previous import put them in",
            )
        )
        entries.append(
            Entry(
                "no_action",
                "No action yet",
                "Pupils whose band or group asks the school to act, with no item ticked yet",
            )
        )
        self._entries = entries
        self.endResetModel()

    def set_counts(self, rows: list[PupilRow], needs_action: list[bool]) -> None:
        counts: Counter[str | None] = Counter()
        counts[None] = len(rows)
        for row, needed in zip(rows, needs_action, strict=True):
            if row.band:
                counts[f"band:{row.band}"] += 1
            for key in row.groups:
                counts[f"group:{key}"] += 1
            if row.looked_after:
                counts["group:looked_after"] += 1
            if row.moved_band:
                counts["moved"] += 1
            if needed:
                counts["no_action"] += 1
        self._counts = counts
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1), [])

    def count(self, category: str | None) -> int:
        return self._counts.get(category, 0)

    def row_of(self, category: str | None) -> int:
        for row, entry in enumerate(self._entries):
            if entry.category == category and not entry.heading:
                return row
        return 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._entries[index.row()].heading:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if entry.heading:
                return entry.label
            return f"{entry.label}: {self.count(entry.category)} pupils"
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tip or None
        if role == Qt.ItemDataRole.DecorationRole:
            return entry.icon
        if role == CATEGORY_ROLE:
            return entry.category
        if role == COUNT_ROLE:
            return None if entry.heading else self.count(entry.category)
        if role == HEADING_ROLE:
            return entry.heading
        if role == Qt.ItemDataRole.FontRole and entry.heading:
            font = QFont()
            font.setBold(True)
            return font
        return None


class BandListDelegate(QStyledItemDelegate):
    """Label on the left (wrapped, never cut off), count on the right; headings in bold."""

    ICON_SPACE = 30

    @staticmethod
    def _available_width(option: QStyleOptionViewItem) -> int:
        widget = option.widget
        if widget is not None and hasattr(widget, "viewport"):
            return widget.viewport().width()
        return option.rect.width()

    def _count_width(self, option: QStyleOptionViewItem, index: QModelIndex) -> int:
        count = index.data(COUNT_ROLE)
        if count is None:
            return 0
        return option.fontMetrics.horizontalAdvance(f"{count:,}") + 14

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = max(self._available_width(option), 120)
        text_width = width - self.ICON_SPACE - self._count_width(option, index)
        label = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, max(text_width, 40), 10_000), Qt.TextFlag.TextWordWrap, label
        )
        return QSize(width, max(bounds.height(), option.fontMetrics.height()) + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        count = index.data(COUNT_ROLE)
        label_option = QStyleOptionViewItem(option)
        self.initStyleOption(label_option, index)
        label_option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        right = min(option.rect.right(), option.rect.left() + self._available_width(option) - 1)
        count_width = self._count_width(option, index)
        full = QRect(
            option.rect.left(),
            option.rect.top(),
            right - option.rect.left() + 1,
            option.rect.height(),
        )
        label_option.rect = full.adjusted(0, 0, -count_width, 0)
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        background = QStyleOptionViewItem(label_option)
        background.rect = full
        background.text = ""
        background.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        label_option.state &= ~QStyle.StateFlag.State_HasFocus
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, label_option, painter, widget)
        if count is None:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        palette = option.palette
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        rect = QRect(right - count_width, full.top(), count_width - 6, full.height())
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, align, f"{count:,}")
        painter.restore()
