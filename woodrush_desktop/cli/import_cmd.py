"""`woodrush import FILE`: import a register export; exit 1 with located problems if refused."""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import date
from pathlib import Path
from typing import Any

from woodrush_desktop.importing.quality import counted
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.services.importing import (
    FIELD_LABELS,
    ImportRefused,
    ImportResult,
    MappingNeeded,
    import_file,
)
from woodrush_desktop.store.database import open_database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import",
        parents=[common],
        help="import a register export (xlsx, xls, ods or csv)",
        description="Import an MIS register export as one snapshot: a summary with session "
        "counts, a marks grid (one column per session) or a long list of marks. The file is "
        "imported completely or not at all; problems name the sheet, row and column.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the export to import")
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet to read (default: the first that holds a register)",
    )
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date the figures describe (default: from the sheet's title or last mark)",
    )
    parser.add_argument(
        "--from",
        dest="period_start",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the first day the figures cover, when the sheet's title does not say "
        "(default: 1 September of the school year)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="KEY=HEADER",
        help="which heading holds a field the importer did not recognise, e.g. "
        '"possible=Poss. Sess." (repeatable; remembered for files with the same headings)',
    )
    coverage = parser.add_mutually_exclusive_group()
    coverage.add_argument(
        "--partial",
        action="store_true",
        help="the file covers only some pupils: nobody missing from it is marked as left",
    )
    coverage.add_argument(
        "--full",
        action="store_true",
        help="the file is a full export: every pupil on roll missing from it has left (without "
        "this, more than a few leavers, or a whole year group missing, are not marked)",
    )
    parser.set_defaults(handler=run)


def parse_mapping(items: list[str]) -> dict[str, str]:
    """`--map KEY=HEADER` options as a dict; ValueError names the first bad one."""
    mapping = {}
    for item in items:
        key, equals, header = item.partition("=")
        key = key.strip()
        if not equals or not header.strip():
            raise ValueError(f"--map {item!r} must be written KEY=HEADER")
        if key not in FIELD_LABELS:
            raise ValueError(
                f"--map: {key!r} is not a field; the fields are {', '.join(FIELD_LABELS)}"
            )
        mapping[key] = header.strip()
    return mapping


def result_json(result: ImportResult) -> dict[str, Any]:
    return {
        "snapshot_id": result.snapshot_id,
        "duplicate": result.duplicate,
        "shape": result.shape,
        "sheet": result.sheet,
        "as_of": result.as_of.isoformat(),
        "pupils": result.pupils,
        "new_pupils": result.new_pupils,
        "left_pupils": result.left_pupils,
        "marks": result.marks,
        "seconds": round(result.seconds, 3),
        "errors": [],
        "warnings": [problem.to_json() for problem in result.warnings],
        "report": result.report.to_json(),
    }


def run(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, EXIT_USAGE, print_json

    try:
        mapping = parse_mapping(args.map)
    except ValueError as error:
        print(f"woodrush import: {error}", file=sys.stderr)
        return EXIT_USAGE
    with open_database(default_db_path(args.db)) as store:
        try:
            result = import_file(
                store,
                args.file,
                sheet=args.sheet,
                as_of=args.as_of,
                mapping=mapping or None,
                full_export=not args.partial,
                period_start=args.period_start,
                confirm_leavers=args.full,
            )
        except ImportRefused as refusal:
            if args.json:
                print_json(refusal.to_json())
            _print_refusal(refusal)
            return EXIT_REFUSED
    if args.json:
        print_json(result_json(result))
        return 0
    _print_result(args.file, result)
    return 0


def _print_refusal(refusal: ImportRefused) -> None:
    print("woodrush import: the file was refused and nothing was changed.", file=sys.stderr)
    for problem in refusal.errors:
        print(f"  error: {problem}", file=sys.stderr)
    for problem in refusal.warnings[:20]:
        print(f"  warning: {problem}", file=sys.stderr)
    if isinstance(refusal, MappingNeeded):
        headings = ", ".join(repr(header) for header in refusal.headers)
        print(f"  the headings in sheet {refusal.sheet!r} are: {headings}", file=sys.stderr)
        options = " ".join(
            "--map " + shlex.quote(f"{key}={guess}")
            for key, guess in refusal.suggestions.items()
            if guess
        )
        if options:
            print(f"  perhaps: {options}", file=sys.stderr)


def _print_result(path: Path, result: ImportResult) -> None:
    if result.duplicate:
        print(
            f"{path.name} was imported before (snapshot {result.snapshot_id}, as of "
            f"{result.as_of:%d/%m/%Y}) with the same options: nothing was added. To import "
            "it again in its place, give the option to change (--as-of, --from, --sheet or "
            "--map)."
        )
        return
    print(
        f"Imported {path.name} ({result.shape.replace('_', ' ')}) as of {result.as_of:%d/%m/%Y}: "
        f"{counted(result.pupils, 'pupil')}, {result.new_pupils} new, {result.left_pupils} "
        f"marked as left, {counted(result.marks, 'mark')}, in {result.seconds:.2f} s."
    )
    for line in result.report.lines()[1:]:
        print(f"  {line}")
    held = result.report.leavers_unconfirmed + result.report.missing_year_pupils
    if held:
        print(
            f"woodrush import: {counted(held, 'pupil')} on roll not in this file "
            f"{'was' if held == 1 else 'were'} not marked as left. If this is a full export and "
            f"they have left, run the same command again with --full (woodrush import "
            f"{shlex.quote(str(path))} … --full): the file is then imported again in its place",
            file=sys.stderr,
        )
    if result.warnings:
        print(f"{counted(len(result.warnings), 'warning')}:", file=sys.stderr)
        for problem in result.warnings[:50]:
            print(f"  warning: {problem}", file=sys.stderr)
        if len(result.warnings) > 50:
            print(f"  … {len(result.warnings) - 50} more (use --json to see all)", file=sys.stderr)
