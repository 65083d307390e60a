"""The licences the application lists: every library it needs, each with terms and a text."""

from __future__ import annotations

from importlib import metadata

from woodrush_desktop.licences import (
    bundled_licences,
    describe_licence,
    licence_texts_dir,
    required_distributions,
)


def _by_name() -> dict[str, object]:
    return {licence.component.lower().replace("_", "-"): licence for licence in bundled_licences()}


def test_every_runtime_dependency_is_listed_and_no_development_tool_is():
    names = {dist.metadata["Name"].lower().replace("_", "-") for dist in required_distributions()}

    for needed in (
        "pyside6-essentials",
        "pyside6-pdf",
        "shiboken6",
        "reportlab",
        "openpyxl",
        "peewee",
        "python-calamine",
        "platformdirs",
        "filelock",
    ):
        assert needed in names
    for tool in ("pytest", "ruff", "pyinstaller", "hypothesis", "import-linter"):
        assert tool not in names


def test_each_library_names_its_terms_as_its_metadata_does():
    listed = _by_name()

    assert "LGPL-3.0" in listed["pyside6-essentials"].licence
    assert "LGPL-3.0" in listed["pyside6-pdf"].licence
    assert "BSD" in listed["reportlab"].licence
    assert listed["openpyxl"].licence == "MIT"
    assert listed["python-calamine"].licence == "MIT"
    assert listed["platformdirs"].licence == "MIT"
    assert listed["peewee"].licence == "MIT"  # only its licence file says so
    assert listed["filelock"].licence == describe_licence(metadata.distribution("filelock"))


def test_every_component_carries_its_full_text():
    for licence in bundled_licences():
        assert licence.text, licence.component
        assert len(licence.text) > 500, licence.component


def test_qt_is_shipped_with_both_the_lgpl_and_the_gpl_it_builds_on():
    qt = _by_name()["pyside6-essentials"]

    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt.text
    assert "Version 3, 29 June 2007" in qt.text
    assert "GNU GENERAL PUBLIC LICENSE" in qt.text
    assert (licence_texts_dir() / "LGPL-3.0.txt").is_file()


def test_the_font_and_python_come_first_with_their_own_terms():
    first, second, *_ = bundled_licences()

    assert first.licence == "OFL-1.1"
    assert "SIL OPEN FONT LICENSE" in first.text.upper()
    assert second.component == "Python"
    assert second.licence == "PSF-2.0"
