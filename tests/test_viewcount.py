from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from releases.models import Release

from .factories import make_release
from .helpers import BROWSER, reader, views_of

def read(client, release):
    response = client.get(f"/views/{release.pk}.gif")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["Cache-Control"] == "no-store"
    return response


@pytest.mark.django_db
def test_a_reader_counts_once_a_day_however_often_they_reload():
    release = make_release()
    client = reader()
    for _reload in range(3):
        read(client, release)
    assert views_of(release) == 1
    read(reader(REMOTE_ADDR="10.0.0.2"), release)
    assert views_of(release) == 2


@pytest.mark.django_db
def test_reader_cookie_is_scoped_to_the_counter_so_pages_stay_cacheable():
    response = read(reader(), make_release())
    cookie = response.cookies["reader"]
    assert cookie["path"] == "/views/"
    assert cookie["httponly"]
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60


@pytest.mark.django_db
def test_a_reader_who_refuses_cookies_still_counts_once():
    release = make_release()
    for _reload in range(3):
        Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.3").get(f"/views/{release.pk}.gif")
    assert views_of(release) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("agent", [
    "Googlebot/2.1 (+http://www.google.com/bot.html)", "Mozilla/5.0 (compatible; YandexBot/3.0)",
    "curl/8.0", "python-requests/2.31", "", "facebookexternalhit/1.1",
])
def test_bots_and_crawlers_do_not_count(agent):
    release = make_release()
    Client(HTTP_USER_AGENT=agent).get(f"/views/{release.pk}.gif")
    assert views_of(release) == 0


@pytest.mark.django_db
def test_drafts_do_not_count_even_when_staff_preview_them(admin_client):
    draft = make_release(status=Release.Status.DRAFT)
    with translation.override("en"):
        assert admin_client.get(draft.get_absolute_url()).status_code == 200
    read(admin_client, draft)
    read(reader(), draft)
    assert views_of(draft) == 0


@pytest.mark.django_db
def test_an_unknown_release_answers_the_pixel_without_error():
    assert read(reader(), Release(pk=987654)).status_code == 200


@pytest.mark.django_db
def test_a_forged_reader_cookie_is_replaced():
    release = make_release()
    client = reader()
    client.cookies["reader"] = "x" * 5000
    response = read(client, release)
    assert response.cookies["reader"].value != "x" * 5000
    assert views_of(release) == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_first_visits_behind_a_proxy_count_one_each(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    release = make_release()
    readers = 200

    def one_reader(number):
        try:
            address = f"198.51.{number // 100}.{number % 100 + 1}"
            read(reader(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address), release)
        finally:
            connection.close()  # each thread had its own PostgreSQL connection

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one_reader, range(readers)))
    assert views_of(release) == readers


@pytest.mark.django_db
def test_without_a_proxy_a_forged_forwarded_header_does_not_add_views(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    release = make_release()
    for forged in range(5):
        read(reader(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}"), release)
    assert views_of(release) == 1
