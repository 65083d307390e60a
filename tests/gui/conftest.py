"""Window tests' fixtures: a small synthetic school written straight through the models.

Names are made up; figures are chosen so each band, group and change is represented.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from woodrush_desktop.store.models import Mark, Pupil, PupilFigures, Snapshot

FIRST_AS_OF = date(2026, 11, 20)

# The offscreen platform cannot resize a native window to its hints and says so on every show;
# it is a fact about the test platform, not a fault in the window, so only that line is let pass.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


SECOND_AS_OF = date(2026, 11, 27)


@dataclass(frozen=True)
class SyntheticPupil:
    surname: str
    forename: str
    year: int
    reg_group: str
    upn: str
    earlier: tuple[int, int]  # (attended, possible) in the first snapshot
    later: tuple[int, int]
    unauthorised: int = 0
    sen_status: str | None = None
    social_worker: bool = False


PUPILS = [
    SyntheticPupil("Ashby", "Ava", 9, "9A", "A100000000001", (100, 100), (120, 120)),
    SyntheticPupil("Brook", "Ben", 9, "9A", "A100000000002", (96, 100), (115, 120), 2),
    SyntheticPupil("Clarke", "Cara", 9, "9B", "A100000000003", (95, 100), (110, 120), 4),
    SyntheticPupil("Dunn", "Dev", 9, "9B", "A100000000004", (85, 100), (100, 120), 12, "K"),
    SyntheticPupil("Ellis", "Eve", 10, "10C", "A100000000005", (70, 100), (80, 120), 30),
    SyntheticPupil(
        "Frost", "Finn", 10, "10C", "A100000000006", (97, 100), (108, 120), 6, None, True
    ),
    SyntheticPupil("Grant", "Gia", 11, "11D", "A100000000007", (88, 100), (103, 120), 9, "E"),
    SyntheticPupil("Hale", "Hugo", 7, "7E", "A100000000008", (99, 100), (119, 120)),
]


def _snapshot(as_of: date, name: str) -> Snapshot:
    return Snapshot.create(
        file_name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        as_of=as_of,
        shape="summary",
        pupil_count=len(PUPILS),
    )


def _figures(snapshot: Snapshot, pupil: Pupil, attended: int, possible: int, unauth: int):
    missed = possible - attended
    PupilFigures.create(
        snapshot=snapshot,
        pupil=pupil,
        possible=possible,
        present=attended,
        approved=0,
        authorised=missed - min(unauth, missed),
        unauthorised=min(unauth, missed),
        late=0,
    )


def write_school(store, *, with_marks: bool = True) -> dict[str, int]:
    """Two snapshots of eight pupils; returns pupil ids by surname."""
    ids = {}
    with store.db.atomic():
        first = _snapshot(FIRST_AS_OF, "week-1.xlsx")
        second = _snapshot(SECOND_AS_OF, "week-2.xlsx")
        for spec in PUPILS:
            pupil = Pupil.create(
                upn=spec.upn,
                legal_surname=spec.surname,
                legal_forename=spec.forename,
                year=spec.year,
                reg_group=spec.reg_group,
                sen_status=spec.sen_status,
                social_worker=spec.social_worker,
                date_of_birth=date(2026 - spec.year - 5, 3, 1),
            )
            ids[spec.surname] = pupil.id
            _figures(first, pupil, *spec.earlier, spec.unauthorised // 2)
            _figures(second, pupil, *spec.later, spec.unauthorised)
        if with_marks:
            _write_marks(second, ids["Dunn"])
    return ids


def _write_marks(snapshot: Snapshot, pupil_id: int) -> None:
    """Four weeks of marks for one pupil, with every class of code in them."""
    codes = ["/", "\\", "L", "N", "I", "O", "M", "/", "V", "G"]
    day = SECOND_AS_OF - timedelta(days=27)
    index = 0
    while day <= SECOND_AS_OF:
        if day.weekday() < 5:
            for session in ("AM", "PM"):
                Mark.create(
                    pupil=pupil_id,
                    on=day,
                    session=session,
                    code=codes[index % len(codes)],
                    snapshot=snapshot,
                )
                index += 1
        day += timedelta(days=1)


@pytest.fixture
def school(store) -> dict[str, int]:
    """The synthetic school in the test's database: pupil ids by surname."""
    return write_school(store)


@pytest.fixture
def school_writer():
    """The function that writes the synthetic school, for a database the test opens itself."""
    return write_school


class FakeDialogs:
    """Answers every dialog at once and records what was asked: no test blocks on exec()."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []
        self.register_path = None
        self.backup_path = None
        self.mapping = None
        self.answer = True
        self.tick_details = None
        self.settings_changed = False
        self.colour = None
        self.save_path = None
        self.flag_edits = None
        self.choice = False  # the answer to `choose`: False is the choice that changes nothing

    def _record(self, name: str, *args):
        self.calls.append((name, args))

    def named(self, name: str) -> list[tuple]:
        return [args for called, args in self.calls if called == name]

    def open_register(self, parent, folder=""):
        self._record("open_register", folder)
        return self.register_path

    def open_backup(self, parent, folder=""):
        self._record("open_backup", folder)
        return self.backup_path

    def choose_logo(self, parent, folder=""):
        self._record("choose_logo", folder)
        return None

    def choose_colour(self, parent, current):
        self._record("choose_colour", current)
        return self.colour

    def information(self, parent, title, text):
        self._record("information", title, text)

    def warning(self, parent, title, text, details=None):
        self._record("warning", title, text)

    def ask(self, parent, title, text):
        self._record("ask", title, text)
        return self.answer

    def choose(self, parent, title, text, accept, reject):
        self._record("choose", title, text, accept, reject)
        return self.choice

    def show_refusal(self, parent, file_name, refusal):
        self._record("show_refusal", file_name, refusal)

    def choose_mapping(self, parent, needed, labels):
        self._record("choose_mapping", needed, labels)
        return self.mapping

    def show_import_report(self, parent, result):
        self._record("show_import_report", result)

    def edit_tick(self, parent, item_text, current):
        self._record("edit_tick", item_text, current)
        return self.tick_details

    def edit_flags(self, parent, pupil_name, states):
        self._record("edit_flags", pupil_name, list(states))
        return self.flag_edits

    def settings(self, parent, context):
        self._record("settings", context)
        return self.settings_changed

    def open_letters(self, parent, context, pupil_ids, kind=None):
        self._record("open_letters", list(pupil_ids), kind)

    def save_file(self, parent, title, suggested, filters):
        self._record("save_file", title, suggested, filters)
        return self.save_path

    def about(self, parent, db_path):
        self._record("about", db_path)


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def qsettings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, dialogs, qsettings):
    """Build the real main window over an open store, with tasks run synchronously."""
    from woodrush_desktop.gui.context import AppContext
    from woodrush_desktop.gui.main_window import MainWindow
    from woodrush_desktop.gui.tasks import TaskRunner

    def build(store):
        context = AppContext(store, TaskRunner(synchronous=True))
        window = MainWindow(context, dialogs, qsettings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return build


@pytest.fixture
def window(make_window, store, school):
    return make_window(store)
