"""The marks: bands in a secondary's proportions, believable reasons, two consistent exports."""

from collections import Counter
from datetime import date

import pytest

from woodrush_desktop.domain.attendance import count_marks, penalty_watch, week_start
from woodrush_desktop.domain.codes import NO_MARK

BAND_TARGETS = {
    "expected": (0.45, 0.05),
    "below_expected": (0.25, 0.04),
    "at_risk": (0.08, 0.025),
    "persistent": (0.17, 0.03),
    "severe": (0.04, 0.015),
}
ORDER = list(BAND_TARGETS)


def bands(export, code_book, policy) -> dict[str, str]:
    found = {}
    for row in export.pupils:
        percentage = count_marks(export.marks(row), code_book).counts.percentage()
        found[row[0]] = policy.band_for(percentage).key
    return found


@pytest.mark.parametrize("which", ["earlier", "later"])
def test_every_band_in_a_secondarys_proportions(request, which, code_book, policy):
    export = request.getfixturevalue(which)

    shares = Counter(bands(export, code_book, policy).values())

    for band, (target, tolerance) in BAND_TARGETS.items():
        share = shares[band] / len(export.pupils)
        assert abs(share - target) <= tolerance, (band, share)


def test_a_handful_move_band_between_the_weekly_exports_both_ways(
    earlier, later, code_book, policy
):
    before = bands(earlier, code_book, policy)
    after = bands(later, code_book, policy)

    steps = [ORDER.index(after[upn]) - ORDER.index(before[upn]) for upn in after]

    up = sum(step < 0 for step in steps)
    down = sum(step > 0 for step in steps)
    assert 3 <= up <= 30
    assert 3 <= down <= 30


def test_the_earlier_export_is_a_prefix_of_the_later_one(earlier, later):
    later_rows = later.by_upn()
    count = len(earlier.session_headers)

    assert later.session_headers[:count] == earlier.session_headers
    assert set(later_rows) == {row[0] for row in earlier.pupils}
    for row in earlier.pupils:
        assert later_rows[row[0]][: 28 + count] == row


def test_absence_reasons_are_mostly_illness_with_the_usual_others(later, code_book):
    codes = Counter(code for row in later.pupils for code in row[28:])
    absences = {code: n for code, n in codes.items() if code not in ("/", "\\", "L", "Z")}

    assert max(absences, key=absences.get) == "I"
    for code in ("M", "C", "G", "N", "O", "U", "L", "E", "C2", "J1", "V", "P", "K", "D"):
        assert codes[code] > 0, code
    assert codes["L"] > codes["U"]


def test_a_few_gaps_and_one_unknown_code_for_the_data_quality_report(later, code_book):
    tallies = [count_marks(later.marks(row), code_book) for row in later.pupils]

    gaps = [mark for tally in tallies for mark in tally.gaps]
    unknown = [mark for tally in tallies for mark in tally.unknown]
    assert 2 <= len(gaps) <= 10
    assert all(mark.code == NO_MARK for mark in gaps)
    assert len({mark.code for mark in unknown}) == 1
    assert len(unknown) == 1


def test_a_pupil_who_joined_mid_term_is_not_on_roll_before_entry(later):
    joiners = [row for row in later.pupils if date(2026, 9, 4) <= row[10] <= date(2026, 11, 27)]

    assert joiners
    for row in joiners:
        for mark in later.marks(row):
            assert (mark.code == "Z") == (mark.on < row[10]), (mark.on, mark.code)


@pytest.mark.parametrize("which", ["earlier", "later"])
def test_penalty_watch_is_met_by_some_including_one_in_year_twelve(request, which, code_book):
    export = request.getfixturevalue(which)
    weeks = sorted({week_start(mark.on) for mark in export.marks(export.pupils[0])})
    met = Counter()

    for row in export.pupils:
        if penalty_watch(export.marks(row), code_book, weeks).met:
            met[int(row[8])] += 1

    assert sum(met[year] for year in range(7, 12)) >= 10
    assert met[12] >= 1
