"""Loading the Qt Designer forms in `ui/` at run time (no generated Python is committed)."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from woodrush_desktop.paths import ui_dir


class FormError(RuntimeError):
    """A form file is missing or broken: a packaging bug, not something the user did."""


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of `ui/<name>.ui`; children are found with `findChild`."""
    path = ui_dir() / f"{name}.ui"
    form_file = QFile(str(path))
    if not form_file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FormError(f"cannot open the form {path}: {form_file.errorString()}")
    try:
        widget = QUiLoader().load(form_file, parent)
    finally:
        form_file.close()
    if widget is None:
        raise FormError(f"the form {path} could not be built")
    return widget


def child(form: QWidget, kind: type, name: str):
    """A named child of a form, or a FormError naming what is missing."""
    found = form.findChild(kind, name)
    if found is None:
        raise FormError(f"the form has no {kind.__name__} called {name!r}")
    return found
