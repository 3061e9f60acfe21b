"""The admin's login throttle, as editors and guessers meet it behind the reverse proxy."""

from datetime import timedelta

import axes.handlers.proxy
import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.1"
GUESSER = "203.0.113.9"
EDITORS_OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture(autouse=True)
def stopped_clock(monkeypatch):
    """Every request happens at the same instant; time_passes() is the only clock."""
    instant = timezone.now()
    # axes stamps a request with the clock it imported, and a new attempt with Django's.
    monkeypatch.setattr(axes.handlers.proxy, "now", lambda: instant)
    monkeypatch.setattr(timezone, "now", lambda: instant)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def through_proxy(client_address, language="en"):
    """A browser at client_address, seen by the site through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address, HTTP_ACCEPT_LANGUAGE=language)


def sign_in(client, password, username="editor"):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def refused(response):
    return response.status_code == 429


def time_passes(seconds):
    """Every recorded failure becomes that much older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_a_guesser_behind_the_proxy_does_not_lock_out_an_editor_elsewhere(editor):
    guesser = through_proxy(GUESSER)
    assert [sign_in(guesser, "wrong").status_code for _guess in range(5)] == [200, 200, 200, 200, 429]
    assert refused(sign_in(guesser, PASSWORD))
    assert signed_in(sign_in(through_proxy(EDITORS_OFFICE), PASSWORD))


def test_the_guesser_may_try_again_an_hour_after_the_last_wrong_password(editor):
    guesser = through_proxy(GUESSER)
    for _guess in range(5):
        sign_in(guesser, "wrong")
    time_passes(59 * 60)
    assert refused(sign_in(guesser, PASSWORD))
    time_passes(60)
    assert signed_in(sign_in(guesser, PASSWORD))


def test_addresses_forged_in_front_of_the_proxy_do_not_escape_the_limit(editor):
    for guess in range(5):
        forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{guess}, {GUESSER}")
        sign_in(forged, "wrong")
    assert refused(sign_in(through_proxy(GUESSER), PASSWORD))


def test_without_a_proxy_a_forwarded_header_is_ignored(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 0
    for guess in range(5):
        sign_in(Client(REMOTE_ADDR=GUESSER, HTTP_X_FORWARDED_FOR=f"192.0.2.{guess}"), "wrong")
    assert refused(sign_in(Client(REMOTE_ADDR=GUESSER, HTTP_X_FORWARDED_FOR="192.0.2.99"), PASSWORD))
    assert signed_in(sign_in(Client(REMOTE_ADDR=EDITORS_OFFICE), PASSWORD))


def test_guesses_at_one_account_from_many_addresses_wait_longer_and_longer(editor):
    for guess in range(10):
        assert sign_in(through_proxy(f"192.0.2.{guess}"), "wrong").status_code == 200
    waits = []
    for guess in range(10, 15):
        response = sign_in(through_proxy(f"192.0.2.{guess}"), "wrong")
        assert refused(response)
        waits.append(int(response["Retry-After"]))
        time_passes(waits[-1] - 1)
        assert refused(sign_in(through_proxy(f"192.0.2.{guess}"), "wrong"))
        time_passes(1)
        assert sign_in(through_proxy(f"192.0.2.{guess}"), "wrong").status_code == 200
    assert waits == [1, 2, 4, 8, 16]


def test_the_owner_is_not_slowed_at_an_address_they_signed_in_from_before(editor):
    assert signed_in(sign_in(through_proxy(EDITORS_OFFICE), PASSWORD))
    for guess in range(12):
        time_passes(60)
        sign_in(through_proxy(f"192.0.2.{guess}"), "wrong")
    assert refused(sign_in(through_proxy("192.0.2.200"), PASSWORD))
    assert signed_in(sign_in(through_proxy(EDITORS_OFFICE), PASSWORD))


def test_a_locked_out_editor_gets_in_once_an_administrator_resets_their_name(editor):
    office = through_proxy(EDITORS_OFFICE)
    for _typo in range(5):
        sign_in(office, "wrong")
    assert refused(sign_in(office, PASSWORD))
    call_command("axes_reset_username", "editor")
    assert signed_in(sign_in(office, PASSWORD))


def test_the_refusal_is_a_page_in_the_admins_language_that_says_how_long_to_wait(editor):
    browser = through_proxy(GUESSER, language="ru")
    for _guess in range(5):
        sign_in(browser, "wrong")
    response = sign_in(browser, PASSWORD)
    assert refused(response)
    assert response["Retry-After"] == "3600"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "Слишком много попыток входа" in page
    assert "60 минут" in page


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 2
    for guess in range(5):
        sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{guess}, {GUESSER}, 10.0.0.2"), "wrong")
    assert refused(sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{GUESSER}, 10.0.0.2"), PASSWORD))
    assert signed_in(sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{EDITORS_OFFICE}, 10.0.0.2"), PASSWORD))


@pytest.mark.parametrize("forwarded", ["unknown", "", "203.0.113.9:4431", "<script>"])
def test_a_malformed_forwarded_header_is_answered_and_counted_against_the_proxy(editor, forwarded):
    response = sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded), "wrong")
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == PROXY
