"""The trends, cohorts and penalty pages over a temporary database, dialogs behind seams."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from reports_factory import (
    build_school,
    marks,
    on_days,
    school_days,
    store_figures,
    store_marks,
    store_pupil,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TERM = school_days(date(2025, 9, 1), date(2025, 10, 10))


@pytest.fixture
def context(store):
    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.tasks import TaskRunner

    build_school()
    store_pupil(3, year=10, legal_surname="Penalty", legal_forename="Pat")
    store_figures(2, 3, 60, 50, unauthorised=10)
    tuesdays = [day for day in TERM if day.weekday() == 1]
    store_marks(3, 2, marks(TERM, on_days("N", tuesdays[:5])))
    return AppContext(store, TaskRunner(synchronous=True))


class SavePaths:
    """The save-file seam: answers with a path in the test's folder and records the title."""

    def __init__(self, folder):
        self.folder = folder
        self.asked: list[str] = []

    def __call__(self, parent, title, suggested, filters):
        self.asked.append(title)
        return self.folder / suggested


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cells(proxy, row):
    return [proxy.index(row, column).data() for column in range(proxy.columnCount())]


def test_trends_page_charts_and_tables(context, qtbot, qtmodeltester):
    from woodrush_desktop.gui.trends_view import TrendsView

    view = shown(qtbot, TrendsView(context))

    qtmodeltester.check(view.points_model)
    qtmodeltester.check(view.effects_model)
    assert view.points_proxy.rowCount() == 2
    assert cells(view.points_proxy, 1)[:3] == ["10/10/2025", "3", "89.4%"]
    assert "10/10/2025: Expected 1" in view.bands_chart.accessibleDescription()
    assert "26/09: 97.5%" in view.attendance_chart.accessibleDescription()
    kinds = [cells(view.effects_proxy, row)[0] for row in range(view.effects_proxy.rowCount())]
    assert "Letter: concern" in kinds and "Plan: early help plan" in kinds
    qtmodeltester.check(view.actions_model)
    actions = [cells(view.actions_proxy, row) for row in range(view.actions_proxy.rowCount())]
    assert [row[0] for row in actions] == ["08/10/2025", "08/10/2025", "06/10/2025", "29/09/2025"]
    concern = actions[-1]
    assert concern[1:3] == ["O'Brien & <Sons>, Mia", "Letter: concern"]
    assert concern[3] == "85.0% (4 wk)"  # from the marks: three Mondays missed in four weeks
    assert concern[6] == "Too early to tell"


def test_cohorts_page_filters_by_cohort(context, qtbot, qtmodeltester):
    from woodrush_desktop.gui.cohorts_view import CohortsView

    view = shown(qtbot, CohortsView(context))

    qtmodeltester.check(view.model)
    assert cells(view.proxy, 0)[:4] == ["Whole school", "Whole school", "3", "89.4%"]
    view.dimension_combo.setCurrentIndex(1)  # Year
    groups = [cells(view.proxy, row)[1] for row in range(view.proxy.rowCount())]
    assert groups == ["Whole school", "Year 9", "Year 10", "Year 12"]


def test_cohorts_page_exports_the_current_table_and_the_pack(context, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from woodrush_desktop.gui.cohorts_view import CohortsView

    save = SavePaths(tmp_path)
    view = shown(qtbot, CohortsView(context, current_pupil_ids=lambda: [3, 1], choose_save=save))

    qtbot.mouseClick(view.excel_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.pack_button, Qt.MouseButton.LeftButton)

    sheet = openpyxl.load_workbook(tmp_path / "woodrush-pupils.xlsx")["All pupils"]
    assert [sheet.cell(row=row, column=3).value for row in (2, 3)] == [
        "Penalty",
        "O'Brien & <Sons>",
    ]
    assert (tmp_path / "woodrush-pupils.csv").read_bytes().count(b"\r\n") == 3
    assert len(PdfReader(tmp_path / "trustees-pack.pdf").pages) >= 1
    assert "trustees' pack" in view.status.text()


def test_penalty_page_lists_and_evidence_pack(context, qtbot, tmp_path, qtmodeltester):
    from woodrush_desktop.gui.penalty_view import PenaltyView

    save = SavePaths(tmp_path)
    opened: list[list[int]] = []
    view = shown(qtbot, PenaltyView(context, open_letters=opened.append, choose_save=save))

    qtmodeltester.check(view.model)
    assert [cells(view.proxy, row)[0] for row in range(view.proxy.rowCount())] == ["Penalty, Pat"]
    assert cells(view.proxy, 0)[3:6] == ["02/09/2025", "30/09/2025", "10"]
    assert view.list_combo.itemText(0).endswith("(1)")
    view.list_combo.setCurrentIndex(1)
    assert [cells(view.proxy, row)[0] for row in range(view.proxy.rowCount())] == [
        "O'Brien & <Sons>, Mia"
    ]
    assert "Years 12–13" in view.status.text()

    view.table.selectRow(0)
    view.letters_button.click()
    view.evidence_button.click()

    assert opened == [[1]]
    assert save.asked == ["Save the evidence pack"]
    assert (tmp_path / "evidence-pack-1.pdf").read_bytes().startswith(b"%PDF")
