"""The data-quality report shown after an import and kept with its snapshot."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

UNEXPLAINED_CODES = ("N", "O")
"""Absences with no reason given: the policy says a pupil's social worker must be told."""


def counted(number: int, word: str, plural: str | None = None) -> str:
    """'1 pupil', '2 pupils': a count with its noun."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


@dataclass
class QualityReport:
    """What the officer should look at after an import. Pupils are named by id, row and UPN,
    never by name, so the report can be logged and stored safely."""

    pupils: int = 0
    new_pupils: int = 0
    left_pupils: int = 0
    marks: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    band_labels: dict[str, str] = field(default_factory=dict)
    no_band: int = 0
    gaps: int = 0
    unknown_codes: dict[str, int] = field(default_factory=dict)
    out_of_year: int = 0
    upn_warnings: int = 0
    mis_disagreements: list[dict[str, Any]] = field(default_factory=list)
    social_worker_unexplained: list[dict[str, Any]] = field(default_factory=list)
    unsplit_absences: bool = False
    older_than_latest: bool = False
    earlier_marks: int = 0
    looks_partial: int = 0  # as leavers_unconfirmed (kept for reports stored before it)
    leavers_unconfirmed: int = 0  # not in this file, not marked as left: too many to assume
    missing_years: list[int] = field(default_factory=list)  # year groups absent from the file
    missing_year_pupils: int = 0
    period_start_assumed: str | None = None  # ISO date: the sheet did not say, nor --from
    joined_after_period_start: int = 0
    replaced_earlier_import: bool = False
    cleared_marks: int = 0  # stored marks removed: this newer grid has no mark there now
    warnings: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as sentences, for the command line and the import dialog."""
        text = [
            f"{counted(self.pupils, 'pupil')} ({self.new_pupils} new, {self.left_pupils} marked as "
            f"left), {counted(self.marks, 'mark')}."
        ]
        if self.bands:
            bands = ", ".join(
                f"{self.band_labels.get(key, key)}: {count}" for key, count in self.bands.items()
            )
            text.append(f"Bands: {bands}" + (f"; no band: {self.no_band}" if self.no_band else ""))
        if self.gaps:
            text.append(f"{counted(self.gaps, 'session')} with no mark entered ('-').")
        if self.unknown_codes:
            codes = ", ".join(f"'{code}' × {count}" for code, count in self.unknown_codes.items())
            text.append(f"Marks that are not register codes (not counted): {codes}.")
        if self.out_of_year:
            text.append(
                f"{counted(self.out_of_year, 'mark')} outside the academic year (not counted)."
            )
        if self.upn_warnings:
            text.append(
                f"{counted(self.upn_warnings, 'UPN')} whose check letter or shape is wrong."
            )
        if self.mis_disagreements:
            text.append(
                f"{counted(len(self.mis_disagreements), 'pupil')} whose MIS percentage differs "
                "from the recomputed one by more than its rounding."
            )
        if self.social_worker_unexplained:
            number = len(self.social_worker_unexplained)
            text.append(
                f"{counted(number, 'pupil')} with a social worker "
                f"{'has' if number == 1 else 'have'} unexplained absences: the policy says "
                f"{'their social worker' if number == 1 else 'each social worker'} must be told."
            )
        if self.unsplit_absences:
            text.append(
                "The sheet does not split absences into authorised and unauthorised, so "
                "penalty-notice thresholds cannot be judged from it."
            )
        if self.left_pupils:
            text.append(
                f"{counted(self.left_pupils, 'pupil')} on roll "
                f"{'was' if self.left_pupils == 1 else 'were'} not in this file and "
                f"{'is' if self.left_pupils == 1 else 'are'} now marked as left."
            )
        if self.missing_years:
            verb = "is" if len(self.missing_years) == 1 else "are"
            text.append(
                f"{_years_text(self.missing_years)} {verb} not in this file at all "
                f"({counted(self.missing_year_pupils, 'pupil')} on roll), so it is taken as "
                "an export of the other years: nobody in them was "
                "marked as left. If they have left, import the file again confirming the "
                "leavers (on the command line: --full)."
            )
        number = self.leavers_unconfirmed or self.looks_partial
        if number:
            text.append(
                f"{counted(number, 'pupil')} on roll {'is' if number == 1 else 'are'} not in "
                "this file, more than a few, so it may be an export of some pupils only: "
                "nobody was marked as left. If it is a full export and they have left, import "
                "it again confirming the leavers (on the command line: --full)."
            )
        if self.replaced_earlier_import:
            text.append(
                "This file was imported before with other options: its first import was "
                "replaced by this one."
            )
        if self.period_start_assumed:
            start = date.fromisoformat(self.period_start_assumed)
            text.append(
                "The sheet does not say when its figures start: taken as "
                f"{start:%d/%m/%Y}, the start of the school year (use --from YYYY-MM-DD to "
                "give the first day they cover)."
                + (
                    f" {counted(self.joined_after_period_start, 'pupil')} joined after that "
                    "date: their figures start on their entry date."
                    if self.joined_after_period_start
                    else ""
                )
            )
        if self.cleared_marks:
            text.append(
                f"{counted(self.cleared_marks, 'mark')} stored from an earlier import "
                f"{'was' if self.cleared_marks == 1 else 'were'} removed: this export has no "
                "register code for those sessions now."
            )
        if self.earlier_marks:
            text.append(
                f"The figures include {self.earlier_marks} earlier marks of this school year "
                "already in the database, from before this file's first session."
            )
        if self.older_than_latest:
            text.append(
                "This export is older than one already imported: pupil details and "
                "parents/carers were left as they are, nobody was marked as left, and newer "
                "marks were kept."
            )
        return text


def _years_text(years: list[int]) -> str:
    """'Year 12', 'Years 12 and 13', 'Years 7, 8 and 9'."""
    if len(years) == 1:
        return f"Year {years[0]}"
    return "Years " + ", ".join(str(year) for year in years[:-1]) + f" and {years[-1]}"
