"""The seam between the window and every modal dialog it opens.

The window never calls `QFileDialog`, `QMessageBox` or a dialog's `exec()` itself: it asks a
`Dialogs` object. Tests pass a subclass that answers at once and records what was asked, so
no test ever blocks on a modal loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

REGISTER_FILTER = (
    "Register exports (*.xlsx *.xlsm *.xls *.csv *.ods);;"
    "Spreadsheets (*.xlsx *.xlsm *.xls *.ods);;CSV files (*.csv);;All files (*)"
)
BACKUP_FILTER = "Woodrush databases (*.db);;All files (*)"


@dataclass(frozen=True, slots=True)
class TickDetails:
    """What the officer records with a tick: when, who and a note."""

    done_on: date
    done_by: str
    note: str


@dataclass(frozen=True, slots=True)
class FlagEdits:
    """What the officer chose for a pupil's flags: values to set by hand, flags to hand back."""

    values: dict[str, bool | str | None] = field(default_factory=dict)
    to_mis: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.values or self.to_mis)


class Dialogs:
    """Real dialogs; every method returns what the user chose, or None when they cancelled."""

    def open_register(self, parent: QWidget | None, folder: str = "") -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Import a register export", folder, REGISTER_FILTER
        )
        return Path(chosen) if chosen else None

    def open_backup(self, parent: QWidget | None, folder: str = "") -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Restore a backup", folder, BACKUP_FILTER)
        return Path(chosen) if chosen else None

    def choose_logo(self, parent: QWidget | None, folder: str = "") -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Choose the school's logo", folder, "Images (*.png *.jpg *.jpeg)"
        )
        return Path(chosen) if chosen else None

    def choose_colour(self, parent: QWidget | None, current: str) -> str | None:
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QColorDialog

        chosen = QColorDialog.getColor(QColor(current), parent, "Choose the band's colour")
        return chosen.name().upper() if chosen.isValid() else None

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warning(
        self, parent: QWidget | None, title: str, text: str, details: str | None = None
    ) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent
        )
        if details:
            box.setDetailedText(details)
        box.exec()

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def choose(
        self, parent: QWidget | None, title: str, text: str, accept: str, reject: str
    ) -> bool:
        """A question answered by one of two buttons that say what each does; True for
        `accept`. Closing the box counts as `reject`, the choice that changes nothing."""
        box, yes = choice_box(parent, title, text, accept, reject)
        box.exec()
        return box.clickedButton() is yes

    def show_refusal(self, parent: QWidget | None, file_name: str, refusal: Any) -> None:
        from woodrush_desktop.gui.problems_dialog import ProblemsDialog

        ProblemsDialog.refused(file_name, refusal, parent).exec()

    def choose_mapping(self, parent: QWidget | None, needed: Any, labels: dict) -> dict | None:
        from woodrush_desktop.gui.mapping_dialog import MappingDialog

        dialog = MappingDialog(needed, labels, parent)
        return dialog.mapping() if dialog.exec() else None

    def show_import_report(self, parent: QWidget | None, result: Any) -> None:
        from woodrush_desktop.gui.problems_dialog import ProblemsDialog

        ProblemsDialog.imported(result, parent).exec()

    def edit_tick(
        self, parent: QWidget | None, item_text: str, current: TickDetails
    ) -> TickDetails | None:
        from woodrush_desktop.gui.tick_dialog import TickDialog

        dialog = TickDialog(item_text, current, parent)
        return dialog.details() if dialog.exec() else None

    def edit_flags(
        self, parent: QWidget | None, pupil_name: str, states: list[Any]
    ) -> FlagEdits | None:
        """The pupil's flags (`services.flags.FlagState`s); None when cancelled."""
        from woodrush_desktop.gui.flags_dialog import FlagsDialog

        dialog = FlagsDialog(pupil_name, states, parent)
        return dialog.edits() if dialog.exec() else None

    def settings(self, parent: QWidget | None, context: Any) -> bool:
        """Open Settings; True when something was saved."""
        from woodrush_desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(context, self, parent)
        dialog.exec()
        return dialog.changed

    def open_letters(
        self, parent: QWidget | None, context: Any, pupil_ids: list[int], kind: str | None = None
    ) -> None:
        """The letters dialog, with `kind` (the policy's letter for the pupils' band) chosen."""
        from woodrush_desktop.gui.letters_dialog import LettersDialog

        LettersDialog(
            context.store, context.policy, pupil_ids, context.runner, parent, kind=kind
        ).exec()

    def save_file(
        self, parent: QWidget | None, title: str, suggested: str, filters: str
    ) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(chosen) if chosen else None

    def about(self, parent: QWidget | None, db_path: Path | None) -> None:
        from woodrush_desktop.gui.about_dialog import AboutDialog

        AboutDialog(parent, db_path).exec()


def choice_box(
    parent: QWidget | None, title: str, text: str, accept: str, reject: str
) -> tuple[QMessageBox, QPushButton]:
    """The box `Dialogs.choose` shows and its accepting button, built apart so a screenshot
    can be taken of it."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    if parent is not None:
        box.setParent(parent, box.windowFlags())
    yes = box.addButton(accept, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(reject, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    return box, yes
