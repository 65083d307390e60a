"""Flags set by hand from the pupil panel: the dialog, the save and what follows from it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from woodrush_desktop.gui import pupil_table as columns
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.dialogs import FlagEdits
from woodrush_desktop.gui.flags_dialog import (
    BACK_TO_MIS,
    BY_HAND,
    BY_HAND_WHEN_SAVED,
    FROM_MIS,
    FlagsDialog,
)
from woodrush_desktop.gui.main_window import MainWindow
from woodrush_desktop.gui.tasks import TaskRunner
from woodrush_desktop.services.flags import FlagState, flag_states, set_flag
from woodrush_desktop.store.database import open_database

SOCIAL_WORKER_ITEM = "social_worker.school.inform-social-worker"


def table_badges(window, pupil_id: int) -> str:
    proxy = window.proxy
    for row in range(proxy.rowCount()):
        if proxy.pupil_id_at(row) == pupil_id:
            return proxy.index(row, columns.GROUPS).data() or ""
    raise AssertionError(f"pupil {pupil_id} is not in the table")


def group_count(window, category: str) -> int:
    return window.band_model.count(category)


def by_hand(pupil_id: int) -> dict[str, bool]:
    return {state.key: state.set_by_hand for state in flag_states(pupil_id)}


def test_a_social_worker_set_by_hand_reaches_the_table_checklist_and_the_next_session(
    make_window, db_path, school, qsettings, dialogs, qtbot
):
    window = make_window(window_store := open_database(db_path, exclusive=True))
    ashby = school["Ashby"]
    window.select_pupil(ashby)
    before = group_count(window, "group:social_worker")
    assert "Social worker" not in table_badges(window, ashby)
    assert SOCIAL_WORKER_ITEM not in window.panel.checklist.rows()
    dialogs.flag_edits = FlagEdits(values={"social_worker": True})

    window.panel.flags_button.click()

    (asked,) = dialogs.named("edit_flags")
    assert asked[0] == "Ava Ashby"
    assert "Social worker" in table_badges(window, ashby)
    assert group_count(window, "group:social_worker") == before + 1
    assert SOCIAL_WORKER_ITEM in window.panel.checklist.rows()
    assert "Has a social worker" in window.panel.fields["groups"].text()
    assert by_hand(ashby)["social_worker"]
    window.close()
    window_store.close()

    with open_database(db_path, exclusive=True) as reopened:
        context = AppContext(reopened, TaskRunner(synchronous=True))
        again = MainWindow(context, dialogs, qsettings)
        qtbot.addWidget(again)
        again.select_pupil(ashby)
        assert "Social worker" in table_badges(again, ashby)
        assert SOCIAL_WORKER_ITEM in again.panel.checklist.rows()
        assert by_hand(ashby)["social_worker"]
        again.close()


def test_using_the_mis_value_clears_the_by_hand_mark(window, store, dialogs, school):
    frost = school["Frost"]
    set_flag(store, frost, "social_worker", True)
    window.select_pupil(frost)
    dialogs.flag_edits = FlagEdits(to_mis=("social_worker",))

    window.panel.flags_button.click()

    assert not by_hand(frost)["social_worker"]
    # The value stays until the next import sets it from the MIS.
    assert "Social worker" in table_badges(window, frost)


def test_cancelling_the_dialog_saves_nothing(window, store, dialogs, school):
    window.select_pupil(school["Ashby"])
    dialogs.flag_edits = None

    window.panel.flags_button.click()

    assert not any(by_hand(school["Ashby"]).values())
    assert dialogs.named("warning") == []


def test_a_refused_flag_is_shown_not_raised(window, dialogs, school):
    window.select_pupil(school["Ashby"])
    dialogs.flag_edits = FlagEdits(values={"sen_status": "X", "medical": True})

    window.panel.flags_button.click()

    ((title, text),) = dialogs.named("warning")
    assert title == "A flag was not saved"
    assert "SEN status must be one of N, K, E" in text
    assert "The other changes were saved." in text
    assert by_hand(school["Ashby"]) == {
        "sen_status": False,
        "medical": True,
        "social_worker": False,
        "looked_after": False,
        "fsm": False,
    }
    assert "SEND/medical" in table_badges(window, school["Ashby"])


def states(**set_by_hand: bool) -> list[FlagState]:
    values = {
        "sen_status": "K",
        "medical": None,
        "social_worker": True,
        "looked_after": False,
        "fsm": True,
    }
    return [
        FlagState(key, key, value, set_by_hand.get(key, False)) for key, value in values.items()
    ]


def test_the_dialog_shows_each_value_and_where_it_came_from(qtbot):
    dialog = FlagsDialog("Ava Ashby", states(social_worker=True, fsm=True))
    qtbot.addWidget(dialog)

    shown = {key: combo.currentText() for key, combo in dialog.combos.items()}
    assert shown == {
        "sen_status": "K — SEN support",
        "medical": "Not known",
        "social_worker": "Yes",
        "looked_after": "No",
        "fsm": "Yes",
    }
    sources = {key: label.text() for key, label in dialog.sources.items()}
    assert sources == {
        "sen_status": FROM_MIS,
        "medical": FROM_MIS,
        "social_worker": BY_HAND,
        "looked_after": FROM_MIS,
        "fsm": BY_HAND,
    }
    offered = {key for key, button in dialog.mis_buttons.items() if not button.isHidden()}
    assert offered == {"social_worker", "fsm"}
    assert not dialog.edits()
    assert "Ava Ashby" in dialog.windowTitle()


def test_the_dialog_returns_changed_values_and_flags_handed_back(qtbot):
    dialog = FlagsDialog("Ava Ashby", states(social_worker=True))
    qtbot.addWidget(dialog)
    looked_after = dialog.combos["looked_after"]
    sen = dialog.combos["sen_status"]

    looked_after.setCurrentIndex(looked_after.findData(True))
    sen.setCurrentIndex(sen.findData("E"))
    dialog.combos["social_worker"].setCurrentIndex(1)  # changed, then handed back anyway
    dialog.mis_buttons["social_worker"].click()

    assert dialog.sources["looked_after"].text() == BY_HAND_WHEN_SAVED
    assert dialog.sources["social_worker"].text() == BACK_TO_MIS
    assert not dialog.combos["social_worker"].isEnabled()
    assert dialog.combos["social_worker"].currentText() == "Yes"
    assert dialog.edits() == FlagEdits(
        values={"sen_status": "E", "looked_after": True}, to_mis=("social_worker",)
    )


def test_the_dialog_has_accessible_names_buddies_and_a_tab_order(qtbot):
    dialog = FlagsDialog("Ava Ashby", states(medical=True))
    qtbot.addWidget(dialog)

    assert dialog.combos["social_worker"].accessibleName() == "Has a social worker"
    assert dialog.mis_buttons["medical"].accessibleName() == (
        "Use the MIS value for medical condition"
    )
    order = []
    widget = dialog.combos["sen_status"]
    for _step in range(10):
        order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
    assert order[:4] == ["senStatusValue", "senStatusMis", "medicalValue", "medicalMis"]
    assert order.index("fsmValue") > order.index("lookedAfterValue")


def test_no_text_is_clipped_when_a_flag_is_handed_back(qtbot):
    from PySide6.QtWidgets import QLabel

    dialog = FlagsDialog("Ava Ashby", states(fsm=True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    dialog.mis_buttons["fsm"].click()
    dialog.combos["medical"].setCurrentIndex(0)
    dialog.layout().activate()

    for label in dialog.findChildren(QLabel):
        if label.wordWrap() or not label.text():
            continue
        needed = label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
        assert needed <= label.contentsRect().width(), (label.objectName(), label.text())


def test_the_panel_says_which_flags_were_set_by_hand(window, store, school):
    set_flag(store, school["Grant"], "fsm", True)

    window.select_pupil(school["Grant"])

    text = window.panel.fields["groups"].text()
    assert "Set by hand, kept by imports: Free school meals / pupil premium" in text
