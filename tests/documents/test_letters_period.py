"""The dates a letter's figures cover, when the snapshot does not say where they start (a
database from before the importer assumed the start of the school year), and the command line
saying why nothing printed."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from woodrush_desktop.cli import main
from woodrush_desktop.services.letters import issue_letters, letters_for_pupil
from woodrush_desktop.store.models import Pupil

AS_OF = date(2026, 11, 27)


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_without_a_period_start_the_figures_cover_the_school_year(store, policy, roll) -> None:
    roll.snapshot(AS_OF, period_start=None)
    pupil = roll.pupil("Jack", "Smith", attended=91, as_of=AS_OF)

    batch = issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    assert batch.skipped == []
    assert "Between 01/09/2026 and 27/11/2026" in _text(batch.pdf)
    [record] = letters_for_pupil(store, pupil)
    assert record.figures["period_start"] == "2026-09-01"
    assert record.figures["period_start_assumed"] is True


def test_a_pupil_who_joined_later_is_covered_from_their_entry_date(store, policy, roll) -> None:
    roll.snapshot(AS_OF, period_start=None)
    pupil = roll.pupil("Amy", "Late", attended=91, as_of=AS_OF)
    Pupil.update(entry_date=date(2026, 10, 5)).where(Pupil.id == pupil).execute()

    batch = issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    assert "Between 05/10/2026 and 27/11/2026" in _text(batch.pdf)


def test_a_recorded_period_start_is_kept(store, policy, roll) -> None:
    pupil = roll.pupil("Sam", "Known", attended=91, as_of=AS_OF)

    batch = issue_letters(store, policy, "concern", pupil_ids=[pupil], issued_on=date(2026, 12, 3))

    assert "Between 03/09/2026 and 27/11/2026" in _text(batch.pdf)
    assert letters_for_pupil(store, pupil)[0].figures["period_start_assumed"] is False


def test_the_command_line_says_why_nothing_printed(store, roll, db_path, tmp_path, capsys) -> None:
    roll.pupil("Sen", "Held", attended=91, sen_status="E", upn="A123456789012")
    roll.pupil("Fine", "Present", attended=99, upn="B123456789012")
    out = tmp_path / "none.pdf"

    code = main(
        [
            "letters",
            "--db",
            str(db_path),
            "--kind",
            "concern",
            "--upn",
            "A123456789012",
            "B123456789012",
            "--out",
            str(out),
        ]
    )

    assert code == 1
    error = capsys.readouterr().err
    assert "held for review: Sen Held: SEND or a medical condition" in error
    assert "Fine Present: in the band" in error
    assert "no letters to print" in error
    assert not out.exists()


def test_the_json_says_why_nothing_printed(store, roll, db_path, tmp_path, capsys) -> None:
    import json

    pupil = roll.pupil("Sen", "Held", attended=91, sen_status="E", upn="A123456789012")
    arguments = ["letters", "--db", str(db_path), "--kind", "concern", "--upn", "A123456789012"]

    code = main([*arguments, "--out", str(tmp_path / "none.pdf"), "--json"])

    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["letters"] == []
    assert report["held"] == [{"pupil_id": pupil, "reason": "SEND or a medical condition"}]
