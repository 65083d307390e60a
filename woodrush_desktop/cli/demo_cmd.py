"""`woodrush demo OUT.xlsx`: write the synthetic demo school as an MIS-style export."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from woodrush_desktop.demo.roll import MAX_PUPILS, MIN_PUPILS
from woodrush_desktop.demo.term import EARLIER_EXPORT, LATER_EXPORT


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="write a synthetic demo register export",
        description="Write a believable but entirely synthetic register export for a demo "
        "school, to import like a real one. No real pupil is in it.",
    )
    parser.add_argument(
        "out",
        type=Path,
        metavar="OUT.xlsx",
        help="the file to write (with --weekly: the folder to write both exports into)",
    )
    parser.add_argument("--pupils", type=_pupil_count, default=1200, help="how many pupils (1200)")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the last day of marks (default: the last school day before today)",
    )
    parser.add_argument(
        "--weekly",
        action="store_true",
        help=f"write the two weekly exports the demo imports, up to "
        f"{EARLIER_EXPORT:%d/%m/%Y} and {LATER_EXPORT:%d/%m/%Y}",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatability")
    parser.set_defaults(handler=run)


def _pupil_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not MIN_PUPILS <= count <= MAX_PUPILS:
        raise argparse.ArgumentTypeError(
            f"the demo school has between {MIN_PUPILS} and {MAX_PUPILS:,} pupils"
        )
    return count


def run(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json
    from woodrush_desktop.demo import write_demo_export, write_demo_exports

    try:
        if args.weekly:
            paths = write_demo_exports(args.out, seed=args.seed, pupils=args.pupils)
            result: dict[str, Any] = {"files": [str(path) for path in paths]}
        else:
            result = write_demo_export(
                args.out, pupils=args.pupils, as_of=args.as_of, seed=args.seed
            )
    except (ValueError, OSError) as error:
        message = _describe(error, args.out)
        if args.json:
            print_json(
                {
                    "errors": [{"sheet": None, "row": None, "column": None, "message": message}],
                    "warnings": [],
                }
            )
        print(f"woodrush: {message}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print_json(result)
    elif args.weekly:
        print("Wrote " + " and ".join(result["files"]) + ".")
    else:
        print(
            f"Wrote {args.out}: {result['pupils']} pupils, {result['sessions']} sessions "
            f"up to {date.fromisoformat(result['as_of']):%d/%m/%Y}."
        )
    return 0


def _describe(error: Exception, out: Path) -> str:
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"cannot write {out}: {reason}"
    return str(error)
