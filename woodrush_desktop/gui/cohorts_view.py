"""The cohorts page: attendance and bands by year, group and need, beside the whole school and
the same point last year; and the exports and the trustees' pack, which report on the same."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.report_table import (
    ColumnSpec,
    ReportPage,
    band_count_columns,
    fit_columns,
    format_points,
    format_rate,
    table_over,
)
from woodrush_desktop.reports.cohorts import DIMENSIONS, WHOLE_SCHOOL, CohortRow
from woodrush_desktop.services import exports, reports
from woodrush_desktop.services.pupils import list_pupils

log = logging.getLogger(__name__)

ChooseSave = Callable[[QWidget, str, str, str], Path | None]
"""(parent, title, suggested file name, filter) -> the chosen path, or None if cancelled."""

EXCEL_FILTER = "Excel workbooks (*.xlsx)"
CSV_FILTER = "CSV files (*.csv)"
PDF_FILTER = "PDF documents (*.pdf)"


def choose_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(chosen) if chosen else None


def cohort_columns(policy: Policy) -> list[ColumnSpec[CohortRow]]:
    bold = QFont()
    bold.setBold(True)
    columns: list[ColumnSpec[CohortRow]] = [
        ColumnSpec("Cohort", lambda row: row.dimension_label, lambda row: _dimension_rank(row)),
        ColumnSpec("Group", lambda row: row.value, lambda row: _value_rank(row)),
        ColumnSpec("Pupils", lambda row: str(row.now.pupils), lambda r: r.now.pupils, numeric=True),
        ColumnSpec(
            "Attendance",
            lambda row: format_rate(row.now.percentage),
            lambda row: row.now.percentage,
            numeric=True,
            header_tip="All the cohort's sessions attended over all its sessions possible",
        ),
        ColumnSpec(
            "Last year",
            lambda row: format_rate(row.last_year.percentage) if row.last_year else "",
            lambda row: row.last_year.percentage if row.last_year else None,
            numeric=True,
            header_tip="The same cohort at the import nearest this date a year ago",
        ),
        ColumnSpec(
            "Change",
            lambda row: format_points(row.change),
            lambda row: row.change,
            numeric=True,
        ),
        ColumnSpec(
            "DfE persistent",
            lambda row: _share(row.now.dfe_persistent, row.now.pupils),
            lambda row: row.now.persistent_share,
            numeric=True,
            header_tip="Pupils missing 10% or more of their sessions (the national measure)",
        ),
    ]
    return columns + band_count_columns(policy, lambda row: row.now.band_counts, tinted=True)


_DIMENSION_ORDER = {WHOLE_SCHOOL: -1} | {dim.key: index for index, dim in enumerate(DIMENSIONS)}


def _dimension_rank(row: CohortRow) -> int:
    return _DIMENSION_ORDER.get(row.dimension, 99)


def _value_rank(row: CohortRow) -> tuple:
    digits = "".join(character for character in row.value if character.isdigit())
    return (int(digits) if digits else 10**6, row.value)


def _share(count: int, pupils: int) -> str:
    return f"{count} ({count * 100 / pupils:.0f}%)" if pupils else "0"


class CohortsView(ReportPage):
    """The cohort table, a choice of cohort, and the exports and the trustees' pack."""

    def __init__(
        self,
        context: AppContext,
        current_pupil_ids: Callable[[], list[int]] | None = None,
        choose_save: ChooseSave | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._current_ids = current_pupil_ids
        self._choose_save = choose_save or choose_save_path
        self.rows: list[CohortRow] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.dimension_combo = QComboBox(self)
        self.dimension_combo.addItem("Every cohort", None)
        for dim in DIMENSIONS:
            self.dimension_combo.addItem(dim.label, dim.key)
        self.dimension_combo.setAccessibleName("Cohort")
        self.model, self.proxy, self.table = table_over(
            self, cohort_columns(context.policy), "Cohorts"
        )
        self.excel_button = QPushButton("Export to &Excel…", self)
        self.csv_button = QPushButton("Export &CSV…", self)
        self.pack_button = QPushButton("&Trustees' pack…", self)
        self.excel_button.setToolTip(
            "The pupils in the table (as filtered there), with the band colours, a summary of "
            "the cohorts and a sheet for each year group"
        )
        self.pack_button.setToolTip("Bands, the trend, the cohorts and the actions taken, as PDF")
        self._lay_out()
        self.dimension_combo.currentIndexChanged.connect(self._dimension_changed)
        self.excel_button.clicked.connect(self.export_excel)
        self.csv_button.clicked.connect(self.export_csv)
        self.pack_button.clicked.connect(self.trustees_pack)
        context.policy_changed.connect(self._policy_changed)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Show:", self))
        top.addWidget(self.dimension_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.excel_button)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pack_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def read(self):
        store, policy = self.context.store, self.context.policy
        return lambda control: reports.cohorts(store, policy)

    def _loaded(self, report: reports.CohortReport) -> None:
        self.rows = [report.table.school, *report.table.rows]
        self.model.set_rows(self.rows)
        fit_columns(self.table)
        if report.as_of is None:
            self.summary.setText("No imports yet: the cohorts appear after the first import.")
        elif report.last_year_as_of:
            self.summary.setText(
                f"Each pupil on roll at their latest figures (to {report.as_of:%d/%m/%Y}), "
                f"beside the import of {report.last_year_as_of:%d/%m/%Y} last year. Year "
                "groups compare the year the same pupils were in then."
            )
        else:
            self.summary.setText(
                f"Each pupil on roll at their latest figures (to {report.as_of:%d/%m/%Y}). "
                "No import from the same point last year is in this database."
            )

    def _failed(self, error: BaseException) -> None:
        log.error("cohorts could not be read", exc_info=error)
        self.summary.setText("The cohorts could not be read; the log has the details.")

    def _policy_changed(self) -> None:
        self.model.set_rows(self.rows, cohort_columns(self.context.policy))
        self.lazy.changed()

    def _dimension_changed(self) -> None:
        key = self.dimension_combo.currentData()
        self.proxy.set_filter(
            None if key is None else lambda row: row.dimension in (key, WHOLE_SCHOOL)
        )

    # Exports and the pack

    def _pupil_rows(self):
        rows = list_pupils(self.context.store, self.context.policy)
        if self._current_ids is None:
            return rows
        wanted = self._current_ids()
        order = {pupil_id: index for index, pupil_id in enumerate(wanted)}
        return sorted((row for row in rows if row.id in order), key=lambda row: order[row.id])

    def export_excel(self) -> None:
        path = self._choose_save(self, "Export to Excel", "woodrush-pupils.xlsx", EXCEL_FILTER)
        if path is None:
            return
        rows, policy = self._pupil_rows(), self.context.policy
        self._run(
            lambda control: exports.export_xlsx(rows, policy, path),
            lambda count: f"Exported {count} pupils to {path.name}.",
        )

    def export_csv(self) -> None:
        path = self._choose_save(self, "Export CSV", "woodrush-pupils.csv", CSV_FILTER)
        if path is None:
            return
        rows, policy = self._pupil_rows(), self.context.policy
        self._run(
            lambda control: exports.export_csv(rows, policy, path),
            lambda count: f"Exported {count} pupils to {path.name}.",
        )

    def trustees_pack(self) -> None:
        path = self._choose_save(self, "Save the trustees' pack", "trustees-pack.pdf", PDF_FILTER)
        if path is None:
            return
        store, policy, book = self.context.store, self.context.policy, self.context.code_book

        def work(control) -> int:
            pdf = reports.trustees_pack(store, policy, book)
            exports.write_file(path, pdf)
            return len(pdf)

        self._run(work, lambda _size: f"Saved the trustees' pack as {path.name}.")

    def _run(self, work, message: Callable[[object], str]) -> None:
        for button in (self.excel_button, self.csv_button, self.pack_button):
            button.setEnabled(False)

        def done(result: object) -> None:
            self._enable()
            self.status.setText(message(result))

        def failed(error: BaseException) -> None:
            self._enable()
            if isinstance(error, exports.ExportError):
                self.status.setText(str(error))
                return
            log.error("an export failed", exc_info=error)
            self.status.setText("The file could not be made; the log has the details.")

        self.context.runner.run(work, on_success=done, on_failure=failed)

    def _enable(self) -> None:
        for button in (self.excel_button, self.csv_button, self.pack_button):
            button.setEnabled(True)
