"""Writing a whole release as a press officer does, with as little typing and clicking as the form allows."""

import pytest
from playwright.sync_api import expect
from django.contrib.auth.models import User

from releases.illustrations import parliament_illustration
from releases.models import PressServiceDefaults, Quote, Release

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
    # Opened again, the list shows the saved choice (below it, an empty row for another quote).
    assert page.get_by_label("Paragraph the quote follows").first.input_value() == "2"


# What the browser receives from the press officer, counted in every window of the context (the
# "add a person" popup too): a click is a press of the mouse button (select2 takes its choice on the
# press, before any "click" event); choosing in a list, or a file, takes two (open it, pick); a typed
# field is each field typed into, however long the text. Moving into a field to type is not counted.
COUNT_ACTIONS = """
    const typed = new WeakSet();
    document.addEventListener('mousedown', (event) => {
        if (event.isTrusted) window.countAction('clicks', 1);
    }, true);
    document.addEventListener('input', (event) => {
        const field = event.target;
        if (field.tagName === 'SELECT' || field.type === 'file') {
            window.countAction('clicks', 2);
        } else if (event.isTrusted && !typed.has(field)) {
            typed.add(field);
            window.countAction('typed fields', 1);
        }
    }, true);
"""

PRESS_SERVICE = {
    "kk": "ҚР Парламенті Сенатының баспасөз қызметі, 74-72-27",
    "ru": "Пресс-служба Сената Парламента РК, 74-72-27",
    "en": "Press service of the Senate of the Parliament, 74-72-27",
}
RELEASE = {
    "en": {
        "title": "Creative industry discussed at the Senate",
        "lead": "The Young Experts Club met at the Senate.",
        "body": ["The Young Experts Club met at the Senate.", "Speakers discussed the creative industry.",
                 "A road map was adopted."],
        "photo_alt": "Participants at a round table", "photo_credit": "N. Baybulin",
        "quotes": ["Creative people need practical steps.", "The law must be clear."],
    },
    "ru": {
        "title": "В Сенате обсудили креативную индустрию",
        "lead": "В Сенате прошло заседание Клуба молодых экспертов.",
        "body": ["В Сенате прошло заседание Клуба молодых экспертов.", "Обсуждалась креативная индустрия.",
                 "Принята дорожная карта."],
        "photo_alt": "Участники за круглым столом", "photo_credit": "Н. Байбулин",
        "quotes": ["Креативным людям нужны практические шаги.", "Закон должен быть ясным."],
    },
    "kk": {
        "title": "Сенатта шығармашылық индустрия талқыланды",
        "lead": "Сенатта Жас сарапшылар клубының отырысы өтті.",
        "body": ["Сенатта Жас сарапшылар клубының отырысы өтті.", "Шығармашылық индустрия талқыланды.",
                 "Жол картасы қабылданды."],
        "photo_alt": "Дөңгелек үстел басындағы қатысушылар", "photo_credit": "Н. Байбулин",
        "quotes": ["Шығармашыл адамдарға нақты қадамдар керек.", "Заң түсінікті болуы керек."],
    },
}


def test_a_complete_trilingual_release_with_two_quotes_and_three_participants_takes_at_most_40_clicks(
    new_page, staff,
):
    make_section()
    make_person()
    make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Айда Балаева", name_kk="Айда Балаева")
    PressServiceDefaults.objects.create(**{f"contact_line_{code}": line for code, line in PRESS_SERVICE.items()})
    page = log_in(new_page, staff("aigerim", "Editors"))
    counts = {"clicks": 0, "typed fields": 0}
    page.context.expose_binding("countAction", lambda _source, kind, number: counts.update({kind: counts[kind] + number}))
    page.context.add_init_script(COUNT_ACTIONS)
    page.goto("/admin/releases/release/add/")

    page.check("#languages-side-by-side")
    page.select_option("#id_section", label="Chamber news")
    page.select_option("#id_status", label="Ready for review")
    page.set_input_files("#id_photo", {
        "name": "round-table.jpg", "mimeType": "image/jpeg", "buffer": parliament_illustration(seed=2),
    })
    # The form opens with one empty row of participants and one of quotes.
    for number, name in enumerate(["Maulen Ashimbaev", "Aida Balaeva"]):
        if number:
            page.click("text=Add another Participant")
        choose_person(page, page.locator(f"#participants-{number}"), name)
    # Someone new: added from the participant's row, without leaving the release.
    page.click("text=Add another Participant")
    with page.expect_popup() as opening:
        page.click("#add_id_participants-2-person")
    popup = opening.value
    popup.fill("#id_name_kk", "Ерлан Сапаров")
    popup.fill("#id_name_ru", "Ерлан Сапаров")
    popup.fill("#id_name_en", "Yerlan Saparov")
    popup.click("input[name=_save]")
    page.locator("#participants-2 .select2-selection__rendered", has_text="Yerlan Saparov").wait_for()
    for number, speaker in enumerate(["Maulen Ashimbaev", "Yerlan Saparov"]):
        if number:
            page.click("text=Add another Quote")
        choose_person(page, page.locator(f"#quotes-{number}"), speaker)

    # With the languages side by side, all three are written without switching.
    for language, text in RELEASE.items():
        page.fill(f"#id_title_{language}", text["title"])
        page.fill(f"#id_lead_{language}", text["lead"])
        write_body(page, language, text["body"])
        page.fill(f"#id_photo_alt_{language}", text["photo_alt"])
        page.fill(f"#id_photo_credit_{language}", text["photo_credit"])
        for number, quote in enumerate(text["quotes"]):
            page.fill(f"#id_quotes-{number}-text_{language}", quote)
    paragraphs = page.get_by_label("Paragraph the quote follows")
    paragraphs.nth(0).select_option("1")
    paragraphs.nth(1).select_option("2")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/releases/release/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    release = Release.objects.get()
    assert all(release.is_complete_in(code) for code in RELEASE)
    assert {code: getattr(release, f"contact_line_{code}") for code in PRESS_SERVICE} == PRESS_SERVICE
    assert release.photo and release.photo_credit_kk == "Н. Байбулин"
    assert [participant.person.slug for participant in release.participants.all()] == [
        "maulen-ashimbaev", "aida-balaeva", "yerlan-saparov",
    ]
    assert [(quote.after_paragraph, quote.text_ru) for quote in release.quotes.all()] == [
        (1, "Креативным людям нужны практические шаги."), (2, "Закон должен быть ясным."),
    ]
    # The next release opens with the languages side by side again.
    page.goto("/admin/releases/release/add/")
    expect(page.locator("#id_title_ru")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_visible()
    print(f"\nA complete trilingual release: {counts['clicks']} clicks, {counts['typed fields']} typed fields.")
    assert counts["clicks"] <= 40
