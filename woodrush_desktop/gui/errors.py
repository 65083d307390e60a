"""The one `sys.excepthook`: a bug is logged with its traceback and the user is told it is one.

Expected problems (a bad file, a locked database, a full disk) never reach here: the code that
meets them shows what went wrong and what to do. Anything that does reach here is a bug.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

BugReporter = Callable[[str, str], None]


def _show_bug_dialog(summary: str, details: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(details, file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Woodrush Attendance: a bug", summary)
    box.setDetailedText(details)
    box.exec()


def bug_message(error: BaseException, log_file: Path | None) -> str:
    where = f" The details were written to the log file:\n{log_file}" if log_file else ""
    return (
        "Woodrush Attendance met a bug: this is a fault in the program, not in anything you "
        f"did ({type(error).__name__}). Your data was saved up to the last completed step; "
        f"the action you were taking may not have finished.{where}\n\n"
        "Please tell whoever supports Woodrush Attendance, with the log file."
    )


def install_excepthook(log_file: Path | None, report: BugReporter | None = None) -> None:
    """Replace `sys.excepthook` for the life of the program."""
    show = report or _show_bug_dialog

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.critical("unhandled exception", exc_info=(kind, error, trace))
        details = "".join(traceback.format_exception(kind, error, trace))
        try:
            show(bug_message(error, log_file), details)
        except Exception:  # the dialog itself failed: the log has the traceback already
            log.exception("could not show the bug dialog")

    sys.excepthook = hook
