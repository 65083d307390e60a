"""A responsibilities checklist in the policy's three columns: parents/carers, the school,
other stakeholders. Used for one pupil (their band's and groups' items) and for the school.

The view only shows and asks; whoever owns it records the tick through
`services.checklist` and calls `set_ticks` with what was saved.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.domain.policy import COLUMN_KEYS, COLUMN_LABELS, Item, Policy
from woodrush_desktop.gui.band_style import swatch_for
from woodrush_desktop.services.checklist import TickRecord


def describe_tick(tick: TickRecord) -> str:
    who = f" by {tick.done_by}" if tick.done_by else ""
    note = f": {tick.note}" if tick.note else ""
    return f"Done {tick.done_on:%d/%m/%Y}{who}{note}"


class ChecklistItemRow(QWidget):
    """One item: a check box, its wrapped text, and when it was done (with a Details… button)."""

    toggled = Signal(str, bool)
    edit_requested = Signal(str)

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.check = QCheckBox(self)
        self.check.setAccessibleName(item.text)
        self.check.setToolTip("Tick when done: it is saved at once with today's date")
        self.text = QLabel(item.text, self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # policy text, never markup
        self.text.setWordWrap(True)
        self.text.setBuddy(self.check)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the officer's own note
        self.status.setWordWrap(True)
        self.status.setObjectName("tickStatus")
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.details = QToolButton(self)
        self.details.setText("Details…")
        self.details.setAccessibleName(f"Date, who and note for: {item.text}")
        self.details.setAutoRaise(True)
        text_column = QVBoxLayout()
        text_column.setSpacing(0)
        text_column.addWidget(self.text)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.details, 0, Qt.AlignmentFlag.AlignTop)
        text_column.addLayout(status_row)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(6)
        self.check.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text_column, 1)
        self.check.toggled.connect(lambda checked: self.toggled.emit(self.item.key, checked))
        self.details.clicked.connect(lambda: self.edit_requested.emit(self.item.key))
        self.set_tick(None)

    def mousePressEvent(self, event) -> None:
        """Clicking the item's text toggles it, as clicking a check box's own label would."""
        if event.button() == Qt.MouseButton.LeftButton and self.text.geometry().contains(
            event.position().toPoint()
        ):
            self.check.toggle()
            return
        super().mousePressEvent(event)

    def set_tick(self, tick: TickRecord | None) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(tick is not None)
        self.check.blockSignals(False)
        self.status.setText(describe_tick(tick) if tick else "")
        self.status.setVisible(tick is not None)
        self.details.setVisible(tick is not None)


class ChecklistView(QWidget):
    """Items laid out in the three policy columns, with the owner (band or group) as a caption."""

    toggled = Signal(str, bool)
    edit_requested = Signal(str)

    STACK_BELOW = 640  # narrower than this, the three columns are shown one above another

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, ChecklistItemRow] = {}
        self._columns: list[QWidget] = []
        self._stacked: bool | None = None
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(14)
        self._empty = QLabel(self)
        self._empty.setWordWrap(True)

    def rows(self) -> dict[str, ChecklistItemRow]:
        return dict(self._rows)

    def set_items(
        self,
        policy: Policy,
        items: list[Item],
        ticks: dict[str, TickRecord],
        empty_text: str = "Nothing to do: the policy sets no responsibilities here.",
    ) -> None:
        self._clear()
        if not items:
            self._empty.setText(empty_text)
            self._empty.show()
            self._layout.addWidget(self._empty, 0, 0)
            return
        self._empty.hide()
        owners = {item.owner for item in items}
        self._columns = [
            self._column(policy, column, items, ticks, len(owners) > 1) for column in COLUMN_KEYS
        ]
        self._stacked = None
        self._arrange()

    def _arrange(self) -> None:
        stacked = self.width() < self.STACK_BELOW
        if stacked == self._stacked or not self._columns:
            return
        self._stacked = stacked
        for widget in self._columns:
            self._layout.removeWidget(widget)
        for position, widget in enumerate(self._columns):
            row, column = (position, 0) if stacked else (0, position)
            self._layout.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
        for column in range(len(self._columns)):
            self._layout.setColumnStretch(column, 0 if stacked and column else 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _column(
        self,
        policy: Policy,
        column: str,
        items: list[Item],
        ticks: dict[str, TickRecord],
        captions: bool,
    ) -> QWidget:
        box = QFrame(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"<b>{COLUMN_LABELS[column]}</b>", box)
        layout.addWidget(heading)
        column_items = [item for item in items if item.column == column]
        if not column_items:
            none = QLabel("Nothing set for this column.", box)
            none.setWordWrap(True)
            none.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(none)
        owner = None
        for item in column_items:
            if captions and item.owner != owner:
                owner = item.owner
                layout.addWidget(self._caption(policy, owner, box))
            row = ChecklistItemRow(item, box)
            row.set_tick(ticks.get(item.key))
            row.toggled.connect(self.toggled)
            row.edit_requested.connect(self.edit_requested)
            self._rows[item.key] = row
            layout.addWidget(row)
        layout.addStretch(1)
        return box

    @staticmethod
    def _caption(policy: Policy, owner_key: str, parent: QWidget) -> QWidget:
        owners = {owner.key: owner for owner in (*policy.bands, *policy.groups)}
        owner = owners.get(owner_key)
        caption = QWidget(parent)
        layout = QHBoxLayout(caption)
        layout.setContentsMargins(0, 6, 0, 0)
        if owner is not None:
            swatch = QLabel(caption)
            swatch.setPixmap(swatch_for(caption, owner.colour, owner.symbol, 14))
            layout.addWidget(swatch)
        text = QLabel(f"<i>{html.escape(owner.label if owner else owner_key)}</i>", caption)
        text.setWordWrap(True)
        layout.addWidget(text, 1)
        return caption

    def set_tick(self, item_key: str, tick: TickRecord | None) -> None:
        row = self._rows.get(item_key)
        if row is not None:
            row.set_tick(tick)

    def _clear(self) -> None:
        self._rows.clear()
        self._columns = []
        while self._layout.count():
            entry = self._layout.takeAt(0)
            widget = entry.widget()
            if widget is not None and widget is not self._empty:
                widget.hide()
                widget.deleteLater()
        for column in range(self._layout.columnCount()):
            self._layout.setColumnStretch(column, 0)
