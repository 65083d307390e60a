"""Movers between two snapshots with known changes."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from reports_factory import figures, pupil

from woodrush_desktop.reports.movers import (
    DECLINED,
    IMPROVED,
    NEW,
    concern_bands,
    find_movers,
    next_action,
)
from woodrush_desktop.reports.rows import SnapshotInfo

BEFORE = SnapshotInfo(1, date(2025, 10, 3))
AFTER = SnapshotInfo(2, date(2025, 10, 10))


def _report(policy, letters_sent=None, done=None):
    pupils = {n: pupil(n) for n in range(1, 7)}
    before = {
        1: figures(1, 1, 100, 97),  # expected -> at risk (91%)
        2: figures(1, 2, 100, 85),  # persistent -> below expectation (93%)
        3: figures(1, 3, 100, 95),  # below expectation, unchanged (94%)
        4: figures(1, 4, 100, 91),  # at risk -> severe (79%)
    }
    after = {
        1: figures(2, 1, 100, 91),
        2: figures(2, 2, 100, 93),
        3: figures(2, 3, 100, 94),
        4: figures(2, 4, 100, 79),
        5: figures(2, 5, 20, 17),  # new pupil, persistently absent (85%)
        6: figures(2, 6, 20, 20),  # new pupil, 100%: not a mover
    }
    return find_movers(BEFORE, AFTER, before, after, pupils, policy, letters_sent, done)


def test_movers_between_two_snapshots(policy):
    report = _report(policy)

    by_id = {mover.pupil.id: mover for mover in report.movers}
    assert set(by_id) == {1, 2, 4, 5}
    assert (by_id[1].before_band, by_id[1].after_band) == ("expected", "at_risk")
    assert by_id[1].direction == DECLINED
    assert by_id[1].change == Fraction(-6)
    assert by_id[2].direction == IMPROVED
    assert by_id[2].change == Fraction(8)
    assert (by_id[4].before_band, by_id[4].after_band) == ("at_risk", "severe")
    assert by_id[5].direction == NEW
    assert by_id[5].before is None


def test_newly_at_risk_and_the_letter_they_are_due(policy):
    report = _report(policy, letters_sent={4: {"concern"}})

    by_id = {mover.pupil.id: mover for mover in report.movers}
    assert by_id[1].newly_at_risk and by_id[1].letter_due == "concern"
    assert by_id[5].newly_at_risk and by_id[5].letter_due == "meeting_invitation"
    # Already a concern: moving further down is not "newly", but the severe row's letter is due.
    assert not by_id[4].newly_at_risk
    assert by_id[4].letter_due == "senior_meeting_invitation"
    # Improving pupils are never sent a letter from the movers list.
    assert by_id[2].letter_due is None
    assert {m.pupil.id for m in report.newly_at_risk_without_letter} == {1, 5}


def test_a_letter_already_sent_is_not_due_again(policy):
    report = _report(policy, letters_sent={1: {"concern"}})

    mover = next(m for m in report.movers if m.pupil.id == 1)
    assert mover.letter_due is None
    assert 1 not in {m.pupil.id for m in report.newly_at_risk_without_letter}


def test_declines_come_first_and_worst_first(policy):
    report = _report(policy)

    assert [mover.pupil.id for mover in report.movers] == [4, 1, 5, 2]


def test_next_action_follows_the_policy_and_skips_what_is_done(policy):
    first = next_action(policy, "at_risk", [], done=())
    assert first is not None and first.key == "at_risk.school.concern-letter"

    after_letter = next_action(policy, "at_risk", [], done={"at_risk.school.concern-letter"})
    assert after_letter is not None and after_letter.key == "at_risk.school.address-reasons"

    group_item = next_action(
        policy,
        "expected",
        ["social_worker"],
        done=(),
    )
    assert group_item is not None and group_item.key == "social_worker.school.inform-social-worker"


def test_the_bands_that_call_for_a_letter(policy):
    assert concern_bands(policy) == {"at_risk", "persistent", "severe"}


def test_no_previous_snapshot_lists_only_pupils_needing_action(policy):
    pupils = {1: pupil(1), 2: pupil(2)}
    after = {1: figures(2, 1, 100, 100), 2: figures(2, 2, 100, 90)}

    report = find_movers(None, AFTER, {}, after, pupils, policy)

    assert [mover.pupil.id for mover in report.movers] == [2]
    assert report.to_json()["previous"] is None
