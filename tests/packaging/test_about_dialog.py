"""The About dialog: the version, the data's whereabouts, the licences, and no modal wait."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from woodrush_desktop import __version__
from woodrush_desktop.gui.about_dialog import (
    LICENCE_TEXT_ROLE,
    AboutDialog,
    LicenceTableModel,
    application_icon,
)
from woodrush_desktop.licences import Licence, bundled_licences


@pytest.fixture
def opened_urls() -> list[QUrl]:
    return []


@pytest.fixture
def dialog(qtbot, db_path, opened_urls):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    about = AboutDialog(None, db_path, open_url=opened_urls.append)
    qtbot.addWidget(about)
    return about


def test_the_licence_model_passes_the_model_tester(qtmodeltester):
    model = LicenceTableModel(bundled_licences())

    qtmodeltester.check(model)


def test_it_shows_the_version_from_the_package_metadata(dialog):
    assert __version__ != "0.0.0+source"  # the project is installed, so metadata exists
    assert dialog.version_label.text() == f"Version {__version__}"


def test_it_says_where_the_database_and_the_log_live(dialog, db_path):
    assert dialog.db_label.text() == str(db_path)
    assert dialog.log_label.text() == str(dialog.log_folder)
    assert "logs" in dialog.log_folder.parts  # the conftest's isolated log folder


def test_show_folder_opens_the_database_folder_through_the_seam(dialog, db_path, opened_urls):
    dialog.show_db_button.click()

    assert [url.toLocalFile() for url in opened_urls] == [str(db_path.parent)]


def test_a_folder_that_does_not_exist_yet_cannot_be_opened(qtbot, tmp_path):
    about = AboutDialog(None, tmp_path / "not-yet" / "woodrush.db", open_url=lambda url: None)
    qtbot.addWidget(about)

    assert not about.show_db_button.isEnabled()


def test_every_bundled_component_is_listed_with_its_full_text(dialog):
    model = dialog.licence_model
    names = [model.index(row, model.COMPONENT).data() for row in range(model.rowCount())]
    licences = [model.index(row, model.LICENCE).data() for row in range(model.rowCount())]

    assert any(name.startswith("Noto Sans") for name in names)
    assert "PySide6_Essentials" in names or "PySide6-Essentials" in names
    assert "reportlab" in names
    assert any("LGPL-3.0" in licence for licence in licences)
    assert all(model.index(row, 0).data(LICENCE_TEXT_ROLE) for row in range(model.rowCount()))


def test_choosing_a_component_shows_its_licence_text(qtbot, db_path):
    licences = [
        Licence("Alpha", "1.0", "MIT", None, "Alpha's permission notice"),
        Licence("Beta", "2.0", "BSD-3-Clause", "https://example.org", "Beta's three clauses"),
    ]
    about = AboutDialog(None, db_path, licences=licences, open_url=lambda url: None)
    qtbot.addWidget(about)
    assert "Alpha's permission notice" in about.licence_text.toPlainText()

    about.licence_view.selectRow(1)

    shown = about.licence_text.toPlainText()
    assert shown.startswith("Beta 2.0: BSD-3-Clause")
    assert "https://example.org" in shown
    assert "Beta's three clauses" in shown


def test_the_application_icon_has_every_size(qapp):
    icon = application_icon()

    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


# The offscreen platform cannot pass size hints to a window manager it does not have.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_dialog_renders(dialog, qtbot, tmp_path):
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.grab().save(str(tmp_path / "about.png"))
