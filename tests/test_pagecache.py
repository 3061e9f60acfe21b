"""The cache of anonymous pages: right language and display settings, never shared wrongly."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client

from releases import pagecache
from releases.models import Release

from .factories import make_release
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
