"""Settings (form in `ui/settings_dialog.ui`): the school's details for letters, the bands'
ranges and colours checked as a whole before use, where the data lives, backups.
"""

from __future__ import annotations

import copy
import html
import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.domain.policy import Band, Policy, PolicyError
from woodrush_desktop.gui.band_style import swatch_for, text_colour_on
from woodrush_desktop.gui.letter_templates_page import LetterTemplatesPage
from woodrush_desktop.gui.ui_loader import child, load_form
from woodrush_desktop.paths import user_log_dir
from woodrush_desktop.services.backup import (
    BackupError,
    RestoreResult,
    back_up_now,
    restore_backup,
)
from woodrush_desktop.services.settings import (
    SchoolDetails,
    restore_default_policy,
    save_school_details,
    use_policy,
)
from woodrush_desktop.store.database import DatabaseError

log = logging.getLogger(__name__)

SCHOOL_FIELDS = (
    "name",
    "address",
    "phone",
    "email",
    "headteacher",
    "attendance_lead",
    "signatory",
    "signatory_role",
    "senior_leader",
    "logo_path",
)


def back_up_or_warn(parent: QWidget, dialogs, store) -> Path | None:
    """Back up now; on failure the officer is told why. Returns the backup's path."""
    try:
        return back_up_now(store)
    except BackupError as error:
        dialogs.warning(parent, "No backup was made", str(error))
        return None


def ask_and_restore(parent: QWidget, dialogs, store) -> RestoreResult | None:
    """Choose a backup, confirm, restore it; None when cancelled or refused (with why)."""
    folder = str(store.path.parent) if store.path else ""
    chosen = dialogs.open_backup(parent, folder)
    if chosen is None:
        return None
    if not dialogs.ask(
        parent,
        "Restore this backup?",
        f"Everything in the database will be replaced by {chosen.name}. A copy of the "
        "current database is kept beside it first. Restore?",
    ):
        return None
    try:
        return restore_backup(store, chosen)
    except (BackupError, DatabaseError) as error:
        dialogs.warning(parent, "Nothing was restored", str(error))
        return None


def _number(value: float) -> int | float:
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


class BandEditor:
    """The widgets of one band's row: label, both bounds with "included", colour."""

    def __init__(self, band: Band, grid: QGridLayout, row: int, parent: QWidget, pick) -> None:
        self.key = band.key
        self.symbol = band.symbol
        self.colour = band.colour
        self.swatch = QLabel(parent)
        self.label = QLineEdit(band.label, parent)
        self.label.setAccessibleName(f"Label of the band {band.label}")
        self.lower = self._spin(float(band.lower.value), f"{band.label}: lower bound", parent)
        self.lower_included = QCheckBox("included", parent)
        self.lower_included.setChecked(band.lower.inclusive)
        self.upper = self._spin(float(band.upper.value), f"{band.label}: upper bound", parent)
        self.upper_included = QCheckBox("included", parent)
        self.upper_included.setChecked(band.upper.inclusive)
        self.colour_button = QPushButton(parent)
        self.colour_button.setAccessibleName(f"Colour of the band {band.label}")
        self.colour_button.clicked.connect(lambda: pick(self))
        for column, widget in enumerate(
            (
                self.swatch,
                self.label,
                self.lower,
                self.lower_included,
                self.upper,
                self.upper_included,
                self.colour_button,
            )
        ):
            grid.addWidget(widget, row, column)
        self.show_colour(band.colour)

    @staticmethod
    def _spin(value: float, name: str, parent: QWidget) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(parent)
        spin.setRange(0, 100)
        spin.setDecimals(2)
        spin.setSuffix("%")
        spin.setValue(value)
        spin.setAccessibleName(name)
        return spin

    def show_colour(self, colour: str) -> None:
        self.colour = colour.upper()
        self.swatch.setPixmap(swatch_for(self.swatch, self.colour, self.symbol, 20))
        ink = text_colour_on(self.colour).name()
        self.colour_button.setText(self.colour)
        self.colour_button.setStyleSheet(f"background-color: {self.colour}; color: {ink};")

    def apply_to(self, entry: dict[str, Any]) -> None:
        entry["label"] = self.label.text().strip()
        entry["colour"] = self.colour
        entry["lower"] = {
            "value": _number(self.lower.value()),
            "inclusive": self.lower_included.isChecked(),
        }
        entry["upper"] = {
            "value": _number(self.upper.value()),
            "inclusive": self.upper_included.isChecked(),
        }


