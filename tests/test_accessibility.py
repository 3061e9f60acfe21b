"""The accessibility panel without a browser: the cookie, the form view, the rendered state."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from releases.accessibility import COOKIE_AGE, COOKIE_NAME, Preferences, preferences_cache_key

from .factories import make_release


class FakeRequest:
    def __init__(self, cookies):
        self.COOKIES = cookies


def test_cookie_keeps_known_settings_in_a_fixed_order_and_drops_the_rest():
    preferences = Preferences.from_cookie("size:150|font:comic|colour:red|scheme:blue|garbage||:")
    assert preferences.chosen == {"scheme": "blue", "size": "150"}
    assert preferences.to_cookie() == "scheme:blue|size:150"


def test_cache_key_depends_on_the_choice_only():
    same_choice = [
        {COOKIE_NAME: "scheme:blue|size:150"},
        {COOKIE_NAME: "size:150|scheme:blue", "sessionid": "abc", "_ga": "GA1.2"},
        {COOKIE_NAME: "size:150|scheme:blue|images:sideways"},
    ]
    assert {preferences_cache_key(FakeRequest(cookies)) for cookies in same_choice} == {"scheme:blue|size:150"}
    assert preferences_cache_key(FakeRequest({})) == preferences_cache_key(FakeRequest({"_ga": "x"})) == "default"
    assert preferences_cache_key(FakeRequest({COOKIE_NAME: "nonsense"})) == "default"


def test_choosing_a_value_sets_the_cookie_for_a_year_and_returns_the_reader():
    client = Client(enforce_csrf_checks=True)  # a cached page's form carries no token
    response = client.post(reverse("accessibility"), {"scheme": "green", "next": "/en/releases/some-release/?page=2"})
    assert response.status_code == 303
    assert response["Location"] == "/en/releases/some-release/?page=2#a11y-changed-scheme"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "scheme:green"
    assert cookie["max-age"] == COOKIE_AGE == 365 * 24 * 60 * 60
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"


def test_a_new_choice_is_added_to_the_earlier_ones_and_bad_values_change_nothing(client):
    client.cookies[COOKIE_NAME] = "scheme:blue|size:150"
    response = client.post(reverse("accessibility"), {"size": "200", "font": "serif", "scheme": "purple", "next": "/en/"})
    assert response.cookies[COOKIE_NAME].value == "scheme:blue|size:200|font:serif"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", None])
def test_foreign_or_missing_return_addresses_go_to_the_front_page(client, next_url):
    data = {"scheme": "blue"} if next_url is None else {"scheme": "blue", "next": next_url}
    response = client.post(reverse("accessibility"), data, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 303
    assert response["Location"] == "/ru/#a11y-changed-scheme"


def test_get_changes_nothing_and_goes_back(client):
    response = client.get(reverse("accessibility"), {"scheme": "blue", "next": "/en/"})
    assert response.status_code == 303
    assert response["Location"] == "/en/"
    assert COOKIE_NAME not in response.cookies


def test_a_post_with_nothing_valid_leaves_no_cookie_behind(client):
    response = client.post(reverse("accessibility"), {"scheme": "purple", "next": "/en/"})
    assert response.status_code == 303
    assert response["Location"] == "/en/"
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_reset_forgets_every_setting(client):
    client.cookies[COOKIE_NAME] = "scheme:blue|size:150"
    response = client.post(reverse("accessibility"), {"reset": "all", "next": "/en/#a11y-changed-size"})
    assert response.status_code == 303
    assert response["Location"] == "/en/#a11y-changed-reset"
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_pages_render_the_choice_into_html_and_the_panel(client, language):
    make_release()
    client.post(reverse("accessibility"), {"scheme": "white-on-black", "next": "/"})
    client.post(reverse("accessibility"), {"line-height": "large", "next": "/"})
    html = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}" data-scheme="white-on-black" data-line-height="large">' in html
    assert '<details class="a11y" id="accessibility">' in html  # folded, naming the choices
    assert 'name="scheme" value="white-on-black" aria-pressed="true"' in html
    assert 'name="scheme" value="standard" aria-pressed="false"' in html
    assert 'name="line-height" value="large" aria-pressed="true"' in html
    assert 'name="size" value="100" aria-pressed="true"' in html
    assert f'<input type="hidden" name="next" value="/{language}/">' in html


@pytest.mark.django_db
def test_the_panel_follows_each_readers_choices_language_and_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # only the panel's own cache is at work
    release = make_release()
    assert 'value="white-on-black" aria-pressed="false">White on black<' in client.get("/en/").content.decode()
    client.post(reverse("accessibility"), {"scheme": "white-on-black", "next": "/"})
    assert 'value="white-on-black" aria-pressed="true">White on black<' in client.get("/en/").content.decode()
    with translation.override("ru"):
        release_page = release.get_absolute_url()
    russian = client.get(release_page).content.decode()
    assert 'value="white-on-black" aria-pressed="true">Белый на чёрном<' in russian
    assert f'<input type="hidden" name="next" value="{release_page}">' in russian
    assert 'value="white-on-black" aria-pressed="false">' in Client().get(release_page).content.decode()


@pytest.mark.django_db
def test_without_a_choice_the_page_carries_no_settings_and_the_panel_is_closed(client):
    make_release()
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert '<details class="a11y" id="accessibility">' in html
    assert html.count('aria-pressed="true"') == 6
    assert html.index('class="skip-link"') < html.index('class="a11y"') < html.index('class="brand"')


@pytest.mark.django_db
def test_not_found_page_has_the_panel_too(client):
    client.cookies[COOKIE_NAME] = "size:200"
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-size="200"' in html
    assert 'action="/accessibility/"' in html


@pytest.mark.django_db
def test_the_folded_panel_names_each_changed_setting_and_each_message_says_what_it_is_now(client):
    make_release()
    client.cookies[COOKIE_NAME] = "spacing:large|size:250|images:grayscale"
    html = client.get("/ru/").content.decode()
    assert ">Межбуквенный интервал: Большой; Размер текста: 250%; Изображения: Чёрно-белые</span></summary>" in html
    assert ('<p class="a11y__changed" id="a11y-changed-size" tabindex="-1">'
            "Размер текста: 250%. Настройка сохранена.</p>") in html
    untouched = Client().get("/kk/").content.decode()
    assert ">қалыпты көрініс</span></summary>" in untouched
