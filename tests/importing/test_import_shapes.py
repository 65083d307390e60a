"""The three shapes of export, with the details and figures each must yield."""

from __future__ import annotations

from datetime import date

from importing_builders import demo_rows, school_days, upn, write_csv, write_xlsx

from woodrush_desktop.importing import import_file
from woodrush_desktop.store.models import Contact, Mark, Pupil, PupilFigures, Snapshot


def present_week(count: int = 10) -> list[str]:
    return ["/", "\\"] * (count // 2)


def test_demo_shaped_grid(store, tmp_path):
    days = school_days(date(2026, 9, 7), 10)  # two weeks, twenty sessions
    marks = {
        1: present_week(20),
        2: ["/", "\\"] * 8 + ["I", "I", "M", "\\"],
        3: ["N"] * 10 + present_week(10),
    }
    path = write_xlsx(tmp_path / "demo.xlsx", demo_rows(marks, days, social={3}), "Attendance")

    result = import_file(store, path)

    assert (result.shape, result.pupils, result.marks) == ("marks_grid", 3, 60)
    assert result.as_of == days[-1]
    assert result.warnings == []
    one = Pupil.get(Pupil.upn == upn(1))
    assert (one.legal_surname, one.legal_forename, one.preferred_forename) == (
        "Testpupil1",
        "Alex1",
        "Al1",
    )
    assert one.date_of_birth == date(2013, 2, 2)
    assert (one.year, one.reg_group, one.gender, one.sen_status) == (8, "8W", "F", "K")
    assert one.entry_date == date(2024, 9, 4)
    assert Pupil.get(Pupil.upn == upn(2)).medical is True  # "Asthma" names a condition
    three = Pupil.get(Pupil.upn == upn(3))
    assert three.social_worker is True and three.looked_after is True
    contacts = list(Contact.select().where(Contact.pupil == one))
    assert len(contacts) == 1  # the empty second contact is not a contact
    assert contacts[0].address == "1 Example Road\nTestville\nB47 5JW"
    assert contacts[0].parental_responsibility is True
    figures = PupilFigures.get(PupilFigures.pupil == three)
    assert (figures.possible, figures.present, figures.unauthorised) == (20, 10, 10)
    assert figures.reasons == {"N": 10, "/": 5, "\\": 5}
    assert figures.penalty_met_on == days[4]  # the tenth N, on the Friday
    assert figures.penalty_current == 10
    two = PupilFigures.get(PupilFigures.pupil == Pupil.get(Pupil.upn == upn(2)))
    assert (two.possible, two.present, two.authorised, two.band) == (20, 17, 3, "persistent")
    assert [entry["upn"] for entry in result.report.social_worker_unexplained] == [upn(3)]
    mark = Mark.get((Mark.pupil == three) & (Mark.on == days[0]) & (Mark.session == "AM"))
    assert mark.code == "N"


def test_two_row_header_with_merged_dates(store, tmp_path):
    days = [date(2026, 9, 7), date(2026, 9, 8)]
    rows = [
        ["Register by session"],
        ["", "", days[0], "", days[1], ""],
        ["UPN", "Name", "AM", "PM", "AM", "PM"],
        [upn(1), "Pupil, One", "/", "\\", "L", "U"],
        [upn(2), "Pupil, Two", "/", "C", "-", "\\"],
    ]
    path = write_xlsx(tmp_path / "two-row.xlsx", rows, merged=["C2:D2", "E2:F2"])

    result = import_file(store, path)

    assert result.shape == "marks_grid"
    assert result.marks == 7  # the gap is reported, not stored
    assert [w.column for w in result.warnings] == ["E (AM)"]
    assert result.warnings[0].row == 5
    one = PupilFigures.get(PupilFigures.pupil == Pupil.get(Pupil.upn == upn(1)))
    assert (one.possible, one.present, one.unauthorised, one.late) == (4, 3, 1, 1)
    assert Pupil.get(Pupil.upn == upn(2)).legal_forename == "Two"
    assert result.report.gaps == 1


def test_long_list_with_sub_codes(store, tmp_path):
    rows = [["UPN", "Date", "Session", "Mark", "Sub Code"]]
    for day, session, code, sub in [
        ("07/09/2026", "AM", "/", ""),
        ("07/09/2026", "PM", "C", "1"),
        ("08/09/2026", "AM", "X01", ""),
        ("08/09/2026", "PM", "J", "1"),
        ("09/09/2026", "Morning", "Y", "3"),
    ]:
        rows.append([upn(1), day, session, code, sub])
    path = write_csv(tmp_path / "long.csv", rows)

    result = import_file(store, path)

    assert (result.shape, result.marks) == ("marks_long", 5)
    codes = {(m.on.isoformat(), m.session): m.code for m in Mark.select()}
    assert codes == {
        ("2026-09-07", "AM"): "/",
        ("2026-09-07", "PM"): "C1",
        ("2026-09-08", "AM"): "X",
        ("2026-09-08", "PM"): "J1",
        ("2026-09-09", "AM"): "Y3",
    }
    figures = PupilFigures.get()
    assert (figures.possible, figures.present, figures.authorised) == (3, 1, 2)


def test_summary_attended_without_aea_includes_it(store, tmp_path):
    rows = [
        ["Adno", "Surname", "Forename", "Possible", "Attended", "Authorised", "Unauthorised"],
        ["101", "One", "Pupil", 100, 95, 3, 2],
    ]
    import_file(store, write_xlsx(tmp_path / "s.xlsx", rows), as_of=date(2026, 11, 20))

    figures = PupilFigures.get()
    assert (figures.present + figures.approved, figures.possible) == (95, 100)


def test_summary_present_without_aea_reads_the_rest_as_approved(store, tmp_path):
    rows = [
        ["UPN", "Name", "Possible", "Present", "Auth", "Unauth", "% Attendance"],
        [upn(1), "One, Pupil", 100, 90, 3, 2, "95.0%"],
        [upn(2), "Two, Pupil", 100, 88, 10, 2, "88/100"],
        [upn(3), "Three, Pupil", 50, 46, 2, 2, "92%"],
    ]
    result = import_file(store, write_csv(tmp_path / "s.csv", rows), as_of=date(2026, 11, 20))

    by_upn = {f.pupil.upn: f for f in PupilFigures.select()}
    assert (by_upn[upn(1)].present, by_upn[upn(1)].approved) == (90, 5)
    assert (by_upn[upn(2)].present, by_upn[upn(2)].approved) == (88, 0)
    assert by_upn[upn(3)].mis_percentage == "92"
    assert result.warnings == []
    assert Pupil.get(Pupil.upn == upn(1)).legal_surname == "One"


def test_percentages_as_numbers_on_either_scale(store, tmp_path):
    rows = [
        ["UPN", "Surname", "Forename", "Possible", "Present", "AEA", "Auth", "Unauth", "Att %"],
        [upn(1), "A", "B", 120, 100, 0, 20, 0, 83.3],
        [upn(2), "C", "D", 120, 110, 0, 10, 0, 91.7],
    ]
    result = import_file(store, write_xlsx(tmp_path / "s.xlsx", rows), as_of=date(2026, 11, 20))

    assert result.warnings == []
    assert result.report.mis_disagreements == []


def test_as_of_from_the_last_mark_or_the_option(store, tmp_path):
    rows = [["UPN", "Name", "07/09/2026 AM", "07/09/2026 PM"], [upn(1), "A, B", "/", "\\"]]
    path = write_xlsx(tmp_path / "g.xlsx", rows)

    result = import_file(store, path)

    assert result.as_of == date(2026, 9, 7)
    assert Snapshot.get().period_start == date(2026, 9, 7)


def test_two_row_header_with_dates_as_text(store, tmp_path):
    rows = [
        ["", "", "Mon 07/09/2026", "", "Tue 08/09/2026", ""],
        ["UPN", "Name", "AM", "PM", "AM", "PM"],
        [upn(1), "Pupil, One", "/", "\\", "/", "N"],
    ]
    result = import_file(store, write_csv(tmp_path / "two-row.csv", rows))

    assert (result.shape, result.marks, result.as_of) == ("marks_grid", 4, date(2026, 9, 8))


def test_a_title_with_only_the_start_date_takes_the_last_mark(store, tmp_path):
    rows = [
        ["Marks from 07/09/2026"],
        ["UPN", "Name", "07/09/2026 AM", "08/09/2026 AM"],
        [upn(1), "A, B", "/", "/"],
    ]
    result = import_file(store, write_xlsx(tmp_path / "g.xlsx", rows))

    assert result.as_of == date(2026, 9, 8)
    assert Snapshot.get().period_start == date(2026, 9, 7)
