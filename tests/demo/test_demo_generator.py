"""The generator's contract: deterministic for a seed, the calendar, the API and the CLI."""

import json
import re
from datetime import date

import pytest

from woodrush_desktop.cli import main
from woodrush_desktop.demo import demo_school, write_demo_export, write_demo_exports
from woodrush_desktop.demo.term import resolve_as_of
from woodrush_desktop.progress import CancelledError


def test_the_same_seed_gives_the_same_school(tmp_path, reader):
    first = write_demo_export(tmp_path / "a.xlsx", pupils=150, as_of=date(2026, 10, 9), seed=7)
    second = write_demo_export(tmp_path / "b.xlsx", pupils=150, as_of=date(2026, 10, 9), seed=7)

    assert {**first, "path": None} == {**second, "path": None}
    assert reader(tmp_path / "a.xlsx").rows == reader(tmp_path / "b.xlsx").rows


def test_another_seed_gives_another_school():
    roll, marks = demo_school(150, seed=1)
    other_roll, other_marks = demo_school(150, seed=2)

    assert [pupil.upn for pupil in roll] != [pupil.upn for pupil in other_roll]
    assert marks != other_marks


def test_a_pupils_marks_do_not_depend_on_the_export_day(tmp_path, reader):
    write_demo_export(tmp_path / "s.xlsx", pupils=80, as_of=date(2026, 9, 18))

    short = reader(tmp_path / "s.xlsx").by_upn()
    roll, whole = demo_school(80)

    planned = {pupil.upn: marks for pupil, marks in zip(roll, whole, strict=True)}
    assert short
    for upn, row in short.items():
        assert row[28:] == planned[upn][: len(row) - 28]


def test_the_summary_counts_what_was_written(tmp_path):
    summary = write_demo_export(tmp_path / "d.xlsx", pupils=300, as_of=date(2026, 11, 27))

    assert summary["pupils"] == 300
    assert summary["sessions"] == 114
    assert summary["as_of"] == "2026-11-27"
    assert sum(summary["bands"].values()) == 300
    assert sum(summary["years"].values()) == 300
    assert summary["upns"]["wrong check letter"] == 2
    assert summary["penalty_watch"]["sixth_form"] >= 1
    assert summary["path"] == str(tmp_path / "d.xlsx")


def test_weekly_exports_are_written_earlier_first(tmp_path, reader):
    paths = write_demo_exports(tmp_path / "weekly", seed=3, pupils=100)

    assert [path.name for path in paths] == [
        "woodrush-demo-marks-2026-11-20.xlsx",
        "woodrush-demo-marks-2026-11-27.xlsx",
    ]
    assert [reader(path).rows[1][0][-10:] for path in paths] == ["20/11/2026", "27/11/2026"]


def test_a_school_too_small_for_the_special_cases_is_refused(tmp_path):
    with pytest.raises(ValueError, match="between 60 and 3,000 pupils, not 10"):
        write_demo_export(tmp_path / "tiny.xlsx", pupils=10)
    assert not list(tmp_path.iterdir())


def test_the_largest_school_keeps_upns_unique():
    roll, _ = demo_school(3000)

    assert len({pupil.upn for pupil in roll}) == 3000


@pytest.mark.parametrize(
    ("as_of", "today", "expected"),
    [
        (None, date(2026, 12, 3), date(2026, 12, 2)),
        (None, date(2026, 11, 2), date(2026, 10, 23)),  # Monday after half-term
        (None, date(2027, 1, 12), date(2026, 12, 18)),  # after the term: all of it
        (None, date(2026, 7, 1), date(2026, 12, 18)),
        (date(2026, 11, 28), None, date(2026, 11, 27)),  # a Saturday: the Friday
        (date(2026, 9, 3), None, date(2026, 9, 3)),
    ],
)
def test_the_last_day_of_marks(as_of, today, expected):
    assert resolve_as_of(as_of, today) == expected


def test_an_export_before_the_term_is_refused():
    with pytest.raises(ValueError, match="starts on 03/09/2026"):
        resolve_as_of(date(2026, 9, 2))


def test_cli_writes_an_export_and_prints_its_summary(tmp_path, capsys):
    out = tmp_path / "demo.xlsx"

    code = main(["demo", str(out), "--pupils", "100", "--as-of", "2026-11-20", "--json"])

    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out.exists()
    assert summary["pupils"] == 100
    assert summary["as_of"] == "2026-11-20"


def test_cli_says_what_it_wrote_in_day_first_dates(tmp_path, capsys):
    code = main(["demo", str(tmp_path / "d.xlsx"), "--pupils", "60", "--as-of", "2026-10-31"])

    assert code == 0
    assert re.search(r": \d+ pupils, 74 sessions up to 23/10/2026\.$", capsys.readouterr().out)


def test_cli_weekly_writes_both_exports(tmp_path, capsys):
    code = main(["demo", str(tmp_path), "--weekly", "--pupils", "60", "--json"])

    files = json.loads(capsys.readouterr().out)["files"]
    assert code == 0
    assert [name[-15:] for name in files] == ["2026-11-20.xlsx", "2026-11-27.xlsx"]


def test_cli_refuses_a_day_before_the_term_and_writes_nothing(tmp_path, capsys):
    code = main(["demo", str(tmp_path / "d.xlsx"), "--as-of", "2026-08-31"])

    assert code == 1
    assert "starts on 03/09/2026" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_reports_a_folder_it_cannot_write_to(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")

    code = main(["demo", str(blocked / "d.xlsx"), "--pupils", "60", "--json"])

    captured = capsys.readouterr()
    assert code == 1
    assert json.loads(captured.out)["errors"][0]["message"].startswith("cannot write")
    assert "cannot write" in captured.err


def test_cli_refuses_too_few_pupils(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", str(tmp_path / "d.xlsx"), "--pupils", "12"])

    assert exit_info.value.code == 2
    assert "between 60 and 3,000 pupils" in capsys.readouterr().err


def test_a_pupil_joins_the_export_once_admitted(tmp_path, reader):
    roll, _ = demo_school(120)
    joiner = next(pupil for pupil in roll if pupil.admission_date == date(2026, 11, 2))

    write_demo_export(tmp_path / "before.xlsx", pupils=120, as_of=date(2026, 10, 30))
    write_demo_export(tmp_path / "after.xlsx", pupils=120, as_of=date(2026, 11, 2))

    assert joiner.upn not in reader(tmp_path / "before.xlsx").by_upn()
    assert joiner.upn in reader(tmp_path / "after.xlsx").by_upn()
    assert len(reader(tmp_path / "before.xlsx").pupils) < 120


def test_weekly_exports_report_progress_over_both_files(tmp_path):
    seen = []

    write_demo_exports(tmp_path, pupils=100, progress=lambda *step: seen.append(step))

    assert seen[-1][:2] == (200, 200)
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)
    assert seen[0][2] == "Writing the demo export up to 20/11/2026"
    assert seen[-1][2] == "Writing the demo export up to 27/11/2026"


def test_cancelling_the_weekly_exports_leaves_no_file(tmp_path):
    seen = []

    with pytest.raises(CancelledError):
        write_demo_exports(
            tmp_path,
            pupils=100,
            progress=lambda *step: seen.append(step),
            cancelled=lambda: len(seen) >= 3,  # during the second file
        )

    assert not list(tmp_path.iterdir())
