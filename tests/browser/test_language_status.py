"""The language chooser beside the release form's heading says which languages are complete and which have errors."""

import pytest
from playwright.sync_api import expect

from ..factories import make_section
from .admin_pages import log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chooser(page):
    options = page.locator("#modeltranslation-main-switch option")
    expect(options.first).to_contain_text(" — ")  # labelled once the page's scripts have run
    return options.all_inner_texts()


def test_each_language_says_whether_it_is_complete_or_has_errors(new_page, staff):
    make_section()
    editor = log_in(new_page, staff("aigerim", "Editors"))
    editor.goto("/admin/releases/release/add/")
    assert chooser(editor) == ["kk — not complete", "ru — not complete", "en — not complete"]

    show_language(editor, "en")
    editor.fill("#id_title_en", "Senate sitting")
    assert chooser(editor)[2] == "en — not complete"  # a title without its body
    editor.fill(".body-editor:has(#id_body_en) [contenteditable]", "The Senate met.")
    assert chooser(editor) == ["kk — not complete", "ru — not complete", "en — complete"]

    show_language(editor, "ru")
    editor.fill("#id_title_ru", "Заседание Сената")
    editor.fill("#id_slug_ru", "не слаг!")
    editor.click("input[name=_continue]")
    expect(editor.locator(".errornote")).to_be_visible()
    assert chooser(editor) == ["kk — not complete", "ru — has errors", "en — complete"]
