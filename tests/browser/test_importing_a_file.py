"""An editor imports a release written in Word: the add form opens filled in, the editor checks it and saves."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from releases.models import Release

from ..factories import make_person, make_section
from .admin_pages import log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_word_document_becomes_a_draft_the_editor_checks_and_saves(new_page, staff):
    make_section()
    make_person()
    make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Аида Балаева", name_kk="Аида Балаева")
    page = log_in(new_page, staff("aigerim", "Editors"))
    page.goto("/admin/releases/release/")
    page.click("text=Import from a file")
    page.set_input_files("#id_file", FIXTURES / "release.docx")
    page.click("text=Read the file")

    page.wait_for_url("**/admin/releases/release/add/?imported=*")
    expect(page.locator(".messagelist")).to_contain_text("“release.docx” is read into the form below.")
    show_language(page, "en")
    expect(page.locator("#id_title_en")).to_have_value(
        "The development of the creative industry was discussed by members of the Senate Experts Club"
    )
    body = page.locator(".body-editor:has(#id_body_en) [contenteditable]")
    expect(body.get_by_role("heading", name="Proposals of the experts")).to_be_visible()
    expect(body.get_by_role("link", name="the President's site")).to_be_visible()
    expect(page.locator("#participants-0 .select2-selection__rendered")).to_have_text("Maulen Ashimbaev")
    expect(page.locator("#participants-1 .select2-selection__rendered")).to_have_text("Aida Balaeva")
    expect(page.locator("#id_quotes-0-text_en")).to_have_value(
        "In the September Address, the President of the country set specific goals for the development of the "
        "creative industry in Kazakhstan. As part of this work, it is very important to build a productive dialogue "
        "between deputies, representatives of government institutions, the creative industry, as well as experts"
    )
    assert not Release.objects.exists()

    # The editor adds what a document cannot say, and corrects the title.
    page.select_option("#id_section", label="Chamber news")
    page.fill("#id_title_en", "Senate Experts Club discusses the creative industry")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/releases/release/")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    release = Release.objects.get()
    assert release.status == Release.Status.DRAFT
    assert release.title_en == "Senate Experts Club discusses the creative industry"
    assert timezone.localdate(release.published_at) == date(2023, 12, 6)
    assert release.lead_en.startswith("The meeting of the Club of Young Experts")
    for markup in ("<h2>Proposals of the experts</h2>", "<strong>significant component</strong>",
                   "<em>September Address</em>", "<li>media and cinema;</li>", 'href="https://www.akorda.kz/en"'):
        assert markup in release.body_en
    assert release.contact_line_en == "Press service of the Senate, 74-72-27"
    assert release.photo_credit_en == "N. Baybulin"
    assert [participant.person.name_en for participant in release.participants.all()] == [
        "Maulen Ashimbaev", "Aida Balaeva",
    ]
    assert [(quote.speaker.name_en, quote.after_paragraph) for quote in release.quotes.all()] == [
        ("Maulen Ashimbaev", 1), ("Maulen Ashimbaev", 5),
    ]
