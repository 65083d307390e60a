"""`python -m woodrush_desktop` and `woodrush-desktop`: the attendance officer's window."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from woodrush_desktop import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="woodrush-desktop",
        description=f"{APP_NAME}: every pupil by band, their checklist, letters.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file (default: $WOODRUSH_DB, then the per-user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo school (synthetic pupils, a database of its own)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--quit-after",
        type=int,
        metavar="MS",
        help="close the window MS milliseconds after it opens (to check an installed copy)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from woodrush_desktop.logs import setup_logging

    log_file = setup_logging(console=False)
    from woodrush_desktop.gui.app import run_app

    if args.quit_after is not None:
        _quit_after(args.quit_after)
    return run_app(args.db, demo=args.demo, log_file=log_file)


def _quit_after(milliseconds: int) -> None:
    """Close every window once the event loop has run that long; the bundle test uses it."""
    from PySide6.QtCore import QTimer

    from woodrush_desktop.gui.app import application

    app = application()
    QTimer.singleShot(milliseconds, lambda: (app.closeAllWindows(), app.quit()))


if __name__ == "__main__":
    raise SystemExit(main())
