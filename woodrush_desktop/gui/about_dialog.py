"""Help ▸ About: the version, where the officer's data lives, and what the application carries.

A support person on the telephone asks two things first: which version, and where the
database is. Both are here, with buttons that open the folders. The licences of the bundled
font, Python, Qt and every library follow, each with its full text.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    qVersion,
)
from PySide6.QtGui import QDesktopServices, QFont, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop import APP_NAME, __version__
from woodrush_desktop.licences import Licence, bundled_licences
from woodrush_desktop.paths import default_db_path, resource, user_log_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
LICENCE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def application_icon() -> QIcon:
    """The application's icon at every size we render, for windows, dialogs and the taskbar."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", f"woodrush-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def log_folder() -> Path:
    """The folder `setup_logging` writes to (the environment can move it, as tests do)."""
    log_file = getattr(logging.getLogger(), "_woodrush_log_file", None)
    if log_file is not None:
        return Path(log_file).parent
    return Path(os.environ.get("WOODRUSH_LOG_DIR", "") or user_log_dir())


class LicenceTableModel(QAbstractTableModel):
    """One row per bundled component: its name, version and licence; the text by role."""

    COMPONENT, VERSION, LICENCE = range(3)
    HEADERS = ("Component", "Version", "Licence")

    def __init__(self, licences: list[Licence], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._licences = list(licences)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._licences)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._licences):
            return None
        licence = self._licences[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (licence.component, licence.version, licence.licence)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return licence.url
        if role == LICENCE_TEXT_ROLE:
            return licence.text
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def licence(self, row: int) -> Licence:
        return self._licences[row]


class AboutDialog(QDialog):
    """The About box. `open_url` is the seam tests replace so no file manager opens."""

    def __init__(
        self,
        parent: QWidget | None,
        db_path: Path | str | None,
        *,
        licences: list[Licence] | None = None,
        open_url: Callable[[QUrl], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(application_icon())
        self.setObjectName("about_dialog")
        self.db_path = Path(db_path) if db_path is not None else default_db_path()
        self.log_folder = log_folder()
        self._open_url = open_url or QDesktopServices.openUrl

        self.licence_model = LicenceTableModel(
            licences if licences is not None else bundled_licences(), self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self._heading())
        layout.addWidget(self._data_box())
        layout.addWidget(self._licence_box(), stretch=1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 760)

    def _heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        logo = QLabel(self)
        logo.setPixmap(application_icon().pixmap(64, 64))
        row.addWidget(logo, alignment=Qt.AlignmentFlag.AlignTop)

        title = QLabel(APP_NAME, self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.version_label = QLabel(f"Version {__version__}", self)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        python = ".".join(str(part) for part in sys.version_info[:3])
        built_with = QLabel(f"Qt {qVersion()} · PySide6 {pyside_version} · Python {python}", self)
        built_with.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        purpose = QLabel(
            "Attendance monitoring for the attendance officer: import the register, band "
            "pupils by the school's policy, track what has been done and print letters.",
            self,
        )
        purpose.setWordWrap(True)

        text = QVBoxLayout()
        for widget in (title, self.version_label, built_with, purpose):
            text.addWidget(widget)
        row.addLayout(text, stretch=1)
        return row

    def _data_box(self) -> QGroupBox:
        box = QGroupBox("Where your data lives", self)
        form = QFormLayout(box)
        self.db_label, self.show_db_button = self._path_row(form, "Database", self.db_path)
        backups = QLabel(
            "Beside the database, named "
            f"{self.db_path.stem}.before-vN-DATE{self.db_path.suffix}, taken before each "
            "upgrade of its format.",
            box,
        )
        backups.setWordWrap(True)
        form.addRow("Backups", backups)
        self.log_label, self.show_log_button = self._path_row(form, "Log", self.log_folder)
        return box

    def _path_row(self, form: QFormLayout, label: str, path: Path) -> tuple[QLabel, QPushButton]:
        text = QLabel(str(path), self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder = path if label == "Log" else path.parent
        button = QPushButton("Show folder", self)
        button.setEnabled(folder.is_dir())
        button.setToolTip(str(folder))
        button.clicked.connect(lambda: self.show_folder(folder))
        row = QHBoxLayout()
        row.addWidget(text, stretch=1)
        row.addWidget(button)
        form.addRow(label, row)
        return text, button

    def _licence_box(self) -> QGroupBox:
        box = QGroupBox("Licences of what the application carries", self)
        layout = QVBoxLayout(box)
        splitter = QSplitter(Qt.Orientation.Vertical, box)

        self.licence_view = QTableView(splitter)
        self.licence_view.setModel(self.licence_model)
        self.licence_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.licence_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.licence_view.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.licence_view.horizontalHeader()
        header.setSectionResizeMode(LicenceTableModel.COMPONENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            LicenceTableModel.VERSION, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(
            LicenceTableModel.LICENCE, QHeaderView.ResizeMode.ResizeToContents
        )

        self.licence_text = QPlainTextEdit(splitter)
        self.licence_text.setReadOnly(True)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter.setSizes([240, 260])
        layout.addWidget(splitter)

        self.licence_view.selectionModel().currentRowChanged.connect(self._show_licence)
        if self.licence_model.rowCount():
            self.licence_view.selectRow(0)
        return box

    def _show_licence(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.licence_text.clear()
            return
        licence = self.licence_model.licence(current.row())
        heading = f"{licence.component} {licence.version}".strip()
        where = f"\n{licence.url}" if licence.url else ""
        body = licence.text or "The licence text was not found in this installation."
        self.licence_text.setPlainText(f"{heading}: {licence.licence}{where}\n\n{body}")

    def show_folder(self, folder: Path) -> None:
        """Open the folder in the desktop's file manager."""
        self._open_url(QUrl.fromLocalFile(str(folder)))
