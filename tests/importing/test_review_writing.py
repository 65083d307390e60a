"""Review findings on the writing side of the import: what a snapshot may change, and when."""

from __future__ import annotations

import json
from datetime import date

import pytest
from importing_builders import dump, upn, write_csv

from woodrush_desktop.cli import main
from woodrush_desktop.importing import ImportRefused, import_file
from woodrush_desktop.services import importing
from woodrush_desktop.services.pupils import list_pupils
from woodrush_desktop.store.database import open_database
from woodrush_desktop.store.models import AuditEvent, Contact, Mark, Pupil, PupilFigures, Snapshot

CONTACT_HEAD = [
    "UPN", "Surname", "Forename", "Possible", "Present", "Authorised Absences",
    "Unauthorised Absences", "Contact1 Name", "Contact1 Address",
    "Contact1 Parental Responsibility",
]  # fmt: skip


# -- finding 1: an older export must not replace the current parents/carers


def test_an_older_export_leaves_the_current_contacts(store, tmp_path):
    new = [CONTACT_HEAD, [upn(1), "Smith", "Jack", 110, 99, 6, 5, "Ms New", "2 New St", "Y"]]
    old = [CONTACT_HEAD, [upn(1), "Smith", "Jack", 100, 90, 5, 5, "Mr Old", "1 Old Rd", "Y"]]
    import_file(store, write_csv(tmp_path / "new.csv", new), as_of=date(2026, 11, 27))

    result = import_file(store, write_csv(tmp_path / "old.csv", old), as_of=date(2026, 11, 20))

    assert result.report.older_than_latest
    assert [(c.name, c.address) for c in Contact.select()] == [("Ms New", "2 New St")]


# -- finding 7: a summary that does not split absences must not claim 0 and 0


def test_a_summary_without_an_absence_split_records_the_split_as_unknown(store, policy, tmp_path):
    rows = [
        ["Attendance 01/09/2026 to 20/11/2026"],
        ["UPN", "Surname", "Forename", "Possible", "Attended"],
        [upn(1), "Smith", "Jack", 100, 85],
    ]
    import_file(store, write_csv(tmp_path / "unsplit.csv", rows))

    figures = PupilFigures.get()
    assert (figures.possible, figures.absence_split) == (100, False)
    (pupil,) = list_pupils(store, policy)
    assert (pupil.to_json()["authorised"], pupil.to_json()["unauthorised"]) == (None, None)


def test_a_summary_with_an_absence_split_records_it(store, tmp_path):
    rows = [CONTACT_HEAD[:7], [upn(1), "Smith", "Jack", 100, 85, 10, 5]]
    import_file(store, write_csv(tmp_path / "split.csv", rows), as_of=date(2026, 11, 20))

    figures = PupilFigures.get()
    assert (figures.unauthorised, figures.absence_split) == (5, True)


# -- finding 21: the import and its audit event are one transaction


