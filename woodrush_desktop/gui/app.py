"""Starting the window: the application object, the database with its writer's lock, the
exception hook, and the demo school when asked for.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from woodrush_desktop import APP_AUTHOR, APP_NAME, __version__
from woodrush_desktop.gui.errors import install_excepthook
from woodrush_desktop.paths import default_db_path, demo_db_path
from woodrush_desktop.store.database import DatabaseError, open_database

log = logging.getLogger(__name__)

EXIT_DATABASE = 3


def show_startup_error(message: str) -> None:
    """The database cannot be used (another window has it, or it is damaged)."""
    QMessageBox.critical(None, f"{APP_NAME} cannot open the database", message)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("woodrush-attendance")
    try:
        from woodrush_desktop.gui.about_dialog import application_icon

        app.setWindowIcon(application_icon())
    except ImportError:
        log.info("no application icon in this build")
    return app


def run_app(db: str | Path | None, *, demo: bool = False, log_file: Path | None = None) -> int:
    """Open the database (refusing a second writer), show the window, run until it closes."""
    app = application()
    install_excepthook(log_file)
    path = demo_db_path() if demo else default_db_path(db)
    try:
        store = open_database(path, exclusive=True)
    except DatabaseError as error:
        log.warning("database not opened: %s", type(error).__name__)
        show_startup_error(str(error))
        return EXIT_DATABASE
    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.main_window import MainWindow

    context = AppContext(store)
    window = MainWindow(context)
    window.show()
    log.info("window shown")
    if demo:
        window.open_demo()
    try:
        return app.exec()
    finally:
        context.runner.wait_for_all()
        context.store.close()
