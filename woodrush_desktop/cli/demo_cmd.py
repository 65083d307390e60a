"""`woodrush demo OUT.xlsx`: write the synthetic demo school as an MIS-style export."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo",
        parents=[common],
        help="write a synthetic demo register export",
        description="Write a believable but entirely synthetic register export for a demo "
        "school, to import like a real one. No real pupil is in it.",
    )
    parser.add_argument("out", type=Path, metavar="OUT.xlsx", help="the file to write")
    parser.add_argument("--pupils", type=int, default=1200, help="how many pupils (1200)")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the last day of marks (default: the last school day before today)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatability")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import print_json
    from woodrush_desktop.demo import write_demo_export

    summary = write_demo_export(args.out, pupils=args.pupils, as_of=args.as_of, seed=args.seed)
    if args.json:
        print_json(summary)
    else:
        print(
            f"Wrote {args.out}: {summary['pupils']} pupils, {summary['sessions']} sessions "
            f"up to {summary['as_of']}."
        )
    return 0
