"""Pupils and parents/carers: valid identifiers, names from many backgrounds, safe contacts."""

import random
import re
from collections import Counter

import pytest

from woodrush_desktop.demo.names import BACKGROUNDS, CYRILLIC
from woodrush_desktop.demo.roll import build_roll
from woodrush_desktop.domain.upn import UpnStatus, check_upn
from woodrush_desktop.store.models import pupil_group_keys

EMAIL = re.compile(r"^[a-z0-9.\-]+@example\.(com|org)$")
PHONE = re.compile(r"^(07700 900\d{3}|0121 496 0\d{3})$")
CONTACT_COLUMNS = {1: range(16, 22), 2: range(22, 28)}


def contacts(row):
    found = []
    for columns in CONTACT_COLUMNS.values():
        name, relationship, address, email, phone, pr = (row[i] for i in columns)
        if name:
            found.append((name, relationship, address, email, phone, pr))
    return found


def test_upn_check_letters_are_valid_except_the_deliberate_ones(later):
    checks = [check_upn(upn) for upn in later.column("UPN")]

    statuses = Counter(check.status for check in checks)
    assert 1 <= statuses[UpnStatus.WRONG_CHECK_LETTER] <= 2
    assert 2 <= statuses[UpnStatus.TEMPORARY] <= 3
    assert statuses[UpnStatus.MALFORMED] == 0
    assert statuses[UpnStatus.VALID] == len(checks) - sum(
        statuses[status] for status in (UpnStatus.WRONG_CHECK_LETTER, UpnStatus.TEMPORARY)
    )
    assert all(check.upn[1:4] == "330" and check.upn[4] == "4" for check in checks)


def test_upns_and_admission_numbers_are_unique(later):
    assert len(set(later.column("UPN"))) == len(later.pupils)
    assert len(set(later.column("Adno"))) == len(later.pupils)


def test_names_from_many_backgrounds_in_their_own_spelling(later):
    surnames = set(later.column("Legal Surname"))
    forenames = set(later.column("Legal Forename"))
    everything = " ".join(surnames | forenames)

    assert {"Zoë", "Thị Ánh", "Ştefan", "Кирилл"} <= forenames
    assert {"Nguyễn", "Bălan", "Петров"} <= surnames
    assert any("Łukasiewicz" in name for name in surnames)
    assert any("'" in name for name in surnames)
    assert sum("-" in name for name in surnames) >= 10
    cyrillic = [name for name in forenames if re.search("[\u0400-\u04ff]", name)]
    assert 2 <= len(cyrillic) <= 6
    assert re.search("[ąćęłńóśźżăâîşţçğıöü]", everything)


def test_no_email_outside_the_example_domains_and_drama_phone_numbers(later):
    people = [contact for row in later.pupils for contact in contacts(row)]
    emails = [email for *_, email, _, _ in people if email]
    phones = [phone for *_, phone, _ in people if phone]

    assert len(emails) > 1000
    assert all(EMAIL.match(email) for email in emails), [
        email for email in emails if not EMAIL.match(email)
    ][:5]
    assert all(PHONE.match(phone) for phone in phones)


def test_parents_carers_with_and_without_parental_responsibility(later):
    shapes = Counter()
    for row in later.pupils:
        people = contacts(row)
        with_pr = sum(contact[5] == "Y" for contact in people)
        grandparent_without = any(
            contact[1].startswith("Grand") and contact[5] == "N" for contact in people
        )
        shapes["none" if not people else f"{with_pr} with PR"] += 1
        shapes["grandparent without PR"] += grandparent_without

    total = len(later.pupils)
    assert shapes["2 with PR"] > 0.4 * total
    assert shapes["1 with PR"] > 0.2 * total
    assert 10 <= shapes["grandparent without PR"] <= 0.12 * total
    assert 1 <= shapes["none"] <= 10


def test_groups_in_realistic_proportions(later):
    total = len(later.pupils)
    sen = Counter(later.column("SEN Status"))
    flags = {
        name: sum(value == "Y" for value in later.column(name))
        for name in ("Medical Condition", "Social Worker", "Looked After", "FSM")
    }

    assert abs(sen["K"] / total - 0.13) <= 0.02
    assert abs(sen["E"] / total - 0.03) <= 0.01
    assert abs(flags["Medical Condition"] / total - 0.06) <= 0.015
    assert abs(flags["Social Worker"] / total - 0.04) <= 0.015
    assert abs(flags["Looked After"] / total - 0.01) <= 0.005
    assert abs(flags["FSM"] / total - 0.25) <= 0.03


def test_every_group_year_and_form_is_present(later):
    rows = zip(
        later.column("SEN Status"),
        later.column("Medical Condition"),
        later.column("Social Worker"),
        later.column("Looked After"),
        strict=True,
    )
    groups = Counter(
        key
        for sen, medical, social, looked_after in rows
        for key in pupil_group_keys(sen, medical == "Y", social == "Y", looked_after == "Y")
    )
    years = Counter(int(year) for year in later.column("Year"))
    forms = Counter(later.column("Reg Group"))

    assert set(groups) == {"send_medical", "social_worker"}
    assert set(years) == set(range(7, 14))
    assert years[12] < years[11] and years[13] < years[11]
    assert all(20 <= count <= 32 for count in forms.values()), forms


def test_looked_after_pupils_have_a_social_worker_and_a_foster_carer(later):
    looked_after = [row for row in later.pupils if row[14] == "Y"]

    assert looked_after
    for row in looked_after:
        assert row[13] == "Y"
        assert contacts(row)[0][1] == "Foster Carer"


def test_only_a_handful_of_pupils_share_a_full_name(later):
    full_names = Counter(
        zip(later.column("Legal Surname"), later.column("Legal Forename"), strict=True)
    )

    shared = [name for name, count in full_names.items() if count > 1]
    assert len(later.pupils) == 1200
    assert len(shared) <= 6, shared


@pytest.mark.parametrize(("pupils", "seed"), [(1200, 2026), (3000, 1), (3000, 2)])
def test_brothers_and_sisters_never_share_a_forename(pupils, seed):
    roll = build_roll(pupils, random.Random(seed))

    forenames = Counter((pupil.family, pupil.legal_forename) for pupil in roll)

    assert sum(count > 1 for count in Counter(pupil.family for pupil in roll).values()) > 100
    assert [key for key, count in forenames.items() if count > 1] == []


def test_a_forename_goes_with_a_surname_from_the_same_community(later):
    communities = {}
    for background in (*BACKGROUNDS, CYRILLIC):
        forenames = {*background.girls, *background.boys}
        feminine = background.female_surnames or {}
        for surname in (*background.surnames, *feminine.values()):
            communities.setdefault(surname, set()).update(forenames)
    pupils = zip(later.column("Legal Surname"), later.column("Legal Forename"), strict=True)

    single = [(surname, forename) for surname, forename in pupils if "-" not in surname]
    misfits = [(s, f) for s, f in single if f not in communities[s]]
    assert len(single) > 1000
    assert misfits == []