def test_an_import_whose_audit_event_fails_is_not_written(store, tmp_path, monkeypatch):
    rows = [CONTACT_HEAD[:7], [upn(1), "Smith", "Jack", 100, 85, 10, 5]]
    path = write_csv(tmp_path / "week.csv", rows)
    before = dump(store)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("the audit trail could not be written")

    monkeypatch.setattr(store, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        importing.import_file(store, path, as_of=date(2026, 11, 20))

    assert dump(store) == before


def test_an_import_is_audited_once(store, tmp_path):
    rows = [CONTACT_HEAD[:7], [upn(1), "Smith", "Jack", 100, 85, 10, 5]]
    result = importing.import_file(
        store, write_csv(tmp_path / "week.csv", rows), as_of=date(2026, 11, 20)
    )

    (event,) = AuditEvent.select().where(AuditEvent.action == "register imported")
    assert (event.entity_id, event.detail["pupils"]) == (result.snapshot_id, 1)


# -- finding 14: a summary with no date range still says when its figures start

UNDATED_HEAD = [*CONTACT_HEAD[:7], "Admission Date"]


def undated(path, joined="01/09/2022"):
    rows = [UNDATED_HEAD, [upn(1), "Smith", "Jack", 100, 85, 10, 5, "01/09/2022"]]
    rows.append([upn(2), "Jones", "Amy", 40, 38, 2, 0, joined])
    return write_csv(path, rows)


def test_an_undated_summary_starts_its_period_on_1_september(store, tmp_path):
    result = import_file(store, undated(tmp_path / "u.csv", "05/11/2026"), as_of=date(2026, 11, 27))

    assert Snapshot.get().period_start == date(2026, 9, 1)
    assert result.report.period_start_assumed == "2026-09-01"
    assert result.report.joined_after_period_start == 1
    assert any("01/09/2026" in line and "--from" in line for line in result.report.lines())


def test_an_august_as_of_date_belongs_to_the_school_year_before(store, tmp_path):
    import_file(store, undated(tmp_path / "u.csv"), as_of=date(2027, 8, 20))

    assert Snapshot.get().period_start == date(2026, 9, 1)


def test_from_sets_the_period_start(tmp_path, db_path, capsys):
    path = undated(tmp_path / "u.csv")

    code = main(
        ["import", str(path), "--db", str(db_path), "--as-of", "2026-11-27",
         "--from", "2026-09-03", "--json"]
    )  # fmt: skip

    assert code == 0
    assert json.loads(capsys.readouterr().out)["report"]["period_start_assumed"] is None
    with open_database(db_path):
        assert Snapshot.get().period_start == date(2026, 9, 3)


def test_from_after_the_as_of_date_is_refused(store, tmp_path):
    before = dump(store)

    with pytest.raises(ImportRefused, match="--from"):
        import_file(
            store, undated(tmp_path / "u.csv"), as_of=date(2026, 11, 27),
            period_start=date(2026, 12, 1),
        )  # fmt: skip

    assert dump(store) == before


# -- finding 15: the same file with other options is imported again, replacing the first


def test_the_same_file_with_a_corrected_as_of_date_replaces_its_snapshot(store, tmp_path):
    path = undated(tmp_path / "u.csv")
    first = import_file(store, path, as_of=date(2026, 11, 20))

    again = import_file(store, path, as_of=date(2026, 11, 27))

    assert not again.duplicate and again.snapshot_id == first.snapshot_id
    assert again.report.replaced_earlier_import
    assert [s.as_of for s in Snapshot.select()] == [date(2026, 11, 27)]
    assert PupilFigures.select().count() == 2


def test_the_same_file_with_the_same_options_is_still_a_duplicate(store, tmp_path):
    path = undated(tmp_path / "u.csv")
    import_file(store, path, as_of=date(2026, 11, 20), period_start=date(2026, 9, 3))
    before = dump(store)

    again = import_file(store, path, as_of=date(2026, 11, 20), period_start=date(2026, 9, 3))
    plain = import_file(store, path)

    assert again.duplicate and plain.duplicate
    assert dump(store) == before


def test_the_same_file_with_another_start_or_mapping_is_imported_again(store, tmp_path):
    rows = [["UPN", "Surname", "Forename", "Poss. Sess.", "Present", "Auth", "Unauth"]]
    rows.append([upn(1), "Smith", "Jack", 100, 85, 10, 5])
    path = write_csv(tmp_path / "m.csv", rows)
    import_file(store, path, as_of=date(2026, 11, 20), mapping={"possible": "Poss. Sess."})

    later = import_file(store, path, period_start=date(2026, 9, 7))

    assert not later.duplicate and Snapshot.get().period_start == date(2026, 9, 7)
    first, again = AuditEvent.select().where(AuditEvent.entity == "snapshot")
    assert (first.detail["replaced_earlier_import"], again.detail["replaced_earlier_import"]) == (
        False,
        True,
    )


# -- finding 9: a session now blank in a newer marks grid no longer keeps its old mark

GRID_HEAD = ["UPN", "Name", "07/09/2026 AM", "07/09/2026 PM", "08/09/2026 AM", "08/09/2026 PM"]


def test_a_newer_grid_with_blank_sessions_removes_their_old_marks(store, tmp_path):
    first = [GRID_HEAD, [upn(1), "Smith, Jack", "N", "N", "/", "\\"]]
    first.append([upn(2), "Jones, Amy", "/", "\\", "/", "\\"])
    import_file(store, write_csv(tmp_path / "g1.csv", first))
    second = [[*GRID_HEAD, "09/09/2026 AM"], [upn(1), "Smith, Jack", "", "-", "/", "\\", "/"]]
    second.append([upn(2), "Jones, Amy", "/", "\\", "/", "\\", "/"])

    result = import_file(store, write_csv(tmp_path / "g2.csv", second))

    smith = Pupil.get(Pupil.upn == upn(1))
    kept = Mark.select().where(Mark.pupil == smith)
    assert sorted((m.on.day, m.session, m.code) for m in kept) == [
        (8, "AM", "/"), (8, "PM", "\\"), (9, "AM", "/"),
    ]  # fmt: skip
    assert result.report.cleared_marks == 2
    assert any("2 marks" in line for line in result.report.lines())
    assert Mark.select().count() == 8


def test_an_older_grid_with_blank_sessions_removes_nothing(store, tmp_path):
    newer = [GRID_HEAD, [upn(1), "Smith, Jack", "N", "N", "/", "\\"]]
    import_file(store, write_csv(tmp_path / "g1.csv", newer), as_of=date(2026, 9, 30))
    older = [GRID_HEAD, [upn(1), "Smith, Jack", "", "", "/", "\\"]]

    import_file(store, write_csv(tmp_path / "g0.csv", older), as_of=date(2026, 9, 20))

    assert Mark.select().count() == 4


# -- finding 8: a name matches a stored pupil only when the dates of birth can confirm it

NAME_HEAD = ["Surname", "Forename", "Year", "Possible", "Present", "Auth", "Unauth"]
DOB_HEAD = ["Surname", "Forename", "DOB", "Year", "Possible", "Present", "Auth", "Unauth"]


def test_a_name_without_a_birth_date_is_not_matched_to_another_year(store, tmp_path):
    dated = [DOB_HEAD, ["Smith", "Jack", "01/02/2013", 8, 100, 90, 5, 5]]
    import_file(store, write_csv(tmp_path / "w1.csv", dated), as_of=date(2026, 11, 20))
    before = dump(store)
    other = [NAME_HEAD, ["Smith", "Jack", 10, 100, 60, 10, 30]]

    with pytest.raises(ImportRefused) as refused:
        import_file(store, write_csv(tmp_path / "w2.csv", other), as_of=date(2026, 11, 27))

    (problem,) = refused.value.errors
    assert (problem.sheet, problem.row, problem.column) == ("w2", 2, "A (Surname)")
    assert "date of birth" in problem.message
    assert dump(store) == before


def test_a_name_without_a_birth_date_in_the_same_year_matches_with_a_warning(store, tmp_path):
    import_file(
        store, write_csv(tmp_path / "w1.csv", [NAME_HEAD, ["Smith", "Jack", 8, 100, 90, 5, 5]]),
        as_of=date(2026, 11, 20),
    )  # fmt: skip
    later = [NAME_HEAD, ["Smith", "Jack", 8, 110, 99, 6, 5]]

    result = import_file(store, write_csv(tmp_path / "w2.csv", later), as_of=date(2026, 11, 27))

    assert (result.new_pupils, Pupil.select().count()) == (0, 1)
    (warning,) = [w for w in result.warnings if "name alone" in w.message]
    assert (warning.row, warning.column) == (2, "A (Surname)")


def test_a_stored_pupil_without_a_birth_date_gets_it_from_a_later_file(store, tmp_path):
    undated_rows = [
        NAME_HEAD,
        ["Smith", "Jack", 8, 100, 90, 5, 5],
        ["Jones", "Amy", 8, 100, 95, 5, 0],
    ]
    import_file(store, write_csv(tmp_path / "w1.csv", undated_rows), as_of=date(2026, 11, 20))
    dated = [DOB_HEAD, ["Smith", "Jack", "01/02/2013", 8, 110, 99, 6, 5]]
    dated.append(["Jones", "Amy", "02/03/2013", 8, 110, 105, 5, 0])

    result = import_file(store, write_csv(tmp_path / "w2.csv", dated), as_of=date(2026, 11, 27))

    assert (result.new_pupils, result.left_pupils, Pupil.select().count()) == (0, 0, 2)
    assert Pupil.get(Pupil.legal_surname == "Smith").date_of_birth == date(2013, 2, 1)
    assert len([w for w in result.warnings if "filled in" in w.message]) == 2


def test_an_implausible_change_of_year_is_reported(store, tmp_path):
    dated = [DOB_HEAD, ["Smith", "Jack", "01/02/2013", 8, 100, 90, 5, 5]]
    import_file(store, write_csv(tmp_path / "w1.csv", dated), as_of=date(2026, 11, 20))
    moved = [DOB_HEAD, ["Smith", "Jack", "01/02/2013", 11, 110, 99, 6, 5]]

    result = import_file(store, write_csv(tmp_path / "w2.csv", moved), as_of=date(2026, 11, 27))

    (warning,) = [w for w in result.warnings if "Year 8" in w.message]
    assert (warning.row, warning.column) == (2, "D (Year)")


# -- finding 3: an export that leaves out pupils marks only a few as left without asking

YEAR_HEAD = ["UPN", "Surname", "Forename", "Year", "Possible", "Present", "Auth", "Unauth"]


def school(years: dict[int, int]) -> list[list[object]]:
    rows, serial = [], 0
    for year, count in years.items():
        for _ in range(count):
            serial += 1
            rows.append([upn(serial), f"Surname{serial}", "Pupil", year, 100, 95, 5, 0])
    return rows


def on_roll() -> int:
    return Pupil.select().where(Pupil.on_roll == True).count()  # noqa: E712


def test_a_main_school_export_does_not_mark_the_sixth_form_as_left(store, tmp_path):
    everyone = school({7: 20, 8: 20, 12: 6, 13: 6})
    import_file(
        store, write_csv(tmp_path / "all.csv", [YEAR_HEAD, *everyone]), as_of=date(2026, 11, 20)
    )
    main_school = [row for row in everyone if row[3] < 12]
    del main_school[0]  # one Year 7 pupil has really left

    result = import_file(
        store, write_csv(tmp_path / "main.csv", [YEAR_HEAD, *main_school]),
        as_of=date(2026, 11, 27),
    )  # fmt: skip

    assert result.left_pupils == 1 and on_roll() == 51
    assert (result.report.missing_years, result.report.missing_year_pupils) == ([12, 13], 12)
    assert any("Years 12 and 13" in line for line in result.report.lines())


def test_more_leavers_than_a_few_are_held_until_confirmed(store, tmp_path):
    everyone = school({7: 60, 8: 60})
    import_file(
        store, write_csv(tmp_path / "all.csv", [YEAR_HEAD, *everyone]), as_of=date(2026, 11, 20)
    )
    fewer = write_csv(tmp_path / "fewer.csv", [YEAR_HEAD, *everyone[:50], *everyone[60:]])

    held = import_file(store, fewer, as_of=date(2026, 11, 27))

    assert (held.left_pupils, held.report.leavers_unconfirmed, on_roll()) == (0, 10, 120)
    assert any("confirm" in line for line in held.report.lines())

    confirmed = import_file(store, fewer, as_of=date(2026, 11, 27), confirm_leavers=True)

    assert not confirmed.duplicate and confirmed.snapshot_id == held.snapshot_id
    assert (confirmed.left_pupils, on_roll()) == (10, 110)


def test_the_command_says_how_to_confirm_leavers(tmp_path, db_path, capsys):
    everyone = school({7: 60, 8: 60})
    main(["import", str(write_csv(tmp_path / "all.csv", [YEAR_HEAD, *everyone])),
          "--db", str(db_path), "--as-of", "2026-11-20"])  # fmt: skip
    fewer = str(write_csv(tmp_path / "fewer.csv", [YEAR_HEAD, *everyone[:50], *everyone[60:]]))

    assert main(["import", fewer, "--db", str(db_path), "--as-of", "2026-11-27"]) == 0
    assert "--full" in capsys.readouterr().err
    assert main(["import", fewer, "--db", str(db_path), "--as-of", "2026-11-27", "--full"]) == 0
    assert "10 marked as left" in capsys.readouterr().out


def test_name_only_warnings_are_capped(store, tmp_path, monkeypatch):
    monkeypatch.setattr("woodrush_desktop.importing.writer.WARNINGS_OF_A_KIND", 2)
    rows = [[f"Surname{n}", "Pupil", 8, 100, 90, 5, 5] for n in range(5)]
    import_file(store, write_csv(tmp_path / "w1.csv", [NAME_HEAD, *rows]), as_of=date(2026, 11, 20))

    result = import_file(
        store, write_csv(tmp_path / "w2.csv", [NAME_HEAD, *rows[::-1]]), as_of=date(2026, 11, 27)
    )

    named = [w for w in result.warnings if "name alone" in w.message]
    assert [w.row for w in named] == [2, 3, None] and "3 more rows" in named[-1].message
