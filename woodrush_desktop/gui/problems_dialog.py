"""Problems in an export, located by sheet, row and column: why a file was refused, or what an
accepted import warned about (the data-quality report).
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.gui.import_flow import years_text
from woodrush_desktop.gui.report_table import ColumnSpec, ReportTableModel

SEVERITY_LABELS = {"error": "Error", "warning": "Warning"}

PROBLEM_COLUMNS: list[ColumnSpec[Any]] = [
    ColumnSpec("Kind", lambda problem: SEVERITY_LABELS.get(problem.severity, problem.severity)),
    ColumnSpec("Sheet", lambda problem: problem.sheet or ""),
    ColumnSpec(
        "Row",
        lambda problem: "" if problem.row is None else str(problem.row),
        lambda problem: problem.row,
        numeric=True,
    ),
    ColumnSpec("Column", lambda problem: problem.column or ""),
    ColumnSpec("Problem", lambda problem: problem.message, tooltip=lambda problem: problem.message),
]


class ProblemTableModel(ReportTableModel[Any]):
    """Rows are the importer's `Problem`s (sheet, row, column, message, severity)."""

    def __init__(self, problems: list[Any] | None = None, parent=None) -> None:
        super().__init__(PROBLEM_COLUMNS, parent=parent)
        self.set_rows(problems or [])


class ProblemsDialog(QDialog):
    """A message on top, then the located problems in a table the officer can sort and copy."""

    def __init__(self, title: str, intro: str, problems: list[Any], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)
        self.model = ProblemTableModel(problems, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Problems by sheet, row and column")
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(problems))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def refused(cls, file_name: str, refusal: Any, parent: QWidget | None = None) -> ProblemsDialog:
        errors = list(getattr(refusal, "errors", []))
        warnings = list(getattr(refusal, "warnings", []))
        intro = refusal_text(file_name, refusal)
        return cls("The file was not imported", intro, errors + warnings, parent)

    @classmethod
    def imported(cls, result: Any, parent: QWidget | None = None) -> ProblemsDialog:
        warnings = list(getattr(result, "warnings", []) or [])
        return cls(
            "Import finished: the data-quality report", report_text(result), warnings, parent
        )


def refusal_text(file_name: str, refusal: Any) -> str:
    errors = list(getattr(refusal, "errors", []))
    first = html.escape(str(errors[0])) if errors else html.escape(str(refusal))
    count = len(errors)
    return (
        f"<p><b>{html.escape(file_name)} was not imported</b>, and nothing in the database was "
        f"changed. {count} problem{'s' if count != 1 else ''} must be put right in the file "
        "(or a different export chosen) first.</p>"
        f"<p>First problem: {first}</p>"
        "<p>Each problem below gives the sheet, the row number your spreadsheet program shows "
        "and the column.</p>"
    )


def _line(label: str, value: Any) -> str:
    shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
    return f"<tr><td>{html.escape(label)}</td><td><b>{html.escape(str(shown))}</b></td></tr>"


def _facts(result: Any, report: Any) -> list[tuple[str, Any]]:
    """Each fact of an import once, under its own label: counts first, then what to check."""
    source = report if report is not None else result
    facts: list[tuple[str, Any]] = []
    as_of = getattr(result, "as_of", None)
    if as_of is not None:
        facts.append(("Figures up to", f"{as_of:%d/%m/%Y}"))
    facts.extend(
        [
            ("Pupils in the file", getattr(source, "pupils", "")),
            ("New pupils", getattr(source, "new_pupils", "")),
            ("Pupils marked as left", getattr(source, "left_pupils", "")),
            ("Session marks", getattr(source, "marks", "")),
        ]
    )
    if report is None:
        return facts
    labels = getattr(report, "band_labels", {}) or {}
    for key, count in (getattr(report, "bands", {}) or {}).items():
        facts.append((f"Band: {labels.get(key, key)}", count))
    checks = [
        ("Pupils with no band (no possible sessions)", report.no_band),
        ("Sessions with no mark entered ('-')", report.gaps),
        ("Marks outside the academic year (not counted)", report.out_of_year),
        ("UPNs with a wrong check letter or shape", report.upn_warnings),
        ("Pupils whose MIS percentage differs from ours", len(report.mis_disagreements)),
        (
            "Pupils with a social worker and unexplained absences",
            len(report.social_worker_unexplained),
        ),
        ("Earlier marks of this school year counted in", report.earlier_marks),
        ("Pupils on roll not in this file, kept on roll", _unconfirmed(report)),
    ]
    facts.extend((label, value) for label, value in checks if value)
    years = list(getattr(report, "missing_years", []) or [])
    if years:
        number = getattr(report, "missing_year_pupils", 0)
        facts.append(("Year groups not in this file", f"{years_text(years)} ({number:,} pupils)"))

    if report.unknown_codes:
        codes = ", ".join(f"'{code}' × {count}" for code, count in report.unknown_codes.items())
        facts.append(("Marks that are not register codes (not counted)", codes))
    return facts


