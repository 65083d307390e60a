"""What every page of the window shares: the open database, the policy, the task runner.

Views (the pupil table, the policy pages, the reports engineer's movers, trends, cohorts and
penalty views) take an `AppContext` in their constructor and listen to `data_changed`, which
is emitted after every import and every edit that changes what they show.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from woodrush_desktop.domain.codes import CodeBook, default_code_book
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.tasks import TaskRunner
from woodrush_desktop.services.settings import SchoolDetails, policy_in, school_details
from woodrush_desktop.store.database import Store


class AppContext(QObject):
    """The store, the policy in force, the school's details and the one task runner."""

    data_changed = Signal()
    policy_changed = Signal()

    def __init__(
        self,
        store: Store,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
        code_book: CodeBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner if runner is not None else TaskRunner(self)
        self.code_book = code_book or default_code_book()
        self.policy: Policy = policy_in(store)
        self.school: SchoolDetails = school_details()

    def notify_data_changed(self) -> None:
        """Call after an import or an edit: every view reloads what it shows."""
        self.data_changed.emit()

    def reload_settings(self) -> None:
        """Call after the policy or school details were saved."""
        self.policy = policy_in(self.store)
        self.school = school_details()
        self.policy_changed.emit()
        self.data_changed.emit()
