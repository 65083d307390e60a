"""`woodrush pupils`: every pupil on roll with their figures, as text, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import sys

from woodrush_desktop.domain.attendance import percentage_text
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.services.exports import neutralise
from woodrush_desktop.services.pupils import list_pupils
from woodrush_desktop.services.settings import policy_in
from woodrush_desktop.store.database import open_existing_database

CSV_FIELDS = [
    "upn",
    "admission_number",
    "surname",
    "forename",
    "year",
    "reg_group",
    "possible",
    "attended",
    "authorised",
    "unauthorised",
    "attendance",
    "band",
    "dfe_persistent",
    "dfe_severe",
    "groups",
]


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "pupils",
        parents=[common],
        help="list pupils on roll with their attendance",
        description="Every pupil on roll with the figures of their latest import.",
    )
    parser.add_argument("--band", metavar="KEY", help="only pupils in this band (a policy key)")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_USAGE, print_json

    if args.json and args.csv:
        print("woodrush pupils: choose one of --json and --csv", file=sys.stderr)
        return EXIT_USAGE
    with open_existing_database(default_db_path(args.db)) as store:
        policy = policy_in(store)
        if args.band and args.band not in {band.key for band in policy.bands}:
            keys = ", ".join(band.key for band in policy.bands)
            print(f"woodrush pupils: no band {args.band!r}; the bands are {keys}", file=sys.stderr)
            return EXIT_USAGE
        pupils = list_pupils(store, policy, band=args.band)
    rows = [pupil.to_json() for pupil in pupils]
    if args.json:
        print_json(rows)
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: neutralise(value) if isinstance(value, str) else value
                    for key, value in {**row, "groups": ";".join(row["groups"])}.items()
                }
            )
    else:
        for pupil in pupils:
            print(
                f"{pupil.surname}, {pupil.forename}\tY{pupil.year}\t{pupil.reg_group}\t"
                f"{percentage_text(pupil.percentage)}\t{pupil.band or 'no band'}"
            )
        print(f"{len(rows)} pupils", file=sys.stderr)
    return 0