class SettingsDialog(QDialog):
    """`changed` is True after anything was saved (the window then reloads)."""

    def __init__(self, context, dialogs, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialogs = dialogs
        self.changed = False
        form = load_form("settings_dialog", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.setWindowTitle(form.windowTitle())
        self.resize(820, 600)
        self.form = form
        self.tabs: QTabWidget = child(form, QTabWidget, "tabs")
        self._fill_school(context.school)
        child(form, QPushButton, "chooseLogoButton").clicked.connect(self._choose_logo)
        self.policy_error: QLabel = child(form, QLabel, "policyError")
        self.policy_error.setStyleSheet("color: #B00020;")
        self.bands_host: QWidget = child(form, QWidget, "bandsHost")
        self.band_grid = QGridLayout(self.bands_host)
        self._fill_bands(context.policy)
        child(form, QPushButton, "restoreDefaultsButton").clicked.connect(self.restore_defaults)
        self._fill_data()
        self.tabs.insertTab(1, LetterTemplatesPage(context.store, self.tabs), "Letter templates")
        child(form, QPushButton, "backupButton").clicked.connect(self.back_up)
        child(form, QPushButton, "restoreButton").clicked.connect(self.restore)
        buttons: QDialogButtonBox = child(form, QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

    # School details

    def _school_widget(self, key: str) -> QLineEdit | QPlainTextEdit:
        kind = QPlainTextEdit if key == "address" else QLineEdit
        return child(self.form, kind, f"school_{key}")

    def _fill_school(self, details: SchoolDetails) -> None:
        for key in SCHOOL_FIELDS:
            widget = self._school_widget(key)
            value = getattr(details, key)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)

    def school_details(self) -> SchoolDetails:
        values = {}
        for key in SCHOOL_FIELDS:
            widget = self._school_widget(key)
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            values[key] = text.strip()
        return SchoolDetails(**values)

    def _choose_logo(self) -> None:
        current = self._school_widget("logo_path").text()
        chosen = self.dialogs.choose_logo(self, str(Path(current).parent) if current else "")
        if chosen is not None:
            self._school_widget("logo_path").setText(str(chosen))

    # Bands

    def _fill_bands(self, policy: Policy) -> None:
        while self.band_grid.count():
            widget = self.band_grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for column, heading in enumerate(("", "Band", "From", "", "To", "", "Colour"), start=0):
            if heading:
                self.band_grid.addWidget(QLabel(f"<b>{heading}</b>", self.bands_host), 0, column)
        self.band_grid.setColumnStretch(1, 1)
        self.editors = [
            BandEditor(band, self.band_grid, row, self.bands_host, self._pick_colour)
            for row, band in enumerate(policy.bands, start=1)
        ]
        self._policy_shown = policy

    def _pick_colour(self, editor: BandEditor) -> None:
        chosen = self.dialogs.choose_colour(self, editor.colour)
        if chosen:
            editor.show_colour(chosen)

    def policy_document(self) -> dict[str, Any]:
        """The policy in force with the edited bands, as a document to check and use."""
        document = copy.deepcopy(self._policy_shown.raw)
        by_key = {editor.key: editor for editor in self.editors}
        for entry in document.get("bands", []):
            editor = by_key.get(entry.get("key"))
            if editor is not None:
                editor.apply_to(entry)
        return document

    def _bands_edited(self) -> bool:
        return self.policy_document() != self._policy_shown.raw

    def restore_defaults(self) -> None:
        if not self.dialogs.ask(
            self,
            "Restore the policy's defaults?",
            "The bands, their ranges, colours and responsibilities go back to the policy as "
            "shipped. Pupils' ticks and letters are kept.",
        ):
            return
        try:
            policy = restore_default_policy(self.context.store)
        except DatabaseError as error:
            self.dialogs.warning(self, "The policy was not changed", str(error))
            return
        self.changed = True
        self.policy_error.clear()
        self._fill_bands(policy)

    # Data and backups

    def _fill_data(self) -> None:
        path = self.context.store.path
        where = str(path) if path else "in memory (nothing is saved)"
        child(self.form, QLabel, "dataWhere").setText(
            f"<p>The database (every pupil, import, tick and letter) is the file:<br>"
            f"<b>{html.escape(where)}</b></p>"
            f"<p>The log, for whoever supports the program, is in:<br>"
            f"{html.escape(str(user_log_dir()))}</p>"
            "<p>Back up regularly, for example to a USB stick kept locked away: the file holds "
            "sensitive pupil data.</p>"
        )

    def _data_result(self, text: str) -> None:
        child(self.form, QLabel, "dataResult").setText(text)

    def back_up(self) -> None:
        target = back_up_or_warn(self, self.dialogs, self.context.store)
        if target is not None:
            self._data_result(f"Backed up to {target}")

    def restore(self) -> None:
        result = ask_and_restore(self, self.dialogs, self.context.store)
        if result is None:
            return
        self.changed = True
        self._data_result(
            f"Restored {result.restored_from.name}; the database as it was is kept as "
            f"{result.previous_copy.name}."
        )

    # Saving

    def save(self) -> None:
        """Save the details and, when edited, the bands; a refused policy keeps the dialog open."""
        store = self.context.store
        try:
            if self._bands_edited():
                use_policy(store, self.policy_document())
            save_school_details(store, self.school_details())
        except PolicyError as error:
            self.policy_error.setText(f"These bands cannot be used: {error}.")
            self.tabs.setCurrentWidget(child(self.form, QWidget, "bandsTab"))
            return
        except DatabaseError as error:
            self.dialogs.warning(self, "The settings were not saved", str(error))
            return
        log.info("settings saved")
        self.changed = True
        self.accept()
