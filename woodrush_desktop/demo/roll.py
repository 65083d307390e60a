"""The demo school's roll: invented pupils with their forms, flags, bands and UPNs.

Everything is drawn from one `random.Random`, so a seed gives the same school every time.
Proportions (year sizes, SEND, FSM and the rest) are quotas rather than coin tosses, so a
small school and a large one look alike.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from woodrush_desktop.demo import names
from woodrush_desktop.demo.families import (
    DemoContact,
    Family,
    PhoneBook,
    copy_contact,
    foster_carer,
    make_family,
    rename_carers,
)
from woodrush_desktop.demo.names import BACKGROUNDS, CYRILLIC
from woodrush_desktop.domain.upn import CHECK_ALPHABET, make_upn

LA_NUMBER = 330

ESTABLISHMENT_NUMBER = 4127

MIN_PUPILS = 60
"""Below this the special cases (movers, joiners, UPN problems) no longer fit in the roll."""

MAX_PUPILS = 3000
"""Above this a year group would run out of the 1,000 serial numbers of a UPN year."""

YEAR_WEIGHTS = {7: 200, 8: 200, 9: 200, 10: 200, 11: 200, 12: 110, 13: 90}

FORM_CODES = ("WDR", "ASH", "BIR", "ELM", "HAZ", "OAK", "ROW", "YEW")

FORM_SIZE = 30

NAME_DRAWS = 2
"""Forenames tried before a pupil may share a full name with a pupil of another family:
two leave a pair or so of namesakes on a roll of 1,200, as a real school has."""


@dataclass(slots=True)
class DemoPupil:
    """One invented pupil, with what the generator needs to plan their marks."""

    index: int
    upn: str
    admission_number: str
    legal_surname: str
    legal_forename: str
    date_of_birth: date
    gender: str
    year: int
    reg_group: str
    admission_date: date
    preferred_surname: str | None = None
    preferred_forename: str | None = None
    sen_status: str = "N"
    medical: bool | None = False
    social_worker: bool | None = False
    looked_after: bool | None = False
    fsm: bool | None = False
    contacts: list[DemoContact] = field(default_factory=list)
    family: int = 0
    band: str = "expected"
    traits: set[str] = field(default_factory=set)
    """Special cases for the marks: movers, holidays, gaps, alternative provision…"""

    @property
    def compulsory_age(self) -> bool:
        return self.year <= 11


BAND_SHARES = (
    ("severe", 0.04),
    ("persistent", 0.17),
    ("at_risk", 0.08),
    ("below_expected", 0.25),
)
"""Bands at the later demo export, worst first; the rest of the roll is `expected`."""


def build_roll(pupil_count: int, rng: random.Random) -> list[DemoPupil]:
    """The whole roll, in year and form order as an MIS lists it."""
    if not MIN_PUPILS <= pupil_count <= MAX_PUPILS:
        raise ValueError(
            f"the demo school has between {MIN_PUPILS} and {MAX_PUPILS:,} pupils, "
            f"not {pupil_count:,}"
        )
    years = _year_slots(pupil_count, rng)
    phones = PhoneBook(rng)
    pupils: list[DemoPupil] = []
    family_number = 0
    names_taken = {(surname, forename) for surname, forename, _, _ in SHOWCASE}
    while len(pupils) < pupil_count:
        family_number += 1
        family = make_family(rng, phones)
        children = min(_children_in_school(rng), pupil_count - len(pupils))
        siblings: list[DemoPupil] = []
        for _ in range(children):
            pupil = _make_pupil(len(pupils), years[len(pupils)], family, siblings, names_taken, rng)
            pupil.family = family_number
            names_taken.add((pupil.legal_surname, pupil.legal_forename))
            siblings.append(pupil)
            pupils.append(pupil)
    _add_showcase_names(pupils, rng, phones)
    _assign_forms(pupils, rng)
    _assign_flags(pupils, rng, phones)
    _assign_bands(pupils, rng)
    _assign_special_cases(pupils, rng)
    _assign_identifiers(pupils, rng)
    pupils.sort(key=lambda pupil: (pupil.year, pupil.reg_group, pupil.legal_surname))
    for index, pupil in enumerate(pupils):
        pupil.index = index
    return pupils


def _year_slots(pupil_count: int, rng: random.Random) -> list[int]:
    total = sum(YEAR_WEIGHTS.values())
    sizes = {
        year: math.floor(pupil_count * weight / total) for year, weight in YEAR_WEIGHTS.items()
    }
    for year in list(YEAR_WEIGHTS)[: pupil_count - sum(sizes.values())]:
        sizes[year] += 1
    slots = [year for year, size in sizes.items() for _ in range(size)]
    rng.shuffle(slots)
    return slots


def _children_in_school(rng: random.Random) -> int:
    return rng.choices((1, 2, 3), weights=(0.86, 0.12, 0.02))[0]


def _make_pupil(
    index: int,
    year: int,
    family: Family,
    siblings: Sequence[DemoPupil],
    names_taken: set[tuple[str, str]],
    rng: random.Random,
) -> DemoPupil:
    gender = rng.choice("FM")
    background = family.background
    if family.second_background and rng.random() < 0.5:
        background = family.second_background  # named from the other side of the family
    surname = family.surname_for(gender)
    forename = _pick_forename(
        background.forenames(gender), surname, family, siblings, names_taken, rng
    )
    pupil = DemoPupil(
        index=index,
        upn="",
        admission_number="",
        legal_surname=surname,
        legal_forename=forename,
        date_of_birth=_date_of_birth(year, rng),
        gender=gender,
        year=year,
        reg_group="",
        admission_date=_admission_date(year, rng),
        contacts=[copy_contact(carer) for carer in family.carers],
    )
    if forename in names.PREFERRED_FORENAMES and rng.random() < 0.5:
        pupil.preferred_forename = names.PREFERRED_FORENAMES[forename]
    elif rng.random() < 0.015:
        other = rng.choice(family.background.surnames)
        pupil.preferred_surname = family.background.surname_for(other, gender)
    return pupil


def _pick_forename(
    pool: Sequence[str],
    surname: str,
    family: Family,
    siblings: Sequence[DemoPupil],
    names_taken: set[tuple[str, str]],
    rng: random.Random,
) -> str:
    """A forename no brother or sister has, and the first of a few draws that is neither a
    carer's forename nor makes a full name another pupil has: a real roll has few namesakes.
    """
    unusable = {sibling.legal_forename for sibling in siblings} | set(surname.split("-"))
    choices = [name for name in pool if name not in unusable]
    carers = [f" {carer.name} " for carer in family.carers]
    drawn = []
    for _ in range(NAME_DRAWS):
        forename = rng.choice(choices)
        drawn.append(forename)
        if (surname, forename) not in names_taken and not any(
            f" {forename} " in carer for carer in carers
        ):
            return forename
    return drawn[0]


def _date_of_birth(year: int, rng: random.Random) -> date:
    """Born in the school year that puts the pupil in `year` in 2026/27."""
    start = date(2021 - year, 9, 1)
    return start + timedelta(days=rng.randrange(365))


def _first_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _admission_date(year: int, rng: random.Random) -> date:
    """Most join in September of Year 7; some mid-year, and some only for the sixth form."""
    entry_year = 2026 - (year - 7)
    if year >= 12 and rng.random() < 0.3:
        entry_year = 2026 - (year - 12)
    elif year > 7 and rng.random() < 0.08:
        entry_year = rng.randint(entry_year, 2025)
        return _first_weekday(
            date(entry_year, rng.choice((1, 2, 3, 4, 6, 10, 11)), rng.randint(1, 28))
        )
    return _first_weekday(date(entry_year, 9, 3))


SHOWCASE = (
    ("Łukasiewicz-O'Brien", "Zoë", "F", "polish"),
    ("Nguyễn", "Thị Ánh", "F", "vietnamese"),
    ("Bălan", "Ştefan", "M", "romanian"),
    ("Петров", "Кирилл", "M", "cyrillic"),
    ("Коваленко", "Анна", "F", "cyrillic"),
    ("Шевчук", "Дмитро", "M", "cyrillic"),
    ("O'Sullivan", "Saoirse", "F", "irish"),
    ("Okafor-Bennett", "Chiamaka", "F", "nigerian_igbo"),
)
"""Names that test an importer's handling of text, placed on pupils picked at random."""


