"""`woodrush reports …`, `woodrush export …` and `woodrush pack …`: the weekly reports.

woodrush reports movers|cohorts|penalty|trends|effects [--json]
woodrush export --xlsx FILE | --csv FILE [--cohort year]
woodrush pack trustees OUT.pdf
woodrush pack evidence --upn UPN OUT.pdf
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from woodrush_desktop.domain.attendance import percentage_text
from woodrush_desktop.domain.policy import Policy
from woodrush_desktop.paths import default_db_path
from woodrush_desktop.reports.cohorts import DIMENSIONS
from woodrush_desktop.reports.interventions import OUTCOME_LABELS, OUTCOMES
from woodrush_desktop.reports.penalty import ILLNESS_NOTE, SIXTH_FORM_NOTE
from woodrush_desktop.store.database import Store, open_existing_database

REPORTS = ("movers", "cohorts", "penalty", "trends", "effects")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    reports = subparsers.add_parser(
        "reports",
        parents=[common],
        help="movers, cohorts, penalty watch, trends and the effect of actions",
        description="Week-by-week reports over the imports in the database.",
    )
    reports.add_argument("report", choices=REPORTS, help="which report")
    reports.add_argument(
        "--upn", help="trends: one pupil's attendance at each import instead of the school's"
    )
    reports.set_defaults(handler=run_report)

    export = subparsers.add_parser(
        "export",
        parents=[common],
        help="export the pupil table to Excel or CSV",
        description="Export every pupil on roll with their latest figures. Excel keeps the "
        "band colours and has a summary of the cohorts and a sheet per cohort.",
    )
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--xlsx", type=Path, metavar="FILE", help="write an Excel workbook")
    target.add_argument("--csv", type=Path, metavar="FILE", help="write a CSV file")
    export.add_argument(
        "--cohort",
        default="year",
        choices=[dim.key for dim in DIMENSIONS],
        help="the cohort to split the Excel sheets by (default: year)",
    )
    export.set_defaults(handler=run_export)

    pack = subparsers.add_parser(
        "pack",
        parents=[common],
        help="print the trustees' pack or one pupil's evidence pack as PDF",
        description="Print the trustees' pack (bands, trend, cohorts, actions taken), or one "
        "pupil's evidence pack for the local authority (certificate, every letter, meetings, "
        "Early Help Plan, chronology).",
    )
    pack.add_argument("kind", choices=("trustees", "evidence"))
    pack.add_argument("out", type=Path, metavar="OUT.pdf")
    pack.add_argument("--upn", help="evidence: the pupil's UPN")
    pack.set_defaults(handler=run_pack)


def _open(args: argparse.Namespace) -> Store:
    return open_existing_database(default_db_path(args.db))


def _percent(value: Fraction | float | None) -> str:
    return percentage_text(None if value is None else Fraction(value))


def _band_label(policy: Policy, key: str | None) -> str:
    if key is None:
        return "no band"
    try:
        return policy.band(key).label
    except KeyError:
        return key


# reports ----------------------------------------------------------------------------------


def run_report(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json
    from woodrush_desktop.services import reports
    from woodrush_desktop.services.settings import policy_in

    with _open(args) as store:
        policy = policy_in(store)
        if args.report == "trends" and args.upn:
            pupil_id = _pupil_id(store, args.upn)
            if pupil_id is None:
                print(f"woodrush reports: no pupil with UPN {args.upn}", file=sys.stderr)
                return EXIT_REFUSED
            points = reports.pupil_trends(store, policy, pupil_id)
            if args.json:
                print_json([point.to_json() for point in points])
            else:
                for point in points:
                    print(
                        f"{point.as_of:%d/%m/%Y}\t{_percent(point.percentage)}\t"
                        f"{_band_label(policy, point.band)}"
                    )
            return 0
        printers: dict[str, Callable[[Store, Policy, bool], None]] = {
            "movers": _print_movers,
            "cohorts": _print_cohorts,
            "penalty": _print_penalty,
            "trends": _print_trends,
            "effects": _print_effects,
        }
        printers[args.report](store, policy, args.json)
    return 0


def _pupil_id(store: Store, upn: str) -> int | None:
    from woodrush_desktop.services.reports import pupils

    wanted = upn.strip().upper()
    for pupil in pupils(store).values():
        if (pupil.upn or "").upper() == wanted:
            return pupil.id
    return None


def _print_movers(store: Store, policy: Policy, as_json: bool) -> None:
    from woodrush_desktop.cli import print_json
    from woodrush_desktop.services.reports import movers

    report = movers(store, policy)
    if as_json:
        print_json(report.to_json())
        return
    if report.current is None:
        print("No imports yet.")
        return
    since = f" since {report.previous.as_of:%d/%m/%Y}" if report.previous else ""
    print(f"Band changes at {report.current.as_of:%d/%m/%Y}{since}:")
    for mover in report.movers:
        change = "" if mover.change is None else f" ({float(mover.change):+.1f} points)"
        due = f"; letter due: {mover.letter_due.replace('_', ' ')}" if mover.letter_due else ""
        action = f"; next: {mover.next_action.text}" if mover.next_action else ""
        print(
            f"  {mover.pupil.name}\tY{mover.pupil.year}\t"
            f"{_band_label(policy, mover.before_band) if mover.before_band else 'new'} → "
            f"{_band_label(policy, mover.after_band)}{change}{due}{action}"
        )
    print(
        f"{len(report.declined)} down, {len(report.improved)} up, "
        f"{len(report.newly_at_risk_without_letter)} newly at risk with no letter yet",
        file=sys.stderr,
    )


def _print_cohorts(store: Store, policy: Policy, as_json: bool) -> None:
    from woodrush_desktop.cli import print_json
    from woodrush_desktop.services.reports import cohorts

    report = cohorts(store, policy)
    if as_json:
        print_json(report.to_json())
        return
    table = report.table
    last = f", last year {report.last_year_as_of:%d/%m/%Y}" if report.last_year_as_of else ""
    as_of = f"{report.as_of:%d/%m/%Y}" if report.as_of else "no imports"
    print(f"Cohorts at {as_of}{last}")
    header = ["Cohort", "Group", "Pupils", "Attendance", "DfE PA"]
    header += [band.label for band in policy.bands]
    if report.last_year_as_of:
        header.append("Last year")
    print("\t".join(header))
    for row in [table.school, *table.rows]:
        cells = [
            row.dimension_label,
            row.value,
            str(row.now.pupils),
            _percent(row.now.percentage),
            str(row.now.dfe_persistent),
        ]
        cells += [str(row.now.band_counts.get(band.key, 0)) for band in policy.bands]
        if report.last_year_as_of:
            cells.append(_percent(row.last_year.percentage) if row.last_year else "—")
        print("\t".join(cells))


def _print_penalty(store: Store, policy: Policy, as_json: bool) -> None:
    from woodrush_desktop.cli import print_json
    from woodrush_desktop.services.reports import penalty

    report = penalty(store)
    if as_json:
        print_json(report.to_json())
        return
    print("Penalty-notice threshold met (10 unauthorised sessions in 10 school weeks):")
    for row in report.threshold:
        start = f" (window from {row.window_start:%d/%m/%Y})" if row.window_start else ""
        print(f"  {row.pupil.name}\tY{row.pupil.year}\tmet on {row.met_on:%d/%m/%Y}{start}")
    print("Approaching the threshold (in the last 10 school weeks):")
    for row in report.approaching:
        print(f"  {row.pupil.name}\tY{row.pupil.year}\t{row.current} unauthorised sessions")
    for title, runs in (
        ("LA list: 10 continuous school days of unauthorised absence", report.unauthorised_runs),
        ("LA list: illness of 15 school days or more", report.illness_runs),
    ):
        print(f"{title}:")
        for run in runs:
            ongoing = ", continuing" if run.ongoing else ""
            print(
                f"  {run.pupil.name}\tY{run.pupil.year}\t{run.days} days from "
                f"{run.start:%d/%m/%Y} to {run.end:%d/%m/%Y}{ongoing}"
            )
    print(SIXTH_FORM_NOTE)
    print(ILLNESS_NOTE)


def _print_trends(store: Store, policy: Policy, as_json: bool) -> None:
    from woodrush_desktop.cli import print_json
    from woodrush_desktop.services.reports import school_trends

    points = school_trends(store, policy)
    if as_json:
        print_json([point.to_json() for point in points])
        return
    print("\t".join(["As of", "Pupils", "Attendance", *[band.label for band in policy.bands]]))
    for point in points:
        counts = [str(point.band_counts.get(band.key, 0)) for band in policy.bands]
        print(
            "\t".join(
                [f"{point.as_of:%d/%m/%Y}", str(point.pupils), _percent(point.percentage), *counts]
            )
        )


def _print_effects(store: Store, policy: Policy, as_json: bool) -> None:
    from woodrush_desktop.cli import print_json
    from woodrush_desktop.services.reports import effects, summarise

    found = effects(store)
    summary = summarise(found)
    if as_json:
        print_json({"summary": summary.to_json(), "effects": [e.to_json() for e in found]})
        return
    print("\t".join(["Action", *[OUTCOME_LABELS[outcome] for outcome in OUTCOMES]]))
    for kind, counts in sorted(summary.by_kind.items()):
        label = kind.replace(":", ": ").replace("_", " ")
        print("\t".join([label, *[str(counts.get(outcome, 0)) for outcome in OUTCOMES]]))


# export and pack --------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, print_json
    from woodrush_desktop.services.exports import ExportError, export_csv, export_xlsx
    from woodrush_desktop.services.pupils import list_pupils
    from woodrush_desktop.services.settings import policy_in

    with _open(args) as store:
        policy = policy_in(store)
        rows = list_pupils(store, policy)
    target = args.xlsx or args.csv
    try:
        if args.xlsx:
            written = export_xlsx(rows, policy, args.xlsx, cohort=args.cohort)
        else:
            written = export_csv(rows, policy, args.csv)
    except ExportError as error:
        _refuse(args, str(error))
        return EXIT_REFUSED
    if args.json:
        print_json({"ok": True, "file": str(target), "pupils": written})
    else:
        print(f"Wrote {target}: {written} pupils.")
    return 0


def run_pack(args: argparse.Namespace) -> int:
    from woodrush_desktop.cli import EXIT_REFUSED, EXIT_USAGE, print_json
    from woodrush_desktop.services import reports
    from woodrush_desktop.services.settings import policy_in

    if args.kind == "evidence" and not args.upn:
        print("woodrush pack evidence: give the pupil's --upn", file=sys.stderr)
        return EXIT_USAGE
    with _open(args) as store:
        policy = policy_in(store)
        if args.kind == "trustees":
            pdf = reports.trustees_pack(store, policy)
        else:
            pupil_id = _pupil_id(store, args.upn)
            if pupil_id is None:
                _refuse(args, f"no pupil with UPN {args.upn}")
                return EXIT_REFUSED
            pdf = reports.evidence_pack(store, policy, pupil_id)
    try:
        temporary = args.out.with_name(f".{args.out.name}.part")
        temporary.write_bytes(pdf)
        temporary.replace(args.out)
    except OSError as error:
        _refuse(args, f"cannot write {args.out}: {error.strerror or error}")
        return EXIT_REFUSED
    if args.json:
        print_json({"ok": True, "file": str(args.out), "bytes": len(pdf)})
    else:
        print(f"Wrote {args.out}.")
    return 0


def _refuse(args: argparse.Namespace, message: str) -> None:
    from woodrush_desktop.cli import print_json

    if args.json:
        print_json(
            {
                "ok": False,
                "errors": [{"sheet": None, "row": None, "column": None, "message": message}],
                "warnings": [],
            }
        )
    print(f"woodrush: {message}", file=sys.stderr)
