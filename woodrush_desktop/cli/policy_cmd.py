"""`woodrush policy`: the bands, their bounds and every responsibility item."""

from __future__ import annotations

import argparse
from pathlib import Path

from woodrush_desktop.domain.policy import COLUMN_KEYS, COLUMN_LABELS, PolicyError, load_policy
from woodrush_desktop.services.settings import active_policy


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "policy",
        parents=[common],
        help="show the school's bands and responsibilities",
        description="Show the policy in force: the bands with their bounds and colours, the "
        "groups, and every responsibility item with its key.",
    )
    parser.add_argument(
        "--check", metavar="FILE", type=Path, help="check a policy file without using it"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json

    if args.check:
        try:
            policy = load_policy(args.check)
        except PolicyError as error:
            if args.json:
                print_json({"ok": False, "error": str(error)})
            else:
                print(f"woodrush: {args.check}: {error}")
            return EXIT_REFUSED
    else:
        policy = active_policy(args.db)
    if args.json:
        print_json(policy.to_json())
        return 0
    print(f"{policy.school}: {policy.title}\n")
    for owner, heading in [(band, band.describe_bounds()) for band in policy.bands] + [
        (group, "group") for group in policy.groups
    ]:
        print(f"{owner.symbol} {owner.label} ({heading}) [{owner.key}] {owner.colour}")
        for column in COLUMN_KEYS:
            items = owner.column(column)
            if items:
                print(f"    {COLUMN_LABELS[column]}:")
                for item in items:
                    print(f"      - {item.text}  [{item.key}]")
        print()
    return 0
