"""How fast the main window is: launch to shown with 2,000 pupils, and filtering and sorting
20,000 pupils per keystroke. Prints a table; the targets are 1.5 s and 100 ms.

Launch is wall-clock time, printed with the CPU the process used and the machine's load
average, since a busy machine stretches the wall clock. Filtering and sorting are CPU time of
this process (GUI-thread work, all of it synchronous), so a busy machine does not inflate them.

    .venv/bin/python benchmarks/bench_window.py            # offscreen
    xvfb-run -a .venv/bin/python benchmarks/bench_window.py  # a real X server

Launch is measured in a fresh process (Python start, Qt import, database open, the first
`list_pupils`, the window shown) from the moment the parent starts it. The 20,000 rows for
filtering are made in memory, so the figures are the window's own work, not the importer's.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LAUNCH_TARGET = 1.5
KEYSTROKE_TARGET_MS = 100.0

_CHILD = """
import sys, time
started = float(sys.argv[2])
from PySide6.QtCore import QTimer
from woodrush_desktop.gui import main_window

original_show = main_window.MainWindow.show

def show_and_report(window):
    original_show(window)
    def report():
        cpu = time.process_time()
        print(f"{time.time() - started:.3f} {window.proxy.rowCount()} {cpu:.3f}", flush=True)
        window.close()
    QTimer.singleShot(0, report)

main_window.MainWindow.show = show_and_report
from woodrush_desktop.__main__ import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def make_database(folder: Path, pupils: int) -> Path:
    from woodrush_desktop.demo import write_demo_exports
    from woodrush_desktop.services.importing import import_file
    from woodrush_desktop.store.database import open_database

    path = folder / "bench.db"
    with open_database(path) as store:
        for export in write_demo_exports(folder / "exports", pupils=pupils):
            import_file(store, export)
    return path


