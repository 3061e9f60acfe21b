import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.test import Client

from releases.models import Release
from releases.reading import PERSON_QUOTES, KeptListPaginator

from .factories import add_participant, add_quote, make_person, make_release, make_section
from .helpers import release_url_in, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    release = make_release(title="Creative industry")
    speaker = make_person()
    guest = make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Айда Балаева", name_kk="Айда Балаева")
    add_participant(release, speaker, position=0, role_en="chaired the meeting")
    add_participant(release, guest, position=1, role_en="invited guest")
    add_quote(release, speaker, after_paragraph=1, text_en="A synchronization of watches.")
    return release


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_page_type_renders_in_each_language_with_its_lang(client, release, language):
    pages = [
        url_in(language, "index"),
        release_url_in(language, release),
        url_in(language, "year", year=release.published_at.year),
        url_in(language, "month", year=release.published_at.year, month=release.published_at.month),
        url_in(language, "section", slug=release.section.slug),
        url_in(language, "person", slug="maulen-ashimbaev"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in response.content.decode(), page
        assert f"Creative industry {language}" in response.content.decode(), page


def test_release_page_shows_quote_in_place_with_attribution_and_participants(client, release):
    response = client.get(release_url_in("en", release))
    html = response.content.decode()
    first, quote, second = (
        html.index("First paragraph en"), html.index("A synchronization of watches."), html.index("Second paragraph en")
    )
    assert first < quote < second
    assert "<blockquote>" in html
    assert ">Maulen Ashimbaev</a>, <span class=\"quote__position\">Chairman of the Senate</span>" in html
    assert html.index("Maulen Ashimbaev</a> <span class=\"participants__role\">— chaired the meeting") < html.index(
        "Aida Balaeva</a> <span class=\"participants__role\">— invited guest"
    )


def test_release_page_links_the_releases_around_it_and_related_ones(client):
    section, other_section = make_section(), make_section(slug="committees", name_en="Committees")
    speaker = make_person()
    release = make_release(section=section, title="Middle", days_ago=3)
    add_participant(release, speaker)
    make_release(section=other_section, title="Older", days_ago=5)
    make_release(section=section, title="Draft", days_ago=4, status=Release.Status.DRAFT)
    make_release(section=other_section, title="Newer", days_ago=2, languages=("ru",))
    make_release(section=other_section, title="Unrelated", days_ago=1)
    make_release(section=section, title="Scheduled", days_ago=-1)
    with_speaker = make_release(section=other_section, title="With the Speaker", days_ago=10)
    add_participant(with_speaker, speaker)
    make_release(section=section, title="Same section", days_ago=20)

    html = client.get(release_url_in("en", release)).content.decode()
    pager = html[html.index('<nav class="release-pager"'):]
    pager = pager[:pager.index("</nav>")]
    assert re.search(r'rel="prev".*>Older en</span>', pager)
    # The next one exists only in Russian: shown in Russian, marked as such.
    assert re.search(r'rel="next".*<span lang="ru">Newer ru</span>', pager)
    related = html[html.index('<section class="related"'):]
    titles = re.findall(r'class="release-card__title"><a href="[^"]+">([^<]+)</a>', related)
    assert titles == ["With the Speaker en", "Same section en"]


def test_the_section_menu_follows_changes_to_sections(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the menu's own cache is what is tested
    release = make_release()
    page = url_in("en", "index")
    assert ">Chamber news</a>" in client.get(page).content.decode()
    release.section.name_en = "Senate news"
    release.section.save()
    make_section(slug="committees", name_en="Committees")
    menu = client.get(page).content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r">([^<>]+)</a>", menu) == ["All releases", "Senate news", "Committees"]


def test_list_pages_grow_a_page_when_a_release_is_published(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the lists' own kept counts are what is tested
    per_page = settings.RELEASES_PER_PAGE
    section, other_section = make_section(), make_section(slug="committees", name_en="Committees")
    make_release(section=other_section, title="Elsewhere", days_ago=per_page + 1)
    for number in range(per_page - 1):
        make_release(section=section, title=f"Release {number}", days_ago=number + 1)
    index, section_page = url_in("en", "index"), url_in("en", "section", slug=section.slug)

    def second_page(page):
        response = client.get(f"{page}?page=2")
        return response.status_code, response.content.decode()

    assert second_page(index)[0] == second_page(section_page)[0] == 404  # a full page each
    make_release(section=section, title="Newest", days_ago=0.5)
    status, html = second_page(index)
    assert status == 200 and "Elsewhere en" in html
    assert second_page(section_page)[0] == 404  # the section still fits on one page
    make_release(section=section, title="Newer still", days_ago=0.25)
    status, html = second_page(section_page)
    assert status == 200 and f"Release {per_page - 2} en" in html


def test_english_page_has_no_russian_interface_text(client, release):
    html = client.get(release_url_in("en", release)).content.decode()
    for russian in ("Поделиться", "Участники", "просмотр", "Цвет сайта"):
        assert russian not in html


def test_release_missing_in_english_falls_back_to_russian_and_says_so(client):
    release = make_release(title="Untranslated", languages=("kk", "ru"))
    response = client.get(url_in("en", "index"))
    html = response.content.decode()
    assert '<article lang="ru">' in html
    assert "Untranslated ru" in html
    assert "Not yet translated into this language: shown in Russian." in html

    detail = client.get(release_url_in("en", release))
    assert detail.status_code == 200
    assert '<article class="release" lang="ru">' in detail.content.decode()
    assert "Not yet translated into this language: shown in Russian." in detail.content.decode()


def test_a_russian_reader_is_told_in_russian_that_a_release_is_shown_in_kazakh(client):
    release = make_release(title="Only Kazakh", languages=("kk",))
    html = client.get(release_url_in("ru", release)).content.decode()
    assert '<article class="release" lang="kk">' in html
    assert "Ещё не переведено на этот язык: показано на казахском." in html


def test_language_switcher_keeps_the_reader_on_the_same_release(client, release):
    html = client.get(release_url_in("en", release)).content.decode()
    for language in ("kk", "ru"):
        assert f'href="{release_url_in(language, release)}" hreflang="{language}"' in html
        assert f'<link rel="alternate" hreflang="{language}" href="http://testserver{release_url_in(language, release)}">' in html


def test_another_languages_slug_redirects_to_the_readers_address(client, release):
    russian_slug_under_english = f"/en/releases/{release.slug_ru}/"
    response = client.get(russian_slug_under_english)
    assert response.status_code == 301
    assert response["Location"] == release_url_in("en", release)


def test_a_slug_that_is_one_release_in_kazakh_and_another_in_russian_shows_each_in_its_language(client):
    kazakh = make_release(title="Senat", slug_kk="senat", slug_ru="senat-ru", slug_en="senat-en")
    russian = make_release(title="Other", slug_kk="other-kk", slug_ru="senat", slug_en="other-en")
    assert russian.title_ru in client.get("/ru/releases/senat/").content.decode()
    assert kazakh.title_kk in client.get("/kk/releases/senat/").content.decode()
    # In a language where neither has it, the first release with it in any language answers, redirected.
    assert client.get("/en/releases/senat/")["Location"] in (release_url_in("en", kazakh), release_url_in("en", russian))


def test_root_picks_browser_language_else_kazakh():
    assert Client(HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").get("/")["Location"] == "/ru/"
    assert Client(HTTP_ACCEPT_LANGUAGE="de-DE").get("/")["Location"] == "/kk/"
    assert Client().get("/")["Location"] == "/kk/"


@pytest.mark.parametrize("path", [
    "/en/releases/no-such-release/", "/en/?page=abc", "/en/?page=999", "/en/archive/2023/13/",
    "/en/archive/99999/", "/en/archive/1900/", "/en/sections/nope/", "/en/people/nope/", "/en/nowhere/",
])
def test_bad_addresses_are_404_in_the_readers_language(client, release, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_404_is_in_russian_under_ru(client):
    response = client.get("/ru/releases/no-such-release/")
    assert response.status_code == 404
    assert '<html lang="ru">' in response.content.decode()


def test_drafts_and_future_releases_are_hidden_from_readers(client):
    draft = make_release(title="Draft", status=Release.Status.DRAFT)
    scheduled = make_release(title="Scheduled", days_ago=-1)
    assert client.get(release_url_in("en", draft)).status_code == 404
    assert client.get(release_url_in("en", scheduled)).status_code == 404
    listing = client.get(url_in("en", "index")).content.decode()
    assert "Draft en" not in listing and "Scheduled en" not in listing


def test_staff_preview_a_draft_and_it_is_never_cached(admin_client):
    draft = make_release(title="Draft", status=Release.Status.DRAFT)
    response = admin_client.get(release_url_in("en", draft))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "/views/" not in response.content.decode()


def test_person_page_lists_their_releases_and_quotes(client, release):
    make_release(title="Someone else's")
    html = client.get(url_in("en", "person", slug="maulen-ashimbaev")).content.decode()
    assert "Creative industry en" in html
    assert "Someone else" not in html
    assert "A synchronization of watches." in html



def test_person_quotes_are_beside_their_newest_releases_not_repeated_on_later_pages(client, settings):
    person = make_person()
    add_releases(settings.RELEASES_PER_PAGE + 1, make_section(), person)
    first = client.get(url_in("en", "person", slug=person.slug)).content.decode()
    later = client.get(url_in("en", "person", slug=person.slug) + "?page=2").content.decode()
    assert 'id="quotes-heading"' in first and first.count("We need practical steps.") == PERSON_QUOTES
    oldest = f"Release {settings.RELEASES_PER_PAGE} en"
    assert oldest in later and 'id="quotes-heading"' not in later and "We need practical steps." not in later

def test_dates_use_each_languages_month_names(client):
    from datetime import datetime, timezone

    release = make_release(published_at=datetime(2023, 12, 6, 10, 0, tzinfo=timezone.utc))
    expected = {"kk": "2023 жылғы 6 желтоқсан", "ru": "6 декабря 2023 г.", "en": "6 December 2023"}
    for language, date in expected.items():
        assert date in client.get(release_url_in(language, release)).content.decode()


def add_releases(count, section, person):
    for number in range(count):
        release = make_release(section=section, title=f"Release {number}", days_ago=number + 2)
        add_participant(release, person)
        add_quote(release, person)


# Each public page and the most queries it may make, whatever the amount of content, with the
# page cache off: first after a change, when it works out and keeps its count, the institution,
# the section menu and the years (each asking how long it may keep them: until the next scheduled
# release), then again with those kept.
PAGE_QUERY_BUDGETS = {
    "index": (9, 1), "detail": (8, 4), "year": (11, 2), "month": (11, 2), "section": (8, 2), "person": (9, 3),
}


def count_page_queries(client, section, person, release):
    year, month = release.published_at.year, release.published_at.month
    pages = {
        "index": url_in("en", "index"),
        "detail": release_url_in("en", release),
        "year": url_in("en", "year", year=year),
        "month": url_in("en", "month", year=year, month=month),
        "section": url_in("en", "section", slug=section.slug),
        "person": url_in("en", "person", slug=person.slug),
    }
    counts = {}
    for name, page in pages.items():
        cache.clear()
        counts[name] = []
        for _first_then_again in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200, page
            counts[name].append(len(queries))
        counts[name] = tuple(counts[name])
    return counts


def test_query_counts_stay_flat_as_releases_participants_and_quotes_grow(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    section, person = make_section(), make_person()
    release = make_release(section=section, days_ago=1)
    add_participant(release, person)
    add_quote(release, person)
    add_releases(2, section, person)
    few = count_page_queries(client, section, person, release)

    add_releases(25, section, person)
    for number in range(6):
        extra = make_person(slug=f"extra-{number}", name_en=f"Extra {number}")
        add_participant(release, extra, position=number + 1)
        add_quote(release, extra, after_paragraph=2)
    many = count_page_queries(client, section, person, release)

    assert many == few
    for name, (first, again) in PAGE_QUERY_BUDGETS.items():
        assert many[name][0] <= first and many[name][1] <= again, f"{name}: {many}"


def test_an_error_on_our_side_is_a_500_page_in_the_readers_language(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("releases.views.ReleaseIndexView.get", broken)
    response = Client(raise_request_exception=False).get("/ru/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Что-то пошло не так" in html


def test_switching_language_keeps_the_search_query(client):
    html = client.get("/en/search/?q=water").content.decode()
    assert 'href="/ru/search/?q=water" hreflang="ru"' in html


def test_a_lists_later_pages_read_its_order_once_for_many_pages_and_again_after_a_change(client, settings, monkeypatch):
    """A late page of a person's list sorts all of their releases: done once for many pages, until the list changes."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(KeptListPaginator, "PAGES_KEPT_TOGETHER", 2)
    per_page, person = settings.RELEASES_PER_PAGE, make_person()
    for number in range(2 * per_page + 3):  # pages 2 and 3 read their ids from different parts
        add_participant(make_release(title=f"Release {number}", days_ago=number + 1), person)

    def page(number, language="en"):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"{url_in(language, 'person', slug=person.slug)}?page={number}").content.decode()
        orders_read = [query for query in queries if query["sql"].startswith('SELECT "releases_release"."id" AS "pk"')]
        return [int(found) for found in re.findall(rf"Release (\d+) {language}", html)], len(orders_read)

    assert page(2) == (list(range(per_page, 2 * per_page)), 1)
    assert page(3) == (list(range(2 * per_page, 2 * per_page + 3)), 1)
    assert page(2) == (list(range(per_page, 2 * per_page)), 0)
    assert page(2, "ru") == (list(range(per_page, 2 * per_page)), 0)  # the same list in another language
    add_participant(make_release(title="Release -1", days_ago=0.5), person)
    assert page(2) == (list(range(per_page - 1, 2 * per_page - 1)), 1)


def test_later_pages_show_the_next_releases_in_order_on_every_list(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    per_page = settings.RELEASES_PER_PAGE
    section, person = make_section(), make_person()
    for number in range(2 * per_page + 3):  # Release 0 is the newest
        add_participant(make_release(section=section, title=f"Release {number}", days_ago=number + 1), person)
    make_release(section=section, title="Draft", status=Release.Status.DRAFT)
    lists = [url_in("en", "index"), url_in("en", "section", slug=section.slug), url_in("en", "person", slug=person.slug)]

    def titles(html):
        return [int(number) for number in re.findall(r"Release (\d+) en", html)]

    for address in lists:
        pages = [titles(client.get(f"{address}?page={page}").content.decode()) for page in (1, 2, 3)]
        assert pages == [list(range(per_page)), list(range(per_page, 2 * per_page)), list(range(2 * per_page, 2 * per_page + 3))]
    api = client.get("/api/releases/", {"page": 3, "page_size": per_page}).json()["results"]
    assert [release["title"]["en"] for release in api] == [f"Release {number} en" for number in range(2 * per_page, 2 * per_page + 3)]


def test_date_archives_lead_to_the_neighbouring_periods_with_releases_as_releases_are_published(client, settings):
    """A month's neighbours and a year's months are read once for all their pages and languages, and
    again after a release is published."""
    settings.PAGE_CACHE_SECONDS = 0
    almaty = ZoneInfo(settings.TIME_ZONE)
    make_release(title="March", published_at=datetime(2025, 3, 10, 12, tzinfo=almaty))
    make_release(title="May", published_at=datetime(2025, 5, 5, 12, tzinfo=almaty))

    def links(language, name, pattern, **kwargs):
        return re.findall(pattern, client.get(url_in(language, name, **kwargs)).content.decode())

    def neighbours(language, year, month):
        return [links(language, "month", rf'<a rel="{direction}" href="([^"]+)"', year=year, month=month)
                for direction in ("prev", "next")]

    def months(language, year):
        return links(language, "year", rf'<li><a href="([^"]+/archive/{year}/\d+/)">', year=year)

    def month(language, year, number):
        return url_in(language, "month", year=year, month=number)

    assert neighbours("en", 2025, 3) == [[], [month("en", 2025, 5)]]
    assert neighbours("ru", 2025, 3) == [[], [month("ru", 2025, 5)]]
    assert months("en", 2025) == [month("en", 2025, 3), month("en", 2025, 5)]

    make_release(title="April", published_at=datetime(2025, 4, 2, 12, tzinfo=almaty))
    make_release(title="Older", published_at=datetime(2024, 12, 31, 12, tzinfo=almaty))
    assert neighbours("ru", 2025, 3) == [[month("ru", 2024, 12)], [month("ru", 2025, 4)]]
    assert months("kk", 2025) == [month("kk", 2025, number) for number in (3, 4, 5)]
