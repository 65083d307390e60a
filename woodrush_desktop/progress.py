"""Progress and cancellation for long work, without Qt, so the core can report both.

Long operations (imports, letter batches) take optional `progress(done, total, text)` and
`cancelled()` callables; when `cancelled()` turns true they stop, undo what they began, and
raise `CancelledError`. The window passes its task's callables; the command line passes none.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


class CancelledError(Exception):
    """The user cancelled; whatever the work had begun has been undone."""


def no_progress(done: int, total: int, text: str = "") -> None:
    """A progress callback that reports nowhere."""


def never_cancelled() -> bool:
    return False


def raise_if_cancelled(cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise CancelledError
