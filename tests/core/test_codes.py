"""Register codes: every class, historic meanings, sub-codes, unknown codes."""

from datetime import date

import pytest

from woodrush_desktop.domain.attendance import Mark, count_marks
from woodrush_desktop.domain.codes import CodeClass, UnknownCodeError

AFTER = date(2026, 10, 5)
BEFORE = date(2024, 3, 4)


@pytest.mark.parametrize(
    ("code", "code_class"),
    [
        ("/", CodeClass.PRESENT),
        ("\\", CodeClass.PRESENT),
        ("L", CodeClass.PRESENT),
        ("K", CodeClass.APPROVED),
        ("V", CodeClass.APPROVED),
        ("P", CodeClass.APPROVED),
        ("W", CodeClass.APPROVED),
        ("B", CodeClass.APPROVED),
        ("C1", CodeClass.AUTHORISED),
        ("M", CodeClass.AUTHORISED),
        ("J1", CodeClass.AUTHORISED),
        ("S", CodeClass.AUTHORISED),
        ("C2", CodeClass.AUTHORISED),
        ("C", CodeClass.AUTHORISED),
        ("T", CodeClass.AUTHORISED),
        ("R", CodeClass.AUTHORISED),
        ("I", CodeClass.AUTHORISED),
        ("E", CodeClass.AUTHORISED),
        ("G", CodeClass.UNAUTHORISED),
        ("N", CodeClass.UNAUTHORISED),
        ("O", CodeClass.UNAUTHORISED),
        ("U", CodeClass.UNAUTHORISED),
        ("D", CodeClass.NOT_POSSIBLE),
        ("X", CodeClass.NOT_POSSIBLE),
        ("Q", CodeClass.NOT_POSSIBLE),
        *[(f"Y{n}", CodeClass.NOT_POSSIBLE) for n in range(1, 8)],
        ("Z", CodeClass.NOT_COUNTED),
        ("#", CodeClass.NOT_COUNTED),
    ],
)
def test_every_2024_code_has_its_class(code, code_class, code_book):
    assert code_book.classify(code, AFTER) is code_class


@pytest.mark.parametrize(
    ("code", "code_class"),
    [
        ("H", CodeClass.AUTHORISED),
        ("J", CodeClass.APPROVED),  # an interview was an approved activity before 2024
        ("Y", CodeClass.NOT_POSSIBLE),
        ("D", CodeClass.APPROVED),  # dual registration counted as attended before 2024
    ],
)
def test_historic_codes_keep_their_old_meaning_before_19_august_2024(code, code_class, code_book):
    assert code_book.classify(code, BEFORE) is code_class


@pytest.mark.parametrize("code", ["H", "J", "Y", "F"])
def test_withdrawn_codes_are_unknown_after_the_change(code, code_book):
    with pytest.raises(UnknownCodeError, match="not a register code on 05/10/2026"):
        code_book.classify(code, AFTER)


def test_the_change_takes_effect_on_19_august_2024(code_book):
    assert code_book.classify("D", date(2024, 8, 18)) is CodeClass.APPROVED
    assert code_book.classify("D", date(2024, 8, 19)) is CodeClass.NOT_POSSIBLE


def test_new_codes_did_not_exist_before_the_change(code_book):
    assert not code_book.is_known("J1", BEFORE)
    assert code_book.is_known("J1", AFTER)


@pytest.mark.parametrize(
    ("code", "sub_code", "normalised"),
    [
        ("C", "1", "C1"),
        ("C", "2", "C2"),
        ("J", "1", "J1"),
        ("Y", "4", "Y4"),
        ("c1", "", "C1"),
        (" i ", "", "I"),
        ("X01", "", "X"),
        ("X09", "", "X"),
        ("C", "", "C"),
        ("Q9", "", "Q9"),
    ],
)
def test_sub_codes_normalise_to_their_code(code, sub_code, normalised, code_book):
    assert code_book.normalise(code, sub_code) == normalised


def test_unknown_codes_are_reported_not_guessed(code_book):
    with pytest.raises(UnknownCodeError):
        code_book.classify("Q9", AFTER)
    with pytest.raises(UnknownCodeError):
        code_book.classify("?", AFTER)


def test_counting_marks_leaves_out_not_possible_and_lists_gaps_and_unknowns(code_book):
    day = date(2026, 9, 7)
    marks = [
        Mark(day, "AM", "/"),
        Mark(day, "PM", "\\"),
        Mark(day.replace(day=8), "AM", "L"),
        Mark(day.replace(day=8), "PM", "I"),
        Mark(day.replace(day=9), "AM", "G"),
        Mark(day.replace(day=9), "PM", "V"),
        Mark(day.replace(day=10), "AM", "Y1"),
        Mark(day.replace(day=10), "PM", "#"),
        Mark(day.replace(day=11), "AM", "-"),
        Mark(day.replace(day=11), "PM", "H"),
    ]

    tally = count_marks(marks, code_book)

    assert tally.counts.possible == 6
    assert tally.counts.present == 3
    assert tally.counts.late == 1
    assert tally.counts.approved == 1
    assert tally.counts.authorised == 1
    assert tally.counts.unauthorised == 1
    assert [mark.code for mark in tally.gaps] == ["-"]
    assert [mark.code for mark in tally.unknown] == ["H"]
    assert tally.by_code["I"] == 1
