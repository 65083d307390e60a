"""The window's other actions: the demo school, a real background import, letters, about,
settings, backups; and sorting that is numeric with empty values last."""

import pytest
from PySide6.QtCore import Qt

from woodrush_desktop.gui import pupil_table as columns
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.main_window import MainWindow
from woodrush_desktop.gui.problems_dialog import ProblemTableModel
from woodrush_desktop.gui.tasks import TaskRunner
from woodrush_desktop.paths import demo_db_path
from woodrush_desktop.services.pupils import PupilRow


def names(window, column=columns.NAME):
    proxy = window.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


@pytest.fixture
def small_demo(monkeypatch):
    import woodrush_desktop.demo as demo

    original = demo.write_demo_exports
    monkeypatch.setattr(
        demo,
        "write_demo_exports",
        lambda folder, seed=2026, **callbacks: original(folder, pupils=90, **callbacks),
    )


def test_opening_the_demo_school_switches_database_and_imports_both_weeks(
    make_window, store, dialogs, small_demo
):
    window = make_window(store)

    window.open_demo()

    assert window.context.store.path == demo_db_path()
    assert window.stack.currentWidget() is window.main_area
    assert window.proxy.rowCount() == 90
    assert len(dialogs.named("show_import_report")) == 1  # only after the second week
    assert "demo school" in window.windowTitle()
    assert window.band_model.count("moved") > 0
    window.context.store.close()


def test_the_import_runs_off_the_gui_thread_and_reports_back_on_it(
    qtbot, store, dialogs, qsettings, small_demo, tmp_path
):
    import threading

    from woodrush_desktop.demo import write_demo_exports

    (first, second) = write_demo_exports(tmp_path)
    context = AppContext(store, TaskRunner())
    window = MainWindow(context, dialogs, qsettings)
    qtbot.addWidget(window)
    threads = []
    window.import_flow.imported.connect(lambda _result: threads.append(threading.current_thread()))

    window.import_file(first)
    assert window.import_flow.is_busy()
    assert not window.import_file(second)  # one import at a time
    assert not window.import_action.isEnabled()
    qtbot.waitUntil(lambda: not window.import_flow.is_busy(), timeout=60_000)

    assert threads == [threading.main_thread()]
    assert window.import_action.isEnabled()
    assert window.proxy.rowCount() == 90
    assert dialogs.named("show_import_report")


def test_letters_and_about_go_through_the_seam(window, dialogs, school):
    window.select_pupil(school["Dunn"])

    window.letters_action.trigger()
    window.set_category("band:persistent")
    window.band_letters_action.trigger()
    window.about_action.trigger()

    letters = dialogs.named("open_letters")
    assert letters[0] == ([school["Dunn"]], "meeting_invitation")  # the persistent band's
    assert sorted(letters[1][0]) == sorted([school["Dunn"], school["Grant"]])
    assert letters[1][1] == "meeting_invitation"
    assert dialogs.named("about") == [(window.context.store.path,)]


def test_settings_that_were_saved_reload_the_window(window, dialogs):
    seen = []
    window.context.data_changed.connect(lambda: seen.append(True))
    dialogs.settings_changed = True

    window.settings_action.trigger()

    assert seen


def test_back_up_from_the_file_menu(window, dialogs):
    window.backup_action.trigger()

    ((title, text),) = dialogs.named("information")
    assert title == "Backed up"
    assert str(window.context.store.path.parent) in text


def test_every_main_action_has_a_shortcut(window):
    for action in (
        window.import_action,
        window.find_action,
        window.settings_action,
        window.quit_action,
        window.letters_action,
        window.policy_action,
        window.backup_action,
        window.restore_action,
        window.demo_action,
    ):
        assert not action.shortcut().isEmpty(), action.text()


def row(pupil_id, surname, percentage, change=None, year=9):
    from fractions import Fraction

    from woodrush_desktop.domain.attendance import SessionCounts

    value = None if percentage is None else Fraction(percentage)
    counts = None if percentage is None else SessionCounts(100, int(percentage))
    previous = None if change is None or value is None else value - change
    return PupilRow(
        id=pupil_id,
        upn=None,
        admission_number=None,
        surname=surname,
        forename="A",
        year=year,
        reg_group=f"{year}A",
        gender=None,
        sen_status=None,
        medical=False,
        social_worker=False,
        looked_after=False,
        fsm=False,
        counts=counts,
        percentage=value,
        band=None,
        dfe_persistent=False,
        dfe_severe=False,
        groups=(),
        previous_percentage=previous,
    )


