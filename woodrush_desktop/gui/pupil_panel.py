"""The selected pupil: identity and groups, the figures, the chart, the marks, the checklist
and the history. Ticks are saved the moment they are made.
"""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.domain.attendance import is_compulsory_school_age
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.gui.band_style import swatch_for
from woodrush_desktop.gui.charts import ChartPoint, LineChart, MarksCalendar, ReferenceLine
from woodrush_desktop.gui.checklist_view import ChecklistView
from woodrush_desktop.gui.context import AppContext
from woodrush_desktop.gui.dialogs import Dialogs, TickDetails
from woodrush_desktop.gui.pupil_table import format_percentage
from woodrush_desktop.gui.report_table import ColumnSpec, ReportTableModel
from woodrush_desktop.services import checklist, flags
from woodrush_desktop.services.pupil_detail import HistoryEvent, PupilDetail, pupil_detail
from woodrush_desktop.store.database import DatabaseError, current_user

log = logging.getLogger(__name__)

SEN_LABELS = {"K": "SEN support", "E": "EHC plan", "N": "No special educational needs"}
HISTORY_KINDS = {"tick": "Done", "untick": "Unticked", "letter": "Letter", "meeting": "Meeting"}

# The pupil's history: ticks, withdrawals, letters and meetings, newest first.
HISTORY_COLUMNS: list[ColumnSpec[HistoryEvent]] = [
    ColumnSpec(
        "When", lambda event: f"{event.when:%d/%m/%Y %H:%M}", lambda event: event.when.timestamp()
    ),
    ColumnSpec("What", lambda event: HISTORY_KINDS.get(event.kind, event.kind)),
    ColumnSpec("Details", lambda event: event.text, tooltip=lambda event: event.text),
    ColumnSpec("By", lambda event: event.by or ""),
]

