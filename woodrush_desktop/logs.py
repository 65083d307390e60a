"""Logging, set up once: a rotating file in the platform's log folder.

Modules log with `logging.getLogger(__name__)`. What is logged is what a support person needs
(imports with counts and timings, letters generated, migrations run) and never pupil data
beyond internal ids.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from woodrush_desktop.paths import user_log_dir

LOG_FILE_NAME = "woodrush.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(*, console: bool = False, directory: Path | None = None) -> Path | None:
    """Attach the rotating file handler to the root logger (once). Returns the log file."""
    root = logging.getLogger()
    if getattr(root, "_woodrush_configured", False):
        return getattr(root, "_woodrush_log_file", None)
    root.setLevel(logging.INFO)
    log_file = None
    folder = directory or Path(os.environ.get("WOODRUSH_LOG_DIR", "") or user_log_dir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / LOG_FILE_NAME
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    except OSError:
        log_file = None  # a read-only profile must not stop the app; fall back to stderr
        console = True
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        stream.setLevel(logging.WARNING)
        root.addHandler(stream)
    root._woodrush_configured = True  # type: ignore[attr-defined]
    root._woodrush_log_file = log_file  # type: ignore[attr-defined]
    return log_file