def _add_showcase_names(pupils: list[DemoPupil], rng: random.Random, phones: PhoneBook) -> None:
    only_children = _only_children(pupils)
    chosen = rng.sample(only_children, len(SHOWCASE))
    backgrounds = {background.key: background for background in (*BACKGROUNDS, CYRILLIC)}
    for pupil, (surname, forename, gender, key) in zip(chosen, SHOWCASE, strict=True):
        pupil.legal_surname, pupil.legal_forename, pupil.gender = surname, forename, gender
        pupil.preferred_forename = pupil.preferred_surname = None
        pupil.contacts = rename_carers(pupil.contacts, surname, backgrounds[key], rng, phones)


def _only_children(pupils: Sequence[DemoPupil]) -> list[DemoPupil]:
    sizes = Counter(pupil.family for pupil in pupils)
    return [pupil for pupil in pupils if sizes[pupil.family] == 1]


def _assign_forms(pupils: list[DemoPupil], rng: random.Random) -> None:
    for year in YEAR_WEIGHTS:
        cohort = [pupil for pupil in pupils if pupil.year == year]
        rng.shuffle(cohort)
        forms = FORM_CODES[: max(1, math.ceil(len(cohort) / FORM_SIZE))]
        for position, pupil in enumerate(cohort):
            pupil.reg_group = f"{year}{forms[position % len(forms)]}"


