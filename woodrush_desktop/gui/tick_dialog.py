"""Correcting a tick's date, who did it and its note (form in `ui/tick_dialog.ui`)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from woodrush_desktop.gui.dialogs import TickDetails
from woodrush_desktop.gui.ui_loader import child, load_form

MIN_WIDTH_CHARACTERS = 60


class TickDialog(QDialog):
    def __init__(self, item_text: str, current: TickDetails, parent=None) -> None:
        super().__init__(parent)
        form = load_form("tick_dialog", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.setWindowTitle(form.windowTitle())
        child(form, QLabel, "itemText").setText(item_text)
        self._fit_width()
        self.done_on: QDateEdit = child(form, QDateEdit, "doneOn")
        self.done_on.setDate(
            QDate(current.done_on.year, current.done_on.month, current.done_on.day)
        )
        self.done_on.setMaximumDate(QDate.currentDate())
        self.done_by: QLineEdit = child(form, QLineEdit, "doneBy")
        self.done_by.setText(current.done_by)
        self.note: QPlainTextEdit = child(form, QPlainTextEdit, "note")
        self.note.setPlainText(current.note)
        buttons: QDialogButtonBox = child(form, QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _fit_width(self) -> None:
        """Wide enough for a few words a line in the wrapped item text at any font size; a
        width in pixels would squeeze the text at large fonts."""
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * MIN_WIDTH_CHARACTERS)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_width()

    def details(self) -> TickDetails:
        chosen = self.done_on.date()
        return TickDetails(
            done_on=date(chosen.year(), chosen.month(), chosen.day()),
            done_by=self.done_by.text().strip(),
            note=self.note.toPlainText().strip(),
        )
