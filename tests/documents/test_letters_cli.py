"""`woodrush letters`: the batch from the command line, its JSON and its refusals."""

from __future__ import annotations

import io
import json
from datetime import date

from pypdf import PdfReader

from woodrush_desktop.cli import main
from woodrush_desktop.store.models import Letter


def test_list_kinds(capsys) -> None:
    assert main(["letters", "--list-kinds", "--json"]) == 0

    kinds = [entry["kind"] for entry in json.loads(capsys.readouterr().out)]
    assert kinds == [
        "concern",
        "meeting_invitation",
        "senior_meeting_invitation",
        "early_help_plan",
        "meeting_record",
        "social_worker_notice",
    ]


def test_a_band_batch_is_written_and_logged(store, roll, db_path, tmp_path, capsys) -> None:
    roll.pupil("Zoë", "Łukasiewicz-O'Brien", attended=91, upn="A123456789012")
    out = tmp_path / "letters" / "concern.pdf"

    code = main(
        [
            "letters",
            "--db",
            str(db_path),
            "--kind",
            "concern",
            "--band",
            "at_risk",
            "--out",
            str(out),
            "--date",
            "03/12/2026",
            "--json",
        ]
    )

    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert [entry["recipient"] for entry in report["letters"]] == ["Parent One"]
    assert report["letters"][0]["letter_id"] is not None
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Zoë Łukasiewicz-O'Brien" in text
    assert Letter.get().issued_on == date(2026, 12, 3)


def test_pupils_by_upn_and_a_meeting(store, roll, db_path, tmp_path, capsys) -> None:
    roll.pupil("Mia", "Meet", attended=85, upn="B123456789012")
    out = tmp_path / "meeting.pdf"

    code = main(
        [
            "letters",
            "--db",
            str(db_path),
            "--kind",
            "meeting_invitation",
            "--upn",
            "B123456789012",
            "--out",
            str(out),
            "--meeting-date",
            "10/12/2026",
            "--meeting-time",
            "15:30",
            "--meeting-place",
            "Room B12",
        ]
    )

    assert code == 0
    assert "Thursday 10/12/2026" in PdfReader(str(out)).pages[0].extract_text()
    assert "recorded in the letter log" in capsys.readouterr().out


def test_refusals_write_nothing(store, roll, db_path, tmp_path, capsys) -> None:
    roll.pupil("Mia", "Meet", attended=85, upn="B123456789012")
    out = tmp_path / "x.pdf"

    assert (
        main(
            [
                "letters",
                "--db",
                str(db_path),
                "--kind",
                "concern",
                "--upn",
                "Z999",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert (
        main(
            [
                "letters",
                "--db",
                str(db_path),
                "--kind",
                "meeting_invitation",
                "--band",
                "persistent",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "no pupil has the UPN Z999" in capsys.readouterr().err
    assert not out.exists()
    assert Letter.select().count() == 0


def test_letters_warn_while_the_school_has_not_entered_its_details(tmp_path, capsys):
    from woodrush_desktop.cli import main
    from woodrush_desktop.services.settings import SchoolDetails, save_school_details
    from woodrush_desktop.store.database import open_database

    db = tmp_path / "school.db"
    open_database(db).close()
    command = [
        "letters",
        "--kind",
        "concern",
        "--band",
        "at_risk",
        "--out",
        str(tmp_path / "out.pdf"),
        "--db",
        str(db),
    ]

    main(command)
    assert "have not been entered in Settings" in capsys.readouterr().err

    with open_database(db) as store:
        save_school_details(store, SchoolDetails(name="Woodrush High School"))
    main(command)
    assert "have not been entered in Settings" not in capsys.readouterr().err