def _quota(
    pupils: Sequence[DemoPupil], share: float, weight, rng: random.Random
) -> list[DemoPupil]:
    """A weighted sample without replacement of round(share × roll) pupils."""
    count = round(share * len(pupils))
    keyed = [(rng.random() ** (1 / max(weight(pupil), 1e-6)), pupil.index) for pupil in pupils]
    keyed.sort(reverse=True)
    by_index = {pupil.index: pupil for pupil in pupils}
    return [by_index[index] for _, index in keyed[:count]]


def _assign_flags(pupils: list[DemoPupil], rng: random.Random, phones: PhoneBook) -> None:
    for pupil in _quota(pupils, 0.25, lambda p: 1.0, rng):
        pupil.fsm = True
    for pupil in _quota(pupils, 0.03, lambda p: 2.0 if p.fsm else 1.0, rng):
        pupil.sen_status = "E"
    plain = [pupil for pupil in pupils if pupil.sen_status == "N"]
    for pupil in _quota(
        plain, 0.13 * len(pupils) / len(plain), lambda p: 1.6 if p.fsm else 1.0, rng
    ):
        pupil.sen_status = "K"
    for pupil in _quota(pupils, 0.06, lambda p: 3.0 if p.sen_status == "E" else 1.0, rng):
        pupil.medical = True
    singles = [pupil for pupil in _only_children(pupils) if pupil.year <= 11]
    for pupil in _quota(singles, 0.01 * len(pupils) / len(singles), lambda p: 1.0, rng):
        pupil.looked_after = True
        pupil.social_worker = True
        pupil.fsm = True
        foster = foster_carer(rng, phones)
        pupil.contacts = [foster, *pupil.contacts[:1]] if rng.random() < 0.5 else [foster]
    for pupil in _quota(pupils, 0.03, lambda p: 3.0 if p.fsm else 1.0, rng):
        pupil.social_worker = True
    for pupil in rng.sample(pupils, max(2, len(pupils) // 150)):
        setattr(pupil, rng.choice(("medical", "fsm")), None)  # unknown to the MIS


def _risk(pupil: DemoPupil, rng: random.Random) -> float:
    """How likely a pupil is to miss school: the groups that national figures show miss more."""
    return (
        rng.gauss(0, 1)
        + 0.6 * bool(pupil.fsm)
        + 0.5 * (pupil.sen_status == "K")
        + 0.7 * (pupil.sen_status == "E")
        + 0.4 * bool(pupil.medical)
        + 0.8 * bool(pupil.social_worker)
        + 0.3 * (pupil.year in (9, 10, 11))
        + 0.2 * (pupil.year >= 12)
    )


def _assign_bands(pupils: list[DemoPupil], rng: random.Random) -> None:
    ranked = sorted(pupils, key=lambda pupil: _risk(pupil, rng), reverse=True)
    start = 0
    for band, share in BAND_SHARES:
        count = round(share * len(pupils))
        for pupil in ranked[start : start + count]:
            pupil.band = band
        start += count


MID_TERM_JOINERS = (date(2026, 10, 5), date(2026, 11, 2), date(2026, 11, 16))


def _assign_special_cases(pupils: list[DemoPupil], rng: random.Random) -> None:
    """The cases the officer (and the importer) should meet in a real export."""
    pool = [pupil for pupil in pupils if not pupil.looked_after]
    rng.shuffle(pool)

    def take(count: int, condition) -> list[DemoPupil]:
        chosen = [pupil for pupil in pool if condition(pupil) and not pupil.traits][:count]
        for pupil in chosen:
            pool.remove(pupil)
        return chosen

    for pupil, entry in zip(
        take(len(MID_TERM_JOINERS), lambda p: p.year <= 11), MID_TERM_JOINERS, strict=False
    ):
        pupil.admission_date = entry
        pupil.traits.add("joiner")
    moving = ("below_expected", "at_risk", "persistent")
    movers = max(2, len(pupils) // 150)
    for pupil in take(movers, lambda p: p.band in moving and p.year <= 11):
        pupil.traits.add("improver")
    for pupil in take(movers, lambda p: p.band in moving and p.year <= 11):
        pupil.traits.add("decliner")
    for pupil in take(1, lambda p: p.year == 12):
        pupil.band = "persistent"
        pupil.traits.update(("holiday", "long_holiday"))
    holidays = ("below_expected", "at_risk", "persistent")
    for pupil in take(max(3, len(pupils) * 3 // 100), lambda p: p.band in holidays):
        pupil.traits.add("holiday")
    long_enough = ("at_risk", "persistent", "severe")
    for pupil in take(
        max(2, len(pupils) // 400), lambda p: p.band in long_enough and p.compulsory_age
    ):
        pupil.traits.update(("holiday", "long_holiday"))
    for pupil in take(4, lambda p: True):
        pupil.traits.add("gap")
    for pupil in take(1, lambda p: True):
        pupil.traits.add("unknown_code")
    for pupil in take(2, lambda p: p.year in (10, 11) and p.band in ("persistent", "severe")):
        pupil.traits.add("dual_registered")
    for pupil in take(3, lambda p: p.year in (9, 10, 11) and p.band in ("persistent", "severe")):
        pupil.traits.add("alternative_provision")
    for pupil in take(max(2, len(pupils) // 300), lambda p: p.band == "severe" and p.year <= 11):
        pupil.traits.add("part_time_timetable")
    for pupil in pupils:
        if pupil.traits:
            continue
        if pupil.year == 9 and pupil.reg_group[-3:] in FORM_CODES[:3]:
            pupil.traits.add("trip")
        elif pupil.year >= 10 and rng.random() < 0.04:
            pupil.traits.add("fixtures")


def _assign_identifiers(pupils: list[DemoPupil], rng: random.Random) -> None:
    """UPNs from the year a pupil started school, admission numbers in order of joining."""
    serials: dict[int, int] = {}
    for pupil in sorted(pupils, key=lambda p: (p.admission_date, p.index)):
        allocated = 2026 - pupil.year  # the September they started Reception
        serials[allocated] = serials.get(allocated, rng.randrange(40)) + 1
        pupil.upn = make_upn(LA_NUMBER, ESTABLISHMENT_NUMBER, allocated, serials[allocated])
    for position, pupil in enumerate(sorted(pupils, key=lambda p: (p.admission_date, p.index))):
        pupil.admission_number = f"{3100 + position:06d}"
    joiners = [pupil for pupil in pupils if "joiner" in pupil.traits]
    others = [pupil for pupil in pupils if not pupil.traits and pupil.year == 7]
    temporary = joiners[1:2] + rng.sample(others, min(1, len(others)))
    for letter, pupil in zip("AB", temporary, strict=False):
        pupil.upn = make_upn(LA_NUMBER, ESTABLISHMENT_NUMBER, 26, pupil.index % 100, letter)
        pupil.traits.add("temporary_upn")
    for pupil in rng.sample([p for p in pupils if not p.traits], 2):
        right = pupil.upn[0]
        wrong = CHECK_ALPHABET[(CHECK_ALPHABET.index(right) + 1 + rng.randrange(21)) % 23]
        pupil.upn = wrong + pupil.upn[1:]
        pupil.traits.add("wrong_check_letter")


def roll_summary(pupils: Sequence[DemoPupil]) -> dict[str, int]:
    """Counts of the groups and special cases: the summary a test or the CLI can check."""
    return {
        "sen_support": sum(pupil.sen_status == "K" for pupil in pupils),
        "ehc_plan": sum(pupil.sen_status == "E" for pupil in pupils),
        "medical": sum(bool(pupil.medical) for pupil in pupils),
        "social_worker": sum(bool(pupil.social_worker) for pupil in pupils),
        "looked_after": sum(bool(pupil.looked_after) for pupil in pupils),
        "fsm": sum(bool(pupil.fsm) for pupil in pupils),
        "no_contact": sum(not pupil.contacts for pupil in pupils),
        "temporary_upns": sum("temporary_upn" in pupil.traits for pupil in pupils),
        "wrong_check_letters": sum("wrong_check_letter" in pupil.traits for pupil in pupils),
        "mid_term_joiners": sum("joiner" in pupil.traits for pupil in pupils),
    }
