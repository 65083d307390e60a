"""Settings: school details, bands checked as a whole, defaults restored, backups."""

from PySide6.QtWidgets import QLineEdit

from woodrush_desktop.gui.settings_dialog import SettingsDialog
from woodrush_desktop.services.settings import policy_in, school_details
from woodrush_desktop.store.models import Pupil


def make_dialog(window, dialogs, qtbot) -> SettingsDialog:
    dialog = SettingsDialog(window.context, dialogs, window)
    qtbot.addWidget(dialog)
    return dialog


def editor(dialog, key):
    return next(editor for editor in dialog.editors if editor.key == key)


def test_school_details_are_saved(window, dialogs, qtbot):
    dialog = make_dialog(window, dialogs, qtbot)
    dialog.form.findChild(QLineEdit, "school_headteacher").setText("Ms A. Example")

    dialog.save()

    assert dialog.changed
    assert school_details().headteacher == "Ms A. Example"


def test_a_band_range_that_leaves_a_gap_is_refused_with_the_policy_message(window, dialogs, qtbot):
    dialog = make_dialog(window, dialogs, qtbot)
    editor(dialog, "at_risk").lower.setValue(91)

    dialog.save()

    assert not dialog.changed
    assert "a gap between the bands" in dialog.policy_error.text()
    assert policy_in(window.context.store).band("at_risk").lower.value == 90


def test_moving_two_bands_together_is_used_and_rebands_pupils(window, dialogs, qtbot, school):
    dialog = make_dialog(window, dialogs, qtbot)
    editor(dialog, "at_risk").lower.setValue(85)
    editor(dialog, "persistent").upper.setValue(85)
    dialog.colour = "#123456"
    dialogs.colour = "#123456"
    editor(dialog, "severe").colour_button.click()

    dialog.save()
    window.context.reload_settings()

    policy = policy_in(window.context.store)
    assert dialog.changed
    assert policy.band("at_risk").lower.value == 85
    assert policy.band("severe").colour == "#123456"
    window.set_category("band:at_risk")
    shown = [window.proxy.index(row, 0).data() for row in range(window.proxy.rowCount())]
    assert "Grant, Gia" in shown  # 85.8%: persistently absent before, at risk now


def test_restoring_the_defaults_asks_first(window, dialogs, qtbot):
    dialog = make_dialog(window, dialogs, qtbot)
    editor(dialog, "at_risk").lower.setValue(85)
    editor(dialog, "persistent").upper.setValue(85)
    dialog.save()

    again = make_dialog(window, dialogs, qtbot)
    again.restore_defaults()

    assert dialogs.named("ask")
    assert policy_in(window.context.store).band("at_risk").lower.value == 90
    assert editor(again, "at_risk").lower.value() == 90


def test_backup_and_restore_from_settings(window, dialogs, qtbot):
    dialog = make_dialog(window, dialogs, qtbot)
    dialog.back_up()
    backups = sorted(window.context.store.path.parent.glob("*.backup-*"))
    assert len(backups) == 1
    Pupil.delete().where(Pupil.legal_surname == "Ashby").execute()

    dialogs.backup_path = backups[0]
    dialog.restore()

    assert dialog.changed
    assert Pupil.select().count() == 8
