"""Register marks in bulk: each distinct cell text is read once per era of the code book.

A 2,000-pupil year is 760,000 marks, so a mark is never classified one by one: the cells of
a pupil's row are counted by their raw text (in C, by `Counter`), and each distinct text is
normalised and classified once for each period in which the codes kept one meaning.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from woodrush_desktop.domain.codes import NO_MARK, CodeBook, CodeClass, UnknownCodeError

GAP = "gap"
BLANK = "blank"
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Reading:
    """What one cell's text is: a normalised code and its class, a gap, blank or unknown."""

    code: str
    code_class: CodeClass | None
    status: str = "ok"

    @property
    def counted(self) -> bool:
        return self.code_class is not None


class MarkReader:
    """Normalises and classifies mark texts, cached per era of the code book."""

    def __init__(self, code_book: CodeBook) -> None:
        self.code_book = code_book
        edges: set[date] = set()
        for entry in code_book.known():
            if entry.valid_from:
                edges.add(entry.valid_from)
            if entry.valid_until:
                edges.add(entry.valid_until + timedelta(days=1))
        self._edges = sorted(edges)
        self._cache: dict[tuple[int, object], Reading] = {}

    def era(self, on: date) -> int:
        return bisect.bisect_right(self._edges, on)

    def read(self, raw: object, on: date, era: int | None = None) -> Reading:
        era = self.era(on) if era is None else era
        key = (era, raw)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._read(raw, on)
        return cached

    def read_pair(self, raw: object, sub_code: object, on: date) -> Reading:
        return self._read(raw, on, sub_code)

    def _read(self, raw: object, on: date, sub_code: object = "") -> Reading:
        if raw is None or raw == "":
            return Reading("", None, BLANK)
        cell = str(raw).strip()
        if isinstance(raw, float) and raw.is_integer():
            cell = str(int(raw))
        if not cell:
            return Reading("", None, BLANK)
        if cell == NO_MARK:
            return Reading(NO_MARK, None, GAP)
        parts = cell.split()
        sub = str(sub_code or "").strip()
        if isinstance(sub_code, float) and sub_code.is_integer():
            sub = str(int(sub_code))
        if len(parts) == 2 and not sub:
            parts, sub = [parts[0]], parts[1]
        code = self.code_book.normalise(parts[0] if len(parts) == 1 else cell, sub)
        try:
            return Reading(code, self.code_book.classify(code, on))
        except UnknownCodeError:
            return Reading(code, None, UNKNOWN)


@dataclass(slots=True)
class Tally:
    """One pupil's marks counted by class and code, with what could not be counted."""

    by_class: Counter[CodeClass] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)
    late: int = 0
    gaps: int = 0
    unknown: Counter[str] = field(default_factory=Counter)

    def add(self, reading: Reading, times: int = 1) -> None:
        if reading.code_class is not None:
            self.by_class[reading.code_class] += times
            self.by_code[reading.code] += times
            if reading.code == "L":
                self.late += times
        elif reading.status == GAP:
            self.gaps += times
        elif reading.status == UNKNOWN:
            self.unknown[reading.code] += times

    def merge(self, other: Tally) -> None:
        self.by_class.update(other.by_class)
        self.by_code.update(other.by_code)
        self.late += other.late
        self.gaps += other.gaps
        self.unknown.update(other.unknown)
