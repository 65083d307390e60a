"""The main window: bands on the left, the pupil table in the centre, the pupil on the right.

Other pages (the policy, and the reports views) sit beside the pupil table as tabs, added with
`add_view`; each takes the window's `AppContext` and reloads on its `data_changed`.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from woodrush_desktop import APP_AUTHOR, APP_NAME
from woodrush_desktop.gui import pupil_table as columns
from woodrush_desktop.gui.band_list import CATEGORY_ROLE, BandListDelegate, BandListModel
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.dialogs import Dialogs
from woodrush_desktop.gui.import_flow import ImportFlow, recent_files
from woodrush_desktop.gui.pupil_panel import PupilPanel
from woodrush_desktop.gui.pupil_table import PupilFilterProxy, PupilTableModel, natural_key
from woodrush_desktop.gui.settings_dialog import ask_and_restore, back_up_or_warn
from woodrush_desktop.gui.tasks import TaskControl
from woodrush_desktop.gui.ui_loader import child, load_form
from woodrush_desktop.paths import demo_db_path
from woodrush_desktop.services.checklist import current_ticks
from woodrush_desktop.services.pupil_detail import PupilNotFoundError, latest_snapshot
from woodrush_desktop.services.pupils import list_pupils
from woodrush_desktop.services.settings import (
    SCHOOL_KEY,
    SchoolDetails,
    get_setting,
    save_school_details,
)
from woodrush_desktop.store.database import DatabaseError, open_database

log = logging.getLogger(__name__)

DEMO_SCHOOL = SchoolDetails(
    name="Woodrush High School",
    address="Woodrush Lane\nFernley Green\nMidshire\nZZ99 4WH",
    phone="0121 496 0735",  # Ofcom's range for drama: rings nobody
    email="attendance@woodrush.example",
    headteacher="Mrs Helen Marsh",
    attendance_lead="Mr Daniel Okafor",
    signatory="Ms Ruth Ellery",
    signatory_role="Attendance Officer",
    senior_leader="Mr Simon Hartley",  # the letters add "Senior leader for attendance"
)
"""The demo school's invented staff and address (ZZ99 is a postcode no place has), so the
demo letters read like a school's: "a meeting with Mr Simon Hartley", signed by name."""

IMPORT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".ods"}
COLUMN_WIDTHS = {
    columns.NAME: 160,
    columns.YEAR: 44,
    columns.REG_GROUP: 74,
    columns.ATTENDANCE: 84,
    columns.BAND: 212,
    columns.CHANGE: 60,
    columns.MISSED: 58,
    columns.UNAUTHORISED: 60,
    columns.PENALTY: 86,
    columns.GROUPS: 160,
    columns.LAST_LETTER: 140,
}
ALL = "All"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


