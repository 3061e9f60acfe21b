"""Quotes and photo credits as editors paste them from real releases, and as readers then see them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from releases.models import Quote, Release
from releases.text import clean_credit, normalise_quote

from .factories import add_quote, make_person, make_release

SAID = "Мы готовы к диалогу"


@pytest.mark.parametrize("pasted, language", [
    ("«Мы готовы к диалогу»", "ru"),
    ("«Мы готовы к диалогу», – подчеркнул Председатель Палаты.", "ru"),
    ("«Мы готовы к диалогу»,–подчеркнул Председатель Палаты", "ru"),
    ("«Мы готовы к диалогу» — отметил Маулен Ашимбаев.", "ru"),
    ('"Мы готовы к диалогу"', "ru"),
    ('"Мы готовы к диалогу", - подчеркнул он.', "ru"),
    ("“Мы готовы к диалогу”", "ru"),
    ("„Мы готовы к диалогу“", "ru"),
    ("'Мы готовы к диалогу'", "ru"),
    ("  «Мы готовы к диалогу»  ", "ru"),
    ("«Мы готовы к диалогу", "ru"),  # the closing mark lost in pasting
    ("«« Мы готовы к диалогу», – подчеркнул Председатель Палаты.»", "ru"),  # what the old page showed
    ("Мы готовы к диалогу", "ru"),
])
def test_a_quote_loses_whatever_outer_marks_and_attribution_it_was_pasted_with(pasted, language):
    assert normalise_quote(pasted, language) == SAID


@pytest.mark.parametrize("pasted", [
    "“We need practical steps,” said the Chairman of the Chamber.",
    '"We need practical steps"',
    "‘We need practical steps’",
    "«We need practical steps», – noted Maulen Ashimbaev.",
])
def test_an_english_quote_loses_its_marks_and_attribution(pasted):
    assert normalise_quote(pasted, "en") == "We need practical steps"


@pytest.mark.parametrize("pasted", [
    "«Біз «Жасыл экономика» бағдарламасын қолдаймыз», – деді Палата Төрағасы.",
    "«Біз “Жасыл экономика” бағдарламасын қолдаймыз»",
    "“Біз \"Жасыл экономика\" бағдарламасын қолдаймыз”",
    "Біз „Жасыл экономика“ бағдарламасын қолдаймыз",
])
def test_quotes_within_a_quote_are_kept_as_the_languages_inner_marks(pasted):
    assert normalise_quote(pasted, "kk") == "Біз „Жасыл экономика“ бағдарламасын қолдаймыз"


def test_an_english_quote_within_a_quote_gets_single_marks_and_apostrophes_stay():
    pasted = "“The sector’s share is low, and the «synchronization of watches» starts today.”"
    assert normalise_quote(pasted, "en") == "The sector’s share is low, and the ‘synchronization of watches’ starts today."


@pytest.mark.parametrize("text, language, kept", [
    # Open with a quoted name, not a quote of the whole: the marks stay, as inner marks.
    ("«Жасыл экономика» бағдарламасы маңызды", "kk", "„Жасыл экономика“ бағдарламасы маңызды"),
    ("“Green economy” is what he called it.", "en", "‘Green economy’ is what he called it."),
])
def test_text_that_only_begins_with_a_quoted_name_keeps_its_marks(text, language, kept):
    assert normalise_quote(text, language) == kept


@pytest.mark.parametrize("typed, name", [
    ("Photo by E. Ukibayev", "E. Ukibayev"),
    ("Photo: E. Ukibayev", "E. Ukibayev"),
    ("photo by - N. Baybulin", "N. Baybulin"),
    ("(Photo by N. Baybulin)", "N. Baybulin"),
    ("Фото Е. Укибаев", "Е. Укибаев"),
    ("Фото: Е. Укибаев", "Е. Укибаев"),
    ("ФОТО – Е. Укибаев", "Е. Укибаев"),
    ("Суретті түсірген Е. Үкібаев", "Е. Үкібаев"),
    ("Суретті түсірген: Е. Үкібаев", "Е. Үкібаев"),
    ("Сурет: Е. Үкібаев", "Е. Үкібаев"),
    ("E. Ukibayev", "E. Ukibayev"),
    ("Фотоагентство Kazinform", "Фотоагентство Kazinform"),  # a word that only starts like "Фото"
])
def test_a_credit_keeps_the_photographers_name_alone(typed, name):
    assert clean_credit(typed) == name


@pytest.mark.django_db
class TestOnThePage:
    def quote_on_page(self, client, language, **texts):
        release = make_release()
        add_quote(release, make_person(), **texts)
        with translation.override(language):
            html = client.get(release.get_absolute_url()).content.decode()
        return html[html.index("<blockquote"):html.index("</blockquote>") + len("</blockquote>")]

    def test_a_pasted_russian_quote_is_shown_with_one_pair_of_russian_marks(self, client):
        blockquote = self.quote_on_page(
            client, "ru", text_ru="«Мы готовы к диалогу», – подчеркнул Председатель Палаты.",
        )
        assert blockquote == "<blockquote>«Мы готовы к диалогу»</blockquote>"

    def test_an_english_quote_is_shown_with_english_marks(self, client):
        blockquote = self.quote_on_page(client, "en", text_en='"Every drop counts."')
        assert blockquote == "<blockquote>“Every drop counts.”</blockquote>"

    def test_a_kazakh_quote_keeps_its_inner_quote_inside_kazakh_marks(self, client):
        blockquote = self.quote_on_page(client, "kk", text_en="", text_kk="«Біз “Жасыл экономика” жолындамыз»")
        assert blockquote == "<blockquote>«Біз „Жасыл экономика“ жолындамыз»</blockquote>"

    def test_a_quote_in_a_fallback_language_has_that_languages_marks(self, client):
        blockquote = self.quote_on_page(client, "en", text_en="", text_ru="„Каждая капля на счету“")
        assert blockquote == '<blockquote>«Каждая капля на счету»</blockquote>'

    def test_a_persons_page_shows_their_quotes_with_one_pair_of_marks(self, client):
        release = make_release()
        speaker = make_person()
        add_quote(release, speaker, text_en="“We need practical steps,” said the Chairman.")
        with translation.override("en"):
            html = client.get(speaker.get_absolute_url()).content.decode()
        assert "<blockquote>“We need practical steps”</blockquote>" in html

    def test_an_imported_quote_is_stored_without_marks(self):
        quote = Quote.objects.create(
            release=make_release(), speaker=make_person(), text_kk="«Біз дайынбыз», – деді ол.",
            text_ru="«Мы готовы», – сказал он.", text_en="“We are ready,” he said.",
        )
        quote.refresh_from_db()
        assert (quote.text_kk, quote.text_ru, quote.text_en) == ("Біз дайынбыз", "Мы готовы", "We are ready")

    @pytest.mark.parametrize("language, typed, label", [
        ("en", "Photo by E. Ukibayev", "Photo: E. Ukibayev"),
        ("ru", "Фото: Е. Укибаев", "Фото: Е. Укибаев"),
        ("kk", "Суретті түсірген Е. Үкібаев", "Сурет: Е. Үкібаев"),
    ])
    def test_the_credit_line_has_one_label(self, client, language, typed, label, jpeg):
        release = make_release(
            photo=ContentFile(jpeg, name="hall.jpg"), **{f"photo_credit_{language}": typed},
            **{f"photo_alt_{code}": "Hall" for code in ("kk", "ru", "en")},
        )
        with translation.override(language):
            html = client.get(release.get_absolute_url()).content.decode()
        assert f"<figcaption>{label}</figcaption>" in html
        assert getattr(Release.objects.get(), f"photo_credit_{language}") == label.split(": ")[1]


@pytest.fixture
def jpeg():
    output = io.BytesIO()
    Image.new("RGB", (800, 500), (90, 120, 160)).save(output, "JPEG")
    return output.getvalue()
