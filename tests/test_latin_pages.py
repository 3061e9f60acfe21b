"""Kazakh in Latin script: every Kazakh page has a twin under /kk-latn/, with the same content,
interface and dates in Latin letters, a script switch, alternates, sitemap and feeds."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from releases.latin_pages import LatinSpelling, latin_markup
from releases.management.commands.compilemessages import latin_catalogue
from releases.models import Person, Quote

from .factories import add_participant, add_quote, make_person, make_release, make_section

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
PUBLISHED = timezone.make_aware(timezone.datetime(2023, 12, 6, 10, 0))


@pytest.fixture
def release():
    section = make_section(name_kk="Палата жаңалықтары", name_ru="Новости палаты", name_en="Chamber news")
    release = make_release(
        section=section, published_at=PUBLISHED,
        title_kk="Сенат шығармашылық индустрия туралы заңды қабылдады",
        lead_kk="Депутаттар заң жобасын екінші оқылымда мақұлдады.",
        body_kk="<p>Отырысты Мәулен Әшімбаев жүргізді.</p><p>Мәулен Әшімбаевтың айтуынша, заң шығармашылық "
                'індетін қолдайды.</p><p><a href="https://senate.parlam.kz/kk/заң">Толығырақ</a></p>',
        slug_kk="senat-zandy-qabyldady",
    )
    chairman = make_person()
    add_participant(release, chairman, role_kk="отырысты жүргізді")
    add_quote(release, chairman, text_kk="Біз нақты қадамдар жасауымыз керек.")
    return release


class VisibleText(HTMLParser):
    """The text and text attributes a reader of a page meets, outside elements marked as being in
    another language or script (lang other than kk-Latn) and outside scripts and form values."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    WORDS = {"title", "alt", "aria-label", "content", "placeholder", "data-none", "data-reset-announcement"}

    def __init__(self):
        super().__init__()
        self.open, self.found = [], []

    def kept(self):
        return any(language for _tag, language in self.open if language not in (None, "kk-Latn")) or any(
            tag in ("script", "style") for tag, _language in self.open
        )

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang")
        if not self.kept() and language in (None, "kk-Latn"):
            self.found += [value for name, value in attrs if name in self.WORDS and value]
        if tag not in self.VOID:
            self.open.append((tag, language))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.kept():
            self.found.append(data)


def visible_cyrillic(html):
    parser = VisibleText()
    parser.feed(html)
    return [text.strip() for text in parser.found if CYRILLIC.search(text)]


def latin(address):
    return address.replace("/kk/", "/kk-latn/", 1)


RELEASE = "/kk/releases/senat-zandy-qabyldady/"


def every_page_type(release):
    person = Person.objects.get()
    return [
        "/kk/",
        release.get_absolute_url(),
        "/kk/archive/2023/",
        "/kk/archive/2023/12/",
        release.section.get_absolute_url(),
        person.get_absolute_url(),
        "/kk/search/?q=%D0%B7%D0%B0%D2%A3",  # заң
    ]


@pytest.fixture
def pages(release):
    with translation.override("kk"):
        return every_page_type(release)


def test_every_kazakh_page_type_has_a_latin_twin_with_no_cyrillic_left(client, pages):
    for address in pages:
        response = client.get(latin(address))
        assert response.status_code == 200, address
        html = response.content.decode()
        assert '<html lang="kk-Latn"' in html, address
        assert response["Content-Language"] == "kk-Latn"
        assert visible_cyrillic(html) == [], address


def test_the_script_switch_keeps_the_reader_on_the_same_page(client, pages):
    for address in pages:
        for shown, other in ((address, latin(address)), (latin(address), address)):
            html = client.get(shown).content.decode()
            switch = re.search(r'<nav class="languages scripts".*?</nav>', html, re.DOTALL).group()
            escaped = other.replace("&", "&amp;")
            assert f'href="{escaped}"' in switch, (shown, other)
            assert re.search(rf'href="{re.escape(shown)}"[^>]*aria-current="true"', switch), shown
            assert re.search(r'hreflang="kk" lang="kk"[^>]*>Кирилл</a>', switch)
            assert re.search(r'hreflang="kk-Latn" lang="kk-Latn"[^>]*>Latyn</a>', switch)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_pages_in_other_languages_have_no_script_switch_but_name_the_latin_twin(client, release, language):
    html = client.get(f"/{language}/").content.decode()
    assert 'class="languages scripts"' not in html
    assert '<link rel="alternate" hreflang="kk-Latn" href="http://testserver/kk-latn/">' in html


