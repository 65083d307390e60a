"""The settings page for letter wording: edit a template, check it, preview it, restore it.

Every edit is checked as it is typed, so an unknown placeholder is named (with its line)
before it can be saved, and never reaches a printed letter. The preview prints the wording
for a made-up pupil.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from woodrush_desktop.documents.templates import BLOCKS, TemplateError, check_template
from woodrush_desktop.gui.pdf_preview import PdfPreview
from woodrush_desktop.services.letters import (
    list_kinds,
    restore_default_template,
    sample_letter_pdf,
    save_template,
    template_is_edited,
    template_text,
)
from woodrush_desktop.store.database import DatabaseError, Store

log = logging.getLogger(__name__)

Confirm = Callable[[QWidget, str, str], bool]
ERROR_STYLE = "color: #B00020;"


def _ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class LetterTemplatesPage(QWidget):
    """One template at a time; drafts of other kinds are kept until saved or the page closes."""

    def __init__(
        self, store: Store, parent: QWidget | None = None, confirm: Confirm | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.confirm = confirm or _ask
        self._drafts: dict[str, str] = {}
        self._current: str | None = None

        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Letter template to edit")
        for spec in list_kinds():
            self.kind_combo.addItem(spec.label, spec.key)
        self.state = QLabel(self)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("Wording of the letter")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.RichText)
        help_scroll = QScrollArea(self)
        help_scroll.setWidget(self.help)
        help_scroll.setWidgetResizable(True)
        self.preview = PdfPreview(
            self, "Press Preview to see the wording printed for a made-up pupil."
        )
        self.preview_button = QPushButton("&Preview", self)
        self.save_button = QPushButton("&Save wording", self)
        self.restore_button = QPushButton("&Restore default", self)

        top = QHBoxLayout()
        top.addWidget(QLabel("&Template:", self, buddy=self.kind_combo))
        top.addWidget(self.kind_combo, 1)
        top.addWidget(self.state)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        note = QLabel("The wording is saved with Save wording, on its own.", self)
        note.setWordWrap(True)
        buttons.addWidget(note, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.save_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.editor, 3)
        left_layout.addWidget(self.problems)
        left_layout.addWidget(help_scroll, 2)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.kind_combo.currentIndexChanged.connect(self._show_kind)
        self.editor.textChanged.connect(self._check)
        self.preview_button.clicked.connect(self.show_preview)
        self.save_button.clicked.connect(self.save)
        self.restore_button.clicked.connect(self.restore_default)
        self._show_kind()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def text(self) -> str:
        return self.editor.toPlainText()

    def has_unsaved_edits(self) -> bool:
        self._keep_draft()
        return any(text != template_text(kind) for kind, text in self._drafts.items())

    def _keep_draft(self) -> None:
        if self._current is not None:
            self._drafts[self._current] = self.text()

    def _show_kind(self) -> None:
        self._keep_draft()
        kind = self.kind()
        self._current = None  # no draft is kept while the editor is being refilled
        self.editor.setPlainText(self._drafts.get(kind, template_text(kind)))
        self._current = kind
        self.help.setText(_help_text(kind))
        self.preview.clear()
        self._check()

    def _check(self) -> None:
        problems = check_template(self.kind(), self.text())
        if problems:
            self.problems.setStyleSheet(ERROR_STYLE)
            self.problems.setText("This wording cannot print: " + "; ".join(problems) + ".")
        else:
            self.problems.setStyleSheet("")
            self.problems.setText("The wording can print.")
        self.save_button.setEnabled(not problems and self.text() != template_text(self.kind()))
        self.preview_button.setEnabled(not problems)
        self.state.setText(
            "Edited by the school" if template_is_edited(self.kind()) else "Default wording"
        )

    def show_preview(self) -> None:
        try:
            pdf = sample_letter_pdf(self.kind(), self.text())
        except TemplateError as error:
            self.problems.setStyleSheet(ERROR_STYLE)
            self.problems.setText("This wording cannot print: " + "; ".join(error.problems) + ".")
            return
        self.preview.set_pdf(pdf)

    def save(self) -> None:
        try:
            save_template(self.store, self.kind(), self.text())
        except TemplateError as error:
            self.problems.setStyleSheet(ERROR_STYLE)
            self.problems.setText("Not saved: " + "; ".join(error.problems) + ".")
            return
        except DatabaseError as error:
            self.problems.setStyleSheet(ERROR_STYLE)
            self.problems.setText(f"Not saved: {error}")
            return
        self._drafts.pop(self.kind(), None)
        self.problems.setText("Saved: new letters use this wording.")
        self._check()

    def restore_default(self) -> None:
        kind = self.kind()
        if template_is_edited(kind) and not self.confirm(
            self,
            "Restore default wording",
            "Replace the school's wording of this letter with the wording shipped with the "
            "program? The school's edits are lost; letters already printed are not changed.",
        ):
            return
        try:
            restore_default_template(self.store, kind)
        except DatabaseError as error:
            self.problems.setStyleSheet(ERROR_STYLE)
            self.problems.setText(f"Not restored: {error}")
            return
        self._drafts.pop(kind, None)
        self._current = None
        self.editor.setPlainText(template_text(kind))
        self._current = kind
        self._check()


def _help_text(kind_key: str) -> str:
    spec = next(spec for spec in list_kinds() if spec.key == kind_key)
    fields = "".join(
        f"<tr><td><code>{{{html.escape(name)}}}</code></td><td>{html.escape(meaning)}</td></tr>"
        for name, meaning in spec.fields.items()
    )
    blocks = "".join(
        f"<tr><td><code>[{html.escape(name)}]</code></td><td>{html.escape(BLOCKS[name])}</td></tr>"
        for name in sorted(spec.blocks)
    )
    return (
        f"<p><b>{html.escape(spec.label)}</b>: {html.escape(spec.description)}</p>"
        "<p>Start with <code>Subject:</code> (letters) or <code>Title:</code> (forms). A blank "
        "line starts a new paragraph; <code>## </code> a heading, <code>- </code> a bullet, "
        "<code>[ ] </code> a tick box, <code>**bold**</code>; lines starting <code>//</code> "
        "are notes that never print.</p>"
        f"<p><b>Placeholders</b></p><table cellspacing='4'>{fields}</table>"
        f"<p><b>Blocks</b> (on a line of their own)</p><table cellspacing='4'>{blocks}</table>"
    )
