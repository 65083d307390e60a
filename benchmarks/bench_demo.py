"""Demo school generation speed against the target (1,200 pupils well under 5 s); prints a table.

    .venv/bin/python benchmarks/bench_demo.py [--pupils 300 1200 2000] [--runs 3]

Times, per school size: planning the roll and the term's marks, then the whole
`write_demo_export` (planning, the .xlsx in write-only mode and the summary's arithmetic),
for the later demo export (27/11/2026, 114 sessions) and the end of term (144 sessions),
and the weekly pair `write_demo_exports` writes for the run command and the window.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from woodrush_desktop.demo import demo_school, write_demo_export, write_demo_exports

DAYS = (("27/11/2026", date(2026, 11, 27)), ("18/12/2026", date(2026, 12, 18)))


def timed(function, runs: int) -> tuple[str, str, str]:
    """Median and best wall-clock seconds, and median CPU seconds (steadier on a busy machine)."""
    seconds, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return (
        f"{statistics.median(seconds):.2f}",
        f"{min(seconds):.2f}",
        f"{statistics.median(cpu):.2f}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, nargs="+", default=[300, 1200, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    header = ("pupils", "step", "up to", "median s", "best s", "CPU s", "file KB")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for pupils in args.pupils:
            times = timed(lambda pupils=pupils: demo_school(pupils), args.runs)
            rows.append((str(pupils), "plan roll + marks", "term", *times, ""))
            for label, day in DAYS:
                path = Path(folder) / f"demo-{pupils}-{day:%Y%m%d}.xlsx"
                times = timed(
                    lambda pupils=pupils, day=day, path=path: write_demo_export(
                        path, pupils=pupils, as_of=day
                    ),
                    args.runs,
                )
                size = f"{path.stat().st_size / 1024:.0f}"
                rows.append((str(pupils), "write_demo_export", label, *times, size))
            weekly = Path(folder) / f"weekly-{pupils}"
            times = timed(
                lambda pupils=pupils, weekly=weekly: write_demo_exports(weekly, pupils=pupils),
                args.runs,
            )
            rows.append((str(pupils), "write_demo_exports", "both", *times, ""))

    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    print("  ".join(text.ljust(width) for text, width in zip(header, widths, strict=True)))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print("  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)))
    print("\ntarget: 1,200 pupils well under 5 s for write_demo_export")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