def measure_launch(db_path: Path, runs: int, home: Path) -> list[tuple[float, int, float]]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "WOODRUSH_LOG_DIR": str(home)}
    results = []
    for _ in range(runs):
        started = time.time()
        output = subprocess.run(
            [sys.executable, "-c", _CHILD, str(db_path), repr(started)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        ).stdout.split()
        results.append((float(output[0]), int(output[1]), float(output[2])))
    return results


def synthetic_rows(count: int):
    """Pupils on roll with believable figures, spread over every band, year and group."""
    from woodrush_desktop.domain.attendance import SessionCounts, figures
    from woodrush_desktop.domain.policy import default_policy
    from woodrush_desktop.services.pupils import PupilRow

    policy = default_policy()
    chance = random.Random(2026)
    surnames = ["Smith", "Khan", "Jones", "Patel", "Brown", "Nowak", "Okafor", "Taylor", "Ali"]
    forenames = ["Ava", "Ben", "Cara", "Dev", "Eve", "Finn", "Gia", "Hugo", "Isla", "Jay"]
    rows = []
    for number in range(count):
        possible = 120
        attended = max(0, min(possible, round(chance.gauss(112, 9))))
        unauthorised = chance.randint(0, possible - attended)
        counts = SessionCounts(
            possible, attended, 0, possible - attended - unauthorised, unauthorised, 0
        )
        result = figures(counts, policy)
        year = 7 + number % 7
        groups = ("send_medical",) if number % 9 == 0 else ()
        rows.append(
            PupilRow(
                id=number + 1,
                upn=f"A{number:012d}",
                admission_number=str(10_000 + number),
                surname=f"{chance.choice(surnames)}{number % 97}",
                forename=chance.choice(forenames),
                year=year,
                reg_group=f"{year}{'ABCDEF'[number % 6]}",
                gender=None,
                sen_status=None,
                medical=False,
                social_worker=False,
                looked_after=False,
                fsm=False,
                counts=counts,
                percentage=result.percentage,
                band=result.band_key,
                dfe_persistent=result.dfe_persistent,
                dfe_severe=result.dfe_severe,
                groups=groups,
                previous_percentage=result.percentage + chance.choice((-2, -1, 0, 1, 2)),
                previous_band=chance.choice([band.key for band in policy.bands]),
                penalty_current=unauthorised % 12,
            )
        )
    return rows, policy


def measure_filtering(count: int) -> list[tuple[str, list[float]]]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

    from woodrush_desktop.gui import pupil_table as columns
    from woodrush_desktop.gui.pupil_table import PupilFilterProxy, PupilTableModel

    app = QApplication.instance() or QApplication([])
    rows, policy = synthetic_rows(count)
    model = PupilTableModel(policy)
    proxy = PupilFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)  # as the main window sets it
    view.resize(1200, 800)
    view.show()
    started = time.process_time()
    model.set_rows(rows)
    app.processEvents()
    loading = [(time.process_time() - started) * 1000]

    def timed(action) -> float:
        """Milliseconds of this process's CPU: other work on the machine does not count."""
        begun = time.process_time()
        action()
        app.processEvents()
        return (time.process_time() - begun) * 1000

    results = [(f"load {count:,} rows into the table", loading)]
    typing = []
    for word in ("smith", "khan4", "a00000001"):
        for length in range(1, len(word) + 1):
            typing.append(timed(lambda text=word[:length]: proxy.update_filter(text=text)))
        for length in range(len(word) - 1, -1, -1):
            typing.append(timed(lambda text=word[:length]: proxy.update_filter(text=text)))
    results.append(("search: one keystroke (typing and deleting)", typing))
    results.append(
        (
            "filter: year, band, group, moved, no action",
            [
                timed(lambda: proxy.update_filter(year=9)),
                timed(lambda: proxy.update_filter(category="band:persistent")),
                timed(lambda: proxy.update_filter(group="send_medical")),
                timed(lambda: proxy.update_filter(category="moved", group=None, year=None)),
                timed(lambda: proxy.update_filter(category="no_action")),
                timed(lambda: proxy.update_filter(category=None)),
            ],
        )
    )
    for column in (columns.NAME, columns.ATTENDANCE, columns.REG_GROUP, columns.CHANGE):
        sorts = [
            timed(lambda order=order, column=column: view.sortByColumn(column, order))
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder) * 2
        ]
        results.append((f"sort by {columns.HEADERS[column].lower()}", sorts))
    proxy.update_filter(year=10)
    results.append(
        (
            "sort by attendance with Year 10 shown",
            [timed(lambda: view.sortByColumn(columns.ATTENDANCE, Qt.SortOrder.AscendingOrder))],
        )
    )
    view.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the main window.")
    parser.add_argument("--pupils", type=int, default=2000, help="pupils for the launch test")
    parser.add_argument("--rows", type=int, default=20_000, help="rows for filtering")
    parser.add_argument("--runs", type=int, default=3, help="launches to time")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="woodrush-bench-"))
    print(
        f"Qt platform: {os.environ.get('QT_QPA_PLATFORM')}; building a {args.pupils:,}-pupil "
        "database through the importer…",
        file=sys.stderr,
    )
    db_path = make_database(folder, args.pupils)
    launches = measure_launch(db_path, args.runs, folder)
    filtering = measure_filtering(args.rows)

    print(f"\n{'measure':<48} {'median':>10} {'worst':>10} {'target':>10}  ok")
    print(f"{'(launch: pupils in the table)':<48} {launches[0][1]:>10,}")
    times = [wall for wall, _, _ in launches]
    worst = max(times)
    print(
        f"{'launch to window shown, ' + str(args.pupils) + ' pupils (s)':<48} "
        f"{statistics.median(times):>10.2f} {worst:>10.2f} {LAUNCH_TARGET:>10.2f}  "
        f"{'yes' if worst <= LAUNCH_TARGET else 'NO'}"
    )
    cpu = [used for _, _, used in launches]
    label = "  of which CPU of the process (s)"
    print(f"{label:<48} {statistics.median(cpu):>10.2f} {max(cpu):>10.2f}")
    print(f"{'  load average while measuring':<48} {os.getloadavg()[0]:>10.2f}")
    for name, values in filtering:
        worst = max(values)
        target = KEYSTROKE_TARGET_MS if not name.startswith("load") else None
        verdict = "" if target is None else ("yes" if worst <= target else "NO")
        target_text = "" if target is None else f"{target:.0f}"
        print(
            f"{name + ' (ms)':<48} {statistics.median(values):>10.1f} {worst:>10.1f} "
            f"{target_text:>10}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
