"""Snapshots across weeks: the same file twice, pupils who leave, flags set by hand, matching."""

from __future__ import annotations

from datetime import date

from importing_builders import demo_rows, dump, school_days, upn, write_csv, write_xlsx

from woodrush_desktop.importing import import_file
from woodrush_desktop.store.models import Contact, Mark, Pupil, PupilFigures, Snapshot

HEAD = ["UPN", "Adno", "Surname", "Forename", "DOB", "Possible", "Present", "Auth", "Unauth"]


def summary(path, rows, title="Date range: 01/09/2026 to 20/11/2026"):
    return write_csv(path, [[title], HEAD, *rows])


def pupil_row(serial, possible=50, present=48, **changes):
    row = {
        "upn": upn(serial),
        "adno": f"{100 + serial}",
        "surname": f"Surname{serial}",
        "forename": f"Forename{serial}",
        "dob": f"0{1 + serial % 9}/03/2014",
    }
    row.update(changes)
    return [*row.values(), possible, present, possible - present, 0]


def test_the_same_file_twice_is_not_counted_twice(store, tmp_path):
    path = summary(tmp_path / "week.csv", [pupil_row(1), pupil_row(2)])
    first = import_file(store, path)
    before = dump(store)

    again = import_file(store, path)

    assert again.duplicate and again.snapshot_id == first.snapshot_id
    assert (again.pupils, again.as_of) == (2, first.as_of)
    assert dump(store) == before


def test_a_later_full_export_without_a_pupil_marks_them_as_left(store, tmp_path):
    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1), pupil_row(2)]))
    later = summary(
        tmp_path / "w2.csv", [pupil_row(1, 60, 58)], title="Date range: 01/09/2026 to 27/11/2026"
    )

    result = import_file(store, later)

    assert (result.left_pupils, result.new_pupils) == (1, 0)
    gone = Pupil.get(Pupil.upn == upn(2))
    assert (gone.on_roll, gone.left_on) == (False, date(2026, 11, 27))
    assert Pupil.select().count() == 2  # never deleted
    assert PupilFigures.select().where(PupilFigures.pupil == gone).count() == 1
    assert result.report.left_pupils == 1


def test_a_pupil_who_returns_is_back_on_roll(store, tmp_path):
    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1), pupil_row(2)]))
    import_file(store, summary(tmp_path / "w2.csv", [pupil_row(1)], "to 27/11/2026"))

    import_file(store, summary(tmp_path / "w3.csv", [pupil_row(1), pupil_row(2)], "to 04/12/2026"))

    back = Pupil.get(Pupil.upn == upn(2))
    assert (back.on_roll, back.left_on) == (True, None)


def test_a_partial_export_marks_nobody_as_left(store, tmp_path):
    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1), pupil_row(2)]))

    result = import_file(
        store, summary(tmp_path / "y7.csv", [pupil_row(1)], "to 27/11/2026"), full_export=False
    )

    assert result.left_pupils == 0
    assert Pupil.get(Pupil.upn == upn(2)).on_roll


def test_an_older_export_changes_no_details_and_marks_nobody_as_left(store, tmp_path):
    import_file(store, summary(tmp_path / "new.csv", [pupil_row(1), pupil_row(2)], "to 27/11/2026"))

    older = summary(tmp_path / "old.csv", [pupil_row(1, surname="Oldname")], "to 20/11/2026")
    result = import_file(store, older)

    assert result.report.older_than_latest and result.left_pupils == 0
    assert Pupil.get(Pupil.upn == upn(1)).legal_surname == "Surname1"
    assert Pupil.get(Pupil.upn == upn(2)).on_roll


def test_pupils_are_matched_by_admission_number_then_name_and_birth_date(store, tmp_path):
    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1, upn=""), pupil_row(2, upn="")]))
    rows = [
        pupil_row(1, adno="", surname="Surname1"),  # UPN arrives; matched by name and DOB
        pupil_row(2, upn=""),  # matched by admission number
    ]
    rows[0][0] = upn(1)

    result = import_file(store, summary(tmp_path / "w2.csv", rows, "to 27/11/2026"))

    assert (result.new_pupils, Pupil.select().count()) == (0, 2)
    assert Pupil.get(Pupil.admission_number == "101").upn == upn(1)


def test_the_same_name_with_another_birth_date_is_another_pupil(store, tmp_path):
    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1, upn="", adno="")]))

    other = pupil_row(1, upn="", adno="", dob="09/09/2013")
    result = import_file(store, summary(tmp_path / "w2.csv", [other], "to 27/11/2026"))

    assert result.new_pupils == 1


def flagged_rows(social_worker: str) -> list[list[object]]:
    return [
        ["UPN", "Surname", "Forename", "Possible", "Present", "Auth", "Unauth", "Social Worker"],
        [upn(1), "A", "B", 20, 18, 2, 0, social_worker],
    ]


def test_a_flag_set_by_hand_is_not_overwritten(store, tmp_path):
    import_file(store, write_csv(tmp_path / "w1.csv", flagged_rows("N")), as_of=date(2026, 9, 30))
    pupil = Pupil.get()
    pupil.social_worker = True
    pupil.manual_flags = ["social_worker"]
    pupil.save()

    import_file(store, write_csv(tmp_path / "w2.csv", flagged_rows("")), as_of=date(2026, 10, 7))

    assert Pupil.get().social_worker is True


