"""Starting the window: a second instance is refused, bugs reach one exception hook."""

import logging
import subprocess
import sys
import textwrap

import pytest

from woodrush_desktop import __main__ as entry
from woodrush_desktop.gui import app as gui_app
from woodrush_desktop.gui.errors import install_excepthook


@pytest.fixture
def startup_errors(monkeypatch):
    shown = []
    monkeypatch.setattr(gui_app, "show_startup_error", shown.append)
    return shown


def test_a_second_instance_on_the_same_database_is_refused(db_path, startup_errors, qapp):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from woodrush_desktop.store.database import open_database
                store = open_database({str(db_path)!r}, exclusive=True)
                print("ready", flush=True)
                sys.stdin.readline()
                store.close()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"

        code = entry.main(["--db", str(db_path)])
    finally:
        holder.communicate("done\n", timeout=30)

    assert code == gui_app.EXIT_DATABASE
    (message,) = startup_errors
    assert "already open in another Woodrush Attendance window" in message


def test_the_same_process_cannot_open_the_database_twice(store, db_path, startup_errors, qapp):
    from woodrush_desktop.store.database import open_database

    with open_database(db_path, exclusive=True):
        code = gui_app.run_app(db_path)

    assert code == gui_app.EXIT_DATABASE
    assert startup_errors


def test_a_bug_is_logged_with_its_traceback_and_reported_as_a_bug(monkeypatch, caplog, tmp_path):
    reports = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(
        tmp_path / "woodrush.log", lambda summary, details: reports.append((summary, details))
    )

    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        with caplog.at_level(logging.CRITICAL):
            sys.excepthook(*sys.exc_info())

    ((summary, details),) = reports
    assert "bug" in summary and "not in anything you did" in summary
    assert str(tmp_path / "woodrush.log") in summary
    assert "ZeroDivisionError" in details
    assert caplog.records[-1].exc_info is not None


def test_the_command_line_offers_db_and_demo():
    parser = entry.build_parser()

    args = parser.parse_args(["--db", "x.db", "--demo"])

    assert (args.db, args.demo) == ("x.db", True)
