"""The letters dialog (form in `ui/letters_dialog.ui`): choose, prepare, preview, print, save.

The window opens it with the pupils of the table's filter or selection. Preparing a batch runs
off the GUI thread through the task runner and writes nothing; printing or saving records the
letters in the letter log, once. Modal choices (the print dialog, where to save, warnings) go
through `LetterFiles`, so tests answer them without a modal loop.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTime
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.documents.model import MeetingDetails
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.pdf_preview import PdfPreview, print_pdf
from woodrush_desktop.gui.tasks import Task, TaskControl, TaskRunner
from woodrush_desktop.gui.ui_loader import child, load_form
from woodrush_desktop.progress import CancelledError
from woodrush_desktop.services.letters import (
    BatchPlan,
    LetterBatch,
    LetterError,
    PupilNote,
    build_from_plan,
    intended_bands,
    list_kinds,
    plan_batch,
    record_batch,
)
from woodrush_desktop.services.settings import school_details_saved
from woodrush_desktop.store.database import DatabaseError, Store

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #B00020;"
Index = QModelIndex | QPersistentModelIndex


class LetterFiles:
    """The modal choices the dialog needs; tests pass a subclass that answers at once."""

    def save_path(self, parent: QWidget, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Save the letters as PDF", suggested, "PDF files (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def print_setup(self, parent: QWidget, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print the letters")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def warning(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def ask_retry(self, parent: QWidget, title: str, text: str) -> bool:
        """Whether to try recording again (the letters are already printed or saved)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        retry = box.addButton("Retry recording", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retry)
        box.exec()
        return box.clickedButton() is retry


