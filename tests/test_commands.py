import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from releases.management.commands.load_sample_content import SAMPLE_FOLDER
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


def test_the_sample_archive_is_one_a_newcomer_can_judge_the_site_by(settings):
    call_command("load_sample_content")
    published = Release.objects.published()
    assert published.count() >= 60
    assert {release.published_at.year for release in published} >= {2022, 2023, 2024}
    for language in ("kk", "ru", "en"):
        assert published.count() - published.missing_translation(language).count() >= 50
    assert published.missing_translation("en").exists() and published.missing_translation("kk").exists()
    assert published.filter(photo="").exists()
    assert published.filter(section__slug="chamber-news").count() > settings.RELEASES_PER_PAGE
    ashimbaev = Person.objects.get(slug="maulen-ashimbaev")
    assert ashimbaev.alternative_names and ashimbaev.terms.exists()
    assert published.filter(participants__person=ashimbaev).count() > settings.RELEASES_PER_PAGE
    assert Quote.objects.filter(speaker=ashimbaev).count() >= 10
    texts = [path.read_text(encoding="utf-8") for path in (SAMPLE_FOLDER / "legacy").glob("*.txt")]
    for opening_mark in ("«", "“", '"'):
        assert any(f"\n{opening_mark}" in text for text in texts), opening_mark
    for kind in ("Бюро", "Мажилис", "ратифи", "созыва", "пленарном заседании"):
        assert any(kind in text for text in texts), kind


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
