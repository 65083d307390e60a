"""An export with named parents/carers but no parental-responsibility column: the letter goes
to the first parent/carer by name and address, held back so the officer checks it first."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from woodrush_desktop.services.letters import build_batch, plan_batch
from woodrush_desktop.store.models import Contact

AT_RISK = 91


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def _contact(pupil: int, name: str, priority: int, responsibility: bool | None) -> None:
    Contact.create(
        pupil=pupil,
        name=name,
        relationship="Mother" if priority == 1 else "Father",
        address=f"{priority} Road\nBirmingham\nB1 1AA",
        parental_responsibility=responsibility,
        priority=priority,
    )


def test_unknown_responsibility_addresses_the_first_parent_and_holds_the_letter(
    store, policy, roll
) -> None:
    pupil = roll.pupil("Jack", "Smith", attended=AT_RISK, parents=())
    _contact(pupil, "Mr John Smith", 2, None)
    _contact(pupil, "Mrs Jane Smith", 1, None)

    plan = plan_batch(store, policy, "concern", pupil_ids=[pupil])

    assert plan.letters == []
    [held] = plan.held
    assert "parental responsibility" in held.reason
    batch = build_batch(store, policy, "concern", pupil_ids=[pupil], include_held=[pupil])
    assert [letter.recipient for letter in batch.letters] == ["Mrs Jane Smith"]
    text = _text(batch.pdf)
    assert "Dear Mrs Jane Smith," in text and "1 Road" in text
    assert "The parent/carer of" not in text


def test_a_recorded_responsibility_is_not_held(store, policy, roll) -> None:
    pupil = roll.pupil("Amy", "Jones", attended=AT_RISK, parents=())
    _contact(pupil, "Mrs Jones", 1, None)
    _contact(pupil, "Mr Jones", 2, True)

    plan = plan_batch(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    assert [letter.recipient for letter in plan.letters] == ["Mr Jones"]
    assert plan.held == []


def test_no_responsibility_at_all_still_goes_to_the_parent_carer(store, policy, roll) -> None:
    pupil = roll.pupil("Sam", "Lee", attended=AT_RISK, parents=())
    _contact(pupil, "Mr Lee", 1, False)

    plan = plan_batch(store, policy, "concern", pupil_ids=[pupil])

    assert [letter.recipient for letter in plan.letters] == ["The parent/carer of Sam Lee"]
    assert plan.held == []
