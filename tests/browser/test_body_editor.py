"""Writing a release body in the editor: toolbar formatting and a paste from Word reach the database clean."""

import pytest
from django.contrib.auth.models import User

from releases.models import Release

from ..factories import make_section
from .admin_pages import log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD_PASTE = (
    '<p class="MsoNormal" style="color:red">Hello <span style="font-weight:bold">there</span><o:p></o:p></p>'
    "<script>alert(1)</script>"
)


def test_toolbar_formatting_and_a_word_paste_are_saved_clean(new_page):
    make_section()
    User.objects.create_superuser("admin", password="pw-for-tests")
    page = log_in(new_page, "admin")
    page.goto("/admin/releases/release/add/")
    assert not page.locator("#id_body_en").is_visible()
    show_language(page, "kk")
    page.fill("#id_title_kk", "Сенат отырысы")  # the default language's title is required
    show_language(page, "en")
    page.fill("#id_title_en", "Senate sitting")
    editor = page.locator(".body-editor:has(#id_body_en)")
    button = editor.get_by_role("button")

    editor.locator("[contenteditable]").click()
    bold = button.filter(has_text="Bold")
    bold.click()
    page.keyboard.type("Senate")
    assert bold.get_attribute("aria-pressed") == "true"
    bold.click()
    page.keyboard.type(" adopted the law.")
    page.keyboard.press("Enter")
    button.filter(has_text="Bulleted list").click()
    page.keyboard.type("First reading")
    page.keyboard.press("Enter")
    page.keyboard.type("Second reading")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    editor.locator("[contenteditable]").evaluate(
        """(area, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_PASTE,
    )
    page.select_option("#id_section", label="Chamber news")
    page.click("input[name=_save]")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    body = Release.objects.get().body_en
    assert "<strong>Senate</strong>" in body
    assert "<ul><li>First reading</li><li>Second reading</li></ul>" in body
    assert "Hello" in body
    for foreign in ("style", "class", "script", "span", "o:p"):
        assert foreign not in body
