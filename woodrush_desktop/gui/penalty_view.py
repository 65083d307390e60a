"""The penalty-notice watch: who reached the threshold and when, who is close, and the local
authority's lists; with one pupil's evidence pack a click away."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from woodrush_desktop.gui.cohorts_view import PDF_FILTER, ChooseSave, choose_save_path
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.report_table import (
    PUPIL_ID_ROLE,
    ColumnSpec,
    ReportPage,
    fit_columns,
    selected_pupil_ids,
    table_over,
)
from woodrush_desktop.reports.penalty import (
    ILLNESS_NOTE,
    SIXTH_FORM_NOTE,
    AbsenceRun,
    PenaltyReport,
    PenaltyRow,
)
from woodrush_desktop.reports.rows import PupilInfo
from woodrush_desktop.services import exports, reports

log = logging.getLogger(__name__)

THRESHOLD, APPROACHING, UNAUTHORISED_DAYS, ILLNESS = "threshold", "near", "days", "illness"
LISTS = [
    (THRESHOLD, "Penalty-notice threshold met"),
    (APPROACHING, "Approaching the threshold"),
    (UNAUTHORISED_DAYS, "LA list: 10 continuous school days unauthorised"),
    (ILLNESS, "LA list: illness of 15 school days or more"),
]
LIST_NOTES = {
    THRESHOLD: "10 sessions of unauthorised absence (G, N, O, U) within 10 school weeks: a "
    "penalty notice must be considered. A week with no sessions is not a school week.",
    APPROACHING: "6 or more unauthorised sessions in the last 10 school weeks: contact the "
    "family before the threshold is reached.",
    UNAUTHORISED_DAYS: "School days on which every possible session was unauthorised, with no "
    "school day between them otherwise.",
    ILLNESS: ILLNESS_NOTE,
}


@dataclass(frozen=True)
class WatchLine:
    """One row of any of the four lists, in the same columns."""

    list_key: str
    pupil: PupilInfo
    first: date | None
    last: date | None
    count: int
    detail: str


def watch_lines(report: PenaltyReport) -> list[WatchLine]:
    lines = [_penalty_line(THRESHOLD, row) for row in report.threshold]
    lines += [_penalty_line(APPROACHING, row) for row in report.approaching]
    lines += [_run_line(UNAUTHORISED_DAYS, run) for run in report.unauthorised_runs]
    lines += [_run_line(ILLNESS, run) for run in report.illness_runs]
    return lines


def _penalty_line(key: str, row: PenaltyRow) -> WatchLine:
    detail = "" if row.source == "marks" else "from the imported summary (no marks)"
    return WatchLine(key, row.pupil, row.window_start, row.met_on, row.current, detail)


def _run_line(key: str, run: AbsenceRun) -> WatchLine:
    return WatchLine(
        key, run.pupil, run.start, run.end, run.days, "continuing" if run.ongoing else "ended"
    )


def _date_text(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _date_key(value: date | None) -> int | None:
    return value.toordinal() if value else None


HEADINGS = {
    THRESHOLD: ("Window from", "Met on", "Unauthorised, last 10 weeks"),
    APPROACHING: ("Window from", "Met on", "Unauthorised, last 10 weeks"),
    UNAUTHORISED_DAYS: ("From", "To", "School days"),
    ILLNESS: ("From", "To", "School days"),
}


def watch_columns(list_key: str) -> list[ColumnSpec[WatchLine]]:
    first, last, count = HEADINGS[list_key]
    return [
        ColumnSpec("Name", lambda line: line.pupil.name),
        ColumnSpec(
            "Year",
            lambda line: str(line.pupil.year or ""),
            lambda line: line.pupil.year,
            numeric=True,
        ),
        ColumnSpec("Reg group", lambda line: line.pupil.reg_group or ""),
        ColumnSpec(first, lambda line: _date_text(line.first), lambda line: _date_key(line.first)),
        ColumnSpec(last, lambda line: _date_text(line.last), lambda line: _date_key(line.last)),
        ColumnSpec(count, lambda line: str(line.count), lambda line: line.count, numeric=True),
        ColumnSpec("Notes", lambda line: line.detail),
    ]


class PenaltyView(ReportPage):
    """The four watch lists, one at a time, with letters and the evidence pack for a pupil."""

    def __init__(
        self,
        context: AppContext,
        open_letters: Callable[[list[int]], None] | None = None,
        show_pupil: Callable[[int], object] | None = None,
        choose_save: ChooseSave | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._open_letters = open_letters
        self._show_pupil = show_pupil
        self._choose_save = choose_save or choose_save_path
        self.report: PenaltyReport | None = None
        self.list_combo = QComboBox(self)
        for key, text in LISTS:
            self.list_combo.addItem(text, key)
        self.list_combo.setAccessibleName("List")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.model, self.proxy, self.table = table_over(
            self, watch_columns(THRESHOLD), "Penalty-notice watch", lambda line: line.pupil.id
        )
        self.proxy.set_filter(lambda line: line.list_key == THRESHOLD)
        self.letters_button = QPushButton("&Letters for the selected pupils…", self)
        self.evidence_button = QPushButton("&Evidence pack for the local authority…", self)
        self._lay_out()
        self.list_combo.currentIndexChanged.connect(self._list_changed)
        self.letters_button.clicked.connect(self.open_letters)
        self.evidence_button.clicked.connect(self.evidence_pack)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._list_changed()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("List:", self))
        top.addWidget(self.list_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.letters_button)
        buttons.addStretch(1)
        buttons.addWidget(self.evidence_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def read(self):
        store, book = self.context.store, self.context.code_book
        self.status.setText("Reading the marks…")
        return lambda control: reports.penalty(store, book)

    def _loaded(self, report: PenaltyReport) -> None:
        self.report = report
        self.model.set_rows(watch_lines(report))
        fit_columns(self.table)
        counts = {key: 0 for key, _ in LISTS}
        for line in self.model.rows:
            counts[line.list_key] += 1
        for index, (key, text) in enumerate(LISTS):
            self.list_combo.setItemText(index, f"{text} ({counts[key]})")
        self.status.setText(SIXTH_FORM_NOTE)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        log.error("the penalty watch could not be read", exc_info=error)
        self.status.setText("The penalty watch could not be read; the log has the details.")

    def _list_changed(self) -> None:
        key = self.list_combo.currentData()
        self.model.set_rows(self.model.rows, watch_columns(key))
        self.proxy.set_filter(lambda line: line.list_key == key)
        self.note.setText(LIST_NOTES[key])
        self._update_buttons()

    def selected_pupil_ids(self) -> list[int]:
        return selected_pupil_ids(self.table)

    def _update_buttons(self, *_args: object) -> None:
        count = len(self.selected_pupil_ids())
        self.letters_button.setEnabled(count > 0 and self._open_letters is not None)
        self.evidence_button.setEnabled(count == 1)

    def open_letters(self) -> None:
        ids = self.selected_pupil_ids()
        if ids and self._open_letters is not None:
            self._open_letters(ids)

    def _activated(self, index: QModelIndex) -> None:
        pupil_id = index.data(PUPIL_ID_ROLE)
        if pupil_id is not None and self._show_pupil is not None:
            self._show_pupil(pupil_id)

    def evidence_pack(self) -> None:
        ids = self.selected_pupil_ids()
        if len(ids) != 1:
            return
        pupil_id = ids[0]
        path = self._choose_save(
            self, "Save the evidence pack", f"evidence-pack-{pupil_id}.pdf", PDF_FILTER
        )
        if path is None:
            return
        store, policy, book = self.context.store, self.context.policy, self.context.code_book

        def work(control) -> int:
            pdf = reports.evidence_pack(store, policy, pupil_id, book)
            exports.write_file(path, pdf)
            return len(pdf)

        self.evidence_button.setEnabled(False)
        self.context.runner.run(
            work,
            on_success=lambda _size: self._done(f"Saved the evidence pack as {path.name}."),
            on_failure=self._pack_failed,
        )

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self._update_buttons()

    def _pack_failed(self, error: BaseException) -> None:
        self._update_buttons()
        if isinstance(error, exports.ExportError | reports.PackError):
            self.status.setText(str(error))
            return
        log.error("the evidence pack failed", exc_info=error)
        self.status.setText("The evidence pack could not be made; the log has the details.")
