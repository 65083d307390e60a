"""The reports pages sit in the real main window as tabs, and the movers reach the letters."""

from __future__ import annotations

import pytest
from reports_factory import build_school

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Dialogs:
    """Only what this test needs of the window's dialog seam; it records the letters asked."""

    def __init__(self):
        self.letters: list[list[int]] = []

    def open_letters(self, parent, context, pupil_ids, kind=None):
        self.letters.append(list(pupil_ids))


def test_the_window_shows_movers_trends_cohorts_and_penalty_watch(store, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.main_window import MainWindow
    from woodrush_desktop.gui.tasks import TaskRunner

    build_school()
    dialogs = Dialogs()
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store, TaskRunner(synchronous=True)), dialogs, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    titles = [window.views.tabText(index) for index in range(window.views.count())]
    assert {"&Movers", "&Trends", "&Cohorts", "Pe&nalty watch"} <= set(titles)
    window.views.setCurrentWidget(window.movers_view)
    assert window.movers_view.proxy.rowCount() == 1
    window.movers_view.table.selectRow(0)
    window.movers_view.letters_button.click()
    assert dialogs.letters == [[1]]
    for view in (window.trends_view, window.cohorts_view, window.penalty_view):
        window.views.setCurrentWidget(view)
        assert not view.lazy.stale
