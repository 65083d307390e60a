"""The movers page over a temporary database: the model, the filter, the letters button."""

from __future__ import annotations

from datetime import date

import pytest
from reports_factory import store_figures, store_letter, store_pupil, store_snapshot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def context(store, qtbot):
    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.tasks import TaskRunner

    for pupil_id in range(1, 6):
        store_pupil(pupil_id, year=8)
    store_snapshot(1, date(2025, 10, 3))
    store_snapshot(2, date(2025, 10, 10))
    for pupil_id, before, after in [
        (1, 97, 91),  # expected -> at risk: concern letter due
        (2, 85, 93),  # persistent -> below expectation: up
        (3, 95, 94),  # no change
        (4, 91, 79),  # at risk -> severe, concern already sent: senior meeting due
        (5, 99, 95),  # expected -> below expectation: no letter
    ]:
        store_figures(1, pupil_id, 100, before)
        store_figures(2, pupil_id, 100, after)
    store_letter(4, "concern", date(2025, 9, 20))
    return AppContext(store, TaskRunner(synchronous=True))


@pytest.fixture
def view(context, qtbot):
    from woodrush_desktop.gui.movers_view import MoversView

    opened: list[list[int]] = []
    shown: list[int] = []
    widget = MoversView(context, open_letters=opened.append, show_pupil=shown.append)
    widget.opened, widget.shown = opened, shown
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(view) -> list[str]:
    return [view.proxy.index(row, 0).data() for row in range(view.proxy.rowCount())]


def test_the_model_passes_the_model_tester(view, qtmodeltester):
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_the_page_lists_the_movers_worst_first(view):
    assert names(view) == [
        "Testpupil004, Alex",
        "Testpupil001, Alex",
        "Testpupil005, Alex",
        "Testpupil002, Alex",
    ]
    assert "1 up" in view.summary.text() and "3 down" in view.summary.text()
    row = [view.proxy.index(0, column).data() for column in range(view.proxy.columnCount())]
    assert row[3:8] == [
        "▼ Down",
        "At risk of persistent absence",
        "Severely absent",
        "79.0%",
        "▼ 12.0",
    ]
    assert row[8] == "Senior meeting invitation"
    assert row[9].startswith("Parent meeting with a senior leader")


def test_sorting_by_change_uses_the_figure_not_the_text(view):
    from PySide6.QtCore import Qt

    view.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)

    assert names(view)[0] == "Testpupil004, Alex"
    assert names(view)[-1] == "Testpupil002, Alex"


def test_the_filter_keeps_only_those_with_a_letter_due(view):
    view.filter_combo.setCurrentIndex(4)

    assert names(view) == ["Testpupil004, Alex", "Testpupil001, Alex"]


def test_one_click_from_the_list_to_the_batch_letters(view, qtbot):
    from PySide6.QtCore import Qt

    assert not view.letters_button.isEnabled()

    qtbot.mouseClick(view.select_due_button, Qt.MouseButton.LeftButton)
    assert view.letters_button.isEnabled()
    assert "2 selected" in view.letters_button.text()
    qtbot.mouseClick(view.letters_button, Qt.MouseButton.LeftButton)

    assert view.opened == [[4, 1]]


def test_one_click_opens_the_letters_for_all_with_a_letter_due(view, qtbot):
    from PySide6.QtCore import Qt

    assert view.letters_due_button.text() == "Letters for &all 2 with a letter due…"

    qtbot.mouseClick(view.letters_due_button, Qt.MouseButton.LeftButton)

    assert view.opened == [[4, 1]]


def test_a_double_click_shows_the_pupil(view, qtbot):
    index = view.proxy.index(1, 0)

    view.table.doubleClicked.emit(index)

    assert view.shown == [1]


def test_data_changed_reloads_only_when_shown(view, context, store):
    from reports_factory import store_figures as add

    view.hide()
    store_snapshot(3, date(2025, 10, 17))
    for pupil_id in range(1, 6):
        add(3, pupil_id, 110, 110)

    context.notify_data_changed()
    assert view.lazy.stale
    view.show()

    assert not view.lazy.stale
    assert "since 10/10/2025" in view.summary.text()
