"""Writing a whole release as a press officer does, with as little typing and clicking as the form allows."""

import pytest
from django.contrib.auth.models import User

from releases.models import Quote

from ..factories import make_person, make_section
from .admin_pages import choose_person, log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_body(page, language, paragraphs):
    """Types the paragraphs into a language's body editor, pressing Enter between them."""
    editable = page.locator(f".body-editor:has(#id_body_{language}) [contenteditable]")
    editable.fill(paragraphs[0])
    for paragraph in paragraphs[1:]:
        editable.press("End")
        editable.press("Enter")
        page.keyboard.insert_text(paragraph)


def test_a_quote_is_placed_by_choosing_the_paragraph_it_follows_by_its_first_words(new_page):
    make_section()
    make_person()
    User.objects.create_superuser("admin", password="pw-for-tests")
    page = log_in(new_page, "admin")
    page.goto("/admin/releases/release/add/")
    show_language(page, "kk")
    page.fill("#id_title_kk", "Сенат отырысы")
    write_body(page, "kk", ["Бірінші абзац.", "Екінші абзац.", "Үшінші абзац."])
    show_language(page, "en")
    page.fill("#id_title_en", "Senate sitting")
    write_body(page, "en", ["The first paragraph, which is a long one.", "The second."])
    page.select_option("#id_section", label="Chamber news")
    page.click("text=Add another Quote")
    choose_person(page, page.locator("#quotes-0"), "Maulen Ashimbaev")
    page.fill("#id_quotes-0-text_en", "The law must be clear.")

    paragraph = page.get_by_label("Paragraph the quote follows")
    assert paragraph.locator("option").all_inner_texts() == [
        "Before the first paragraph",
        "1 — Бірінші абзац. — The first paragraph, which is a…",
        "2 — Екінші абзац. — The second.",
        "3 — Үшінші абзац.",
    ]
    paragraph.select_option(label="2 — Екінші абзац. — The second.")
    page.click("input[name=_continue]")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    assert Quote.objects.get().after_paragraph == 2
    # Opened again, the list shows the saved choice.
    assert page.get_by_label("Paragraph the quote follows").input_value() == "2"