def counted(number: int, word: str) -> str:
    return f"{number:,} {word if number == 1 else word + 's'}"


def _unconfirmed(report: Any) -> int:
    """Pupils missing from the file and kept on roll (`looks_partial` in older reports)."""
    return getattr(report, "leavers_unconfirmed", 0) or getattr(report, "looks_partial", 0)


EXPLAINING_FIELDS = ("replaced_earlier_import", "period_start_assumed", "cleared_marks")
"""The report's sentences (`QualityReport.lines()`) shown as they are: they explain how the
import should be read."""


def _explained(report: Any) -> list[str]:
    """The report's own sentences on a replaced import, an assumed period start and cleared
    marks, each picked out by giving a blank report only that one fact."""
    lines = getattr(report, "lines", None)
    if lines is None:
        return []
    blank = type(report)()
    baseline = set(blank.lines())
    sentences = []
    for name in EXPLAINING_FIELDS:
        value = getattr(report, name, None)
        if not value:
            continue
        alone = replace(blank, **{name: value})
        if name == "period_start_assumed":
            alone = replace(alone, joined_after_period_start=report.joined_after_period_start)
        sentences.extend(_for_the_window(line) for line in alone.lines() if line not in baseline)
    return sentences


def _for_the_window(sentence: str) -> str:
    """A report sentence without its advice for the command line, which the window has not."""
    start = sentence.find(" (use --")
    if start < 0:
        return sentence
    end = sentence.find(")", start)
    return sentence[:start] + sentence[end + 1 :]


def _notes(report: Any) -> list[str]:
    """What changes how the import should be read, in a sentence each."""
    if report is None:
        return []
    notes = []
    if report.social_worker_unexplained:
        notes.append(
            "The policy says the social worker of each pupil with unexplained absences must be "
            "told."
        )
    if report.mis_disagreements:
        notes.append(
            "For some pupils the MIS's own percentage differs from the one worked out from "
            "their sessions by more than its rounding: check those pupils in the MIS."
        )
    if report.unsplit_absences:
        notes.append(
            "The sheet does not split absences into authorised and unauthorised, so "
            "penalty-notice thresholds cannot be judged from it."
        )
    unconfirmed = _unconfirmed(report)
    if unconfirmed:
        notes.append(
            f"{counted(unconfirmed, 'pupil')} on roll {'is' if unconfirmed == 1 else 'are'} "
            "not in this file, more than a few, so nobody was marked as left: they are kept on "
            "roll. If they have left, import the file again with File ▸ Import and answer "
            "'Yes, mark them as left'."
        )
    years = list(getattr(report, "missing_years", []) or [])
    if years:
        number = getattr(report, "missing_year_pupils", 0)
        notes.append(
            f"{years_text(years)} {'is' if len(years) == 1 else 'are'} not in this file at all "
            f"({counted(number, 'pupil')} on roll), so "
            f"{'it was' if len(years) == 1 else 'they were'} taken as left out of the export: "
            f"nobody in {'it' if len(years) == 1 else 'them'} was marked as left."
        )
    notes.extend(_explained(report))
    if report.older_than_latest:
        notes.append(
            "This export is older than one already imported: pupil details were left as they "
            "are, nobody was marked as left, and newer marks were kept."
        )
    return notes


def report_text(result: Any) -> str:
    """What an import added and what to check, each fact once under a label of its own."""
    report = getattr(result, "report", None)
    if report is not None and not hasattr(report, "upn_warnings"):
        report = None  # not a quality report: show the import's own counts only
    lines = [_line(label, value) for label, value in _facts(result, report)]
    seconds = getattr(result, "seconds", None)
    if seconds is not None:
        lines.append(_line("Time taken", f"{seconds:.1f} s"))
    notes = "".join(f"<p>{html.escape(note)}</p>" for note in _notes(report))
    warnings = list(getattr(result, "warnings", []) or [])
    tail = (
        f"<p>{len(warnings)} warning{'s' if len(warnings) != 1 else ''} to check, by sheet, row "
        "and column:</p>"
        if warnings
        else "<p>No warnings: every row was read cleanly.</p>"
    )
    return f"<table cellspacing='4'>{''.join(lines)}</table>" + notes + tail
