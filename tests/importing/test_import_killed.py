"""An import killed outright (kill -9) in the middle of writing leaves the database as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date

from importing_builders import dump, school_days, summary_rows, upn, write_csv, write_xlsx

from woodrush_desktop.importing import import_file
from woodrush_desktop.store.database import open_database

CHILD = textwrap.dedent(
    """
    import sys, time
    from woodrush_desktop.importing import import_file
    from woodrush_desktop.store.database import open_database

    def progress(done, total, text):
        if text == "Writing marks" and done >= 200:
            print("writing", done, total, flush=True)
            time.sleep(120)  # killed here, halfway through the marks

    with open_database(sys.argv[2]) as store:
        import_file(store, sys.argv[1], progress=progress)
    print("finished", flush=True)
    """
)


def large_grid(tmp_path, pupils: int = 600) -> object:
    days = school_days(date(2026, 9, 3), 190)
    headings = [f"{day:%d/%m/%Y} {half}" for day in days for half in ("AM", "PM")]
    codes = ["/", "\\", "/", "\\", "L", "\\", "/", "I", "/", "N"]
    rows = [["Marks from 03/09/2026"], ["UPN", "Name", *headings]]
    for serial in range(pupils):
        marks = [codes[(serial + position) % len(codes)] for position in range(len(headings))]
        rows.append([upn(serial), f"Pupil{serial}, Test", *marks])
    return write_csv(tmp_path / "year.csv", rows)


def test_killed_mid_import_leaves_the_database_unchanged(tmp_path, db_path):
    with open_database(db_path) as store:
        import_file(store, write_xlsx(tmp_path / "first.xlsx", summary_rows()))
        before = dump(store)
    path = large_grid(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("writing"), child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    with open_database(db_path) as store:
        assert store.db.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
        assert dump(store) == before
        result = import_file(store, path)  # not mistaken for a file already imported
        assert (result.duplicate, result.pupils, result.marks) == (False, 600, 600 * 380)
