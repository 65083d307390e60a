"""The movers page: who changed band with the latest import, and one click to their letters.

The table model the reports pages share lives in `gui/report_table.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.gui.band_style import owner_icon, tint
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.report_table import (
    PUPIL_ID_ROLE,
    ColumnSpec,
    ReportPage,
    fit_columns,
    format_percent,
    format_points,
    selected_pupil_ids,
    table_over,
)
from woodrush_desktop.reports.movers import DECLINED, IMPROVED, NEW, Mover, MoversReport
from woodrush_desktop.services import reports

log = logging.getLogger(__name__)


ALL, DOWN, UP, NEWLY, LETTER_DUE = "all", "down", "up", "newly", "letter_due"
FILTERS = [
    (ALL, "Every band change"),
    (DOWN, "Moved down a band"),
    (UP, "Moved up a band"),
    (NEWLY, "Newly in a band that needs action"),
    (LETTER_DUE, "Letter due"),
]
_DIRECTION_TEXT = {IMPROVED: "▲ Up", DECLINED: "▼ Down", NEW: "New"}


def _accepts(choice: str) -> Callable[[Mover], bool] | None:
    return {
        ALL: None,
        DOWN: lambda mover: mover.direction == DECLINED,
        UP: lambda mover: mover.direction == IMPROVED,
        NEWLY: lambda mover: mover.newly_at_risk,
        LETTER_DUE: lambda mover: mover.needs_letter,
    }[choice]


def mover_columns(context: AppContext) -> list[ColumnSpec[Mover]]:
    policy = context.policy
    labels = {band.key: band.label for band in policy.bands}
    tints = {band.key: tint(band.colour) for band in policy.bands}
    icons = {band.key: owner_icon(band) for band in policy.bands}
    ranks = {band.key: index for index, band in enumerate(policy.bands)}

    def band_text(key: str | None) -> str:
        return labels.get(key, key or "") if key else "—"

    return [
        ColumnSpec("Name", lambda m: m.pupil.name),
        ColumnSpec("Year", lambda m: str(m.pupil.year or ""), lambda m: m.pupil.year, numeric=True),
        ColumnSpec("Reg group", lambda m: m.pupil.reg_group or ""),
        ColumnSpec(
            "Moved",
            lambda m: _DIRECTION_TEXT[m.direction],
            lambda m: {DECLINED: 0, NEW: 1, IMPROVED: 2}[m.direction],
        ),
        ColumnSpec(
            "From",
            lambda m: band_text(m.before_band),
            lambda m: ranks.get(m.before_band or "", -1),
            background=lambda m: tints.get(m.before_band or ""),
        ),
        ColumnSpec(
            "To",
            lambda m: band_text(m.after_band),
            lambda m: ranks.get(m.after_band or "", -1),
            background=lambda m: tints.get(m.after_band or ""),
            icon=lambda m: icons.get(m.after_band or ""),
        ),
        ColumnSpec(
            "Attendance",
            lambda m: format_percent(m.after),
            lambda m: m.after,
            numeric=True,
        ),
        ColumnSpec(
            "Change",
            lambda m: format_points(m.change),
            lambda m: m.change,
            numeric=True,
            header_tip="Percentage points moved since the previous import (▲ better, ▼ worse)",
        ),
        ColumnSpec(
            "Letter due",
            lambda m: (m.letter_due or "").replace("_", " ").capitalize(),
            tooltip=lambda m: (
                "No letter of this kind has been sent this school year" if m.letter_due else None
            ),
        ),
        ColumnSpec(
            "Next action",
            lambda m: m.next_action.text if m.next_action else "",
            tooltip=lambda m: m.next_action.text if m.next_action else None,
            header_tip="The first thing the school's column of the policy asks for that is "
            "not yet ticked for this pupil",
        ),
    ]


class MoversView(ReportPage):
    """Band changes since the previous import, with the letter and next action for each."""

    def __init__(
        self,
        context: AppContext,
        open_letters: Callable[[list[int]], None] | None = None,
        show_pupil: Callable[[int], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._open_letters = open_letters or self._open_letters_dialog
        self._show_pupil = show_pupil
        self.report: MoversReport | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.filter_combo = QComboBox(self)
        for key, text in FILTERS:
            self.filter_combo.addItem(text, key)
        self.filter_combo.setAccessibleName("Show")
        self.model, self.proxy, self.table = table_over(
            self, mover_columns(context), "Movers", lambda mover: mover.pupil.id
        )
        self.select_due_button = QPushButton("Select those with a letter &due", self)
        self.letters_due_button = QPushButton("Letters for &all with a letter due…", self)
        self.letters_due_button.setToolTip(
            "Open the batch letters for every pupil listed here whose band calls for a letter "
            "that has not been sent this school year"
        )
        self.letters_button = QPushButton("&Letters for the selected pupils…", self)
        self._lay_out()
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        self.select_due_button.clicked.connect(self.select_letter_due)
        self.letters_due_button.clicked.connect(self.open_letters_due)
        self.letters_button.clicked.connect(self.open_letters)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        context.policy_changed.connect(self._policy_changed)
        self._update_buttons()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Show:", self))
        top.addWidget(self.filter_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.select_due_button)
        buttons.addStretch(1)
        buttons.addWidget(self.letters_due_button)
        buttons.addWidget(self.letters_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def read(self):
        store, policy = self.context.store, self.context.policy
        return lambda control: reports.movers(store, policy)

    def _loaded(self, report: MoversReport) -> None:
        self.report = report
        self.model.set_rows(report.movers)
        fit_columns(self.table)
        self.summary.setText(describe_movers(report))
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        log.error("movers could not be read", exc_info=error)
        self.summary.setText("The movers could not be read; the log has the details.")

    def _policy_changed(self) -> None:
        self.model.set_rows(self.model.rows, mover_columns(self.context))
        self.lazy.changed()

    def _filter_changed(self) -> None:
        self.proxy.set_filter(_accepts(self.filter_combo.currentData()))
        self._update_buttons()

    def selected_pupil_ids(self) -> list[int]:
        return selected_pupil_ids(self.table)

    def select_letter_due(self) -> None:
        selection = QItemSelection()
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).needs_letter:
                selection.select(
                    self.proxy.index(row, 0),
                    self.proxy.index(row, self.proxy.columnCount() - 1),
                )
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._update_buttons()

    def letter_due_ids(self) -> list[int]:
        """The pupils shown with a letter due, in the list's order."""
        return [
            mover.pupil.id
            for row in range(self.proxy.rowCount())
            if (mover := self.proxy.row_at(row)).needs_letter
        ]

    def open_letters_due(self) -> None:
        ids = self.letter_due_ids()
        if ids:
            self._open_letters(ids)

    def open_letters(self) -> None:
        ids = self.selected_pupil_ids()
        if ids:
            self._open_letters(ids)

    def _open_letters_dialog(self, pupil_ids: list[int]) -> None:
        from woodrush_desktop.gui.dialogs import Dialogs

        Dialogs().open_letters(self, self.context, pupil_ids)
        self.context.notify_data_changed()

    def _activated(self, index: QModelIndex) -> None:
        pupil_id = index.data(PUPIL_ID_ROLE)
        if pupil_id is not None and self._show_pupil is not None:
            self._show_pupil(pupil_id)

    def _update_buttons(self, *_args: object) -> None:
        count = len(self.selected_pupil_ids())
        self.letters_button.setEnabled(count > 0)
        self.letters_button.setText(
            f"&Letters for {count} selected pupil{'s' if count != 1 else ''}…"
            if count
            else "&Letters for the selected pupils…"
        )
        due = len(self.letter_due_ids())
        self.select_due_button.setEnabled(due > 0)
        self.letters_due_button.setEnabled(due > 0)
        self.letters_due_button.setText(
            f"Letters for &all {due} with a letter due…" if due else "No letter due"
        )


def describe_movers(report: MoversReport) -> str:
    if report.current is None:
        return "No imports yet: movers appear after the first import."
    if report.previous is None:
        return (
            f"Only one import so far ({report.current.as_of:%d/%m/%Y}): listed are the pupils "
            "in a band that needs action. Band changes appear after the next import."
        )
    due = len(report.newly_at_risk_without_letter)
    return (
        f"Band changes at {report.current.as_of:%d/%m/%Y} since {report.previous.as_of:%d/%m/%Y}: "
        f"{len(report.declined)} down, {len(report.improved)} up; "
        f"{due} newly in a band that needs action and not yet written to."
    )