def test_a_sheet_without_a_flag_column_leaves_the_flag_alone(store, tmp_path):
    import_file(store, write_csv(tmp_path / "w1.csv", flagged_rows("Y")), as_of=date(2026, 9, 30))
    rows = [row[:-1] for row in flagged_rows("")]

    import_file(store, write_csv(tmp_path / "w2.csv", rows), as_of=date(2026, 10, 7))

    assert Pupil.get().social_worker is True


def test_a_sheet_with_the_flag_column_updates_it(store, tmp_path):
    import_file(store, write_csv(tmp_path / "w1.csv", flagged_rows("Y")), as_of=date(2026, 9, 30))

    import_file(store, write_csv(tmp_path / "w2.csv", flagged_rows("N")), as_of=date(2026, 10, 7))

    assert Pupil.get().social_worker is False


def test_contacts_are_replaced_and_kept_when_the_sheet_has_none(store, tmp_path):
    days = school_days(date(2026, 9, 7), 2)
    rows = demo_rows({1: ["/", "\\", "/", "\\"]}, days)
    import_file(store, write_xlsx(tmp_path / "w1.xlsx", rows))
    first = Contact.get()
    rows[4][16 + 6] = "Second Carer"  # contact 2 appears
    rows[4][18] = "2 New Street\nTestville"  # contact 1 moved house
    later = school_days(date(2026, 9, 14), 2)
    rows[1] = [f"Marks from {later[0]:%d/%m/%Y} to {later[-1]:%d/%m/%Y}"]
    rows[3] = rows[3][:28] + [f"{day:%d/%m/%Y} {half}" for day in later for half in ("AM", "PM")]

    import_file(store, write_xlsx(tmp_path / "w2.xlsx", rows))

    contacts = {c.name: c for c in Contact.select()}
    assert set(contacts) == {"Carer1 Testpupil1", "Second Carer"}
    assert contacts["Carer1 Testpupil1"].id == first.id  # the same person keeps their record
    assert contacts["Carer1 Testpupil1"].address == "2 New Street\nTestville"
    assert contacts["Second Carer"].priority == 2
    assert Mark.select().count() == 8  # two weeks of marks, none replaced
    assert Snapshot.select().count() == 2


def test_a_later_grid_replaces_the_marks_of_the_same_sessions(store, tmp_path):
    headings = ["07/09/2026 AM", "07/09/2026 PM"]
    import_file(store, write_xlsx(tmp_path / "a.xlsx", [["UPN", *headings], [upn(1), "N", "N"]]))

    corrected = [["UPN", *headings, "08/09/2026 AM"], [upn(1), "I", "N", "/"]]
    import_file(store, write_xlsx(tmp_path / "b.xlsx", corrected))

    assert {(m.on.day, m.session): m.code for m in Mark.select()} == {
        (7, "AM"): "I",
        (7, "PM"): "N",
        (8, "AM"): "/",
    }


def test_an_export_of_the_last_week_alone_gives_year_to_date_figures(store, tmp_path):
    first = ["07/09/2026 AM", "07/09/2026 PM"]
    import_file(store, write_xlsx(tmp_path / "a.xlsx", [["UPN", *first], [upn(1), "N", "/"]]))

    week = ["14/09/2026 AM", "14/09/2026 PM"]
    result = import_file(
        store, write_xlsx(tmp_path / "b.xlsx", [["UPN", *week], [upn(1), "I", "/"]])
    )

    latest = PupilFigures.get(PupilFigures.snapshot == result.snapshot_id)
    assert (latest.possible, latest.present, latest.authorised, latest.unauthorised) == (4, 2, 1, 1)
    assert latest.reasons == {"/": 2, "I": 1, "N": 1}
    assert result.report.earlier_marks == 2


def test_an_unreadable_detail_keeps_what_the_record_had(store, tmp_path):
    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1)]))

    result = import_file(
        store, summary(tmp_path / "w2.csv", [pupil_row(1, dob="someday")], "to 27/11/2026")
    )

    assert [(w.row, w.column) for w in result.warnings] == [(3, "E (DOB)")]
    assert Pupil.get().date_of_birth == date(2014, 3, 2)


def test_cancelling_while_writing_changes_nothing(store, tmp_path):
    import pytest

    from woodrush_desktop.progress import CancelledError

    import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1)]))
    before = dump(store)
    rows = [pupil_row(serial) for serial in range(2, 300)]
    seen = []

    def progress(done, total, text):
        seen.append(text)

    with pytest.raises(CancelledError):
        import_file(
            store,
            summary(tmp_path / "w2.csv", rows, "to 27/11/2026"),
            progress=progress,
            cancelled=lambda: "Writing pupils" in seen,
        )

    assert dump(store) == before
    assert seen[0] == "Reading the file"


def test_a_database_locked_by_another_program_is_a_clear_error(store, tmp_path, db_path):
    import sqlite3

    import pytest

    from woodrush_desktop.store.database import DatabaseError

    store.db.execute_sql("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseError, match="nothing was changed"):
            import_file(store, summary(tmp_path / "w1.csv", [pupil_row(1)]))
    finally:
        other.rollback()
        other.close()
    assert Snapshot.select().count() == 0


def test_a_file_of_a_few_pupils_does_not_mark_the_rest_as_left(store, tmp_path):
    everyone = [pupil_row(serial) for serial in range(1, 61)]
    import_file(store, summary(tmp_path / "all.csv", everyone))

    result = import_file(store, summary(tmp_path / "few.csv", everyone[:5], "to 27/11/2026"))

    assert (result.left_pupils, result.report.looks_partial) == (0, 55)
    assert Pupil.select().where(Pupil.on_roll == True).count() == 60  # noqa: E712
    assert any("some pupils only" in line for line in result.report.lines())
