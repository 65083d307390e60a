"""Screenshots of the main window with the demo school, for the README and for review.

Run under Xvfb so the real platform draws the window:

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python docs/take_screenshots.py OUT_DIR

It imports the demo school's two weekly exports into a fresh temporary database through the
window's own import path, then saves the window, a greyscale copy, the checklist with one item
ticked, the history, the policy pages and the settings. With `--readme` the first of these is
also saved as `docs/main-window.png`, the README's screenshot.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder for the PNG files")
    parser.add_argument("--width", type=int, default=1680)
    parser.add_argument("--height", type=int, default=980)
    parser.add_argument(
        "--readme", action="store_true", help="also save docs/main-window.png (run from the top)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="woodrush-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from woodrush_desktop.demo import write_demo_exports
    from woodrush_desktop.gui.app import application
    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.main_window import MainWindow
    from woodrush_desktop.gui.tasks import TaskRunner
    from woodrush_desktop.store.database import open_database

    app = application()
    store = open_database(work / "demo.db", exclusive=True)
    context = AppContext(store, TaskRunner(synchronous=True))
    settings = QSettings(str(work / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(context, settings=settings)
    window.resize(args.width, args.height)
    window.show()
    app.processEvents()
    for export in write_demo_exports(work / "exports", seed=2026):
        window.import_file(export, report=False)
    window.year_combo.setCurrentIndex(window.year_combo.findData(9))
    window.set_category("band:persistent")
    window.table.selectRow(0)
    for _ in range(5):
        app.processEvents()

    def save(name: str) -> Path:
        for _ in range(3):
            app.processEvents()
        path = args.out / name
        window.grab().save(str(path))
        return path

    main_shot = save("main-window.png")
    if args.readme:
        Path("docs").mkdir(exist_ok=True)
        QImage(str(main_shot)).save("docs/main-window.png")
    QImage(str(main_shot)).convertToFormat(QImage.Format.Format_Grayscale8).save(
        str(args.out / "main-window-greyscale.png")
    )
    window.panel.tabs.setCurrentIndex(1)
    first_item = next(iter(window.panel.checklist.rows().values()), None)
    if first_item is not None:
        first_item.check.click()
    save("pupil-checklist.png")
    window.panel.tabs.setCurrentIndex(2)
    save("pupil-history.png")
    window.panel.tabs.setCurrentIndex(0)
    window.clear_filters()
    window.show_policy()
    save("policy-school.png")
    window.policy_page.tabs.setCurrentIndex(1)
    save("policy-bands.png")
    from woodrush_desktop.gui.dialogs import Dialogs
    from woodrush_desktop.gui.settings_dialog import SettingsDialog

    settings_dialog = SettingsDialog(context, Dialogs(), window)
    settings_dialog.show()
    for tab in range(settings_dialog.tabs.count()):
        settings_dialog.tabs.setCurrentIndex(tab)
        for _ in range(3):
            app.processEvents()
        settings_dialog.grab().save(str(args.out / f"settings-{tab + 1}.png"))
    settings_dialog.close()
    window.close()
    store.close()
    QApplication.processEvents()
    print(f"screenshots in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
