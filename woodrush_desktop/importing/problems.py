"""Problems found in a register export, each located by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_name(index: int, header: str | None = None) -> str:
    """How a problem names a column: its letter and, when it has one, its header."""
    letter = column_letter(index)
    return f"{letter} ({header})" if header else letter


@dataclass(frozen=True)
class Problem:
    """One located problem. `row` is the row number the spreadsheet program shows."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str
    severity: str = ERROR

    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "severity": self.severity,
        }


class ImportRefused(Exception):  # noqa: N818 - the name other layers code against
    """The file is refused; the database is unchanged. The problems say what and where."""

    def __init__(self, errors: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.errors = list(errors)
        self.warnings = list(warnings or [])
        first = str(self.errors[0]) if self.errors else "the file was refused"
        more = len(self.errors) - 1
        super().__init__(first + (f" (and {more} more problems)" if more > 0 else ""))

    def to_json(self) -> dict[str, Any]:
        return {
            "errors": [problem.to_json() for problem in self.errors],
            "warnings": [problem.to_json() for problem in self.warnings],
        }


class MappingNeeded(ImportRefused):
    """Required columns were not recognised: the user can say which header holds each."""

    def __init__(
        self,
        sheet: str,
        missing: list[str],
        headers: list[str],
        suggestions: dict[str, str | None],
        errors: list[Problem],
        warnings: list[Problem] | None = None,
    ) -> None:
        super().__init__(errors, warnings)
        self.sheet = sheet
        self.missing = list(missing)
        self.headers = list(headers)
        self.suggestions = dict(suggestions)

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "sheet": self.sheet,
            "missing": self.missing,
            "headers": self.headers,
            "suggestions": self.suggestions,
        }


@dataclass
class Problems:
    """Collects problems while a sheet is read; repeated warnings of one kind are capped."""

    sheet: str | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    cap: int = 200
    _per_kind: dict[str, int] = field(default_factory=dict)
    _more_errors: int = 0

    def error(self, message: str, row: int | None = None, column: str | None = None) -> None:
        if len(self.errors) < self.cap:
            self.errors.append(Problem(self.sheet, row, column, message, ERROR))
        else:
            self._more_errors += 1

    def warn(
        self,
        message: str,
        row: int | None = None,
        column: str | None = None,
        kind: str = "other",
    ) -> None:
        """Record a warning; after `cap` of one kind, only count the rest."""
        seen = self._per_kind.get(kind, 0)
        self._per_kind[kind] = seen + 1
        if seen < self.cap:
            self.warnings.append(Problem(self.sheet, row, column, message, WARNING))

    def count(self, kind: str) -> int:
        """How many warnings of one kind were recorded, those only counted included."""
        return self._per_kind.get(kind, 0)

    def finish(self) -> None:
        """Add one line for each kind of problem whose later occurrences were only counted."""
        if self._more_errors:
            message = f"… and {self._more_errors} more errors"
            self.errors.append(Problem(self.sheet, None, None, message, ERROR))
        for kind, count in self._per_kind.items():
            if count > self.cap:
                message = f"… and {count - self.cap} more warnings like the above ({kind})"
                self.warnings.append(Problem(self.sheet, None, None, message, WARNING))
        self._per_kind.clear()
        self._more_errors = 0

    def refuse_if_errors(self) -> None:
        if self.errors:
            self.finish()
            raise ImportRefused(self.errors, self.warnings)
