"""The real main window, offscreen, over a small synthetic school."""

import json

from PySide6.QtCore import Qt

from woodrush_desktop.cli import main as cli_main
from woodrush_desktop.gui import pupil_table as columns
from woodrush_desktop.gui.band_list import CATEGORY_ROLE, COUNT_ROLE
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.main_window import MainWindow
from woodrush_desktop.gui.tasks import TaskRunner
from woodrush_desktop.store.database import open_database


def shown_names(window) -> list[str]:
    proxy = window.proxy
    return [proxy.index(row, columns.NAME).data() for row in range(proxy.rowCount())]


def band_counts(window) -> dict[str, int]:
    model = window.band_model
    counts = {}
    for row in range(model.rowCount()):
        category = model.index(row).data(CATEGORY_ROLE)
        if category and category.startswith("band:"):
            counts[category.removeprefix("band:")] = model.index(row).data(COUNT_ROLE)
    return counts


def test_an_empty_database_shows_the_welcome_page(make_window, store):
    window = make_window(store)

    assert window.stack.currentWidget() is window.welcome


def test_the_window_lists_every_pupil_with_their_band(window):
    assert window.stack.currentWidget() is window.main_area
    assert window.proxy.rowCount() == 8
    assert shown_names(window)[0] == "Ashby, Ava"
    assert window.count_label.text() == "8 pupils"


