"""The policy as data: the default reading, and refusal of broken policy files."""

import copy
import json

import pytest

from woodrush_desktop.domain.policy import (
    PolicyError,
    default_policy_path,
    load_policy,
    parse_policy,
)


@pytest.fixture
def document():
    return json.loads(default_policy_path().read_text(encoding="utf-8"))


def bounds(document, key):
    band = next(band for band in document["bands"] if band["key"] == key)
    return band["lower"], band["upper"]


def test_the_default_policy_has_five_bands_in_order(policy):
    assert [band.key for band in policy.bands] == [
        "expected",
        "below_expected",
        "at_risk",
        "persistent",
        "severe",
    ]
    assert [band.describe_bounds() for band in policy.bands] == [
        "above 96%",
        "above 92% to 96%",
        "90% to 92%",
        "80% to below 90%",
        "below 80%",
    ]


def test_every_column_of_every_row_is_in_the_data(policy):
    at_risk = policy.band("at_risk")
    assert len(at_risk.column("parents")) == 3
    assert len(at_risk.column("school")) == 4
    assert len(at_risk.column("stakeholders")) == 2
    assert len(policy.group("send_medical").column("stakeholders")) == 3
    assert policy.group("send_medical").parents_note == "All sections – as above"
    assert len(policy.all_items()) == 39


def test_extraction_typos_are_fixed(policy):
    text = " ".join(item.text for item in policy.all_items())

    for typo in ("so hool", "early hele", "muti agency", "Men Health", "training is in plac "):
        assert typo not in text + " "
    assert "early help assessment to create a multi-agency approach" in text
    assert "Mental Health Service" in text
    assert text.count("staff training is in place") == 1
    assert "persistently absent from school" in policy.band("at_risk").policy_heading


def test_item_keys_are_stable_and_unique(policy):
    keys = [item.key for item in policy.all_items()]

    assert len(keys) == len(set(keys))
    assert "at_risk.school.concern-letter" in keys
    assert policy.item("at_risk.school.concern-letter").letter == "concern"


def test_school_level_duties_are_separate_from_pupil_checklists(policy):
    school = [item.key for item in policy.school_items()]
    pupil = [item.key for item in policy.pupil_items("expected", ["social_worker"])]

    assert "expected.school.senior-champion" in school
    assert not set(school) & set(pupil)
    assert "social_worker.school.inform-social-worker" in pupil


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: bounds(d, "at_risk")[0].update(value="89"), "overlap"),
        (lambda d: bounds(d, "at_risk")[0].update(inclusive=False), "gap"),
        (lambda d: bounds(d, "below_expected")[0].update(value="93"), "gap"),
        (lambda d: bounds(d, "expected")[1].update(value="101"), "outside 0–100%"),
        (lambda d: bounds(d, "severe")[0].update(value="-1"), "outside 0–100%"),
        (lambda d: bounds(d, "severe")[0].update(value="ninety"), "not a number"),
        (lambda d: d["bands"][0].update(colour="green"), "#RRGGBB"),
        (lambda d: d["bands"][0].update(threshold=3), "unknown key 'threshold'"),
        (lambda d: d.update(extra=1), "unknown key 'extra'"),
        (lambda d: d["groups"][0].update(key="send"), "unknown group key 'send'"),
        (lambda d: d["bands"][1].update(key="expected"), "used twice"),
        (lambda d: d["bands"][2]["items"].update(teachers=[]), "unknown key 'teachers'"),
        (lambda d: d["bands"].pop(), "lowest band must start at 0%"),
        (lambda d: d["bands"].pop(0), "highest band must end at 100%"),
        (lambda d: d.update(bands=[]), "non-empty list of bands"),
    ],
)
def test_broken_policies_are_refused_with_the_problem_named(document, change, message):
    broken = copy.deepcopy(document)
    change(broken)

    with pytest.raises(PolicyError, match=message):
        parse_policy(broken)


def test_a_policy_file_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"bands": [\n  oops ]}', encoding="utf-8")

    with pytest.raises(PolicyError, match="line 2"):
        load_policy(path)


def test_decimal_bounds_are_exact(document):
    bounds(document, "at_risk")[0]["value"] = "90.5"
    bounds(document, "persistent")[1]["value"] = "90.5"

    policy = parse_policy(document)

    assert policy.band("at_risk").describe_bounds() == "90.5% to 92%"
