"""How long the weekly reports, the exports and the packs take on the demo school; a table.

    .venv/bin/python benchmarks/bench_reports.py [--pupils 1200] [--runs 3] [--letters 300]

Writes the demo school's two weekly exports, imports both into a new database, logs
synthetic letters (a one-page PDF each) and meetings for some pupils so "did it work?" has
work to do, then times each report as the window and the command line call it. Each figure
is the median of the runs, in seconds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from woodrush_desktop.demo.export import write_demo_exports
from woodrush_desktop.domain.codes import default_code_book
from woodrush_desktop.services import exports, reports
from woodrush_desktop.services.importing import import_file
from woodrush_desktop.services.pupils import list_pupils
from woodrush_desktop.services.settings import policy_in
from woodrush_desktop.store.database import Store, open_database
from woodrush_desktop.store.models import Letter, Meeting, Pupil


def one_page_pdf(marker: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, marker)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def log_interventions(store: Store, letters: int, on: date) -> int:
    """Letters and held meetings for the first `letters` pupils, three weeks before `on`."""
    pdf = one_page_pdf("Synthetic letter for the benchmark")
    ids = [pupil.id for pupil in Pupil.select(Pupil.id).order_by(Pupil.id).limit(letters)]
    with store.db.atomic():
        for index, pupil_id in enumerate(ids):
            issued = on - timedelta(days=21 + index % 10)
            Letter.create(
                pupil=pupil_id,
                recipient="Parent/carer",
                kind="concern",
                issued_on=issued,
                figures={},
                pdf=pdf,
            )
            if index % 3 == 0:
                when = datetime.combine(issued + timedelta(days=3), datetime.min.time())
                Meeting.create(pupil=pupil_id, kind="parent_meeting", scheduled_for=when, held=True)
    return len(ids)


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--letters", type=int, default=300)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        files = write_demo_exports(work / "exports", pupils=args.pupils)
        store = open_database(work / "bench.db")
        for path in files:
            import_file(store, path)
        policy = policy_in(store)
        book = default_code_book()
        last = reports.snapshots(store)[-1].as_of
        logged = log_interventions(store, args.letters, last)
        marks = store.db.execute_sql("SELECT COUNT(*) FROM mark").fetchone()[0]
        setup = time.perf_counter() - started
        evidence_pupil = Pupil.select(Pupil.id).order_by(Pupil.id).first().id
        rows = list_pupils(store, policy)

        cases: list[tuple[str, Callable[[], object], Callable[[object], str]]] = [
            ("movers", lambda: reports.movers(store, policy), lambda r: f"{len(r.movers)} movers"),
            (
                "school trends",
                lambda: reports.school_trends(store, policy),
                lambda r: f"{len(r)} snapshots",
            ),
            (
                "pupil trend",
                lambda: reports.pupil_trends(store, policy, evidence_pupil),
                lambda r: f"{len(r)} points",
            ),
            (
                "cohorts",
                lambda: reports.cohorts(store, policy),
                lambda r: f"{len(r.table.rows)} cohorts",
            ),
            (
                "penalty watch",
                lambda: reports.penalty(store, book),
                lambda r: f"{len(r.threshold)} met, {len(r.approaching)} near",
            ),
            (
                "did it work (all)",
                lambda: reports.effects(store, book),
                lambda r: f"{len(r)} interventions",
            ),
            (
                "export xlsx",
                lambda: exports.export_xlsx(rows, policy, work / "pupils.xlsx"),
                lambda r: f"{r} pupils",
            ),
            (
                "export csv",
                lambda: exports.export_csv(rows, policy, work / "pupils.csv"),
                lambda r: f"{r} pupils",
            ),
            (
                "trustees' pack",
                lambda: reports.trustees_pack(store, policy, book),
                lambda r: f"{len(r) // 1024} KiB",
            ),
            (
                "evidence pack",
                lambda: reports.evidence_pack(store, policy, evidence_pupil, book),
                lambda r: f"{len(r) // 1024} KiB",
            ),
        ]
        print(
            f"demo school: {args.pupils} pupils, 2 imports, {marks} marks, {logged} letters; "
            f"set up in {setup:.1f}s; median of {args.runs} runs"
        )
        print(f"{'report':<20} {'seconds':>8}  result")
        print(f"{'-' * 20} {'-' * 8}  {'-' * 30}")
        for name, job, describe in cases:
            seconds, result = timed(job, args.runs)
            print(f"{name:<20} {seconds:>8.3f}  {describe(result)}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
