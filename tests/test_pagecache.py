"""The cache of anonymous pages: right language and display settings, never shared wrongly."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from releases import pagecache
from releases.models import Release

from .factories import add_participant, make_person, make_release, make_section
from .helpers import reader, release_url_in, url_in, views_of

pytestmark = pytest.mark.django_db


def client_with(**cookies):
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_cached_pages_keep_each_language_and_each_readers_display_settings(django_assert_num_queries):
    release = make_release(title="Creative industry")
    readers = {
        ("en", "scheme:blue"): client_with(a11y="scheme:blue"),
        ("ru", "scheme:blue"): client_with(a11y="scheme:blue"),
        ("en", "scheme:green|size:150"): client_with(a11y="size:150|scheme:green"),
    }
    for (language, _settings), client in readers.items():
        client.get(release_url_in(language, release))  # fills the cache
    for (language, chosen), client in readers.items():
        with django_assert_num_queries(0):
            html = client.get(release_url_in(language, release)).content.decode()
        assert f'<html lang="{language}"' in html
        assert f"Creative industry {language}" in html
        for pair in chosen.split("|"):
            name, value = pair.split(":")
            assert f'data-{name}="{value}"' in html
    default_html = Client().get(release_url_in("en", release)).content.decode()
    assert "data-scheme" not in re.search(r"<html[^>]*>", default_html).group()


def test_an_unrelated_cookie_does_not_miss_the_cache(django_assert_num_queries):
    page = url_in("en", "index")
    make_release()
    Client().get(page)
    with django_assert_num_queries(0):
        assert client_with(_ga="1").get(page).status_code == 200


def test_publishing_a_release_shows_it_at_once():
    page = url_in("en", "index")
    draft = make_release(title="Fresh news", status=Release.Status.DRAFT)
    assert "Fresh news en" not in Client().get(page).content.decode()
    draft.status = Release.Status.PUBLISHED
    draft.save()
    assert "Fresh news en" in Client().get(page).content.decode()


def test_staff_always_get_a_fresh_page(admin_client):
    page = url_in("en", "index")
    make_release()
    Client().get(page)
    Release.objects.update(title_en="Changed behind the cache's back")  # no signal tells the cache
    assert "Changed behind the cache" in admin_client.get(page).content.decode()
    assert "Changed behind the cache" not in Client().get(page).content.decode()


def test_a_response_that_sets_a_cookie_is_never_kept():
    response = HttpResponse("<p>form</p>")
    response.set_cookie("csrftoken", "secret")
    assert not pagecache.is_shareable(response)
    assert pagecache.is_shareable(HttpResponse("<p>page</p>"))


def test_cached_pages_tell_browsers_and_cdns_to_vary_on_cookies_and_answer_304():
    make_release()
    page = url_in("en", "index")
    first = Client().get(page)
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first["Vary"]
    again = Client().get(page, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_two_readers_served_from_the_cache_each_add_one_view():
    release = make_release()
    page = release_url_in("en", release)
    for address in ("10.0.0.1", "10.0.0.2"):
        client = reader(REMOTE_ADDR=address)
        html = client.get(page).content.decode()
        assert f'src="/views/{release.pk}.gif"' in html
        client.get(f"/views/{release.pk}.gif")
    assert views_of(release) == 2


def test_junk_query_parameters_share_one_cached_page_and_never_show_in_it(django_assert_num_queries):
    make_release()
    page = url_in("en", "index")
    Client().get(f"{page}?utm_source=first-reader-junk")
    for junk in ("utm_source=other", "fbclid=IwAR0x", "x=1&y=2", "utm_source=first-reader-junk&utm_medium=mail"):
        with django_assert_num_queries(0):
            html = Client().get(f"{page}?{junk}").content.decode()
        assert "first-reader-junk" not in html
    assert "first-reader-junk" not in Client().get(page).content.decode()


def test_the_same_search_in_another_parameter_order_is_the_same_cached_page(django_assert_num_queries):
    release = make_release(title="Budget hearing")
    search = url_in("en", "search")
    first = Client().get(f"{search}?q=budget&order=date&utm_campaign=mail")
    assert release_url_in("en", release) in first.content.decode()
    with django_assert_num_queries(0):
        again = Client().get(f"{search}?order=date&q=budget")
    assert again.content == first.content


def test_parameters_pages_read_still_make_their_own_pages():
    for day in range(1, 15):
        make_release(title=f"Release number {day}", days_ago=day)
    page = url_in("en", "index")
    assert "Release number 14 en" not in Client().get(f"{page}?ref=x").content.decode()
    assert "Release number 14 en" in Client().get(f"{page}?page=2&ref=x").content.decode()
    api = Client().get("/api/releases/?page_size=1&utm_source=x").json()
    assert len(api["results"]) == 1
    assert parse_qs(urlsplit(api["next"]).query) == {"page": ["2"], "page_size": ["1"]}


def test_every_parameter_of_the_search_form_and_the_api_survives_the_cache():
    from releases.api import DATE_FILTERS
    from releases.forms import SearchForm

    assert set(SearchForm.base_fields) | set(DATE_FILTERS) | {"page", "page_size"} <= pagecache.PAGE_PARAMETERS


def test_a_head_request_is_answered_from_the_page_a_get_kept(django_assert_num_queries):
    make_release(title="Creative industry")
    Client().get("/sitemap-releases.xml")  # fills the cache
    with django_assert_num_queries(0):
        head = Client().head("/sitemap-releases.xml")
    assert head.status_code == 200
    assert head["Content-Type"].startswith("application/xml")
    assert head.content == b""


def served_from_cache(page):
    """The page's text, and whether the page cache answered (an HTTP cache's Age header)."""
    response = Client().get(page)
    assert response.status_code == 200, page
    return response.content.decode(), response.has_header("Age")


@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_what_every_page_shows_is_read_once_per_change_and_a_change_shows_at_once(
        monkeypatch, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    chamber = make_section()
    first, second, third = (make_release(title=f"Hearing {number}", section=chamber) for number in (1, 2, 3))
    read = pagecache.read
    names_read = []
    monkeypatch.setattr(pagecache, "read", lambda key: names_read.append(key) or read(key))

    for release in (first, second):
        assert "Chamber news" in menu_of(served_from_cache(release_url_in("en", release))[0])
    assert names_read.count("institution") == 1 and names_read.count("nav-sections:en") == 1

    # The process that made those pages is not told of the change: the cache's counter tells it.
    chamber.name_en = "Chamber newsroom"
    chamber.save()
    html, from_cache = served_from_cache(release_url_in("en", third))
    assert not from_cache and "Chamber newsroom" in menu_of(html)
    assert names_read.count("nav-sections:en") == 2


def test_a_worker_holds_only_the_newest_pieces(monkeypatch):
    monkeypatch.setattr(pagecache, "held", pagecache.NewestItems(most=3))
    with pagecache.counted_at(pagecache.UNREAD):
        for number in range(5):
            assert pagecache.remember(f"piece-{number}", lambda number=number: number) == number
        assert pagecache.remember("piece-2", lambda: "made again") == 2
    assert list(pagecache.held) == ["piece-2", "piece-3", "piece-4"]


def menu_of(html):
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group()


def test_editing_a_release_retires_its_pages_and_the_lists_it_is_on_and_nothing_else():
    chamber, committees = make_section(), make_section(slug="committees", name_en="Committees")
    speaker = make_person()
    edited = make_release(title="Water hearing", section=chamber, days_ago=40)
    add_participant(edited, speaker)
    for days_ago in (30, 20):
        make_release(title=f"Between {days_ago}", section=committees, days_ago=days_ago)
    other = make_release(title="Transport law", section=committees, days_ago=1)
    published = edited.published_at
    showing_edited = [
        *(release_url_in(language, edited) for language in ("kk", "ru", "en")),
        url_in("en", "index"), url_in("ru", "index"),
        url_in("en", "year", year=published.year),
        url_in("en", "month", year=published.year, month=published.month),
        url_in("en", "section", slug=chamber.slug),
        url_in("en", "person", slug=speaker.slug),
        url_in("en", "feed_rss"), url_in("en", "section_feed_atom", slug=chamber.slug),
        url_in("en", "person_feed_rss", slug=speaker.slug),
    ]
    not_showing_edited = [
        release_url_in("en", other), release_url_in("ru", other), url_in("en", "section", slug=committees.slug),
    ]
    for page in showing_edited + not_showing_edited:
        served_from_cache(page)

    edited.title_en = edited.title_ru = "Renamed hearing"
    edited.save()

    for page in showing_edited:
        html, from_cache = served_from_cache(page)
        assert not from_cache, f"{page} was served from the cache"
        assert "Renamed hearing" in html or page.startswith("/kk/"), page
    for page in not_showing_edited:
        assert served_from_cache(page)[1], f"{page} was made again"


def test_search_pages_are_retired_by_what_search_finds_or_shows_not_by_a_photo_credit():
    edited = make_release(title="Water hearing")
    searches = [url_in("en", "search") + "?q=water", url_in("ru", "search") + "?q=water"]
    for page in searches:
        served_from_cache(page)

    edited.photo_credit_en, edited.contact_line_en = "Senate press service", "Press service: +7 7172 00 00 00"
    edited.save()
    for page in searches:
        assert served_from_cache(page)[1], f"{page} was made again"

    edited.title_en = "Renamed water hearing"
    edited.save()
    html, from_cache = served_from_cache(searches[0])
    assert not from_cache and "Renamed" in html


def test_publishing_a_release_retires_the_lists_it_joins_and_nothing_else():
    chamber, committees = make_section(), make_section(slug="committees", name_en="Committees")
    earlier = make_release(title="Transport law", section=committees, days_ago=400)
    draft = make_release(title="Fresh news", section=chamber, status=Release.Status.DRAFT, days_ago=0.01)
    joined = [url_in("en", "index"), url_in("en", "section", slug=chamber.slug), url_in("en", "feed_atom")]
    untouched = [release_url_in("en", earlier), url_in("en", "section", slug=committees.slug),
                 url_in("en", "year", year=earlier.published_at.year)]
    for page in joined + untouched:
        served_from_cache(page)

    draft.status = Release.Status.PUBLISHED
    draft.save()

    for page in joined:
        html, from_cache = served_from_cache(page)
        assert "Fresh news en" in html and not from_cache, page
    for page in untouched:
        assert served_from_cache(page)[1], f"{page} was made again"


def test_pages_name_what_they_show_for_cdns_and_say_how_long_they_were_kept(monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(pagecache, "now", lambda: clock[0])
    speaker = make_person()
    release = make_release(title="Water hearing")
    add_participant(release, speaker)
    page = release_url_in("en", release)
    first = Client().get(page)
    assert not first.has_header("Age")
    tags = set(first["Surrogate-Key"].split(" "))
    assert {f"release-{release.pk}", f"person-{speaker.pk}", pagecache.SITE} <= tags
    assert set(first["Cache-Tag"].split(",")) == tags
    assert {"releases", f"release-{release.pk}"} <= set(Client().get(url_in("en", "index"))["Surrogate-Key"].split())

    clock[0] += 42.5
    again = Client().get(page)
    assert again["Age"] == "42"
    assert again["Surrogate-Key"] == first["Surrogate-Key"]


purged = []


def record_purge(tags):
    purged.append(tags)


def test_the_purge_hook_is_given_the_tags_a_change_retires(settings):
    settings.PAGE_CACHE_PURGE = "tests.test_pagecache.record_purge"
    release = make_release()
    purged.clear()
    release.title_en = "Renamed"
    release.save()
    assert f"release-{release.pk}" in purged[-1]
    assert "releases" not in purged[-1]  # an edit in place moves it in no list


class CountingView:
    """A page whose making the test can hold until the other readers have been answered."""

    def __init__(self, hold_until=lambda: None):
        self.made = 0
        self.hold_until = hold_until
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.made += 1
            version = self.made
        pagecache.tag(request, "release-1")
        if version > 1:
            self.hold_until()
        return HttpResponse(f"version {version}")


def read_concurrently(middleware, readers):
    with ThreadPoolExecutor(readers) as pool:
        return list(pool.map(lambda _reader: middleware(RequestFactory().get("/en/releases/a/")), range(readers)))


def test_readers_of_a_stale_page_get_the_old_copy_while_one_worker_makes_it_again(settings):
    settings.PAGE_CACHE_NEXT_CHANGE = None
    readers = 8
    stale_served = threading.Semaphore(0)

    def until_the_others_are_answered():
        for _other in range(readers - 1):
            assert stale_served.acquire(timeout=60), "the other readers waited for this one"

    view = CountingView(hold_until=until_the_others_are_answered)
    middleware = pagecache.PageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/releases/a/"))
    pagecache.retire(["release-1"])

    def read(request):
        response = middleware(request)
        if response.content == b"version 1":
            stale_served.release()
        return response

    responses = read_concurrently(read, readers)
    assert view.made == 2
    assert sorted(response.content for response in responses) == [b"version 1"] * (readers - 1) + [b"version 2"]
    assert middleware(RequestFactory().get("/en/releases/a/")).content == b"version 2"
    assert view.made == 2


def test_readers_of_a_page_not_kept_yet_wait_for_the_one_worker_making_it(settings, monkeypatch):
    settings.PAGE_CACHE_NEXT_CHANGE = None
    readers = 8
    waiting, stored = threading.Semaphore(0), threading.Event()

    def pause(seconds):
        waiting.release()
        stored.wait()

    def store_and_tell(*args):
        store(*args)
        stored.set()

    store = pagecache.store
    monkeypatch.setattr(pagecache, "pause", pause)
    monkeypatch.setattr(pagecache, "store", store_and_tell)

    def until_the_others_wait():
        for _other in range(readers - 1):
            assert waiting.acquire(timeout=60), "the other readers made the page too"

    view = CountingView()
    view.made = 1  # so the first making is held
    view.hold_until = until_the_others_wait
    responses = read_concurrently(pagecache.PageCacheMiddleware(view), readers)
    assert view.made == 2
    assert {response.content for response in responses} == {b"version 2"}


def test_a_page_kept_by_the_earlier_page_cache_is_made_again_not_an_error():
    release = make_release(title="Water hearing")
    page = release_url_in("en", release)
    cache.set(pagecache.page_key(RequestFactory().get(page)), (1, HttpResponse("kept by the earlier version")))
    html, from_cache = served_from_cache(page)
    assert "Water hearing en" in html and not from_cache