PDF_FILTER = "PDF documents (*.pdf)"


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes from the MIS, never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PupilPanel(QWidget):
    """Shows one pupil; `show_pupil(id)` loads them, `clear()` shows the hint."""

    changed = Signal(int)  # a pupil's ticks changed: the table's "no action yet" may too
    letters_requested = Signal(list)
    status = Signal(str)  # a line for the window's status bar

    def __init__(self, context: AppContext, dialogs: Dialogs, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialogs = dialogs
        self.detail: PupilDetail | None = None
        self.setObjectName("pupilPanel")
        self.setMinimumWidth(380)
        self._build()
        self.clear()

    # Layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.hint = QLabel("Choose a pupil in the table to see their figures and checklist.", self)
        self.hint.setObjectName("pupilHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setMargin(12)
        # Ignored width: the label takes the panel's width and wraps in it, never asking for
        # one line's width (which the splitter would clip).
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.hint.setMinimumWidth(0)
        outer.addWidget(self.hint, 1)
        self.body = QWidget(self)
        outer.addWidget(self.body, 1)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.body)
        self.title.setObjectName("pupilName")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        body.addWidget(self.title)
        band_row = QHBoxLayout()
        self.band_swatch = QLabel(self.body)
        self.band_text = QLabel(self.body)
        self.band_text.setWordWrap(True)
        band_row.addWidget(self.band_swatch, 0, Qt.AlignmentFlag.AlignTop)
        band_row.addWidget(self.band_text, 1)
        self.letters_button = QPushButton("Letters…", self.body)
        self.letters_button.setToolTip("Prepare letters for this pupil's parents/carers")
        self.letters_button.clicked.connect(self._request_letters)
        band_row.addWidget(self.letters_button, 0, Qt.AlignmentFlag.AlignTop)
        self.evidence_button = QPushButton("&Evidence pack…", self.body)
        self.evidence_button.setToolTip(
            "Save this pupil's record and a copy of every letter logged as one PDF, for the "
            "local authority"
        )
        self.evidence_button.clicked.connect(self.save_evidence_pack)
        band_row.addWidget(self.evidence_button, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(band_row)
        self.tabs = QTabWidget(self.body)
        self.tabs.setDocumentMode(True)
        body.addWidget(self.tabs, 1)
        self.tabs.addTab(self._overview_tab(), "Fig&ures")
        self.tabs.addTab(self._checklist_tab(), "Chec&klist")
        self.tabs.addTab(self._history_tab(), "H&istory")

    def _scrolling(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _overview_tab(self) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("identity", "Pupil"),
            ("groups", "Groups"),
            ("attendance", "Year to date"),
            ("absence", "Absence"),
            ("late", "Lates"),
            ("dfe", "DfE measures"),
            ("rolling", "Last 10 school weeks"),
            ("contacts", "Parents/carers"),
        ):
            value = _value_label(inner)
            value.setObjectName(f"field_{key}")
            if key == "groups":
                form.addRow(f"{label}:", self._groups_row(inner, value))
            else:
                form.addRow(f"{label}:", value)
            self.fields[key] = value
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Attendance at each import</b>", inner))
        self.chart = LineChart(inner)
        self.chart.setAccessibleName("Attendance at each import")
        layout.addWidget(self.chart)
        layout.addWidget(QLabel("<b>Session marks</b> (hover a session for its meaning)", inner))
        self.calendar = MarksCalendar(self.context.code_book, inner)
        self.calendar.setAccessibleName("Session marks")
        layout.addWidget(self.calendar)
        layout.addStretch(1)
        return self._scrolling(inner)

    def _groups_row(self, inner: QWidget, value: QLabel) -> QWidget:
        """The groups, with the way to correct the flags they come from beside them."""
        row = QWidget(inner)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(value, 1)
        self.flags_button = QPushButton("Edit fl&ags…", row)
        self.flags_button.setObjectName("editFlags")
        self.flags_button.setAccessibleName("Edit flags")
        self.flags_button.setToolTip(
            "Set SEN status, medical condition, social worker, looked after or free school "
            "meals by hand; later imports keep what you set"
        )
        self.flags_button.clicked.connect(self.edit_flags)
        layout.addWidget(self.flags_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _checklist_tab(self) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.checklist_intro = QLabel(inner)
        self.checklist_intro.setWordWrap(True)
        layout.addWidget(self.checklist_intro)
        self.checklist = ChecklistView(inner)
        self.checklist.toggled.connect(self._toggle_item)
        self.checklist.edit_requested.connect(self._edit_item)
        layout.addWidget(self.checklist)
        layout.addStretch(1)
        return self._scrolling(inner)

    def _history_tab(self) -> QWidget:
        self.history_model: ReportTableModel[HistoryEvent] = ReportTableModel(
            HISTORY_COLUMNS, parent=self
        )
        self.history = QTableView(self)
        self.history.setModel(self.history_model)
        self.history.setAccessibleName("History of ticks, letters and meetings")
        self.history.verticalHeader().hide()
        self.history.setWordWrap(True)
        self.history.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.history.setToolTip("Ticks, letters and meetings for this pupil, newest first")
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        self.history_empty = QLabel(
            "Nothing recorded yet: ticks, letters and meetings for this pupil appear here.", page
        )
        self.history_empty.setWordWrap(True)
        layout.addWidget(self.history_empty)
        layout.addWidget(self.history, 1)
        self.history_model.modelReset.connect(
            lambda: self.history_empty.setVisible(self.history_model.rowCount() == 0)
        )
        return page

    # Showing a pupil

    def clear(self) -> None:
        self.detail = None
        self.hint.show()
        self.body.hide()

    def show_pupil(self, pupil_id: int) -> None:
        self.detail = pupil_detail(
            self.context.store, self.context.policy, pupil_id, self.context.code_book
        )
        self.hint.hide()
        self.body.show()
        self._fill(self.detail, self.context.policy)

    def reload(self) -> None:
        if self.detail is not None:
            self.show_pupil(self.detail.id)

    def _fill(self, detail: PupilDetail, policy: Policy) -> None:
        name = html.escape(detail.display_name)
        subtitle = html.escape(
            " · ".join(
                part
                for part in (
                    f"Year {detail.year}" if detail.year is not None else "",
                    detail.reg_group or "",
                    f"UPN {detail.upn}" if detail.upn else "",
                )
                if part
            )
        )
        self.title.setText(
            f"<span style='font-size:15pt; font-weight:600'>{name}</span><br>{subtitle}"
        )
        self._fill_band(detail, policy)
        self._fill_fields(detail, policy)
        self._fill_chart(detail, policy)
        self.calendar.set_marks(detail.marks)
        self._fill_checklist(detail, policy)
        self.history_model.set_rows(detail.history)
        self.history.resizeRowsToContents()

    def _fill_band(self, detail: PupilDetail, policy: Policy) -> None:
        result = detail.figures
        if result is None or result.band is None:
            self.band_swatch.clear()
            self.band_text.setText("No band: no possible sessions imported yet")
            return
        band = result.band
        self.band_swatch.setPixmap(swatch_for(self, band.colour, band.symbol, 22))
        moved = ""
        if len(detail.series) >= 2 and detail.series[-2].band not in (None, band.key):
            previous = policy.band(detail.series[-2].band).label
            moved = f"<br>Moved band: {html.escape(previous)} at the previous import"
        self.band_text.setText(
            f"<b>{html.escape(band.label)}</b> — {format_percentage(result.percentage)} "
            f"(band: {html.escape(band.describe_bounds())}){moved}"
        )
        self.band_text.setAccessibleName(f"Band: {band.label}")

    def _fill_fields(self, detail: PupilDetail, policy: Policy) -> None:
        born = f", born {detail.date_of_birth:%d/%m/%Y}" if detail.date_of_birth else ""
        legal = ""
        if detail.legal_name != detail.display_name:
            legal = f" (legal name {detail.legal_name})"
        self.fields["identity"].setText(f"{detail.display_name}{legal}{born}")
        groups = [policy.group(key).label for key in detail.groups if _has_group(policy, key)]
        if detail.looked_after:
            groups.append("Looked-after child (Personal Education Plan)")
        if detail.sen_status and detail.sen_status.upper() in SEN_LABELS:
            groups.append(f"SEN status: {SEN_LABELS[detail.sen_status.upper()]}")
        text = "; ".join(groups) or "None recorded"
        manual = [state.label for state in flags.flag_states(detail.id) if state.set_by_hand]
        if manual:
            text += f"\nSet by hand, kept by imports: {', '.join(manual)}"
        self.fields["groups"].setText(text)
        result = detail.figures
        if result is None:
            for key in ("attendance", "absence", "late", "dfe"):
                self.fields[key].setText("No figures imported yet")
        else:
            counts = result.counts
            as_of = f" to {detail.as_of:%d/%m/%Y}" if detail.as_of else ""
            self.fields["attendance"].setText(
                f"{format_percentage(result.percentage)}: {counts.attended} of "
                f"{counts.possible} possible sessions{as_of}"
            )
            self.fields["absence"].setText(
                f"{counts.missed} sessions missed: {counts.authorised} authorised, "
                f"{counts.unauthorised} unauthorised"
            )
            self.fields["late"].setText(f"{counts.late} sessions late before the register closed")
            if not is_compulsory_school_age(detail.year):
                dfe = "Not measured: past compulsory school age (sixth form)"
            elif result.dfe_severe:
                dfe = "Severely absent (missing 50% or more)"
            elif result.dfe_persistent:
                dfe = "Persistently absent (missing 10% or more)"
            else:
                dfe = "Not persistently absent (missing under 10%)"
            self.fields["dfe"].setText(dfe)
        self.fields["rolling"].setText(self._rolling_text(detail))
        contacts = [
            f"{contact.name}" + (f" ({contact.relationship})" if contact.relationship else "")
            for contact in detail.contacts
        ]
        self.fields["contacts"].setText("; ".join(contacts) or "None in the imported files")

    @staticmethod
    def _rolling_text(detail: PupilDetail) -> str:
        if not is_compulsory_school_age(detail.year):
            return "Penalty notices do not apply past compulsory school age (sixth form)"
        if detail.rolling_unauthorised is None:
            return "Not known: no marks imported"
        text = (
            f"{detail.rolling_unauthorised} unauthorised sessions "
            f"(penalty-notice threshold: {detail.penalty_threshold})"
        )
        if detail.penalty is not None and detail.penalty.met_on is not None:
            text += f" — ⚑ threshold met on {detail.penalty.met_on:%d/%m/%Y}"
        return text

    def _fill_chart(self, detail: PupilDetail, policy: Policy) -> None:
        points = [
            ChartPoint(
                label=f"{point.as_of:%d/%m}",
                value=None if point.percentage is None else float(point.percentage),
                tip=f"{point.as_of:%d/%m/%Y}: {format_percentage(point.percentage)}",
            )
            for point in detail.series
        ]
        lines = [
            ReferenceLine(float(band.lower.value), f"{band.symbol} {band.lower}", band.colour)
            for band in policy.bands
            if 0 < band.lower.value < 100
        ]
        self.chart.set_data(points, lines)

    def _fill_checklist(self, detail: PupilDetail, policy: Policy) -> None:
        band_key = detail.figures.band_key if detail.figures else None
        items = policy.pupil_items(band_key, list(detail.groups))
        owners = []
        if band_key:
            owners.append(policy.band(band_key).label)
        owners.extend(policy.group(key).label for key in detail.groups if _has_group(policy, key))
        self.checklist_intro.setText(
            "What the policy asks for "
            + html.escape(" and ".join(owners) or "this pupil")
            + ". Ticking an item saves it at once, with today's date and your name."
        )
        current = {tick.item_key: tick for tick in detail.ticks if tick.current}
        self.checklist.set_items(policy, items, current)

    # Ticks

    def _toggle_item(self, item_key: str, checked: bool) -> None:
        if self.detail is None:
            return
        pupil_id = self.detail.id
        try:
            if checked:
                tick = checklist.tick_item(
                    self.context.store, self.context.policy, item_key, pupil_id
                )
                self.checklist.set_tick(item_key, tick)
            else:
                checklist.untick_item(self.context.store, item_key, pupil_id)
                self.checklist.set_tick(item_key, None)
        except (checklist.ChecklistError, DatabaseError) as error:
            self.dialogs.warning(self, "The tick was not saved", str(error))
            self.checklist.set_tick(item_key, self._current_tick(item_key))
            return
        log.info("pupil %d checklist changed", pupil_id)
        self._refresh_history()
        self.changed.emit(pupil_id)

    def _current_tick(self, item_key: str):
        if self.detail is None:
            return None
        return checklist.current_ticks(self.context.store, self.detail.id).get(item_key)

    def _edit_item(self, item_key: str) -> None:
        tick = self._current_tick(item_key)
        if tick is None or self.detail is None:
            return
        current = TickDetails(tick.done_on, tick.done_by or current_user(), tick.note or "")
        text = self.context.policy.item(item_key).text
        chosen = self.dialogs.edit_tick(self, text, current)
        if chosen is None:
            return
        try:
            saved = checklist.update_tick(
                self.context.store,
                tick.id,
                done_on=chosen.done_on,
                done_by=chosen.done_by,
                note=chosen.note,
            )
        except (checklist.ChecklistError, DatabaseError) as error:
            self.dialogs.warning(self, "The change was not saved", str(error))
            return
        self.checklist.set_tick(item_key, saved)
        self._refresh_history()
        self.changed.emit(self.detail.id)

    def _refresh_history(self) -> None:
        """Read the pupil again after a tick, leaving the checklist's widgets as they are."""
        if self.detail is None:
            return
        context = self.context
        self.detail = pupil_detail(context.store, context.policy, self.detail.id, context.code_book)
        self.history_model.set_rows(self.detail.history)
        self.history.resizeRowsToContents()

    # Flags set by hand

    def edit_flags(self) -> None:
        """Ask for the pupil's flags, save them through the service, then reload every view."""
        if self.detail is None:
            return
        pupil_id = self.detail.id
        edits = self.dialogs.edit_flags(self, self.detail.display_name, flags.flag_states(pupil_id))
        if not edits:
            return
        store = self.context.store
        changes = [
            lambda key=key: flags.use_mis_value(store, pupil_id, key) for key in edits.to_mis
        ]
        changes += [
            lambda key=key, value=value: flags.set_flag(store, pupil_id, key, value)
            for key, value in edits.values.items()
        ]
        saved = 0
        refused = []
        for save in changes:
            try:
                save()
            except (flags.FlagError, DatabaseError) as error:
                refused.append(str(error))
            else:
                saved += 1
        log.info("pupil %d flags: %d saved, %d refused", pupil_id, saved, len(refused))
        if saved:
            self.status.emit("Flags saved: the groups and the checklist follow them.")
            self.context.notify_data_changed()
        if refused:
            other = " The other changes were saved." if saved else ""
            self.dialogs.warning(self, "A flag was not saved", "\n".join(refused) + other)

    def _request_letters(self) -> None:
        if self.detail is not None:
            self.letters_requested.emit([self.detail.id])

    # The evidence pack

    def save_evidence_pack(self) -> None:
        """Ask where to save the pupil's evidence pack, then build it off the GUI thread."""
        if self.detail is None:
            return
        pupil_id = self.detail.id
        path = self.dialogs.save_file(
            self, "Save the evidence pack", f"evidence-pack-{pupil_id}.pdf", PDF_FILTER
        )
        if path is None:
            return
        context = self.context
        store, policy, book = context.store, context.policy, context.code_book

        def work(control) -> int:
            # The PDF libraries load here, on the worker thread, not when the window starts.
            from woodrush_desktop.services import exports, reports

            try:
                pdf = reports.evidence_pack(store, policy, pupil_id, book)
            finally:
                if threading.current_thread() is not threading.main_thread():
                    store.db.close()  # the worker's own connection
            exports.write_file(path, pdf)
            return len(pdf)

        self.evidence_button.setEnabled(False)
        self.status.emit("Making the evidence pack…")
        context.runner.run(
            work,
            on_success=lambda _size: self._pack_saved(path),
            on_failure=self._pack_failed,
        )

    def _pack_saved(self, path: Path) -> None:
        self.evidence_button.setEnabled(True)
        log.info("evidence pack saved")
        self.status.emit(f"Saved the evidence pack as {path.name}.")

    def _pack_failed(self, error: BaseException) -> None:
        from woodrush_desktop.services import exports, reports

        self.evidence_button.setEnabled(True)
        if isinstance(error, exports.ExportError | reports.PackError):
            self.dialogs.warning(self, "The evidence pack was not saved", str(error))
            return
        log.error("the evidence pack failed", exc_info=error)
        self.dialogs.warning(
            self,
            "The evidence pack was not saved",
            "The evidence pack could not be made. This is a fault in the program; the log "
            "has the details.",
        )


def _has_group(policy: Policy, key: str) -> bool:
    return any(group.key == key for group in policy.groups)
