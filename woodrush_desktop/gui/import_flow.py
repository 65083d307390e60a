"""Importing from the window: off the GUI thread, with progress and Cancel, the column-mapping
dialog when the importer needs one, the data-quality report at the end, and refused files
explained by sheet, row and column.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.dialogs import Dialogs
from woodrush_desktop.gui.tasks import Task, TaskControl
from woodrush_desktop.progress import CancelledError
from woodrush_desktop.store.database import DatabaseError

log = logging.getLogger(__name__)

RECENT_KEY = "import/recent_files"
RECENT_LIMIT = 8


def field_labels() -> dict[str, str]:
    """The importer's names for the fields a mapping assigns."""
    from woodrush_desktop.services import importing

    labels = getattr(importing, "FIELD_LABELS", None)
    if labels is None:
        from woodrush_desktop.importing.headers import FIELD_LABELS

        labels = FIELD_LABELS
    return dict(labels)


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(entry) for entry in value or []]


def remember_file(settings: QSettings, path: Path) -> None:
    entries = [str(path), *[entry for entry in recent_files(settings) if entry != str(path)]]
    settings.setValue(RECENT_KEY, entries[:RECENT_LIMIT])


class ImportFlow(QObject):
    """Runs one import at a time; `imported` carries the ImportResult of each success."""

    imported = Signal(object)
    busy_changed = Signal(bool)

    def __init__(
        self,
        context: AppContext,
        dialogs: Dialogs,
        window: QWidget,
        settings: QSettings,
        status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.context = context
        self.dialogs = dialogs
        self.window = window
        self.settings = settings
        self.status = status
        self.task: Task | None = None
        self._done = True
        self.progress: QProgressDialog | None = None

    def is_busy(self) -> bool:
        return self.task is not None

    def start(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        then: Callable[[Any], None] | None = None,
        report: bool = True,
        full_export: bool = True,
        confirm_leavers: bool = False,
    ) -> bool:
        """Begin importing `path`; False when another import is still running.

        `full_export=False` is a file of some pupils only: nobody missing from it is marked
        as left. `confirm_leavers` imports the same file again with every pupil missing from
        it marked as left, after the officer said they have left.
        """
        if self.task is not None:
            self.status("An import is already running: wait for it, or cancel it.")
            return False
        store = self.context.store
        policy = self.context.policy
        log.info("import started from the window: %s", Path(path).suffix or "no extension")

        def work(control: TaskControl) -> Any:
            from woodrush_desktop.services.importing import import_file

            try:
                return import_file(
                    store,
                    Path(path),
                    sheet=sheet,
                    mapping=mapping,
                    policy=policy,
                    full_export=full_export,
                    confirm_leavers=confirm_leavers,
                    progress=control.progress,
                    cancelled=control.cancelled,
                )
            finally:
                if threading.current_thread() is not threading.main_thread():
                    store.db.close()  # the worker's own connection, not the window's

        text = (
            f"Marking the leavers from {Path(path).name}…"
            if confirm_leavers
            else f"Importing {Path(path).name}…"
        )

        def succeeded(result: Any) -> None:
            if report and then is None and full_export and self._ask_leavers(path, result):
                self.start(path, sheet=sheet, mapping=mapping, confirm_leavers=True)
                return
            self._succeeded(Path(path), result, then, report)

        return self._run(
            text,
            work,
            succeeded,
            lambda error: self._failed(Path(path), error, sheet, then, report, full_export),
        )

    def prepare(
        self, text: str, work: Callable[[TaskControl], Any], then: Callable[[Any], None]
    ) -> bool:
        """Run a step before importing (writing the demo school's exports) the same way:
        off the GUI thread, with progress and Cancel; `then` gets its result."""

        def failed(error: BaseException) -> None:
            if isinstance(error, CancelledError):
                self.status("Cancelled: nothing was changed.")
            elif isinstance(error, OSError):
                self.dialogs.warning(self.window, "That could not be done", str(error))
            else:
                raise error

        return self._run(text, work, then, failed)

    def _run(
        self,
        text: str,
        work: Callable[[TaskControl], Any],
        succeeded: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> bool:
        """Start one task with the progress dialog; its outcome closes the dialog first."""
        if self.task is not None:
            self.status("An import is already running: wait for it, or cancel it.")
            return False
        self._show_progress(text)
        self.busy_changed.emit(True)
        self._done = False

        def on_success(result: Any) -> None:
            self._finish()
            succeeded(result)

        def on_failure(error: BaseException) -> None:
            self._finish()
            failed(error)

        task = self.context.runner.run(
            work, on_success=on_success, on_failure=on_failure, on_progress=self._progressed
        )
        if not self._done:  # a synchronous runner has already delivered the outcome
            self.task = task
            if self.progress is not None:
                self.progress.canceled.connect(task.cancel)
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # Progress

    def _show_progress(self, text: str) -> None:
        dialog = QProgressDialog(text, "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Importing the register")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress = dialog

    def _progressed(self, done: int, total: int, text: str) -> None:
        progress = self.progress
        if progress is None:
            return
        if text:
            progress.setLabelText(text)
        progress.setMaximum(max(total, 0))
        # Last: a modal progress dialog handles events in setValue, and the task's end may be
        # among them, closing this dialog.
        progress.setValue(min(done, total) if total > 0 else 0)

    def _finish(self) -> None:
        self._done = True
        self.task = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.busy_changed.emit(False)

    # Outcomes

    def _ask_leavers(self, path: Path, result: Any) -> bool:
        """True when the officer says the pupils missing from this full export have left.

        Asked again when the same file is imported again (a duplicate carries its stored
        report), which is how the officer confirms leavers they first kept on roll.
        """
        report = getattr(result, "report", None)
        number = getattr(report, "leavers_unconfirmed", 0) or 0
        if number <= 0:
            return False
        left = self.dialogs.choose(
            self.window,
            "Have these pupils left?",
            leavers_question(report),
            "Yes, mark them as left",
            "No, keep them on roll",
        )
        log.info("%d pupils not in the file: leavers %s", number, "confirmed" if left else "kept")
        if not left:
            self.status(f"{number} pupils not in {Path(path).name} were kept on roll.")
        return left

    def _succeeded(
        self, path: Path, result: Any, then: Callable[[Any], None] | None, report: bool
    ) -> None:
        remember_file(self.settings, path)
        self.context.notify_data_changed()
        self.imported.emit(result)
        if getattr(result, "duplicate", False):
            self.status(f"{path.name} was imported before: nothing was added.")
        else:
            pupils = getattr(result, "pupils", 0)
            self.status(f"Imported {path.name}: {pupils} pupils.")
        if then is not None:
            then(result)
        elif report and not getattr(result, "duplicate", False):
            self.dialogs.show_import_report(self.window, result)
        elif report:
            self.dialogs.information(
                self.window,
                "Already imported",
                f"{path.name} is the same file as an earlier import, so nothing was added.",
            )

    def _failed(
        self,
        path: Path,
        error: BaseException,
        sheet: str | None,
        then: Callable[[Any], None] | None,
        report: bool,
        full_export: bool = True,
    ) -> None:
        from woodrush_desktop.services.importing import ImportRefused, MappingNeeded

        if isinstance(error, CancelledError):
            self.status("Import cancelled: nothing was changed.")
            return
        if isinstance(error, MappingNeeded):
            mapping = self.dialogs.choose_mapping(self.window, error, field_labels())
            if mapping:
                self.start(
                    path,
                    sheet=error.sheet or sheet,
                    mapping=mapping,
                    then=then,
                    report=report,
                    full_export=full_export,
                )
            else:
                self.status("Import cancelled: nothing was changed.")
            return
        if isinstance(error, ImportRefused):
            log.info("import refused: %d errors", len(error.errors))
            self.dialogs.show_refusal(self.window, path.name, error)
            return
        if isinstance(error, DatabaseError | OSError):
            log.warning("import failed: %s", type(error).__name__)
            self.dialogs.warning(
                self.window,
                "The import could not finish",
                f"{path.name} could not be imported, and nothing was changed:\n\n{error}",
            )
            return
        raise error


def years_text(years: list[int]) -> str:
    """'Year 12', 'Years 12 and 13', 'Years 7, 8 and 9'."""
    if len(years) == 1:
        return f"Year {years[0]}"
    return "Years " + ", ".join(str(year) for year in years[:-1]) + f" and {years[-1]}"


def leavers_question(report: Any) -> str:
    """The question asked when a full export leaves out more pupils than a few."""
    number = report.leavers_unconfirmed
    pupils = "pupil" if number == 1 else "pupils"
    verb = "is" if number == 1 else "are"
    text = f"{number} {pupils} on roll {verb} not in this file. Have they left the school?"
    years = list(getattr(report, "missing_years", []) or [])
    if years:
        count = report.missing_year_pupils
        text += (
            f"\n\n{years_text(years)} {'is' if len(years) == 1 else 'are'} not in this file at "
            f"all ({count} pupil{'s' if count != 1 else ''} on roll), so "
            f"{'it was' if len(years) == 1 else 'they were'} taken as left out of the export "
            f"and {'is' if len(years) == 1 else 'are'} not counted in the {number}. "
            "Marking the leavers marks every pupil missing from this file as left, "
            f"{years_text(years)} included."
        )
    text += (
        "\n\nIf this file covers only some pupils, keep them on roll: nobody is marked as "
        "left, and the import stays as it is."
    )
    return text
