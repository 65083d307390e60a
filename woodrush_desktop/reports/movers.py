"""Movers: who changed band between two snapshots, and what the policy says to do next."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from woodrush_desktop.domain.policy import Band, Item, Policy
from woodrush_desktop.reports.rows import FiguresRow, PupilInfo, SnapshotInfo

IMPROVED = "up"
DECLINED = "down"
NEW = "new"


@dataclass(frozen=True, slots=True)
class Mover:
    """One pupil whose band changed, or who arrived in a band that needs action."""

    pupil: PupilInfo
    before_band: str | None
    after_band: str | None
    before: Fraction | None
    after: Fraction | None
    direction: str  # IMPROVED, DECLINED or NEW (no figures in the previous snapshot)
    newly_at_risk: bool
    letter_due: str | None
    next_action: Item | None

    @property
    def change(self) -> Fraction | None:
        """Percentage points moved (positive is better attendance)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def needs_letter(self) -> bool:
        return self.letter_due is not None

    def to_json(self) -> dict:
        change = self.change
        return {
            "pupil_id": self.pupil.id,
            "upn": self.pupil.upn,
            "surname": self.pupil.surname,
            "forename": self.pupil.forename,
            "year": self.pupil.year,
            "reg_group": self.pupil.reg_group,
            "before_band": self.before_band,
            "after_band": self.after_band,
            "before": _rounded(self.before),
            "after": _rounded(self.after),
            "change": _rounded(change),
            "direction": self.direction,
            "newly_at_risk": self.newly_at_risk,
            "letter_due": self.letter_due,
            "next_action": self.next_action.key if self.next_action else None,
            "next_action_text": self.next_action.text if self.next_action else None,
        }


@dataclass(frozen=True, slots=True)
class MoversReport:
    previous: SnapshotInfo | None
    current: SnapshotInfo | None
    movers: list[Mover]

    @property
    def declined(self) -> list[Mover]:
        return [mover for mover in self.movers if mover.direction == DECLINED]

    @property
    def improved(self) -> list[Mover]:
        return [mover for mover in self.movers if mover.direction == IMPROVED]

    @property
    def newly_at_risk_without_letter(self) -> list[Mover]:
        return [mover for mover in self.movers if mover.newly_at_risk and mover.needs_letter]

    def to_json(self) -> dict:
        return {
            "previous": _snapshot_json(self.previous),
            "current": _snapshot_json(self.current),
            "movers": [mover.to_json() for mover in self.movers],
            "improved": len(self.improved),
            "declined": len(self.declined),
            "newly_at_risk_without_letter": len(self.newly_at_risk_without_letter),
        }


def band_rank(policy: Policy) -> dict[str, int]:
    """0 for the best band, rising as attendance falls (the policy lists bands high to low)."""
    return {band.key: index for index, band in enumerate(policy.bands)}


def band_letters(band: Band) -> list[str]:
    """The letter kinds a band's own row calls for, in the policy's order."""
    return [item.letter for item in band.items if item.letter and item.scope == "pupil"]


def concern_bands(policy: Policy) -> set[str]:
    """The bands whose row calls for a letter: being in one means the school must act."""
    return {band.key for band in policy.bands if band_letters(band)}


def next_action(
    policy: Policy,
    band_key: str | None,
    group_keys: Collection[str],
    done: Collection[str],
) -> Item | None:
    """The first thing the school's column of the policy asks for that is not ticked yet.

    The band's row comes first, then the pupil's groups, each in the policy's order, so a
    letter the row starts with (concern letter, meeting letter) is the first action offered.
    """
    for item in policy.pupil_items(band_key, list(group_keys)):
        if item.column == "school" and item.key not in done:
            return item
    return None


def find_movers(
    previous: SnapshotInfo | None,
    current: SnapshotInfo | None,
    figures_before: Mapping[int, FiguresRow],
    figures_after: Mapping[int, FiguresRow],
    pupils: Mapping[int, PupilInfo],
    policy: Policy,
    letters_sent: Mapping[int, Collection[str]] | None = None,
    done_items: Mapping[int, Collection[str]] | None = None,
) -> MoversReport:
    """Compare two snapshots' figures under the policy in force now.

    Args:
        figures_before: the previous snapshot's figures by pupil id.
        figures_after: the current snapshot's figures by pupil id.
        letters_sent: letter kinds already sent to each pupil's family this school year.
        done_items: policy item keys ticked done for each pupil.
    """
    letters_sent = letters_sent or {}
    done_items = done_items or {}
    ranks = band_rank(policy)
    concern = concern_bands(policy)
    movers = []
    for pupil_id, after_row in figures_after.items():
        pupil = pupils.get(pupil_id)
        after = after_row.percentage
        if pupil is None or after is None:
            continue
        after_band = policy.band_for(after).key
        before_row = figures_before.get(pupil_id)
        before = before_row.percentage if before_row else None
        before_band = policy.band_for(before).key if before is not None else None
        if before_band == after_band:
            continue
        newly = after_band in concern and (before_band is None or before_band not in concern)
        if before_band is None and not newly:
            continue  # a new pupil doing well is not a mover
        if before_band is None:
            direction = NEW
        elif ranks[after_band] < ranks[before_band]:
            direction = IMPROVED
        else:
            direction = DECLINED
        sent = set(letters_sent.get(pupil_id, ()))
        due = [kind for kind in band_letters(policy.band(after_band)) if kind not in sent]
        movers.append(
            Mover(
                pupil=pupil,
                before_band=before_band,
                after_band=after_band,
                before=before,
                after=after,
                direction=direction,
                newly_at_risk=newly,
                letter_due=due[0] if due and direction != IMPROVED else None,
                next_action=next_action(
                    policy, after_band, pupil.groups, done_items.get(pupil_id, ())
                ),
            )
        )
    movers.sort(key=lambda mover: _mover_order(mover, ranks))
    return MoversReport(previous=previous, current=current, movers=movers)


def _mover_order(mover: Mover, ranks: dict[str, int]) -> tuple:
    """Worst news first: declines into the lowest bands, then arrivals, then improvements."""
    group = {DECLINED: 0, NEW: 1, IMPROVED: 2}[mover.direction]
    rank = -ranks.get(mover.after_band or "", 0)
    change = mover.change if mover.change is not None else Fraction(0)
    return (group, rank, change, mover.pupil.surname, mover.pupil.forename, mover.pupil.id)


def _rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _snapshot_json(snapshot: SnapshotInfo | None) -> dict | None:
    if snapshot is None:
        return None
    return {"id": snapshot.id, "as_of": snapshot.as_of.isoformat()}
