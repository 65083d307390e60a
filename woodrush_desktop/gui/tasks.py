"""The one way the window runs long work (imports, PDF builds) off the GUI thread.

`TaskRunner.run(work, on_success=…, on_failure=…, on_progress=…)` runs `work(control)` on a
thread pool; `control.progress(done, total, text)` reports progress and
`control.cancelled()` tells the work to stop. The callbacks are always delivered on the GUI
thread, through queued signals. Tests build the runner with `synchronous=True`, which runs the
work at once in the calling thread so no test has to wait on a thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from woodrush_desktop.progress import CancelledError

log = logging.getLogger(__name__)


class TaskControl:
    """What the work sees: a progress reporter and the cancel flag."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._task.progressed.emit(int(done), int(total), text)

    def cancelled(self) -> bool:
        return self._task.cancel_requested.is_set()

    def check_cancelled(self) -> None:
        if self.cancelled():
            raise CancelledError


class Task(QObject):
    """One job's handle, living on the GUI thread; `cancel()` asks the work to stop."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        work: Callable[[TaskControl], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.work = work
        self.cancel_requested = threading.Event()
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)
        self.progressed.connect(self._deliver_progress)

    def cancel(self) -> None:
        self.cancel_requested.set()

    def execute(self) -> None:
        """Run the work in the current thread and emit its outcome."""
        try:
            result = self.work(TaskControl(self))
        except BaseException as error:  # delivered to on_failure on the GUI thread
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        try:
            if self._on_success is not None:
                self._on_success(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def _deliver_failure(self, error: BaseException) -> None:
        try:
            if self._on_failure is not None:
                self._on_failure(error)
            elif not isinstance(error, CancelledError):
                raise error
        finally:
            self.finished.emit()

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self._task.execute()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until their callbacks have run."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._running: set[Task] = set()

    def run(
        self,
        work: Callable[[TaskControl], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(work, on_success, on_failure, on_progress, parent=self)
        self._running.add(task)
        task.finished.connect(lambda: self._forget(task))
        if self.synchronous:
            task.execute()
        else:
            self._pool.start(_Runnable(task))
        return task

    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait_for_all(self, milliseconds: int = 30_000) -> bool:
        """Block until background work is done (when the window closes)."""
        return self._pool.waitForDone(milliseconds)

    def _forget(self, task: Task) -> None:
        self._running.discard(task)
        task.deleteLater()
