"""The `woodrush` command line: a stable contract that scripts and our own checks rely on.

Each subcommand lives in its own module with a `register(subparsers, common)` function; every
subcommand takes `--db` and `--json`. Exit codes: 0 done, 1 refused (bad input, with the
problems on stderr or in the JSON), 2 wrong usage, 3 the database could not be used.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from woodrush_desktop import __version__
from woodrush_desktop.cli import demo_cmd, policy_cmd, pupils_cmd
from woodrush_desktop.store.database import DatabaseError

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3

COMMAND_MODULES = [policy_cmd, demo_cmd, pupils_cmd]


def _optional_modules() -> list[Any]:
    """Subcommands whose modules arrive with their features (import, letters, reports)."""
    import importlib

    found = []
    for name in ("import_cmd", "letters_cmd", "reports_cmd"):
        try:
            found.append(importlib.import_module(f"woodrush_desktop.cli.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"woodrush_desktop.cli.{name}":
                raise
    return found


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        help="the database file (default: $WOODRUSH_DB, then the per-user data folder)",
    )
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser = argparse.ArgumentParser(
        prog="woodrush",
        description="Woodrush Attendance from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in [*COMMAND_MODULES, *_optional_modules()]:
        module.register(subparsers, common)
    return parser


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    from woodrush_desktop.logs import setup_logging

    setup_logging(console=False)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or EXIT_OK)
    except DatabaseError as error:
        if getattr(args, "json", False):
            print_json(
                {
                    "errors": [{"sheet": None, "row": None, "column": None, "message": str(error)}],
                    "warnings": [],
                }
            )
        print(f"woodrush: {error}", file=sys.stderr)
        logging.getLogger(__name__).warning("database error: %s", type(error).__name__)
        return EXIT_DATABASE
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("woodrush: interrupted; nothing was changed.", file=sys.stderr)
        return 130
