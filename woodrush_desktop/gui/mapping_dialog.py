"""Saying which header holds each field the importer could not recognise.

The importer remembers a confirmed mapping for that layout of sheet, so the officer answers
once per MIS report, not once per week.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

NOT_IN_FILE = "— not in this file —"


class MappingDialog(QDialog):
    """One drop-down of the sheet's headers per missing field, the importer's guess chosen."""

    def __init__(self, needed: Any, labels: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which column is which?")
        self.needed = needed
        layout = QVBoxLayout(self)
        sheet = html.escape(str(getattr(needed, "sheet", "") or ""))
        intro = QLabel(
            f"<p>Some columns of the sheet <b>{sheet}</b> were not recognised. Choose the "
            "header that holds each field below; Woodrush Attendance remembers the choice for "
            "exports laid out the same way.</p>",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        headers = [header for header in getattr(needed, "headers", []) if header]
        suggestions = getattr(needed, "suggestions", {}) or {}
        for key in getattr(needed, "missing", []):
            combo = QComboBox(self)
            combo.addItem(NOT_IN_FILE, None)
            for header in headers:
                combo.addItem(header, header)
            suggested = suggestions.get(key)
            if suggested in headers:
                combo.setCurrentIndex(headers.index(suggested) + 1)
            label = labels.get(key, key.replace("_", " "))
            combo.setAccessibleName(label)
            form.addRow(f"{label}:", combo)
            self.combos[key] = combo
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import with these columns")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        """Field key to header, for the fields given a header."""
        return {
            key: combo.currentData()
            for key, combo in self.combos.items()
            if combo.currentData() is not None
        }
