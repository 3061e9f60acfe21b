"""The cache of anonymous pages: right language and display settings, never shared wrongly."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from releases import pagecache
from releases.models import Release

from .factories import make_release
from .test_pages import release_url_in, url_in
from .test_viewcount import reader, views_of

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
