"""The policy pages: the whole-school duties as a checklist ticked for the school, and every
band's and group's three columns as the policy sets them out.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.domain.policy import COLUMN_KEYS, COLUMN_LABELS, Policy, Responsibilities
from woodrush_desktop.gui.band_style import swatch_for
from woodrush_desktop.gui.checklist_view import ChecklistView
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.dialogs import Dialogs, TickDetails
from woodrush_desktop.services import checklist
from woodrush_desktop.store.database import DatabaseError, current_user


def _scroll(inner: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    return area


class PolicyPage(QWidget):
    """Two tabs: "Whole school" (tickable standing duties) and "Every band" (the overview)."""

    def __init__(self, context: AppContext, dialogs: Dialogs, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialogs = dialogs
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)
        school = QWidget()
        school_layout = QVBoxLayout(school)
        intro = QLabel(
            "The school's standing duties under the policy, whatever any pupil's band: tick each "
            "one when it is in place. Ticks are saved at once, with the date and your name.",
            school,
        )
        intro.setWordWrap(True)
        school_layout.addWidget(intro)
        self.school_checklist = ChecklistView(school)
        self.school_checklist.toggled.connect(self._toggle)
        self.school_checklist.edit_requested.connect(self._edit)
        school_layout.addWidget(self.school_checklist)
        school_layout.addStretch(1)
        self.tabs.addTab(_scroll(school, self), "&Whole school")
        self.overview = QWidget()
        self.overview_layout = QVBoxLayout(self.overview)
        self.tabs.addTab(_scroll(self.overview, self), "Every &band and group")
        context.data_changed.connect(self.reload)
        context.policy_changed.connect(lambda: self._fill_overview(context.policy))
        self.reload()
        self._fill_overview(context.policy)

    def reload(self) -> None:
        policy = self.context.policy
        ticks = checklist.current_ticks(self.context.store, None)
        self.school_checklist.set_items(policy, policy.school_items(), ticks)

    def _fill_overview(self, policy: Policy) -> None:
        while self.overview_layout.count():
            entry = self.overview_layout.takeAt(0)
            if entry.widget() is not None:
                entry.widget().hide()
                entry.widget().deleteLater()
        heading = html.escape(policy.title or "Attendance responsibilities")
        title = QLabel(f"<h3>{heading}</h3>", self.overview)
        self.overview_layout.addWidget(title)
        for band in policy.bands:
            self.overview_layout.addWidget(
                self._owner_box(band, f"attendance {band.describe_bounds()}")
            )
        for group in policy.groups:
            self.overview_layout.addWidget(self._owner_box(group, "a group, whatever the band"))
        self.overview_layout.addStretch(1)

    def _owner_box(self, owner: Responsibilities, subtitle: str) -> QWidget:
        box = QFrame(self.overview)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        heading = QHBoxLayout()
        swatch = QLabel(box)
        swatch.setPixmap(swatch_for(box, owner.colour, owner.symbol, 20))
        heading.addWidget(swatch)
        label = QLabel(
            f"<b>{html.escape(owner.label)}</b> — {html.escape(subtitle)}"
            + (f"<br><i>{html.escape(owner.note)}</i>" if owner.note else ""),
            box,
        )
        label.setWordWrap(True)
        heading.addWidget(label, 1)
        layout.addLayout(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for column_index, column in enumerate(COLUMN_KEYS):
            grid.addWidget(QLabel(f"<b>{COLUMN_LABELS[column]}</b>", box), 0, column_index)
            items = owner.column(column)
            text = (
                "<ul style='margin-left:-20px'>"
                + "".join(
                    f"<li>{html.escape(item.text)}"
                    + (" <i>(whole school)</i>" if item.scope == "school" else "")
                    + "</li>"
                    for item in items
                )
                + "</ul>"
                if items
                else "<i>Nothing set</i>"
            )
            cell = QLabel(text, box)
            cell.setWordWrap(True)
            cell.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(cell, 1, column_index)
            grid.setColumnStretch(column_index, 1)
        layout.addLayout(grid)
        return box

    def _toggle(self, item_key: str, checked: bool) -> None:
        store, policy = self.context.store, self.context.policy
        try:
            if checked:
                tick = checklist.tick_item(store, policy, item_key, None)
            else:
                checklist.untick_item(store, item_key, None)
                tick = None
        except (checklist.ChecklistError, DatabaseError) as error:
            self.dialogs.warning(self, "The tick was not saved", str(error))
            tick = checklist.current_ticks(store, None).get(item_key)
        self.school_checklist.set_tick(item_key, tick)

    def _edit(self, item_key: str) -> None:
        store = self.context.store
        tick = checklist.current_ticks(store, None).get(item_key)
        if tick is None:
            return
        current = TickDetails(tick.done_on, tick.done_by or current_user(), tick.note or "")
        chosen = self.dialogs.edit_tick(self, self.context.policy.item(item_key).text, current)
        if chosen is None:
            return
        try:
            saved = checklist.update_tick(
                store, tick.id, done_on=chosen.done_on, done_by=chosen.done_by, note=chosen.note
            )
        except (checklist.ChecklistError, DatabaseError) as error:
            self.dialogs.warning(self, "The change was not saved", str(error))
            return
        self.school_checklist.set_tick(item_key, saved)