class PupilNotesModel(QAbstractTableModel):
    """Pupils left out of a batch, with why; held pupils can be ticked to include them."""

    NAME, REASON = range(2)
    HEADERS = ("Pupil", "Reason")

    def __init__(self, checkable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checkable = checkable
        self._notes: list[PupilNote] = []
        self._checked: set[int] = set()

    def set_notes(self, notes: list[PupilNote], checked: set[int] | None = None) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self._checked = {note.pupil_id for note in notes} & (checked or set())
        self.endResetModel()

    def checked_ids(self) -> set[int]:
        return set(self._checked)

    def check_all(self, checked: bool) -> None:
        self._checked = {note.pupil_id for note in self._notes} if checked else set()
        if self._notes:
            last = self.index(len(self._notes) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._notes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self._notes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return note.name if index.column() == self.NAME else note.reason
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            included = note.pupil_id in self._checked
            return Qt.CheckState.Checked if included else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and self.checkable and index.column() == 0):
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        pupil_id = self._notes[index.row()].pupil_id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(pupil_id)
        else:
            self._checked.discard(pupil_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


@dataclass(frozen=True)
class Choices:
    """What the officer chose, as the services take it."""

    kind: str
    issued_on: date
    meeting: MeetingDetails | None
    review_on: date | None
    include_already_sent: bool
    only_intended_band: bool
    include_held: frozenset[int]


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _to_time(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class LettersDialog(QDialog):
    """Letters for the given pupils: `batch` holds the prepared batch once built."""

    def __init__(
        self,
        store: Store,
        policy: Policy,
        pupil_ids: list[int],
        runner: TaskRunner,
        parent: QWidget | None = None,
        kind: str | None = None,
        files: LetterFiles | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.policy = policy
        self.pupil_ids = list(pupil_ids)
        self.runner = runner
        self.files = files or LetterFiles()
        self.batch: LetterBatch | None = None
        self.plan: BatchPlan | None = None
        self.task: Task | None = None
        self._printer: QPrinter | None = None

        form = load_form("letters_dialog", self)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        self.setWindowTitle(form.windowTitle())
        self.resize(1180, 760)
        self._find_widgets(form)
        self.preview = PdfPreview(
            self.preview_host,
            "Choose the letter and press Prepare letters to see every page here before "
            "printing. Nothing is recorded until you print or save.",
        )
        host_layout = QVBoxLayout(self.preview_host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        host_layout.addWidget(self.preview)
        self.held_model = PupilNotesModel(checkable=True, parent=self)
        self.skipped_model = PupilNotesModel(checkable=False, parent=self)
        self._set_up_table(self.held_view, self.held_model)
        self._set_up_table(self.skipped_view, self.skipped_model)
        self._fill_defaults(kind)
        self._connect()
        self._set_busy(False)
        self._show_kind()

    # Building the form

    def _find_widgets(self, form: QWidget) -> None:
        self.pupil_count: QLabel = child(form, QLabel, "pupilCountLabel")
        self.kind_combo: QComboBox = child(form, QComboBox, "kindCombo")
        self.kind_description: QLabel = child(form, QLabel, "kindDescription")
        self.issued_date: QDateEdit = child(form, QDateEdit, "issuedDate")
        self.meeting_group: QGroupBox = child(form, QGroupBox, "meetingGroup")
        self.meeting_date: QDateEdit = child(form, QDateEdit, "meetingDate")
        self.meeting_time: QTimeEdit = child(form, QTimeEdit, "meetingTime")
        self.meeting_place: QLineEdit = child(form, QLineEdit, "meetingPlace")
        self.meeting_with: QLineEdit = child(form, QLineEdit, "meetingWith")
        self.review_group: QGroupBox = child(form, QGroupBox, "reviewGroup")
        self.review_date: QDateEdit = child(form, QDateEdit, "reviewDate")
        self.only_band: QCheckBox = child(form, QCheckBox, "onlyBandCheck")
        self.include_sent: QCheckBox = child(form, QCheckBox, "includeSentCheck")
        self.build_button: QPushButton = child(form, QPushButton, "buildButton")
        self.progress: QProgressBar = child(form, QProgressBar, "progressBar")
        self.cancel_button: QPushButton = child(form, QPushButton, "cancelButton")
        self.summary: QLabel = child(form, QLabel, "summaryLabel")
        self.notes_tabs: QTabWidget = child(form, QTabWidget, "notesTabs")
        self.held_view: QTableView = child(form, QTableView, "heldView")
        self.skipped_view: QTableView = child(form, QTableView, "skippedView")
        self.tick_all: QPushButton = child(form, QPushButton, "tickAllButton")
        self.untick_all: QPushButton = child(form, QPushButton, "untickAllButton")
        self.preview_host: QWidget = child(form, QWidget, "previewHost")
        self.print_button: QPushButton = child(form, QPushButton, "printButton")
        self.save_button: QPushButton = child(form, QPushButton, "saveButton")
        self.close_button: QPushButton = child(form, QPushButton, "closeButton")

    @staticmethod
    def _set_up_table(view: QTableView, model: PupilNotesModel) -> None:
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.setWordWrap(False)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def _fill_defaults(self, kind: str | None) -> None:
        for spec in list_kinds():
            self.kind_combo.addItem(spec.label, spec.key)
        index = self.kind_combo.findData(kind or "concern")
        self.kind_combo.setCurrentIndex(max(index, 0))
        today = date.today()
        meeting_day = default_meeting_day(today)
        review_day = today + timedelta(weeks=6)
        self.issued_date.setDate(QDate(today.year, today.month, today.day))
        self.meeting_date.setDate(QDate(meeting_day.year, meeting_day.month, meeting_day.day))
        self.meeting_time.setTime(QTime(15, 30))
        self.review_date.setDate(QDate(review_day.year, review_day.month, review_day.day))
        chosen = _plural(len(self.pupil_ids), "pupil")
        text = f"<b>{chosen}</b> chosen in the pupil table."
        if not school_details_saved():
            text += (
                "<br>The school's details (names, address, telephone) have not been entered "
                "in Settings yet, so these letters would carry the defaults."
            )
        self.pupil_count.setText(text)

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._show_kind)
        for widget in (self.only_band, self.include_sent):
            widget.toggled.connect(self._choices_changed)
        for edit in (self.issued_date, self.meeting_date, self.review_date):
            edit.dateChanged.connect(self._choices_changed)
        self.meeting_time.timeChanged.connect(self._choices_changed)
        self.meeting_place.textEdited.connect(self._choices_changed)
        self.meeting_with.textEdited.connect(self._choices_changed)
        self.build_button.clicked.connect(self.prepare)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_letters)
        self.save_button.clicked.connect(self.save_letters)
        self.close_button.clicked.connect(self.reject)
        self.tick_all.clicked.connect(lambda: self.held_model.check_all(True))
        self.untick_all.clicked.connect(lambda: self.held_model.check_all(False))

    # Choices

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _show_kind(self) -> None:
        spec = next(spec for spec in list_kinds() if spec.key == self.kind())
        self.kind_description.setText(spec.description)
        self.meeting_group.setVisible(spec.needs_meeting or spec.key == "meeting_record")
        self.review_group.setVisible(spec.key == "early_help_plan")
        bands = intended_bands(spec.key, self.policy)
        self.only_band.setVisible(bool(bands))  # a form is for any band
        if bands:
            labels = " or ".join(self.policy.band(key).label.lower() for key in bands)
            self.only_band.setText(f"Only pupils who are {labels}")
        self._choices_changed()

    def choices(self) -> Choices:
        spec = next(spec for spec in list_kinds() if spec.key == self.kind())
        meeting = None
        if not self.meeting_group.isHidden() or spec.needs_meeting:
            place = self.meeting_place.text().strip()
            if place or spec.needs_meeting:
                meeting = MeetingDetails(
                    _to_date(self.meeting_date.date()),
                    _to_time(self.meeting_time.time()),
                    place,
                    self.meeting_with.text().strip(),
                )
        return Choices(
            kind=spec.key,
            issued_on=_to_date(self.issued_date.date()),
            meeting=meeting,
            review_on=_to_date(self.review_date.date()) if spec.key == "early_help_plan" else None,
            include_already_sent=self.include_sent.isChecked(),
            only_intended_band=self.only_band.isChecked() and not self.only_band.isHidden(),
            include_held=frozenset(self.held_model.checked_ids()),
        )

    def _choices_changed(self) -> None:
        """A prepared batch no longer matches the choices: it must be prepared again."""
        if self.batch is not None and not self.batch.recorded:
            self.batch = None
            self.preview.clear("The choices changed: press Prepare letters again to preview.")
        self._update_buttons()

    # Preparing

    def prepare(self) -> None:
        if self.task is not None:
            return
        choices = self.choices()
        if choices.meeting is not None and not choices.meeting.place:
            self._say("Enter where the meeting is before preparing the letters.", error=True)
            self.meeting_place.setFocus()
            return
        store, policy, pupil_ids = self.store, self.policy, self.pupil_ids

        def work(control: TaskControl) -> tuple[BatchPlan, LetterBatch | None]:
            try:
                plan = plan_batch(
                    store,
                    policy,
                    choices.kind,
                    pupil_ids=pupil_ids,
                    meeting=choices.meeting,
                    include_already_sent=choices.include_already_sent,
                    include_held=choices.include_held,
                    issued_on=choices.issued_on,
                    review_on=choices.review_on,
                    only_intended_band=choices.only_intended_band,
                )
                if not plan.letters:
                    return plan, None
                batch = build_from_plan(
                    plan, progress=control.progress, cancelled=control.cancelled
                )
                return plan, batch
            finally:
                if threading.current_thread() is not threading.main_thread():
                    store.db.close()  # the worker's own connection

        self.batch = None
        self.preview.clear("Preparing the letters…")
        self._say(f"Preparing letters for {_plural(len(pupil_ids), 'pupil')}…")
        self._set_busy(True)
        task = self.runner.run(
            work,
            on_success=self._prepared,
            on_failure=self._failed,
            on_progress=self._progressed,
        )
        if self._busy:
            self.task = task

    def _prepared(self, result: tuple[BatchPlan, LetterBatch | None]) -> None:
        self.task = None
        self._set_busy(False)
        plan, batch = result
        self.plan = plan
        self.batch = batch
        self.held_model.set_notes(plan.held, set(self.choices().include_held))
        self.skipped_model.set_notes(plan.skipped)
        self.notes_tabs.setTabText(0, f"Held back for review ({len(plan.held)})")
        self.notes_tabs.setTabText(1, f"Skipped ({len(plan.skipped)})")
        parts = []
        if batch is not None:
            pages = self._set_preview(batch)
            parts.append(
                f"<b>{_plural(len(batch.letters), 'letter')}</b> for "
                f"{_plural(len(batch.pupil_ids), 'pupil')}, {_plural(pages, 'page')}."
            )
        else:
            self.preview.clear("No letters to print for these choices: see the lists.")
            parts.append("<b>No letters to print.</b>")
        if plan.held:
            parts.append(f"{_plural(len(plan.held), 'pupil')} held back for review.")
            self.notes_tabs.setCurrentIndex(0)
        if plan.skipped:
            parts.append(f"{_plural(len(plan.skipped), 'pupil')} skipped.")
            if not plan.held:
                self.notes_tabs.setCurrentIndex(1)
        self._say(" ".join(parts))
        self._update_buttons()

    def _set_preview(self, batch: LetterBatch) -> int:
        self.preview.set_pdf(batch.pdf)
        return self.preview.page_count()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        if isinstance(error, CancelledError):
            self.preview.clear("Cancelled: nothing was printed or recorded.")
            self._say("Cancelled: nothing was printed or recorded.")
        elif isinstance(error, (LetterError, DatabaseError)):
            self.preview.clear(str(error))
            self._say(str(error), error=True)
        else:
            raise error
        self._update_buttons()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)
        if text:
            self._say(text)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # Printing and saving: each records the batch in the letter log, once

    def print_letters(self) -> None:
        batch = self.batch
        if batch is None or self.task is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.kind_combo.currentText())
        if not self.files.print_setup(self, printer):
            return
        self._printer = printer
        data = batch.pdf

        def work(control: TaskControl) -> int:
            return print_pdf(data, printer, progress=control.progress, cancelled=control.cancelled)

        self._set_busy(True)
        self._say(f"Printing {_plural(len(batch.letters), 'letter')}…")
        task = self.runner.run(
            work,
            on_success=lambda pages: self._output_done(batch, f"Printed {_plural(pages, 'page')}"),
            on_failure=self._output_failed,
            on_progress=self._progressed,
        )
        if self._busy:
            self.task = task

    def save_letters(self) -> None:
        batch = self.batch
        if batch is None or self.task is not None:
            return
        suggested = f"{self.kind_combo.currentText()} {self.choices().issued_on:%d-%m-%Y}.pdf"
        path = self.files.save_path(self, suggested)
        if path is None:
            return
        try:
            _write_file(path, batch.pdf)
        except OSError as error:
            self.files.warning(
                self,
                "Save as PDF",
                f"The letters could not be saved to {path}: {error.strerror or error}. "
                "Choose another folder, or free some space, and save again. "
                "Nothing was recorded.",
            )
            return
        self._output_done(batch, f"Saved to {path.name}")

    def _output_done(self, batch: LetterBatch, what: str) -> None:
        self.task = None
        self._set_busy(False)
        self._printer = None
        already = batch.recorded
        while True:
            try:
                record_batch(self.store, self.policy, batch)
                break
            except DatabaseError as error:
                message = f"{what}, but {error}"
                if not self.files.ask_retry(self, "Letter log", message):
                    self._say(f"{message} Save as PDF to record them.", error=True)
                    self._update_buttons()
                    return
        recorded = (
            ""
            if already
            else (f"; {_plural(len(batch.letters), 'letter')} recorded in the letter log")
        )
        self._say(f"{what}{recorded}.")
        self._update_buttons()

    def _output_failed(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        self._printer = None
        if isinstance(error, CancelledError):
            self._say("Printing cancelled: nothing was recorded.")
        else:
            log.warning("printing failed: %s", type(error).__name__)
            self.files.warning(
                self, "Print", f"The letters could not be printed: {error}. Nothing was recorded."
            )
        self._update_buttons()

    # State

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not busy:
            self.progress.reset()
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = getattr(self, "_busy", False)
        ready = self.batch is not None and not busy
        self.build_button.setEnabled(not busy and bool(self.pupil_ids))
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.kind_combo.setEnabled(not busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setStyleSheet(ERROR_STYLE if error else "")
        self.summary.setText(text)

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
        super().reject()


def _write_file(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a full disk never leaves half a PDF."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def default_meeting_day(today: date) -> date:
    """A week on, moved off the weekend: the day the form suggests for a meeting."""
    day = today + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
