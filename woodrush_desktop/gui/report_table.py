"""The thin table model every report-like table shares: plain rows described by named
columns, each with its text, sort key, tooltip and colour, sorted by those keys (never by the
shown text). Light on purpose (Qt only), so the pupil panel and dialogs can use it without
loading the reports pages' PDF and spreadsheet libraries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from woodrush_desktop.domain.attendance import percentage_text
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.band_style import tint

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
    """A group's attendance by the one display rule the packs, letters and CLI use."""
    return percentage_text(None if value is None else Fraction(value))


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


def table_over(
    parent: QWidget,
    columns: Sequence[ColumnSpec[T]],
    name: str,
    pupil_id: Callable[[T], int | None] | None = None,
) -> tuple[ReportTableModel[T], ReportProxy, QTableView]:
    """A report table in one step: the model over its rows, the sorting proxy and the view,
    with `name` as the view's accessible name."""
    model: ReportTableModel[T] = ReportTableModel(columns, pupil_id, parent)
    proxy = ReportProxy(parent)
    proxy.setSourceModel(model)
    table = make_table(parent, proxy)
    table.setAccessibleName(name)
    return model, proxy, table


class ReportPage(QWidget):
    """A reports page that reads its report off the GUI thread, and only once it is on
    screen and stale (see `LazyReport`).

    Subclasses give `read()`, the work to run (built on the GUI thread from the context, so
    it carries no widget), and `_loaded(report)` / `_failed(error)`.
    """

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lazy = LazyReport(self, self.reload)
        context.data_changed.connect(self.lazy.changed)

    def read(self) -> Callable[[Any], Any]:
        raise NotImplementedError

    def reload(self) -> None:
        self.context.runner.run(self.read(), on_success=self._loaded, on_failure=self._failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.lazy.shown()

    def _loaded(self, report: Any) -> None:
        raise NotImplementedError

    def _failed(self, error: BaseException) -> None:
        raise NotImplementedError


def band_count_columns(
    policy: Policy, counts: Callable[[T], dict[str, int]], *, tinted: bool = False
) -> list[ColumnSpec[T]]:
    """A column of pupils for each of the policy's bands, in the policy's order; `tinted`
    gives each column its band's light colour."""
    columns: list[ColumnSpec[T]] = []
    for band in policy.bands:
        colour = tint(band.colour) if tinted else None
        columns.append(
            ColumnSpec(
                band.label,
                lambda row, key=band.key: str(counts(row).get(key, 0)),
                lambda row, key=band.key: counts(row).get(key, 0),
                background=(lambda row, colour=colour: colour) if tinted else None,
                numeric=True,
            )
        )
    return columns
