"""Register codes and what each means on a given date.

The meanings are data (`resources/codes/register-codes.json`); this module reads them and
answers "what class of session is this mark?". An unknown code is reported, never guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from woodrush_desktop.paths import resource


class CodeClass(StrEnum):
    PRESENT = "present"
    APPROVED = "approved"
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"
    NOT_POSSIBLE = "not_possible"
    NOT_COUNTED = "not_counted"

    @property
    def is_possible(self) -> bool:
        return self not in (CodeClass.NOT_POSSIBLE, CodeClass.NOT_COUNTED)

    @property
    def is_attended(self) -> bool:
        return self in (CodeClass.PRESENT, CodeClass.APPROVED)


NO_MARK = "-"
"""What an export shows for a session with no mark entered: a gap to report, not a code."""

UNAUTHORISED_CODES = frozenset({"G", "N", "O", "U"})
ILLNESS_MEDICAL_CODES = frozenset({"I", "M"})


@dataclass(frozen=True, slots=True)
class RegisterCode:
    code: str
    code_class: CodeClass
    meaning: str
    valid_from: date | None = None
    valid_until: date | None = None

    def applies_on(self, on: date | None) -> bool:
        if on is None:
            return self.valid_until is None
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_until and on > self.valid_until)


class UnknownCodeError(ValueError):
    """A mark that is no register code on the date it was taken."""

    def __init__(self, code: str, on: date | None) -> None:
        when = f" on {on:%d/%m/%Y}" if on else ""
        super().__init__(f"'{code}' is not a register code{when}")
        self.code = code
        self.on = on


_SUB_CODE = re.compile(r"^([A-Z#/\\])(\d{1,2})$")


class CodeBook:
    """Every register code, current and historic, with its class on any date."""

    def __init__(self, codes: list[RegisterCode], classes: dict[str, str]) -> None:
        self._by_code: dict[str, list[RegisterCode]] = {}
        for register_code in codes:
            self._by_code.setdefault(register_code.code, []).append(register_code)
        self.class_labels = {CodeClass(key): label for key, label in classes.items()}

    @classmethod
    def from_file(cls, path: Path) -> CodeBook:
        data = json.loads(path.read_text(encoding="utf-8"))
        codes = [
            RegisterCode(
                code=entry["code"],
                code_class=CodeClass(entry["class"]),
                meaning=entry["meaning"],
                valid_from=date.fromisoformat(entry["from"]) if "from" in entry else None,
                valid_until=date.fromisoformat(entry["until"]) if "until" in entry else None,
            )
            for entry in data["codes"]
        ]
        return cls(codes, data["classes"])

    def known(self) -> list[RegisterCode]:
        return [code for entries in self._by_code.values() for code in entries]

    def normalise(self, code: str, sub_code: str = "") -> str:
        """The code a mark stands for: `C` + `1` is `C1`, COVID-era `X01` is `X`.

        Case and surrounding space are ignored; the result may still be unknown.
        """
        text = (code or "").strip().upper()
        sub = (sub_code or "").strip().upper()
        if sub and text + sub in self._by_code:
            return text + sub
        if text in self._by_code or not text:
            return text
        match = _SUB_CODE.match(text)
        if match and match.group(1) in self._by_code and len(match.group(2)) == 2:
            return match.group(1)
        return text

    def lookup(self, code: str, on: date | None = None) -> RegisterCode:
        """The meaning of a normalised code on a date (today's meanings when no date)."""
        for entry in self._by_code.get(code, ()):
            if entry.applies_on(on):
                return entry
        raise UnknownCodeError(code, on)

    def classify(self, code: str, on: date | None = None) -> CodeClass:
        return self.lookup(code, on).code_class

    def is_known(self, code: str, on: date | None = None) -> bool:
        try:
            self.lookup(code, on)
        except UnknownCodeError:
            return False
        return True


@cache
def default_code_book() -> CodeBook:
    return CodeBook.from_file(resource("codes", "register-codes.json"))
