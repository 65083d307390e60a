"""`woodrush letters`: print a batch of letters to one PDF and record them in the letter log."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date, datetime, time
from pathlib import Path

from woodrush_desktop.documents.model import MeetingDetails
from woodrush_desktop.documents.templates import KINDS
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.services.letters import (
    BatchPlan,
    LetterError,
    PupilNote,
    build_from_plan,
    held_pupil_ids,
    plan_batch,
    pupil_ids_for_upns,
    record_batch,
)
from woodrush_desktop.services.settings import policy_in, school_details_saved
from woodrush_desktop.store.database import open_existing_database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "letters",
        parents=[common],
        help="print a batch of letters and record them in the letter log",
        description="Print one kind of letter for a band or for pupils by UPN into one PDF, "
        "and record each letter in the letter log. Pupils with SEND or a medical condition, "
        "or whose absence is mostly illness, are held back for review unless --include-held.",
    )
    parser.add_argument("--list-kinds", action="store_true", help="list the kinds of letter")
    parser.add_argument("--kind", choices=sorted(KINDS), metavar="KIND", help="the kind of letter")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--band", metavar="KEY", help="every pupil in this band (a policy key)")
    who.add_argument("--upn", metavar="UPN", nargs="+", help="these pupils, by UPN")
    parser.add_argument("--out", metavar="FILE.pdf", type=Path, help="where to write the PDF")
    parser.add_argument(
        "--date", metavar="DD/MM/YYYY", type=_date, help="the date of the letters (default today)"
    )
    parser.add_argument(
        "--meeting-date", metavar="DD/MM/YYYY", type=_date, help="for meeting invitations"
    )
    parser.add_argument("--meeting-time", metavar="HH:MM", type=_time, help="24-hour time")
    parser.add_argument("--meeting-place", metavar="PLACE", help="where the meeting is")
    parser.add_argument(
        "--meeting-with", metavar="WHO", default="", help="who the family will meet"
    )
    parser.add_argument(
        "--include-already-sent",
        action="store_true",
        help="also pupils who had this letter since their last band change",
    )
    parser.add_argument(
        "--include-held", action="store_true", help="also the pupils held back for review"
    )
    parser.set_defaults(handler=run)


def _date(text: str) -> date:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as DD/MM/YYYY") from None


def _time(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()  # noqa: DTZ007 - a time of day
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a 24-hour time as HH:MM") from None


def _list_kinds(as_json: bool) -> int:
    from woodrush_desktop.cli import print_json

    if as_json:
        print_json(
            [
                {"kind": spec.key, "label": spec.label, "description": spec.description}
                for spec in KINDS.values()
            ]
        )
    else:
        for spec in KINDS.values():
            print(f"{spec.key}\t{spec.label}: {spec.description}")
    return 0


def _usage(message: str) -> int:
    from woodrush_desktop.cli import EXIT_USAGE

    print(f"woodrush letters: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    if args.list_kinds:
        return _list_kinds(args.json)
    if not args.kind:
        return _usage("choose --kind (see --list-kinds)")
    if not (args.band or args.upn):
        return _usage("choose --band KEY or --upn UPN...")
    if not args.out:
        return _usage("choose where to write the PDF with --out FILE.pdf")
    meeting = None
    if KINDS[args.kind].needs_meeting or args.meeting_date:
        if not (args.meeting_date and args.meeting_time and args.meeting_place):
            return _usage(f"{args.kind} needs --meeting-date, --meeting-time and --meeting-place")
        meeting = MeetingDetails(
            args.meeting_date, args.meeting_time, args.meeting_place, args.meeting_with
        )
    with open_existing_database(default_db_path(args.db)) as store:
        if not school_details_saved():
            print(
                "woodrush letters: the school's details (names, address, telephone) have not "
                "been entered in Settings, so these letters carry the defaults. Check them "
                "before sending.",
                file=sys.stderr,
            )
        return _issue(store, args, meeting)


def _issue(store, args: argparse.Namespace, meeting: MeetingDetails | None) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json

    policy = policy_in(store)
    choices: dict = {
        "meeting": meeting,
        "include_already_sent": args.include_already_sent,
        "issued_on": args.date,
    }
    if args.upn:
        ids, unknown = pupil_ids_for_upns(store, args.upn)
        if unknown:
            return _refuse(args, f"no pupil has the UPN {', '.join(unknown)}")
        choices["pupil_ids"] = ids
    else:
        choices["band"] = args.band
    plan = None
    try:
        if args.include_held:
            choices["include_held"] = held_pupil_ids(store, policy, args.kind, **choices)
        plan = plan_batch(store, policy, args.kind, **choices)
        if not args.json:
            _print_notes(plan.skipped, plan.held)
        batch = build_from_plan(plan)
    except LetterError as error:
        return _refuse(args, str(error), plan)
    try:
        _write_file(args.out, batch.pdf)
    except OSError as error:
        return _refuse(args, f"cannot write {args.out}: {error.strerror or error}")
    try:
        record_batch(store, policy, batch)
    except BaseException:
        with contextlib.suppress(OSError):
            args.out.unlink()
        raise
    if args.json:
        print_json({**batch.to_json(), "out": str(args.out)})
    else:
        print(
            f"{_count(len(batch.letters), 'letter')} for {_count(len(batch.pupil_ids), 'pupil')} "
            f"written to {args.out} and recorded in the letter log"
        )
    return 0 if batch.letters else EXIT_REFUSED


def _print_notes(skipped: list[PupilNote], held: list[PupilNote]) -> None:
    """Why each pupil left out gets no letter, before anything else (nothing may print)."""
    for note in skipped:
        print(f"skipped: {note.name}: {note.reason}", file=sys.stderr)
    for note in held:
        print(f"held for review: {note.name}: {note.reason}", file=sys.stderr)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _refuse(args: argparse.Namespace, message: str, plan: BatchPlan | None = None) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json

    if args.json:
        report: dict = {"errors": [{"message": message}], "letters": []}
        if plan is not None:
            report |= plan.notes_json()
        print_json(report)
    print(f"woodrush letters: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _write_file(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a full disk never leaves half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