def test_every_version_of_a_page_names_all_the_others(client, release):
    for address in (RELEASE, latin(RELEASE)):
        html = client.get(address).content.decode()
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="http://testserver([^"]+)">', html))
        assert alternates == {
            "kk": "/kk/releases/senat-zandy-qabyldady/",
            "kk-Latn": "/kk-latn/releases/senat-zandy-qabyldady/",
            "ru": "/ru/releases/creative-industry-ru/",
            "en": "/en/releases/creative-industry-en/",
        }


def test_content_interface_and_dates_are_in_latin_letters(client, release):
    html = client.get(latin(RELEASE)).content.decode()
    assert "Senat şyğarmaşylyq industriia turaly zañdy qabyldady" in html  # the title
    assert "Deputattar zañ jobasyn ekınşı oqylymda maqūldady." in html  # the lead
    assert "Bız naqty qadamdar jasauymyz kerek." in html  # a quote
    assert "2023 jylğy 6 jeltoqsan" in html  # the date, from the Kazakh format and month names
    assert ">Izdeu</button>" in html  # "Іздеу": the interface, from the Latin catalogue
    assert "Palata jañalyqtary" in html
    # Addresses stay as they are, Cyrillic ones included; the page's own links lead to Latin pages.
    assert 'href="https://senate.parlam.kz/kk/заң"' in html
    assert 'href="/kk-latn/sections/chamber-news/"' in html


def test_the_accessibility_panel_is_in_latin_letters(client, release):
    html = client.get("/kk-latn/").content.decode()
    panel = re.search(r'<details class="a11y".*?</details>', html, re.DOTALL).group()
    assert "Arnaiy mümkındıkter" in panel  # Арнайы мүмкіндіктер
    assert "Mätın ölşemı" in panel and "Barlyq baptaulardy qalpyna keltıru" in panel
    assert not CYRILLIC.search(panel)


def test_a_publishers_latin_spelling_of_a_name_wins_over_transliteration(client, release):
    chairman = Person.objects.get()
    chairman.name_latin = "Maulen Ashimbayev"
    chairman.save()
    html = client.get(latin(RELEASE)).content.decode()
    assert "Maulen Ashimbayev" in html and "Äşımbaev" not in html
    assert "Maulen Ashimbayevtyñ aituynşa" in html  # with a Kazakh ending in the body
    chairman.name_latin = ""
    chairman.save()
    html = client.get(latin(RELEASE)).content.decode()
    assert "Mäulen Äşımbaev" in html


def test_a_release_shown_in_russian_where_kazakh_is_missing_stays_in_cyrillic(client):
    release = make_release(title="Бюджет", languages=("ru",))
    html = client.get("/kk-latn/").content.decode()
    assert '<article lang="ru">' in html and "Бюджет ru" in html
    assert f'href="/kk-latn/releases/{release.slug_ru}/"' in html


