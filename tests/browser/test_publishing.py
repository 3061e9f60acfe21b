"""A press officer's day in the admin: write, preview, schedule; and the refusals they meet."""

from datetime import timedelta

import pytest
from django.utils import timezone

from releases.models import Release

from ..factories import make_person, make_release, make_section
from .admin_pages import choose_person, log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_writes_a_publisher_schedules_and_it_appears_at_its_time(new_page, staff, monkeypatch):
    make_section()
    make_person()
    make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Айда Балаева", name_kk="Айда Балаева")

    editor = log_in(new_page, staff("aigerim", "Editors"))
    editor.goto("/admin/releases/release/add/")
    assert editor.locator("#id_status option").all_inner_texts() == ["Draft", "Ready for review"]
    titles = {"kk": "Сенат отырысы өтті", "ru": "Заседание Сената", "en": "Senate sitting"}
    for language, title in titles.items():
        show_language(editor, language)
        editor.fill(f"#id_title_{language}", title)
        editor.fill(f".body-editor:has(#id_body_{language}) [contenteditable]", f"{title}.")
    assert [editor.input_value(f"#id_slug_{language}") for language in titles] == [
        "senat-otyrysy-otti", "zasedanie-senata", "senate-sitting"
    ]
    editor.select_option("#id_section", label="Chamber news")
    for number, name in enumerate(["Maulen Ashimbaev", "Aida Balaeva"]):
        editor.click("text=Add another Participant")
        choose_person(editor, editor.locator(f"#participants-{number}"), name)
        editor.fill(f"#id_participants-{number}-position", str(number))
    editor.click("text=Add another Quote")
    choose_person(editor, editor.locator("#quotes-0"), "Maulen Ashimbaev")
    for language, quote in {"kk": "Заң түсінікті болуы керек.", "ru": "Закон должен быть ясным.",
                            "en": "The law must be clear."}.items():
        show_language(editor, language)
        editor.fill(f"#id_quotes-0-text_{language}", quote)
    editor.click("input[name=_continue]")
    assert "was added successfully" in editor.locator(".messagelist").inner_text()

    editor.click(".field-preview_links a:text('English')")
    assert editor.locator("h1").inner_text() == "Senate sitting"
    assert "Preview:" in editor.locator(".notice").inner_text()
    assert "The law must be clear." in editor.content()
    assert editor.locator(".participants li").count() == 2

    release = Release.objects.get()
    publisher = log_in(new_page, staff("daniyar", "Publishers"))
    publisher.goto(f"/admin/releases/release/{release.pk}/change/")
    soon = timezone.localtime() + timedelta(hours=1)
    publisher.select_option("#id_status", "published")
    publisher.fill("#id_published_at_0", soon.strftime("%Y-%m-%d"))
    publisher.fill("#id_published_at_1", soon.strftime("%H:%M:%S"))
    publisher.click("input[name=_save]")
    assert "Scheduled for" in publisher.locator("#result_list").inner_text()

    reader = new_page(locale="en-GB")
    assert reader.goto("/en/releases/senate-sitting/").status == 404
    # The live server runs in this process: move its clock past the scheduled time instead of waiting.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=1, minutes=1))
    reader.goto("/en/")
    assert "Senate sitting" in reader.locator("main").inner_text()
    assert reader.goto("/en/releases/senate-sitting/").status == 200


def test_an_editor_meets_clear_refusals(new_page, staff):
    draft = make_release(title="Budget", status=Release.Status.DRAFT)
    change = f"/admin/releases/release/{draft.pk}/change/"
    first, second = log_in(new_page, staff("aigerim", "Editors")), log_in(new_page, staff("marat", "Editors"))
    first.goto(change)
    second.goto(change)

    # Publishing is not offered; a status forced into the page is refused with a reason.
    first.locator("#id_status").evaluate("select => select.add(new Option('Published', 'published', true, true))")
    first.click("input[name=_continue]")
    assert "Only publishers can publish" in first.locator(".errorlist").inner_text()

    # The second editor saves first; the first editor, who changed the same title, is asked whose to keep.
    show_language(second, "en")
    second.fill("#id_title_en", "Budget, second reading")
    second.click("input[name=_save]")
    show_language(first, "en")
    first.select_option("#id_status", "draft")
    first.fill("#id_title_en", "Budget: the Senate's amendments")
    first.click("input[name=_continue]")
    error = first.locator(".errorlist.nonfield").inner_text()
    assert "Marat saved changes after you opened this form" in error
    assert "Both of you changed Title [en]" in first.locator(".merge-panel").inner_text()
    assert first.input_value("#id_title_en") == "Budget: the Senate's amendments"
    draft.refresh_from_db()
    assert draft.title_en == "Budget, second reading"
