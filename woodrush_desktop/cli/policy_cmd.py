"""`woodrush policy`: the bands, their bounds and every responsibility item."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from woodrush_desktop.domain.policy import COLUMN_KEYS, COLUMN_LABELS, PolicyError, load_policy
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.services.settings import active_policy, restore_default_policy, use_policy
from woodrush_desktop.store.database import open_database, write_guard


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "policy",
        parents=[common],
        help="show the school's bands and responsibilities",
        description="Show the policy in force: the bands with their bounds and colours, the "
        "groups, and every responsibility item with its key.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--check", metavar="FILE", type=Path, help="check a policy file without using it"
    )
    action.add_argument(
        "--export", metavar="FILE", type=Path, help="write the policy in force to FILE, to edit"
    )
    action.add_argument(
        "--use",
        metavar="FILE",
        type=Path,
        help="check FILE and make it the policy in force for this database",
    )
    action.add_argument(
        "--restore-defaults",
        action="store_true",
        help="go back to the policy bundled with the application",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json

    candidate = args.check or args.use
    try:
        policy = load_policy(candidate) if candidate else active_policy(args.db)
    except PolicyError as error:
        if args.json:
            print_json({"ok": False, "error": str(error)})
        else:
            print(f"woodrush: {candidate}: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if args.use or args.restore_defaults:
        with open_database(default_db_path(args.db)) as store, write_guard(store):
            policy = use_policy(store, policy.raw) if args.use else restore_default_policy(store)
    if args.export:
        args.export.write_text(
            json.dumps(policy.raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"Wrote the policy in force to {args.export}.", file=sys.stderr)
        return 0
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
