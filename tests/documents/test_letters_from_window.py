"""The window's Letters actions open the real letters dialog; preview, print and save work."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter

from woodrush_desktop.gui.dialogs import Dialogs
from woodrush_desktop.gui.letters_dialog import LetterFiles, LettersDialog
from woodrush_desktop.store.models import Letter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Files(LetterFiles):
    def __init__(self, folder) -> None:
        self.folder = folder

    def save_path(self, parent, suggested):
        return self.folder / "saved.pdf"

    def print_setup(self, parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.folder / "printed.pdf"))
        printer.setResolution(72)
        return True

    def warning(self, parent, title, text) -> None:
        raise AssertionError(text)


class WindowDialogs(Dialogs):
    """Opens the real letters dialog as the window would, and drives it instead of exec()."""

    def __init__(self, folder, qtbot) -> None:
        self.folder = folder
        self.qtbot = qtbot
        self.opened: list[LettersDialog] = []

    def open_letters(self, parent, context, pupil_ids, kind=None) -> None:
        dialog = LettersDialog(
            context.store,
            context.policy,
            pupil_ids,
            context.runner,
            parent,
            kind=kind,
            files=Files(self.folder),
        )
        self.qtbot.addWidget(dialog)
        self.opened.append(dialog)
        dialog.prepare()
        dialog.print_letters()
        dialog.save_letters()


def test_the_band_filter_prints_and_saves_from_the_window(qtbot, store, roll, tmp_path) -> None:
    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.main_window import MainWindow
    from woodrush_desktop.gui.tasks import TaskRunner

    at_risk = [roll.pupil(f"Pupil{index}", "AtRisk", attended=91) for index in range(3)]
    roll.pupil("Fine", "Attender", attended=99)
    dialogs = WindowDialogs(tmp_path, qtbot)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store, TaskRunner(synchronous=True)), dialogs, settings)
    qtbot.addWidget(window)
    window.show()

    window.set_category("band:at_risk")
    window.band_letters_action.trigger()

    [dialog] = dialogs.opened
    assert sorted(dialog.batch.pupil_ids) == sorted(at_risk)
    assert dialog.preview.page_count() == 3
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 3
    assert len(PdfReader(str(tmp_path / "saved.pdf")).pages) == 3
    assert Letter.select().count() == 3  # printed and saved: recorded once
