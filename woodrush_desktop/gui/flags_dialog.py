"""Setting a pupil's flags by hand, or handing them back to the MIS (form in
`ui/flags_dialog.ui`).

The officer often hears of a social worker or a medical condition before the MIS is updated.
Each row shows the flag's value and where it came from; "Use the MIS value" is offered only
for a flag set by hand. The dialog writes nothing: `edits()` says what to save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from woodrush_desktop.gui.dialogs import FlagEdits
from woodrush_desktop.gui.ui_loader import child, load_form
from woodrush_desktop.services.flags import FLAG_LABELS, SEN_STATUSES, FlagState

# The form's object names for each flag (Qt Designer's camelCase).
FORM_NAMES = {
    "sen_status": "senStatus",
    "medical": "medical",
    "social_worker": "socialWorker",
    "looked_after": "lookedAfter",
    "fsm": "fsm",
}
NOT_KNOWN = "Not known"
FROM_MIS = "From the MIS"
BY_HAND = "Set by hand"
BY_HAND_WHEN_SAVED = "Set by hand when saved"
BACK_TO_MIS = "Back to the MIS when saved"
SOURCE_TEXTS = (FROM_MIS, BY_HAND, BY_HAND_WHEN_SAVED, BACK_TO_MIS)


def _choices(key: str) -> list[tuple[str, bool | str | None]]:
    if key == "sen_status":
        return [(f"{code} — {meaning}", code) for code, meaning in SEN_STATUSES.items()] + [
            (NOT_KNOWN, None)
        ]
    return [("Yes", True), ("No", False), (NOT_KNOWN, None)]


class FlagsDialog(QDialog):
    """One row per flag: its value, where it came from and, if set by hand, the way back."""

    def __init__(self, pupil_name: str, states: list[FlagState], parent=None) -> None:
        super().__init__(parent)
        form = load_form("flags_dialog", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.setWindowTitle(f"{form.windowTitle()}: {pupil_name}")
        intro: QLabel = child(form, QLabel, "intro")
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the name comes from the MIS
        intro.setText(
            f"{pupil_name}: SEN status, medical condition, social worker, looked after and "
            "free school meals. These decide the pupil's groups and so their checklist."
        )
        self.states = {state.key: state for state in states}
        self.combos: dict[str, QComboBox] = {}
        self.sources: dict[str, QLabel] = {}
        self.mis_buttons: dict[str, QPushButton] = {}
        for key, name in FORM_NAMES.items():
            self._build_row(form, key, name)
        buttons: QDialogButtonBox = child(form, QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

    def _build_row(self, form, key: str, name: str) -> None:
        state = self.states[key]
        label = FLAG_LABELS[key]
        combo: QComboBox = child(form, QComboBox, f"{name}Value")
        for text, value in _choices(key):
            combo.addItem(text, value)
        combo.setCurrentIndex(self._index_of(key, state.value))
        combo.setAccessibleName(label)
        combo.currentIndexChanged.connect(lambda _index, key=key: self._show_source(key))
        button: QPushButton = child(form, QPushButton, f"{name}Mis")
        button.setAccessibleName(f"Use the MIS value for {label.lower()}")
        button.setToolTip(
            "Let the next import set this flag from the MIS export again; "
            "the value shown stays until then"
        )
        policy = button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the rows stay lined up without the button
        button.setSizePolicy(policy)
        button.setVisible(state.set_by_hand)
        button.toggled.connect(lambda _checked, key=key: self._hand_back(key))
        source: QLabel = child(form, QLabel, f"{name}Source")
        source.setAccessibleName(f"Where {label.lower()} came from")
        # As wide as its longest text, so a change of source never squeezes the other columns.
        metrics = source.fontMetrics()
        widest = max(metrics.horizontalAdvance(text) for text in SOURCE_TEXTS)
        source.setMinimumWidth(widest + 2)
        self.combos[key] = combo
        self.mis_buttons[key] = button
        self.sources[key] = source
        self._show_source(key)

    def _index_of(self, key: str, value: bool | str | None) -> int:
        combo_values = [choice for _text, choice in _choices(key)]
        if key == "sen_status" and isinstance(value, str):
            value = value.upper()
        return combo_values.index(value) if value in combo_values else len(combo_values) - 1

    def _hand_back(self, key: str) -> None:
        combo = self.combos[key]
        if self.mis_buttons[key].isChecked():
            combo.setCurrentIndex(self._index_of(key, self.states[key].value))
        combo.setEnabled(not self.mis_buttons[key].isChecked())
        self._show_source(key)

    def _show_source(self, key: str) -> None:
        state = self.states[key]
        if self.mis_buttons[key].isChecked():
            text = BACK_TO_MIS
        elif self._changed(key):
            text = BY_HAND_WHEN_SAVED
        else:
            text = BY_HAND if state.set_by_hand else FROM_MIS
        self.sources[key].setText(text)

    def _changed(self, key: str) -> bool:
        state = self.states[key]
        return self.combos[key].currentIndex() != self._index_of(key, state.value)

    def edits(self) -> FlagEdits:
        """The flags whose value the officer changed, and those handed back to the MIS."""
        to_mis = tuple(key for key in FORM_NAMES if self.mis_buttons[key].isChecked())
        values = {
            key: self.combos[key].currentData()
            for key in FORM_NAMES
            if key not in to_mis and self._changed(key)
        }
        return FlagEdits(values=values, to_mis=to_mis)
