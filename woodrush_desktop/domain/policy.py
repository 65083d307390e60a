"""The school's attendance policy as data: bands, groups and their responsibilities.

The policy lives in `resources/policy/woodrush-policy.json` (or a copy the school edits). It is
checked as a whole when loaded: the bands must cover 0–100% exactly once, with no gaps and no
overlaps, so every pupil with possible sessions falls into exactly one band.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from woodrush_desktop.paths import resource

COLUMN_KEYS = ("parents", "school", "stakeholders")
GROUP_KEYS = ("send_medical", "social_worker")
_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_BAND_FIELDS = {
    "key",
    "label",
    "policy_heading",
    "lower",
    "upper",
    "colour",
    "symbol",
    "items",
    "note",
}
_GROUP_FIELDS = {"key", "label", "policy_heading", "colour", "symbol", "items", "parents_note"}
_ITEM_FIELDS = {"key", "text", "scope", "letter"}
_TOP_FIELDS = {"format", "school", "title", "source", "columns", "bands", "groups"}


class PolicyError(ValueError):
    """A policy file that cannot be used, with a message naming the problem."""


@dataclass(frozen=True, slots=True)
class Bound:
    value: Fraction
    inclusive: bool

    def __str__(self) -> str:
        return f"{_format_percent(self.value)}%"


@dataclass(frozen=True, slots=True)
class Item:
    """One responsibility from the policy table, with a key that stays stable across edits."""

    key: str
    owner: str
    column: str
    text: str
    scope: str = "pupil"
    letter: str | None = None

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS[self.column]


COLUMN_LABELS = {
    "parents": "Parents/carers",
    "school": "The school",
    "stakeholders": "Other stakeholders",
}


@dataclass(frozen=True, slots=True)
class Responsibilities:
    key: str
    label: str
    policy_heading: str
    colour: str
    symbol: str
    items: tuple[Item, ...]
    note: str = ""

    def column(self, column: str) -> list[Item]:
        return [item for item in self.items if item.column == column]


@dataclass(frozen=True, slots=True)
class Band(Responsibilities):
    lower: Bound = field(default=Bound(Fraction(0), True))
    upper: Bound = field(default=Bound(Fraction(100), True))

    def contains(self, percentage: Fraction) -> bool:
        above = (
            percentage >= self.lower.value
            if self.lower.inclusive
            else (percentage > self.lower.value)
        )
        below = (
            percentage <= self.upper.value
            if self.upper.inclusive
            else (percentage < self.upper.value)
        )
        return above and below

    def describe_bounds(self) -> str:
        """The range in words, as an officer reads it: '90% to 92%', '80% to below 90%'."""
        low = _format_percent(self.lower.value)
        high = _format_percent(self.upper.value)
        if self.upper.value == 100 and self.upper.inclusive:
            return f"{low}% and above" if self.lower.inclusive else f"above {low}%"
        if self.lower.value == 0 and self.lower.inclusive:
            return f"up to {high}%" if self.upper.inclusive else f"below {high}%"
        start = f"{low}%" if self.lower.inclusive else f"above {low}%"
        end = f"{high}%" if self.upper.inclusive else f"below {high}%"
        return f"{start} to {end}"


@dataclass(frozen=True, slots=True)
class Group(Responsibilities):
    parents_note: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    school: str
    title: str
    bands: tuple[Band, ...]
    groups: tuple[Group, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)

    def band_for(self, percentage: Fraction) -> Band:
        for band in self.bands:
            if band.contains(percentage):
                return band
        raise PolicyError(f"no band covers {float(percentage):.4f}%")  # validation prevents it

    def band(self, key: str) -> Band:
        for band in self.bands:
            if band.key == key:
                return band
        raise KeyError(key)

    def group(self, key: str) -> Group:
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)

    def all_items(self) -> list[Item]:
        return [item for owner in (*self.bands, *self.groups) for item in owner.items]

    def item(self, key: str) -> Item:
        for item in self.all_items():
            if item.key == key:
                return item
        raise KeyError(key)

    def school_items(self) -> list[Item]:
        """The standing whole-school duties, ticked once for the school rather than per pupil."""
        return [item for item in self.all_items() if item.scope == "school"]

    def pupil_items(self, band_key: str | None, group_keys: list[str]) -> list[Item]:
        """The checklist for one pupil: their band's row and each of their groups' rows."""
        owners: list[Responsibilities] = []
        if band_key:
            owners.append(self.band(band_key))
        owners.extend(self.group(key) for key in group_keys)
        return [item for owner in owners for item in owner.items if item.scope == "pupil"]

    def items_for_letter(self, letter_kind: str) -> list[Item]:
        return [item for item in self.all_items() if item.letter == letter_kind]

    def to_json(self) -> dict[str, Any]:
        """The policy as plain data for `woodrush policy --json` and exports."""
        return {
            "school": self.school,
            "title": self.title,
            "bands": [
                {
                    **_owner_json(band),
                    "lower": {"value": float(band.lower.value), "inclusive": band.lower.inclusive},
                    "upper": {"value": float(band.upper.value), "inclusive": band.upper.inclusive},
                    "bounds": band.describe_bounds(),
                }
                for band in self.bands
            ],
            "groups": [
                {**_owner_json(group), "parents_note": group.parents_note} for group in self.groups
            ],
        }


def _owner_json(owner: Responsibilities) -> dict[str, Any]:
    return {
        "key": owner.key,
        "label": owner.label,
        "policy_heading": owner.policy_heading,
        "colour": owner.colour,
        "symbol": owner.symbol,
        "note": owner.note,
        "items": {
            column: [
                {"key": item.key, "text": item.text, "scope": item.scope, "letter": item.letter}
                for item in owner.column(column)
            ]
            for column in COLUMN_KEYS
        },
    }


def _format_percent(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.10g}"


DEFAULT_POLICY_PATH = ("policy", "woodrush-policy.json")


def default_policy_path() -> Path:
    return resource(*DEFAULT_POLICY_PATH)


@cache
def default_policy() -> Policy:
    return load_policy(default_policy_path())


def load_policy(path: Path) -> Policy:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(f"cannot read the policy file {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise PolicyError(
            f"the policy file {path.name} is not valid JSON "
            f"(line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    return parse_policy(data)


def parse_policy(data: Any) -> Policy:
    """Check a policy document as a whole and build the Policy, or raise PolicyError."""
    if not isinstance(data, dict):
        raise PolicyError("the policy must be a JSON object")
    _refuse_unknown(data, _TOP_FIELDS, "the policy")
    bands = tuple(_parse_band(entry, index) for index, entry in enumerate(_list(data, "bands")))
    groups = tuple(_parse_group(entry, index) for index, entry in enumerate(_list(data, "groups")))
    _check_unique([band.key for band in bands], "band")
    _check_unique([group.key for group in groups], "group")
    _check_unique([item.key for owner in (*bands, *groups) for item in owner.items], "item")
    unknown_groups = sorted({group.key for group in groups} - set(GROUP_KEYS))
    if unknown_groups:
        raise PolicyError(
            f"unknown group key {unknown_groups[0]!r}: the groups are {', '.join(GROUP_KEYS)}"
        )
    _check_coverage(bands)
    return Policy(
        school=str(data.get("school", "")),
        title=str(data.get("title", "")),
        bands=tuple(sorted(bands, key=lambda band: band.lower.value, reverse=True)),
        groups=groups,
        raw=data,
    )


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    if not isinstance(value, list) or not value:
        raise PolicyError(f"the policy needs a non-empty list of {name}")
    return value


def _refuse_unknown(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise PolicyError(f"unknown key {unknown[0]!r} in {where}")


def _check_unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise PolicyError(f"the {what} key {key!r} is used twice")
        seen.add(key)


def _parse_key(entry: dict[str, Any], where: str) -> str:
    key = entry.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise PolicyError(f"{where} needs a key of lower-case letters, digits, '-' or '_'")
    return key


def _parse_common(entry: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise PolicyError(f"{where} must be an object")
    key = _parse_key(entry, where)
    _refuse_unknown(entry, allowed, f"{where} ({key})")
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        raise PolicyError(f"{where} ({key}) needs a label")
    colour = entry.get("colour", "")
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise PolicyError(f"{where} ({key}) needs a colour written as #RRGGBB, not {colour!r}")
    return {
        "key": key,
        "label": label.strip(),
        "policy_heading": str(entry.get("policy_heading", label)).strip(),
        "colour": colour.upper(),
        "symbol": str(entry.get("symbol", "")),
        "items": _parse_items(entry.get("items", {}), key, f"{where} ({key})"),
    }


def _parse_items(items: Any, owner: str, where: str) -> tuple[Item, ...]:
    if not isinstance(items, dict):
        raise PolicyError(f"the items of {where} must be an object with {', '.join(COLUMN_KEYS)}")
    _refuse_unknown(items, set(COLUMN_KEYS), f"the items of {where}")
    parsed: list[Item] = []
    for column in COLUMN_KEYS:
        entries = items.get(column, [])
        if not isinstance(entries, list):
            raise PolicyError(f"the {column} items of {where} must be a list")
        for index, entry in enumerate(entries):
            item_where = f"{column} item {index + 1} of {where}"
            if not isinstance(entry, dict):
                raise PolicyError(f"{item_where} must be an object")
            key = _parse_key(entry, item_where)
            _refuse_unknown(entry, _ITEM_FIELDS, item_where)
            text = entry.get("text")
            if not isinstance(text, str) or not text.strip():
                raise PolicyError(f"{item_where} ({key}) needs its text")
            scope = entry.get("scope", "pupil")
            if scope not in ("pupil", "school"):
                raise PolicyError(f"{item_where} ({key}) has scope {scope!r}: pupil or school")
            parsed.append(
                Item(
                    key=f"{owner}.{column}.{key}",
                    owner=owner,
                    column=column,
                    text=" ".join(text.split()),
                    scope=scope,
                    letter=entry.get("letter"),
                )
            )
    return tuple(parsed)


def _parse_bound(value: Any, where: str) -> Bound:
    if not isinstance(value, dict) or set(value) != {"value", "inclusive"}:
        raise PolicyError(f'{where} must be written as {{"value": …, "inclusive": true|false}}')
    if not isinstance(value["inclusive"], bool):
        raise PolicyError(f"{where}: inclusive must be true or false")
    try:
        number = Fraction(Decimal(str(value["value"])))
    except (InvalidOperation, ValueError) as error:
        raise PolicyError(f"{where}: {value['value']!r} is not a number") from error
    if not 0 <= number <= 100:
        raise PolicyError(f"{where}: {_format_percent(number)}% is outside 0–100%")
    return Bound(number, value["inclusive"])


def _parse_band(entry: Any, index: int) -> Band:
    where = f"band {index + 1}"
    common = _parse_common(entry, where, _BAND_FIELDS)
    lower = _parse_bound(entry.get("lower"), f"the lower bound of {where} ({common['key']})")
    upper = _parse_bound(entry.get("upper"), f"the upper bound of {where} ({common['key']})")
    if lower.value > upper.value or (
        lower.value == upper.value and not (lower.inclusive and upper.inclusive)
    ):
        raise PolicyError(f"{where} ({common['key']}) is empty: its lower bound is above its upper")
    return Band(**common, note=str(entry.get("note", "")), lower=lower, upper=upper)


def _parse_group(entry: Any, index: int) -> Group:
    common = _parse_common(entry, f"group {index + 1}", _GROUP_FIELDS)
    return Group(**common, parents_note=str(entry.get("parents_note", "")))


def _check_coverage(bands: tuple[Band, ...]) -> None:
    """Every percentage from 0 to 100 must fall in exactly one band."""
    ordered = sorted(bands, key=lambda band: (band.lower.value, not band.lower.inclusive))
    first, last = ordered[0], ordered[-1]
    if first.lower.value != 0 or not first.lower.inclusive:
        raise PolicyError(
            f"no band covers {first.lower} and below: the lowest band must start at 0%"
        )
    if last.upper.value != 100 or not last.upper.inclusive:
        raise PolicyError(
            f"no band covers {last.upper} and above: the highest band must end at 100%"
        )
    for below, above in itertools.pairwise(ordered):
        meet_low, meet_high = below.upper, above.lower
        if meet_low.value < meet_high.value or (
            meet_low.value == meet_high.value and not meet_low.inclusive and not meet_high.inclusive
        ):
            raise PolicyError(
                f"a gap between the bands {below.key!r} and {above.key!r}: "
                f"no band covers {meet_low}–{meet_high}"
            )
        if meet_low.value > meet_high.value or (
            meet_low.value == meet_high.value and meet_low.inclusive and meet_high.inclusive
        ):
            raise PolicyError(
                f"the bands {below.key!r} and {above.key!r} overlap at {meet_high}"
                + ("" if meet_low.value == meet_high.value else f"–{meet_low}")
            )