def test_band_counts_equal_the_command_line(window, db_path, capsys):
    window.context.store.close()
    assert cli_main(["pupils", "--db", str(db_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    expected = {}
    for row in rows:
        expected[row["band"]] = expected.get(row["band"], 0) + 1

    counts = {band: count for band, count in band_counts(window).items() if count}

    assert counts == expected
    assert sum(counts.values()) == len(rows) == 8


def test_search_finds_by_name_and_upn(window, qtbot):
    qtbot.keyClicks(window.search, "dun")
    assert shown_names(window) == ["Dunn, Dev"]

    window.search.clear()
    qtbot.keyClicks(window.search, "A100000000007")
    assert shown_names(window) == ["Grant, Gia"]

    window.search.setText("eve ellis")
    assert shown_names(window) == ["Ellis, Eve"]
    window.search.setText("Ellis, E")
    assert shown_names(window) == ["Ellis, Eve"]
    window.search.setText("nobody")
    assert shown_names(window) == []
    window.search.setText("")
    assert window.proxy.rowCount() == 8


def test_year_and_band_filters_find_the_persistently_absent_in_year_9(window):
    window.year_combo.setCurrentIndex(window.year_combo.findData(9))
    window.set_category("band:persistent")

    assert shown_names(window) == ["Dunn, Dev"]
    assert window.count_label.text() == "1 of 8 pupils"

    window.clear_filters()
    assert window.proxy.rowCount() == 8


def test_group_reg_group_moved_and_no_action_filters(window):
    window.group_combo.setCurrentIndex(window.group_combo.findData("send_medical"))
    assert shown_names(window) == ["Dunn, Dev", "Grant, Gia"]
    window.clear_filters()

    window.reg_combo.setCurrentIndex(window.reg_combo.findData("10C"))
    assert shown_names(window) == ["Ellis, Eve", "Frost, Finn"]
    window.clear_filters()

    window.set_category("moved")
    assert shown_names(window) == ["Clarke, Cara", "Frost, Finn"]

    window.set_category("no_action")
    assert "Ashby, Ava" not in shown_names(window)
    assert "Dunn, Dev" in shown_names(window)


def test_sorting_by_attendance_is_numeric_with_the_lowest_first(window):
    window.table.sortByColumn(columns.ATTENDANCE, Qt.SortOrder.AscendingOrder)

    names = shown_names(window)

    assert names[0] == "Ellis, Eve"  # 66.7%
    assert names[-1] == "Ashby, Ava"  # 100%


def test_choosing_a_pupil_fills_the_panel(window, school):
    assert window.select_pupil(school["Dunn"])

    assert window.panel.detail.id == school["Dunn"]
    assert "Dev Dunn" in window.panel.title.text()
    assert "12 unauthorised sessions" in window.panel.fields["rolling"].text()
    assert "Persistently absent" in window.panel.band_text.text()
    assert "Moved band" not in window.panel.band_text.text()


def test_the_panel_says_when_a_pupil_moved_band(window, school):
    window.select_pupil(school["Clarke"])

    assert "Moved band: Below expectation at the previous import" in window.panel.band_text.text()


def test_a_tick_survives_closing_and_reopening_the_database(
    make_window, db_path, school, qsettings, dialogs, qtbot
):
    window = make_window(window_store := open_database(db_path, exclusive=True))
    window.select_pupil(school["Clarke"])
    row = window.panel.checklist.rows()["at_risk.school.concern-letter"]

    row.check.click()
    window.close()
    window_store.close()

    with open_database(db_path, exclusive=True) as reopened:
        context = AppContext(reopened, TaskRunner(synchronous=True))
        again = MainWindow(context, dialogs, qsettings)
        qtbot.addWidget(again)
        again.select_pupil(school["Clarke"])
        again_row = again.panel.checklist.rows()["at_risk.school.concern-letter"]
        assert again_row.check.isChecked()
        assert again_row.status.text().startswith("Done ")
        again.close()


def test_unticking_keeps_the_history(window, school):
    window.select_pupil(school["Clarke"])
    assert not window.panel.history_empty.isHidden()
    row = window.panel.checklist.rows()["at_risk.school.concern-letter"]

    row.check.click()
    row = window.panel.checklist.rows()["at_risk.school.concern-letter"]
    row.check.click()

    model = window.panel.history_model
    kinds = [model.index(number, 1).data() for number in range(model.rowCount())]
    assert sorted(kinds) == ["Done", "Unticked"]
    assert window.panel.history_empty.isHidden()


def test_a_school_duty_is_ticked_on_the_policy_page(window):
    window.show_policy()
    row = window.policy_page.school_checklist.rows()["expected.school.clear-policy"]

    row.check.click()

    from woodrush_desktop.services.checklist import current_ticks

    assert "expected.school.clear-policy" in current_ticks(window.context.store, None)


def test_every_model_passes_the_model_tester(window, qtmodeltester, school):
    window.select_pupil(school["Dunn"])

    qtmodeltester.check(window.pupil_model)
    qtmodeltester.check(window.proxy)
    qtmodeltester.check(window.band_model)
    qtmodeltester.check(window.panel.history_model)


def test_column_layout_is_remembered(window, qsettings, make_window, store):
    window.table.setColumnWidth(columns.NAME, 321)
    window.close()

    again = make_window(store)

    assert again.table.columnWidth(columns.NAME) == 321
    assert qsettings.value("window/geometry") is not None


def test_a_tick_gets_its_date_who_and_note_through_details(window, dialogs, school):
    from datetime import date

    from woodrush_desktop.gui.dialogs import TickDetails

    window.select_pupil(school["Clarke"])
    row = window.panel.checklist.rows()["at_risk.school.concern-letter"]
    row.check.click()
    dialogs.tick_details = TickDetails(date(2026, 11, 30), "A. Officer", "Posted to both carers")

    row.details.click()

    assert row.status.text() == "Done 30/11/2026 by A. Officer: Posted to both carers"
    ((item_text, current),) = dialogs.named("edit_tick")
    assert item_text.startswith("Identify groups of at-risk children")
    assert current.done_on == date.today()


def test_a_tick_takes_the_pupil_off_no_action_yet_without_reloading(window, school, qtbot):
    window.set_category("no_action")
    before = window.band_model.count("no_action")
    window.select_pupil(school["Clarke"])
    resets = []
    window.pupil_model.modelReset.connect(lambda: resets.append(True))

    window.panel.checklist.rows()["at_risk.school.concern-letter"].check.click()

    assert window.band_model.count("no_action") == before - 1
    assert resets == []
    assert window.panel.detail.id == school["Clarke"]
    window.set_category("band:at_risk")
    window.set_category("no_action")
    shown = [window.proxy.index(row, 0).data() for row in range(window.proxy.rowCount())]
    assert "Clarke, Cara" not in shown


def test_the_marks_calendar_gives_each_session_its_meaning(window, school):
    from datetime import date

    window.select_pupil(school["Dunn"])
    calendar = window.panel.calendar
    marks = {(mark.on, mark.session): mark.code for mark in window.panel.detail.marks}
    on, session = next(key for key, code in marks.items() if code == "N")

    tip = calendar.tip_for(on, session)

    assert tip.startswith(f"{on:%a %d/%m/%Y} {session} — N: ")
    assert "unauthorised" in tip.lower()
    assert "no session recorded" in calendar.tip_for(date(2026, 11, 28), "AM")  # a Saturday
    assert calendar.session_at(-5, -5) is None


def test_the_panel_shows_fresh_figures_after_the_data_changes(window, school):
    from woodrush_desktop.store.models import PupilFigures

    window.select_pupil(school["Dunn"])
    PupilFigures.update(present=120, authorised=0, unauthorised=0).where(
        PupilFigures.pupil == school["Dunn"], PupilFigures.possible == 120
    ).execute()

    window.context.notify_data_changed()

    assert window.panel.detail.id == school["Dunn"]
    assert window.panel.detail.figures.band_key == "expected"


def test_the_selected_pupil_stays_selected_through_filters_and_sorts(window, school):
    window.select_pupil(school["Dunn"])

    window.search.setText("d")
    window.table.sortByColumn(columns.ATTENDANCE, Qt.SortOrder.DescendingOrder)
    window.year_combo.setCurrentIndex(window.year_combo.findData(9))

    current = window.table.selectionModel().currentIndex()
    assert window.proxy.pupil_id_at(current.row()) == school["Dunn"]
    assert window.panel.detail.id == school["Dunn"]


def test_names_and_notes_are_shown_as_text_never_as_markup(window, school):
    from woodrush_desktop.store.models import Pupil

    Pupil.update(preferred_surname="<b>Dunn</b>").where(Pupil.id == school["Dunn"]).execute()
    window.context.notify_data_changed()

    window.select_pupil(school["Dunn"])

    assert "&lt;b&gt;Dunn&lt;/b&gt;" in window.panel.title.text()
    identity = window.panel.fields["identity"]
    assert identity.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Dunn</b>" in identity.text()