@pytest.fixture
def table(qapp, policy):
    model = columns.PupilTableModel(policy)
    proxy = columns.PupilFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(
        [
            row(1, "Able", 9),
            row(2, "Baker", 100, 1, year=10),
            row(3, "Cole", None),
            row(4, "Dale", 85, -3, year=7),
            row(5, "Eden", 90, 0),
        ]
    )
    return model, proxy


def shown(proxy, column=columns.NAME):
    return [proxy.index(number, column).data() for number in range(proxy.rowCount())]


def test_sorting_is_numeric_with_no_value_last_in_both_directions(table):
    _model, proxy = table

    proxy.sort(columns.ATTENDANCE, Qt.SortOrder.AscendingOrder)
    ascending = shown(proxy, columns.ATTENDANCE)
    proxy.sort(columns.ATTENDANCE, Qt.SortOrder.DescendingOrder)
    descending = shown(proxy, columns.ATTENDANCE)

    assert ascending == ["9.0%", "85.0%", "90.0%", "100.0%", "—"]  # 9 before 85: numbers
    assert descending == ["100.0%", "90.0%", "85.0%", "9.0%", "—"]


def test_change_and_year_sort_numerically(table):
    _model, proxy = table

    proxy.sort(columns.CHANGE, Qt.SortOrder.AscendingOrder)
    by_change = shown(proxy)
    proxy.sort(columns.YEAR, Qt.SortOrder.DescendingOrder)
    by_year = shown(proxy)

    assert by_change == ["Dale, A", "Eden, A", "Baker, A", "Able, A", "Cole, A"]
    assert by_year[0] == "Baker, A"  # Year 10 above Year 9, not "10" < "9"


def test_a_filter_survives_a_sort(table):
    _model, proxy = table
    proxy.update_filter(year=9)

    proxy.sort(columns.ATTENDANCE, Qt.SortOrder.DescendingOrder)

    assert shown(proxy) == ["Eden, A", "Able, A", "Cole, A"]


def test_the_sort_role_gives_numbers(table):
    model, _ = table

    value = model.index(1, columns.ATTENDANCE).data(columns.SORT_ROLE)

    assert isinstance(value, float)


def test_the_problem_and_table_models_pass_the_model_tester(qtmodeltester, table):
    from woodrush_desktop.importing.problems import Problem

    problems = ProblemTableModel(
        [Problem("Sheet1", 4, "F (Possible)", "'lots' is not a number of sessions")]
    )
    qtmodeltester.check(problems)
    model, proxy = table
    proxy.update_filter(text="a")
    qtmodeltester.check(proxy)
    qtmodeltester.check(model)


def test_a_large_filter_change_keeps_the_selection_and_passes_the_model_tester(
    qapp, policy, qtmodeltester
):
    from PySide6.QtCore import QItemSelectionModel

    model = columns.PupilTableModel(policy)
    proxy = columns.PupilFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(
        [row(number, f"Pupil{number:04d}", 50 + number % 50) for number in range(1, 3001)]
    )
    qtmodeltester.check(proxy)
    selection = QItemSelectionModel(proxy)
    target = proxy.proxy_row_of(7)
    selection.setCurrentIndex(
        proxy.index(target, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )

    proxy.update_filter(text="pupil000")  # hides 2,991 of 3,000 rows: the bulk path

    assert proxy.rowCount() == 9
    assert proxy.pupil_id_at(selection.currentIndex().row()) == 7
    proxy.update_filter(text="")
    assert proxy.rowCount() == 3000
    assert proxy.pupil_id_at(selection.currentIndex().row()) == 7


def test_the_demo_school_gets_invented_staff_and_address(make_window, store, small_demo):
    from woodrush_desktop.gui.main_window import DEMO_SCHOOL
    from woodrush_desktop.services.settings import school_details

    window = make_window(store)

    window.open_demo()

    details = school_details()
    assert details == DEMO_SCHOOL
    assert details.headteacher == "Mrs Helen Marsh"
    assert details.senior_leader.startswith("Mr ")  # a name: the letters add the role
    assert window.context.school == DEMO_SCHOOL
    window.context.store.close()


def test_the_demo_school_keeps_details_the_user_saved(make_window, store, small_demo):
    from woodrush_desktop.services.settings import (
        SchoolDetails,
        save_school_details,
        school_details,
    )
    from woodrush_desktop.store.database import open_database

    demo_store = open_database(demo_db_path())
    save_school_details(demo_store, SchoolDetails(name="Saved School", headteacher="Dr Saved"))
    demo_store.close()
    window = make_window(store)

    window.open_demo()

    assert school_details().headteacher == "Dr Saved"
    window.context.store.close()


def test_only_the_demo_database_gets_the_demo_details(window):
    from woodrush_desktop.services.settings import SCHOOL_KEY, get_setting

    window._give_demo_school_details()

    assert get_setting(SCHOOL_KEY) is None
