"""Families for the demo school: parents/carers with invented addresses and contact details.

E-mail addresses use only the example domains and phone numbers only Ofcom's drama ranges,
so nothing in a demo export can reach a real person.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from woodrush_desktop.demo import names
from woodrush_desktop.demo.names import BACKGROUNDS, Background

TOWNS = (
    ("Woodrush", "WU1"),
    ("Woodrush", "WU2"),
    ("Woodrush Green", "WU3"),
    ("Rushford", "WU4"),
    ("Hollinbrook", "WU5"),
    ("Sedgecombe", "WU6"),
    ("Fennick Cross", "WU7"),
    ("Brackenmoor", "WU8"),
)

STREETS = (
    "Rushmere Road",
    "Alder Close",
    "Kestrel Way",
    "Sedge Lane",
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Orchard Rise",
    "Bramble Court",
    "Heathfield Avenue",
    "Larkspur Drive",
    "Willowbrook Crescent",
    "Thistle Grove",
    "Marsh Lane",
    "Coppice Walk",
    "Reed Street",
    "Tanners Row",
    "Brook Terrace",
    "Osier Gardens",
    "Fenland Road",
    "Plover Close",
    "Hawthorn Way",
    "Rowan Avenue",
    "Cobblers Lane",
    "Foundry Street",
    "Canal Side",
)

BLOCKS = ("Kestrel House", "Heron Court", "Alder Mews", "Millbank House", "Sedge Point")

POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # inward letters as Royal Mail uses them

MOBILE_NUMBERS = [f"07700 900{n:03d}" for n in range(1000)]

LANDLINE_NUMBERS = [f"0121 496 0{n:03d}" for n in range(1000)]
"""Ofcom's ranges reserved for drama: numbers that will never ring anyone."""

EMAIL_DOMAINS = ("example.com", "example.org")

FAMILY_KINDS = (
    ("two_parents", 0.52),
    ("separated_parents", 0.06),
    ("one_parent", 0.26),
    ("parent_and_step_parent", 0.06),
    ("parent_and_grandparent", 0.07),
    ("grandparent_only", 0.015),
    ("no_contact", 0.005),
)

_ASCII = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "'": "", " ": ""})

_CYRILLIC_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "h",
        "д": "d",
        "е": "e",
        "є": "ye",
        "ж": "zh",
        "з": "z",
        "и": "y",
        "і": "i",
        "ї": "yi",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ь": "",
        "ю": "yu",
        "я": "ya",
        "ы": "y",
        "э": "e",
        "ё": "yo",
        "ъ": "",
    }
)


@dataclass(slots=True)
class DemoContact:
    """A parent/carer as the MIS lists them in a pupil's contact columns."""

    name: str
    relationship: str
    address: str
    email: str | None
    phone: str | None
    parental_responsibility: bool | None


@dataclass(slots=True)
class Family:
    """Carers and a home shared by the brothers and sisters at the school."""

    background: Background
    surname: str
    kind: str
    carers: list[DemoContact]
    second_background: Background | None = None

    def surname_for(self, gender: str) -> str:
        """A child's surname: each half of a double-barrelled name in its own feminine form."""
        first, _, second = self.surname.partition("-")
        if not second:
            return self.background.surname_for(first, gender)
        other = self.second_background or self.background
        return "-".join(
            (
                self.background.surname_for(first, gender, double_barrelled=True),
                other.surname_for(second, gender, double_barrelled=True),
            )
        )


def pick_background(rng: random.Random) -> Background:
    """A community, in the proportions of the town around the school."""
    return rng.choices(BACKGROUNDS, weights=[background.weight for background in BACKGROUNDS])[0]


def make_family(rng: random.Random, phones: PhoneBook) -> Family:
    """A family name (now and then a double-barrelled one) and its carers."""
    background = pick_background(rng)
    surname = rng.choice(background.surnames)
    second = None
    if rng.random() < 0.06:
        second = pick_background(rng)
        other = rng.choice(second.surnames)
        if other != surname:
            surname = f"{surname}-{other}"
    kind = rng.choices(
        [kind for kind, _ in FAMILY_KINDS], weights=[share for _, share in FAMILY_KINDS]
    )[0]
    family = Family(background, surname, kind, [], second)
    family.carers = _make_carers(family, rng, phones)
    return family


