"""The movers page: who changed band with the latest import, and one click to their letters.

Also home to `ReportTableModel` and `ReportProxy`, the thin table model over plain report rows
that every reports page (movers, trends, cohorts, penalty watch) shares: named columns, each
with its text, sort key, tooltip and colour, sorted by those keys (never by the shown text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.gui.band_style import owner_icon, tint
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.reports.movers import DECLINED, IMPROVED, NEW, Mover, MoversReport
from woodrush_desktop.services import reports

log = logging.getLogger(__name__)

T = TypeVar("T")
ROW_ROLE = Qt.ItemDataRole.UserRole + 40
PUPIL_ID_ROLE = Qt.ItemDataRole.UserRole + 41
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    """One column of a report table: its header and how a row shows and sorts in it."""

    header: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str | None] | None = None
    background: Callable[[T], QColor | None] | None = None
    icon: Callable[[T], Any] | None = None
    numeric: bool = False
    header_tip: str = ""


class ReportTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of plain rows, described by `ColumnSpec`s."""

    def __init__(
        self,
        columns: Sequence[ColumnSpec[T]],
        pupil_id: Callable[[T], int | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self._pupil_id = pupil_id

    def set_rows(self, rows: Sequence[T], columns: Sequence[ColumnSpec[T]] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    @property
    def rows(self) -> list[T]:
        return self._rows

    def row_at(self, source_row: int) -> T:
        return self._rows[source_row]

    def sort_value(self, source_row: int, column: int) -> tuple:
        """A key that puts missing values last whatever the order, and never compares text
        with numbers."""
        spec = self._columns[column]
        row = self._rows[source_row]
        value = spec.sort(row) if spec.sort else spec.display(row)
        if value is None or value == "":
            return (1, 0)
        if isinstance(value, Fraction):
            value = float(value)
        if isinstance(value, str):
            value = value.casefold()
        return (0, value)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        spec = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.header_tip or spec.header
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        spec = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return spec.display(row)
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip is not None:
            return spec.tooltip(row)
        if role == Qt.ItemDataRole.BackgroundRole and spec.background is not None:
            return spec.background(row)
        if role == Qt.ItemDataRole.DecorationRole and spec.icon is not None:
            return spec.icon(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.numeric:
            return _RIGHT
        if role == PUPIL_ID_ROLE and self._pupil_id is not None:
            return self._pupil_id(row)
        return None


class ReportProxy(QSortFilterProxyModel):
    """Sorts by each column's key and keeps the rows a predicate accepts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._accept: Callable[[Any], bool] | None = None

    def set_filter(self, accept: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._accept = accept
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def source(self) -> ReportTableModel:
        return self.sourceModel()  # type: ignore[return-value]

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if self._accept is None:
            return True
        return self._accept(self.source().row_at(source_row))

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        source = self.source()
        return source.sort_value(left.row(), left.column()) < source.sort_value(
            right.row(), right.column()
        )

    def row_at(self, proxy_row: int) -> Any:
        return self.source().row_at(self.mapToSource(self.index(proxy_row, 0)).row())


def make_table(parent: QWidget, proxy: ReportProxy) -> QTableView:
    table = QTableView(parent)
    table.setModel(proxy)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)  # with no column chosen, rows keep the report's own order
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def selected_pupil_ids(table: QTableView) -> list[int]:
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    found = []
    for row in rows:
        pupil_id = table.model().index(row, 0).data(PUPIL_ID_ROLE)
        if pupil_id is not None and pupil_id not in found:
            found.append(pupil_id)
    return found


def format_points(value: Fraction | None) -> str:
    """Points moved, one decimal, with an arrow so the direction does not rest on colour."""
    if value is None:
        return ""
    arrow = "▲" if value > 0 else ("▼" if value < 0 else "")
    return f"{arrow} {abs(float(value)):.1f}".strip()


def format_rate(value: Fraction | float | None) -> str:
    """A group's attendance to one decimal, rounded half up as in the packs and the CLI."""
    if value is None:
        return "—"
    tenths = int((Fraction(value) * 10 + Fraction(1, 2)) // 1)
    return f"{tenths / 10:.1f}%"


def fit_columns(table: QTableView, widest: int = 280) -> None:
    """Size columns to their contents, but no wider than `widest` pixels (long policy text)."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > widest:
            header.resizeSection(column, widest)


def format_percent(value: Fraction | float | None) -> str:
    """Rounded down to one decimal, like the pupil table, so no figure reads as the next band."""
    if value is None:
        return "—"
    tenths = int(Fraction(value) * 10 // 1)
    return f"{tenths / 10:.1f}%"


class LazyReport:
    """Reload a page's report on `data_changed` only once it is on screen.

    A tick or an import elsewhere marks the page stale; it reads again when next shown, so
    pages nobody looks at cost nothing.
    """

    def __init__(self, widget: QWidget, load: Callable[[], None]) -> None:
        self._widget = widget
        self._load = load
        self.stale = True

    def changed(self) -> None:
        self.stale = True
        if self._widget.isVisible():
            self.refresh()

    def shown(self) -> None:
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        self._load()


# The movers page ---------------------------------------------------------------------------

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


class MoversView(QWidget):
    """Band changes since the previous import, with the letter and next action for each."""

    def __init__(
        self,
        context: AppContext,
        open_letters: Callable[[list[int]], None] | None = None,
        show_pupil: Callable[[int], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._open_letters = open_letters or self._open_letters_dialog
        self._show_pupil = show_pupil
        self.report: MoversReport | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.filter_combo = QComboBox(self)
        for key, text in FILTERS:
            self.filter_combo.addItem(text, key)
        self.filter_combo.setAccessibleName("Show")
        self.model: ReportTableModel[Mover] = ReportTableModel(
            mover_columns(context), lambda mover: mover.pupil.id, self
        )
        self.proxy = ReportProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self, self.proxy)
        self.table.setAccessibleName("Movers")
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
        self.lazy = LazyReport(self, self.reload)
        context.data_changed.connect(self.lazy.changed)
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.lazy.shown()

    def reload(self) -> None:
        store, policy = self.context.store, self.context.policy
        self.context.runner.run(
            lambda control: reports.movers(store, policy),
            on_success=self._loaded,
            on_failure=self._failed,
        )

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
