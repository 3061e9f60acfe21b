import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from releases.models import Participant, Person, Quote, Release

pytestmark = pytest.mark.django_db


def test_sample_content_loads_once_in_three_languages_with_its_people_and_quotes():
    call_command("load_sample_content")
    counts = (Release.objects.count(), Person.objects.count(), Participant.objects.count(), Quote.objects.count())
    call_command("load_sample_content")
    assert (Release.objects.count(), Person.objects.count(), Participant.objects.count(), Quote.objects.count()) == counts

    real = Release.objects.get(title_en__startswith="The development of the creative industry")
    assert real.views == 258
    assert real.photo and real.photo_credit_en == "N. Baybulin"
    assert real.contact_line_en == "Press service of the Senate, 74-72-27"
    for language in ("kk", "ru", "en"):
        assert getattr(real, f"title_{language}") and getattr(real, f"body_{language}")
    assert real.quotes.filter(speaker__slug="maulen-ashimbaev").count() == 2
    assert real.participants.filter(person__slug="aida-balaeva").exists()


def test_every_sample_release_page_renders_in_every_language():
    call_command("load_sample_content")
    client = Client()
    for release in Release.objects.all():
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                url = release.get_absolute_url()
            assert client.get(url).status_code == 200, url


def test_generated_releases_are_complete_and_unique_in_every_language():
    call_command("generate_releases", 50, "--seed", "1")
    call_command("generate_releases", 50, "--seed", "1")
    assert Release.objects.published().count() == 100
    for language in ("kk", "ru", "en"):
        assert Release.objects.filter(**{f"title_{language}__gt": "", f"body_{language}__gt": ""}).count() == 100
        assert Release.objects.values(f"slug_{language}").distinct().count() == 100
    assert Participant.objects.count() == 300
    assert Quote.objects.count() == 100