def _make_carers(family: Family, rng: random.Random, phones: PhoneBook) -> list[DemoContact]:
    home = make_address(rng)
    surnames = family.surname.split("-", 1)
    mother_surname = surnames[0] if rng.random() < 0.85 else rng.choice(family.background.surnames)
    father_surname = surnames[-1]
    background = family.background
    father_background = family.second_background or background

    def person(
        relationship: str, gender: str, surname: str, pool: Background, pr: bool, address: str
    ) -> DemoContact:
        forename = rng.choice(pool.adult_forenames(gender))
        return make_contact(
            forename,
            pool.surname_for(surname, gender),
            gender,
            relationship,
            pr,
            address,
            rng,
            phones,
        )

    def grandparent(address: str) -> DemoContact:
        gender = rng.choice("FM")
        forename = rng.choice(names.GRANDPARENTS[gender])
        if background.key not in ("british", "irish", "caribbean"):
            forename = rng.choice(background.adult_forenames(gender))
        relationship = "Grandmother" if gender == "F" else "Grandfather"
        return make_contact(
            forename,
            background.surname_for(mother_surname, gender),
            gender,
            relationship,
            False,
            address,
            rng,
            phones,
        )

    mother = person("Mother", "F", mother_surname, background, True, home)
    father = person("Father", "M", father_surname, father_background, True, home)
    match family.kind:
        case "two_parents":
            return [mother, father] if rng.random() < 0.8 else [father, mother]
        case "separated_parents":
            father.address = make_address(rng)
            return [mother, father]
        case "one_parent":
            return [mother] if rng.random() < 0.85 else [father]
        case "parent_and_step_parent":
            step = person(
                "Step-father", "M", rng.choice(background.surnames), background, False, home
            )
            return [mother, step]
        case "parent_and_grandparent":
            return [mother, grandparent(make_address(rng) if rng.random() < 0.6 else home)]
        case "grandparent_only":
            return [grandparent(home)]
    return []


def make_contact(
    forename: str,
    surname: str,
    gender: str,
    relationship: str,
    parental_responsibility: bool | None,
    address: str,
    rng: random.Random,
    phones: PhoneBook,
) -> DemoContact:
    title = rng.choice(names.CARER_TITLES[gender])
    email = None if rng.random() < 0.12 else make_email(forename, surname, rng)
    phone = None if rng.random() < 0.03 else phones.next(mobile=rng.random() < 0.85)
    return DemoContact(
        name=f"{title} {forename} {surname}",
        relationship=relationship,
        address=address,
        email=email,
        phone=phone,
        parental_responsibility=parental_responsibility,
    )


def ascii_name(text: str) -> str:
    """A name as an e-mail address would spell it: no accents, apostrophes or spaces."""
    text = text.lower().translate(_CYRILLIC_LATIN).translate(_ASCII)
    folded = unicodedata.normalize("NFKD", text)
    return "".join(char for char in folded if char.isascii() and (char.isalnum() or char in "-."))


def make_email(forename: str, surname: str, rng: random.Random) -> str:
    first, last = ascii_name(forename.split()[0]), ascii_name(surname)
    shape = rng.randrange(4)
    if shape == 0:
        local = f"{first}.{last}"
    elif shape == 1:
        local = f"{first[0]}{last}{rng.randrange(1, 99)}"
    elif shape == 2:
        local = f"{first}{last}"
    else:
        local = f"{last}.family"
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


class PhoneBook:
    """Hands out each drama-range number once, then starts again if the school is huge."""

    def __init__(self, rng: random.Random) -> None:
        self._pools = {True: MOBILE_NUMBERS[:], False: LANDLINE_NUMBERS[:]}
        for pool in self._pools.values():
            rng.shuffle(pool)
        self._next = {True: 0, False: 0}

    def next(self, *, mobile: bool) -> str:
        pool = self._pools[mobile]
        number = pool[self._next[mobile] % len(pool)]
        self._next[mobile] += 1
        return number


def make_address(rng: random.Random) -> str:
    town, district = rng.choice(TOWNS)
    street = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
    lines = [street]
    if rng.random() < 0.15:
        lines.insert(0, f"Flat {rng.randint(1, 40)}, {rng.choice(BLOCKS)}")
    inward = f"{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    lines += [town, f"{district} {inward}"]
    return "\n".join(lines)


def copy_contact(contact: DemoContact) -> DemoContact:
    return DemoContact(
        contact.name,
        contact.relationship,
        contact.address,
        contact.email,
        contact.phone,
        contact.parental_responsibility,
    )


def rename_carers(
    contacts: list[DemoContact],
    surname: str,
    background: Background,
    rng: random.Random,
    phones: PhoneBook,
) -> list[DemoContact]:
    """The same carers renamed to match a pupil's family name and script."""
    parts = surname.split("-")
    renamed = []
    for contact in contacts:
        gender = "F" if contact.relationship in ("Mother", "Grandmother") else "M"
        family_name = parts[-1] if contact.relationship == "Father" else parts[0]
        if contact.relationship == "Step-father":
            family_name = rng.choice(background.surnames)
        forename = rng.choice(background.adult_forenames(gender))
        if contact.relationship.startswith("Grand") and background.key == "british":
            forename = rng.choice(names.GRANDPARENTS[gender])
        renamed.append(
            make_contact(
                forename,
                background.surname_for(family_name, gender),
                gender,
                contact.relationship,
                contact.parental_responsibility,
                contact.address,
                rng,
                phones,
            )
        )
    return renamed


def foster_carer(rng: random.Random, phones: PhoneBook) -> DemoContact:
    """A looked-after child's foster carer: listed first, without parental responsibility."""
    background = pick_background(rng)
    gender = rng.choice("FM")
    forename = rng.choice(background.adult_forenames(gender))
    surname = background.surname_for(rng.choice(background.surnames), gender)
    return make_contact(
        forename, surname, gender, "Foster Carer", False, make_address(rng), rng, phones
    )
