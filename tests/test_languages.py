"""A release in one, two or three languages: any complete one is enough to save and publish."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from releases.models import Person, Quote, Release, Section

from .factories import make_person, make_section

pytestmark = pytest.mark.django_db

ADD = "/admin/releases/release/add/"


@pytest.fixture
def publisher():
    user = User.objects.create_superuser("daniyar", password="pw")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def posted(languages, status=Release.Status.PUBLISHED, quotes=(), **changes):
    """The add form as an editor fills it in, written in the given languages only."""
    now = timezone.localtime()
    data = {
        "section": (Section.objects.first() or make_section()).pk, "status": status,
        "published_at_0": now.strftime("%Y-%m-%d"), "published_at_1": now.strftime("%H:%M:%S"),
        "initial-published_at_0": now.strftime("%Y-%m-%d"), "initial-published_at_1": now.strftime("%H:%M:%S"),
        "version": 0,
        "participants-TOTAL_FORMS": 0, "participants-INITIAL_FORMS": 0,
        "quotes-TOTAL_FORMS": len(quotes), "quotes-INITIAL_FORMS": 0,
    }
    for code in ("kk", "ru", "en"):
        written = code in languages
        data[f"title_{code}"] = f"Session of the Senate {code}" if written else ""
        data[f"lead_{code}"] = f"Lead {code}" if written else ""
        data[f"body_{code}"] = f"<p>Body {code}.</p>" if written else ""
    for number, quote in enumerate(quotes):
        data.update({f"quotes-{number}-{field}": value for field, value in quote.items()})
        data[f"quotes-{number}-after_paragraph"] = 1
        data[f"quotes-{number}-position"] = 0
    data.update(changes)
    return data


def errors(response):
    assert response.status_code == 200, "the form was expected to refuse"
    return {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}


@pytest.mark.parametrize("languages", [
    ("en",), ("ru",), ("kk",), ("ru", "en"), ("kk", "en"), ("kk", "ru"), ("kk", "ru", "en"),
])
def test_a_release_in_any_languages_is_saved_and_published(publisher, client, languages):
    response = publisher.post(ADD, posted(languages))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    release = Release.objects.get()
    assert release.status == Release.Status.PUBLISHED
    assert [code for code in ("kk", "ru", "en") if release.is_complete_in(code)] == list(languages)
    for reader in ("kk", "ru", "en"):
        with translation.override(reader):
            page, shown_in = client.get(release.get_absolute_url()), release.content_language
        assert page.status_code == 200
        html = page.content.decode()
        assert shown_in == reader if reader in languages else shown_in in languages
        assert f"Session of the Senate {shown_in}</h1>" in html
        assert ('class="fallback-note"' in html) == (reader not in languages)


def test_an_english_only_release_is_found_in_lists_of_every_language(client):
    Release.objects.create(
        section=make_section(), status=Release.Status.PUBLISHED, published_at=timezone.now(),
        title_en="Only in English", body_en="<p>Text.</p>",
    )
    for reader in ("kk", "ru", "en"):
        assert "Only in English" in client.get(f"/{reader}/").content.decode()


def test_a_release_with_no_title_at_all_names_the_field_and_languages(publisher):
    found = errors(publisher.post(ADD, posted((), status=Release.Status.DRAFT)))
    assert found == {"title_kk": ["Title: write it in at least one language, Kazakh, Russian or English."]}


def test_text_without_a_title_in_a_language_names_that_language(publisher):
    found = errors(publisher.post(ADD, posted(("ru",), title_en="", lead_en="Lead en", body_en="<p>Body en.</p>")))
    assert found == {
        "title_en": [
            "Title (English): write it, or clear the lead and the body in this language: without a title they are "
            "not shown."
        ]
    }


def test_publishing_needs_one_language_with_title_and_body(publisher):
    found = errors(publisher.post(ADD, posted(("en",), body_en="", lead_en="")))
    assert found == {
        "body_en": [
            "Body (English): write it to publish; a published release needs the title and the body in at least "
            "one language."
        ]
    }
    draft = publisher.post(ADD, posted(("en",), status=Release.Status.DRAFT, body_en="", lead_en=""))
    assert draft.status_code == 302


def test_the_error_is_in_the_editors_language(publisher):
    publisher.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    found = errors(publisher.post(ADD, posted(("kk",), title_en="", body_en="<p>Текст.</p>")))
    assert found["title_en"] == [
        "Заголовок (Английский): напишите его или очистите лид и текст на этом языке: без заголовка они не "
        "показываются."
    ]


def test_a_quote_in_english_only_is_saved_with_an_english_only_release(publisher):
    speaker = make_person()
    response = publisher.post(ADD, posted(("en",), quotes=[{"speaker": speaker.pk, "text_en": "“Ready,” he said."}]))
    assert response.status_code == 302
    assert Quote.objects.get().text_en == "Ready"


def test_a_quote_with_no_text_in_any_language_is_refused_by_name(publisher):
    speaker = make_person()
    response = publisher.post(ADD, posted(("en",), quotes=[{"speaker": speaker.pk}]))
    assert response.status_code == 200
    formset = next(inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "quotes")
    assert formset.formset.errors[0] == {
        "text_kk": ["Text: write the quote in at least one language, Kazakh, Russian or English."]
    }
    assert not Release.objects.exists()


def test_a_person_known_only_by_an_english_name_can_be_added(publisher):
    response = publisher.post("/admin/releases/person/add/", {"name_en": "Aida Balaeva", "slug": "aida-balaeva"})
    assert response.status_code == 302
    assert Person.objects.get().name_en == "Aida Balaeva"