class MainWindow(QMainWindow):
    """The officer's week: who is in which band, who moved, what to do next."""

    def __init__(
        self,
        context: AppContext,
        dialogs: Dialogs | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.dialogs = dialogs or Dialogs()
        self.settings = settings or app_settings()
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._selected_id: int | None = None
        self._build_central()
        self._build_models()
        self.import_flow = ImportFlow(context, self.dialogs, self, self.settings, self.show_status)
        self.import_flow.busy_changed.connect(self._import_busy)
        self._build_actions()
        self._build_menus()
        self._add_policy_view()
        self._add_report_views_soon()
        context.data_changed.connect(self.reload)
        context.policy_changed.connect(self._policy_changed)
        self.reload()
        self._restore_layout()

    # Building

    def _build_central(self) -> None:
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.welcome = load_form("welcome_page", self.stack)
        self.stack.addWidget(self.welcome)
        self.main_area = load_form("main_window", self.stack)
        self.stack.addWidget(self.main_area)
        self.splitter: QSplitter = child(self.main_area, QSplitter, "splitter")
        self.band_list: QListView = child(self.main_area, QListView, "bandList")
        self.snapshot_label: QLabel = child(self.main_area, QLabel, "snapshotLabel")
        self.views: QTabWidget = child(self.main_area, QTabWidget, "views")
        self.search: QLineEdit = child(self.main_area, QLineEdit, "searchEdit")
        self.year_combo: QComboBox = child(self.main_area, QComboBox, "yearCombo")
        self.reg_combo: QComboBox = child(self.main_area, QComboBox, "regGroupCombo")
        self.group_combo: QComboBox = child(self.main_area, QComboBox, "groupCombo")
        self.count_label: QLabel = child(self.main_area, QLabel, "countLabel")
        self.table: QTableView = child(self.main_area, QTableView, "pupilTable")
        self.clear_button: QPushButton = child(self.main_area, QPushButton, "clearFiltersButton")
        host: QWidget = child(self.main_area, QWidget, "panelHost")
        self.panel = PupilPanel(self.context, self.dialogs, host)
        host.layout().addWidget(self.panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([230, 1000, 450])
        self.splitter.setCollapsible(2, False)  # the panel never shrinks to a clipped sliver
        child(self.welcome, QPushButton, "importButton").clicked.connect(self.choose_import)
        child(self.welcome, QPushButton, "demoButton").clicked.connect(self.open_demo)
        self.statusBar().showMessage("Ready")

    def _build_models(self) -> None:
        policy = self.context.policy
        self.pupil_model = PupilTableModel(policy, self)
        self.proxy = PupilFilterProxy(self)
        self.proxy.setSourceModel(self.pupil_model)
        self.table.setModel(self.proxy)
        rows_header = self.table.verticalHeader()
        rows_header.hide()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fast at 20,000 rows
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(columns.NAME, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.doubleClicked.connect(lambda index: self.panel.tabs.setCurrentIndex(1))

        self.band_model = BandListModel(policy, self)
        self.band_list.setModel(self.band_model)
        self.band_list.setItemDelegate(BandListDelegate(self.band_list))
        self.band_list.setWordWrap(True)
        self.band_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.band_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.band_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.band_list.customContextMenuRequested.connect(self._band_menu)
        self.band_list.selectionModel().currentChanged.connect(self._category_changed)
        self.band_list.setCurrentIndex(self.band_model.index(0))

        self.search.textChanged.connect(lambda text: self.proxy.update_filter(text=text))
        self.year_combo.currentIndexChanged.connect(self._combo_filters_changed)
        self.reg_combo.currentIndexChanged.connect(self._combo_filters_changed)
        self.group_combo.currentIndexChanged.connect(self._combo_filters_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.panel.changed.connect(self._pupil_changed)
        self.panel.letters_requested.connect(self.open_letters)
        self.panel.status.connect(self.show_status)
        self._fill_group_combo()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            "&Import register…",
            self.choose_import,
            QKeySequence.StandardKey.Open,
            "Import a register export from the MIS (spreadsheet or CSV)",
        )
        self.partial_import_action = self._action(
            "Import a &partial export…",
            lambda: self.choose_import(full_export=False),
            "Ctrl+Shift+O",
            "Import a file that covers only some pupils (a year group, a class): nobody "
            "missing from it is marked as left",
        )
        self.demo_action = self._action(
            "Open the &demo school",
            self.open_demo,
            "Ctrl+Shift+D",
            "Look around with synthetic pupils",
        )
        self.backup_action = self._action(
            "&Back up now", self.back_up, "Ctrl+Shift+B", "Copy the database to a dated file"
        )
        self.restore_action = self._action(
            "&Restore a backup…", self.restore, "Ctrl+Shift+R", "Replace the data with a backup"
        )
        self.settings_action = self._action(
            "&Settings…", self.open_settings, QKeySequence.StandardKey.Preferences
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.find_action = self._action(
            "&Find a pupil", self.focus_search, QKeySequence.StandardKey.Find
        )
        self.clear_action = self._action("&Clear filters", self.clear_filters, "Ctrl+Shift+L")
        self.pupils_action = self._action(
            "&Pupils", lambda: self.views.setCurrentIndex(0), "Ctrl+1"
        )
        self.policy_action = self._action("P&olicy", self.show_policy, "Ctrl+2")
        self.letters_action = self._action(
            "&Letters for the selected pupils…",
            lambda: self.open_letters(self.selected_pupil_ids()),
            "Ctrl+L",
        )
        self.band_letters_action = self._action(
            "Letters for everyone &shown…",
            lambda: self.open_letters(self.visible_pupil_ids()),
            "Ctrl+Shift+P",
        )
        self.about_action = self._action(
            "&About Woodrush Attendance", self.open_about, QKeySequence.StandardKey.HelpContents
        )

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.partial_import_action)
        self.recent_menu = file_menu.addMenu("Import &recent file")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menus.addMenu("&View")
        for action in (self.find_action, self.clear_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.pupils_action)
        view_menu.addAction(self.policy_action)
        self.view_menu = view_menu
        letters_menu = menus.addMenu("&Letters")
        letters_menu.addAction(self.letters_action)
        letters_menu.addAction(self.band_letters_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _add_policy_view(self) -> None:
        from woodrush_desktop.gui.policy_page import PolicyPage

        self.policy_page = PolicyPage(self.context, self.dialogs, self)
        self.add_view("P&olicy", self.policy_page)

    def _add_report_views_soon(self) -> None:
        """Load what the reports pages need (PDF and spreadsheet libraries, about 2 s) off the
        GUI thread, so the window shows at once; the pages join it when that is done."""

        def preload(_control: TaskControl) -> None:
            import woodrush_desktop.services.exports
            import woodrush_desktop.services.reports  # noqa: F401

        def start() -> None:
            self.context.runner.run(preload, on_success=lambda _result: self._add_report_views())

        if self.context.runner.synchronous:
            start()  # tests and scripts: nothing to overlap with, so the pages exist at once
        else:
            QTimer.singleShot(0, start)  # once the event loop runs: after the first paint

    def _add_report_views(self) -> None:
        from woodrush_desktop.gui.cohorts_view import CohortsView
        from woodrush_desktop.gui.movers_view import MoversView
        from woodrush_desktop.gui.penalty_view import PenaltyView
        from woodrush_desktop.gui.trends_view import TrendsView

        context = self.context
        self.movers_view = MoversView(context, self.open_letters, self.select_pupil, self)
        self.add_view("&Movers", self.movers_view)
        self.trends_view = TrendsView(context, self)
        self.add_view("&Trends", self.trends_view)
        self.cohorts_view = CohortsView(context, self.visible_pupil_ids, parent=self)
        self.add_view("&Cohorts", self.cohorts_view)
        self.penalty_view = PenaltyView(context, self.open_letters, self.select_pupil, parent=self)
        self.add_view("Pe&nalty watch", self.penalty_view)

    # Public API

    def add_view(self, title: str, widget: QWidget) -> int:
        """Add a page beside the pupil table (a tab in the centre); returns its index.

        The widget should take the window's `context` in its constructor and reload on
        `context.data_changed`. Views are listed in the View menu with Ctrl+3, Ctrl+4….
        """
        index = self.views.addTab(widget, title)
        widget.setAccessibleName(title.replace("&", ""))
        if index >= 2 and index <= 9 and hasattr(self, "view_menu"):
            action = self._action(
                title, lambda: self.views.setCurrentWidget(widget), f"Ctrl+{index + 1}"
            )
            self.view_menu.addAction(action)
        return index

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    def selected_pupil_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [pupil_id for row in rows if (pupil_id := self.proxy.pupil_id_at(row)) is not None]

    def visible_pupil_ids(self) -> list[int]:
        return [
            pupil_id
            for row in range(self.proxy.rowCount())
            if (pupil_id := self.proxy.pupil_id_at(row)) is not None
        ]

    def select_pupil(self, pupil_id: int) -> bool:
        row = self.proxy.proxy_row_of(pupil_id)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    # Loading

    def reload(self) -> None:
        """Read the pupils again (after an import or an edit), keeping filters and selection."""
        policy = self.context.policy
        rows = list_pupils(self.context.store, policy)
        keep = self._selected_id
        self.pupil_model.set_rows(rows, policy)
        needs = [self.pupil_model.needs_action(index) for index in range(len(rows))]
        self.band_model.set_counts(self.pupil_model.rows, needs)
        self._fill_filter_combos(rows)
        snapshot = latest_snapshot(self.context.store)
        has_data = snapshot is not None
        self.stack.setCurrentWidget(self.main_area if has_data else self.welcome)
        for action in (self.letters_action, self.band_letters_action, self.backup_action):
            action.setEnabled(has_data or action is self.backup_action)
        if snapshot is not None:
            self.snapshot_label.setText(
                f"Figures to {snapshot.as_of:%d/%m/%Y}, from {snapshot.file_name} "
                f"(imported {snapshot.imported_at:%d/%m/%Y %H:%M}). "
                f"{snapshot.count} import{'s' if snapshot.count != 1 else ''} so far."
            )
        self._update_count()
        if keep is not None and self.select_pupil(keep):
            self._show_in_panel(keep)  # the same pupil, with what the import or edit changed
        else:
            self._selected_id = None
            self.panel.clear()
        self._update_title()

    def _update_title(self) -> None:
        path = self.context.store.path
        demo = path is not None and path == demo_db_path()
        suffix = " — demo school (synthetic pupils)" if demo else ""
        self.setWindowTitle(f"{APP_NAME}{suffix}")

    def _policy_changed(self) -> None:
        self.band_model.set_policy(self.context.policy)
        self._fill_group_combo()
        self.band_list.setCurrentIndex(self.band_model.index(0))

    def _fill_filter_combos(self, rows) -> None:
        years = sorted({row.year for row in rows if row.year is not None})
        groups = sorted({row.reg_group for row in rows if row.reg_group}, key=natural_key)
        self._refill(self.year_combo, [(f"Year {year}", year) for year in years])
        self._refill(self.reg_combo, [(group, group) for group in groups])

    def _fill_group_combo(self) -> None:
        policy = self.context.policy
        entries = [(group.label, group.key) for group in policy.groups]
        entries.append(("Looked-after children", "looked_after"))
        self._refill(self.group_combo, entries)

    @staticmethod
    def _refill(combo: QComboBox, entries: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for label, value in entries:
            combo.addItem(label, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    # Filters and selection

    def _combo_filters_changed(self) -> None:
        self.proxy.update_filter(
            year=self.year_combo.currentData(),
            reg_group=self.reg_combo.currentData(),
            group=self.group_combo.currentData(),
        )

    def _category_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        category = current.data(CATEGORY_ROLE) if current.isValid() else None
        self.proxy.update_filter(category=category or None)
        self.views.setCurrentIndex(0)

    def set_category(self, category: str | None) -> None:
        self.band_list.setCurrentIndex(self.band_model.index(self.band_model.row_of(category)))

    def clear_filters(self) -> None:
        self.search.clear()
        for combo in (self.year_combo, self.reg_combo, self.group_combo):
            combo.setCurrentIndex(0)
        self.set_category(None)

    def focus_search(self) -> None:
        self.views.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def show_policy(self) -> None:
        self.views.setCurrentWidget(self.policy_page)

    def _update_count(self, *_args) -> None:
        shown = self.proxy.rowCount()
        total = self.pupil_model.rowCount()
        self.count_label.setText(
            f"{shown:,} of {total:,} pupils" if shown != total else f"{total:,} pupils"
        )

    def _selection_changed(self, *_args) -> None:
        current = self.table.selectionModel().currentIndex()
        selected = self.table.selectionModel().selectedRows()
        if not selected or not current.isValid():
            return
        pupil_id = self.proxy.pupil_id_at(current.row())
        if pupil_id is None or (pupil_id == self._selected_id and self.panel.detail is not None):
            return
        self._selected_id = pupil_id
        self._show_in_panel(pupil_id)

    def _show_in_panel(self, pupil_id: int) -> None:
        try:
            self.panel.show_pupil(pupil_id)
        except PupilNotFoundError:
            self.panel.clear()

    def _pupil_changed(self, pupil_id: int) -> None:
        """A tick changed: update that pupil's row and the counts, not the whole table."""
        source_row = self.pupil_model.row_of(pupil_id)
        if source_row is None:
            return
        done = len(current_ticks(self.context.store, pupil_id))
        row = self.pupil_model.row_at(source_row)
        self.pupil_model.replace_row(dataclasses.replace(row, actions_done=done))
        rows = self.pupil_model.rows
        needs = [self.pupil_model.needs_action(index) for index in range(len(rows))]
        self.band_model.set_counts(rows, needs)

    # Menus on the list and the table

    def _band_menu(self, position) -> None:
        index = self.band_list.indexAt(position)
        category = index.data(CATEGORY_ROLE) if index.isValid() else None
        if not category:
            return
        self.set_category(category)
        menu = QMenu(self)
        menu.addAction(self.band_letters_action)
        menu.popup(self.band_list.viewport().mapToGlobal(position))

    def _table_menu(self, position) -> None:
        if not self.table.indexAt(position).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.letters_action)
        checklist = menu.addAction("Show the checklist")
        checklist.triggered.connect(lambda: self.panel.tabs.setCurrentIndex(1))
        menu.popup(self.table.viewport().mapToGlobal(position))

    # Importing

    def choose_import(self, *, full_export: bool = True) -> None:
        """File ▸ Import; `full_export=False` for a file of some pupils only, which marks
        nobody as left."""
        recent = recent_files(self.settings)
        folder = str(Path(recent[0]).parent) if recent else ""
        path = self.dialogs.open_register(self, folder)
        if path is not None:
            self.import_file(path, full_export=full_export)

    def import_file(self, path: Path, **options) -> bool:
        return self.import_flow.start(Path(path), **options)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = recent_files(self.settings)
        if not entries:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        for number, entry in enumerate(entries, start=1):
            action = self.recent_menu.addAction(f"&{number} {entry}")
            action.triggered.connect(lambda _c=False, chosen=entry: self.import_file(Path(chosen)))

    def _import_busy(self, busy: bool) -> None:
        for action in (
            self.import_action,
            self.partial_import_action,
            self.demo_action,
            self.restore_action,
        ):
            action.setEnabled(not busy)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)

    @staticmethod
    def _dropped_file(event) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in IMPORT_SUFFIXES:
                    return path
        return None

    # The demo school

    def open_demo(self) -> None:
        """Switch to the demo database and, if it is empty, import the demo exports into it.

        The exports are written off the GUI thread, then imported through the normal import
        path, each with its progress; the report follows the second.
        """
        from woodrush_desktop import demo

        if self.context.store.path != demo_db_path() and not self._switch_to(demo_db_path()):
            return
        if latest_snapshot(self.context.store) is not None:
            return
        self._give_demo_school_details()
        folder = Path(tempfile.mkdtemp(prefix="woodrush-demo-"))

        def write(control: TaskControl) -> list[Path]:
            return list(
                demo.write_demo_exports(
                    folder, seed=2026, progress=control.progress, cancelled=control.cancelled
                )
            )

        self.import_flow.prepare(
            "Writing the demo school's register exports…", write, self._import_chain
        )

    def _give_demo_school_details(self) -> None:
        """The demo database's staff and address, unless details were saved in it already."""
        if self.context.store.path != demo_db_path() or get_setting(SCHOOL_KEY) is not None:
            return
        save_school_details(self.context.store, DEMO_SCHOOL)
        self.context.reload_settings()
        log.info("demo school details written")

    def _import_chain(self, paths: list[Path]) -> None:
        """Import files one after another, with the report only after the last."""
        if not paths:
            return
        first, rest = paths[0], paths[1:]
        if rest:
            self.import_file(first, then=lambda _result: self._import_chain(rest))
        else:
            self.import_file(first)

    def _switch_to(self, path: Path) -> bool:
        try:
            store = open_database(path, exclusive=True)
        except DatabaseError as error:
            self.dialogs.warning(self, "The database could not be opened", str(error))
            return False
        old = self.context.store
        self.context.store = store
        old.close()
        log.info("switched database")
        self._selected_id = None
        self.context.reload_settings()
        return True

    # Letters, settings, backups, about

    def open_letters(self, pupil_ids: list[int], kind: str | None = None) -> None:
        """The letters dialog for these pupils; unless told, with the letter the policy gives
        their band already chosen, when they share one."""
        if not pupil_ids:
            self.show_status("Choose one or more pupils first.")
            return
        if kind is None:
            kind = self._letter_kind_for(pupil_ids)
        self.dialogs.open_letters(self, self.context, pupil_ids, kind=kind)
        self.context.notify_data_changed()

    def _letter_kind_for(self, pupil_ids: list[int]) -> str | None:
        band_of = {row.id: row.band for row in self.pupil_model.rows}
        bands = {band_of.get(pupil_id) for pupil_id in pupil_ids}
        if len(bands) != 1 or None in bands:
            return None
        from woodrush_desktop.services.letters import kind_for_band  # loads the documents

        return kind_for_band(self.context.policy, bands.pop())

    def open_settings(self) -> None:
        if self.dialogs.settings(self, self.context):
            self.context.reload_settings()

    def back_up(self) -> None:
        target = back_up_or_warn(self, self.dialogs, self.context.store)
        if target is not None:
            self.dialogs.information(self, "Backed up", f"The database was copied to:\n{target}")

    def restore(self) -> None:
        result = ask_and_restore(self, self.dialogs, self.context.store)
        if result is None:
            return
        self.context.reload_settings()
        self.dialogs.information(
            self,
            "Restored",
            f"Restored {result.restored_from.name}. The database as it was is kept as "
            f"{result.previous_copy.name}.",
        )

    def open_about(self) -> None:
        self.dialogs.about(self, self.context.store.path)

    # Layout memory and closing

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1600, 940)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = self.settings.value("window/table_header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/table_header", self.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.import_flow.is_busy():
            if not self.dialogs.ask(
                self,
                "An import is running",
                "Cancel the import and quit? Nothing from the unfinished import is kept.",
            ):
                event.ignore()
                return
            self.import_flow.cancel()
            self.context.runner.wait_for_all()
        self.save_layout()
        event.accept()
