"""Problems in an export, located by sheet, row and column: why a file was refused, or what an
accepted import warned about (the data-quality report).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

SEVERITY_LABELS = {"error": "Error", "warning": "Warning"}

_ROOT = QModelIndex()  # the invisible root, the default parent in Qt's signatures


class ProblemTableModel(QAbstractTableModel):
    """Rows are the importer's `Problem`s (sheet, row, column, message, severity)."""

    HEADERS = ("", "Sheet", "Row", "Column", "Problem")
    SEVERITY, SHEET, ROW, COLUMN, MESSAGE = range(5)

    def __init__(self, problems: list[Any] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._problems = list(problems or [])

    def set_problems(self, problems: list[Any]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section] or "Kind"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                SEVERITY_LABELS.get(problem.severity, problem.severity),
                problem.sheet or "",
                "" if problem.row is None else str(problem.row),
                problem.column or "",
                problem.message,
            )
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProblemsDialog(QDialog):
    """A message on top, then the located problems in a table the officer can sort and copy."""

    def __init__(self, title: str, intro: str, problems: list[Any], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 480)
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
    return f"<tr><td>{html.escape(label)}</td><td><b>{html.escape(str(value))}</b></td></tr>"


def report_text(result: Any) -> str:
    """What an import added, then the data-quality report in its own sentences."""
    as_of = getattr(result, "as_of", None)
    lines = []
    if as_of is not None:
        lines.append(_line("Figures up to", f"{as_of:%d/%m/%Y}"))
    lines.extend(
        [
            _line("Pupils in the file", getattr(result, "pupils", "")),
            _line("New pupils", getattr(result, "new_pupils", "")),
            _line("Pupils no longer in the export", getattr(result, "left_pupils", "")),
            _line("Session marks", getattr(result, "marks", "")),
        ]
    )
    seconds = getattr(result, "seconds", None)
    if seconds is not None:
        lines.append(_line("Time taken", f"{seconds:.1f} s"))
    report = getattr(result, "report", None)
    sentences = report.lines()[1:] if report is not None and hasattr(report, "lines") else []
    quality = "".join(f"<li>{html.escape(sentence)}</li>" for sentence in sentences)
    warnings = list(getattr(result, "warnings", []) or [])
    tail = (
        f"<p>{len(warnings)} warning{'s' if len(warnings) != 1 else ''} to check, by sheet, row "
        "and column:</p>"
        if warnings
        else "<p>No warnings: every row was read cleanly.</p>"
    )
    return (
        f"<table cellspacing='4'>{''.join(lines)}</table>"
        + (f"<ul>{quality}</ul>" if quality else "")
        + tail
    )