def test_latin_pages_are_cached_apart_from_cyrillic_ones(client, release, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 600
    cyrillic = client.get("/kk/").content.decode()
    latin_page = client.get("/kk-latn/").content.decode()
    with django_assert_num_queries(0):
        assert Client().get("/kk/").content.decode() == cyrillic
        assert Client().get("/kk-latn/").content.decode() == latin_page
    assert '<html lang="kk"' in cyrillic and '<html lang="kk-Latn"' in latin_page


def test_feeds_in_latin_script(client, release):
    rss = client.get("/kk-latn/feeds/rss/").content.decode()
    assert "<language>kk-Latn</language>" in rss
    assert "<title>Senat şyğarmaşylyq industriia turaly zañdy qabyldady</title>" in rss
    assert "http://testserver/kk-latn/releases/senat-zandy-qabyldady/" in rss
    assert not CYRILLIC.search(rss)
    atom = client.get("/kk-latn/feeds/atom/").content.decode()
    assert 'xml:lang="kk-Latn"' in atom and not CYRILLIC.search(atom)


def test_an_old_address_redirects_within_the_latin_pages(client, release):
    release.slug_kk = "senat-zan-qabyldady"
    release.save()
    response = client.get("/kk-latn/releases/senat-zandy-qabyldady/")
    assert response.status_code == 301
    assert response["Location"] == "/kk-latn/releases/senat-zan-qabyldady/"


def test_the_api_gives_each_kazakh_text_in_latin_script_too(client, release):
    Person.objects.update(name_latin="Maulen Ashimbayev")
    [item] = client.get("/api/releases/").json()["results"]
    assert item["title"]["kk-Latn"] == "Senat şyğarmaşylyq industriia turaly zañdy qabyldady"
    assert item["people"][0]["name"]["kk-Latn"] == "Maulen Ashimbayev"
    assert item["people"][0]["role"]["kk-Latn"] == "otyrysty jürgızdı"
    # The body's links keep their addresses.
    assert '<a href="https://senate.parlam.kz/kk/заң" rel="noopener noreferrer">Tolyğyraq</a>' in item["body"]["kk-Latn"]
    assert item["page_url"]["kk-Latn"] == "http://testserver/kk-latn/releases/senat-zandy-qabyldady/"


def test_the_latin_catalogue_is_the_kazakh_one_transliterated():
    for locale_path in settings.LOCALE_PATHS:
        for source in (Path(locale_path) / "kk" / "LC_MESSAGES").glob("*.po"):
            committed = Path(locale_path) / "kk_Latn" / "LC_MESSAGES" / source.name
            assert committed.read_text(encoding="utf-8") == latin_catalogue(source.read_text(encoding="utf-8")), (
                "run manage.py compilemessages"
            )


def test_a_latin_catalogue_keeps_source_strings_and_placeholders():
    po = (
        'msgid ""\nmsgstr ""\n"Language: kk\\n"\n\n'
        'msgid "Search"\nmsgstr "Іздеу"\n\n'
        'msgid "%(setting)s: %(value)s. The setting is saved."\nmsgstr ""\n"%(setting)s: %(value)s. "\n"Баптау сақталды."\n'
    )
    assert latin_catalogue(po) == (
        'msgid ""\nmsgstr ""\n"Language: kk_Latn\\n"\n\n'
        'msgid "Search"\nmsgstr "Izdeu"\n\n'
        'msgid "%(setting)s: %(value)s. The setting is saved."\nmsgstr ""\n"%(setting)s: %(value)s. "\n"Baptau saqtaldy."\n'
    )


def test_latin_markup_keeps_other_languages_scripts_and_addresses():
    page = (
        '<html lang="kk-latn"><head><title>Сенат</title><script>let word = "Сенат";</script>'
        '<link rel="alternate" hreflang="kk-latn" href="/kk-latn/"></head><body>'
        '<img alt="Сенат ғимараты" src="/media/сурет.jpg"><img lang="ru" alt="Здание Сената">'
        '<figure lang="ru"><blockquote>Нужны <b>шаги</b></blockquote>'
        '<figcaption lang="kk-latn">— <a href="/kk-latn/people/x/">Мәулен Әшімбаев</a></figcaption></figure>'
        '<p>Іс-шара</p><a href="/kk/" hreflang="kk" lang="kk">Кирилл</a><input name="q" value="заң"></body></html>'
    )
    assert latin_markup(page, LatinSpelling({"Мәулен Әшімбаев": "Maulen Ashimbayev"})) == (
        '<html lang="kk-Latn"><head><title>Senat</title><script>let word = "Сенат";</script>'
        '<link rel="alternate" hreflang="kk-Latn" href="/kk-latn/"></head><body>'
        '<img alt="Senat ğimaraty" src="/media/сурет.jpg"><img lang="ru" alt="Здание Сената">'
        '<figure lang="ru"><blockquote>Нужны <b>шаги</b></blockquote>'
        '<figcaption lang="kk-Latn">— <a href="/kk-latn/people/x/">Maulen Ashimbayev</a></figcaption></figure>'
        '<p>Is-şara</p><a href="/kk/" hreflang="kk" lang="kk">Кирилл</a><input name="q" value="заң"></body></html>'
    )


def test_who_said_a_quote_shown_in_another_language_is_named_in_latin_letters(client, release):
    Quote.objects.update(text_kk="", text_en="We need practical steps.")
    html = client.get(latin(RELEASE)).content.decode()
    figure = re.search(r'<figure class="quote".*?</figure>', html, re.DOTALL).group()
    assert 'lang="en"' in figure and "We need practical steps." in figure
    assert '<figcaption lang="kk-Latn">' in figure and "Mäulen Äşımbaev" in figure
