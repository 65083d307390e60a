"""The template settings page: checked as typed, saved, previewed, restored."""

from __future__ import annotations

import pytest

from woodrush_desktop.documents.templates import default_template
from woodrush_desktop.gui.letter_templates_page import LetterTemplatesPage
from woodrush_desktop.services.letters import template_is_edited, template_text


@pytest.fixture
def page(qtbot, store):
    asked = []

    def confirm(parent, title, text) -> bool:
        asked.append(title)
        return True

    widget = LetterTemplatesPage(store, confirm=confirm)
    widget.asked = asked
    qtbot.addWidget(widget)
    return widget


def test_an_unknown_placeholder_is_named_and_cannot_be_saved(page) -> None:
    page.editor.setPlainText("Subject: Hello {pupil_nickname}\n\nDear {salutation},")

    assert "unknown placeholder {pupil_nickname}" in page.problems.text()
    assert not page.save_button.isEnabled()
    assert not page.preview_button.isEnabled()


def test_save_preview_and_restore(page) -> None:
    page.editor.setPlainText("Subject: About {pupil_forename}\n\nDear {salutation},\n\nThank you.")
    assert page.save_button.isEnabled()

    page.show_preview()
    assert page.preview.page_count() == 1
    page.save()

    assert template_is_edited("concern")
    assert template_text("concern").startswith("Subject: About {pupil_forename}")
    assert page.state.text() == "Edited by the school"

    page.restore_default()

    assert page.asked == ["Restore default wording"]
    assert template_text("concern") == default_template("concern")
    assert page.text() == default_template("concern")
    assert page.state.text() == "Default wording"


def test_drafts_are_kept_when_switching_kind(page) -> None:
    page.editor.setPlainText("Subject: Draft\n\nDear {salutation},")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("early_help_plan"))
    assert page.text() == default_template("early_help_plan")

    page.kind_combo.setCurrentIndex(page.kind_combo.findData("concern"))

    assert page.text().startswith("Subject: Draft")
    assert page.has_unsaved_edits()


def test_every_default_previews(page) -> None:
    for index in range(page.kind_combo.count()):
        page.kind_combo.setCurrentIndex(index)
        page.show_preview()
        assert page.preview.page_count() >= 1, page.kind()
