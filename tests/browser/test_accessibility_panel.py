"""The panel in a real browser: with and without JavaScript, by keyboard, and following the system."""

import time

import pytest
from playwright.sync_api import expect

from .conftest import page_urls
from .measure import axe_violations

pytestmark = pytest.mark.browser

ONE_YEAR = 365 * 24 * 60 * 60


def pressed_values(page, setting):
    return page.locator(f'.a11y__choice[name="{setting}"][aria-pressed="true"]').evaluate_all(
        "buttons => buttons.map(button => button.value)"
    )


def settings_cookie(page):
    return next((cookie for cookie in page.context.cookies() if cookie["name"] == "a11y"), None)


def test_without_javascript_the_form_sets_a_cookie_for_a_year_and_returns_to_the_page(new_page, site):
    page = new_page(java_script_enabled=False)
    urls = page_urls("ru", site)
    page.goto(urls["release"])
    page.click(".a11y__toggle")
    with page.expect_navigation():
        page.click('.a11y__choice[name="spacing"][value="large"]')
    assert page.url.endswith(f"{urls['release']}#a11y-changed-spacing")
    assert page.get_attribute("html", "data-spacing") == "large"
    assert pressed_values(page, "spacing") == ["large"]
    # The panel folds to its one line, which names the setting; the page says what changed
    # in its language, and the focus is on that message.
    assert page.locator("details.a11y[open]").count() == 0
    assert page.locator(".a11y__current").inner_text() == "Межбуквенный интервал: Большой"
    message = page.locator(".a11y__changed:visible")
    assert message.inner_text() == "Межбуквенный интервал: Большой. Настройка сохранена."
    assert page.evaluate("document.activeElement.id") == "a11y-changed-spacing"
    page.click(".a11y__toggle")

    with page.expect_navigation():
        page.click('.a11y__choice[name="scheme"][value="white-on-black"]')
    cookie = settings_cookie(page)
    assert cookie["value"] == "scheme:white-on-black|spacing:large"
    assert cookie["expires"] - time.time() > ONE_YEAR - 60
    assert cookie["sameSite"] == "Lax"

    page.goto(urls["person"])
    assert page.get_attribute("html", "data-scheme") == "white-on-black"
    assert pressed_values(page, "scheme") == ["white-on-black"]
    page.click(".a11y__toggle")
    with page.expect_navigation():
        page.click(".a11y__reset")
    assert page.url.endswith(f"{urls['person']}#a11y-changed-reset")
    assert page.locator(".a11y__changed:visible").inner_text() == "Все настройки отображения возвращены к исходным."
    assert page.locator(".a11y__current").inner_text() == "стандартный вид"
    assert settings_cookie(page) is None
    assert page.get_attribute("html", "data-scheme") is None
    assert pressed_values(page, "scheme") == ["standard"]


def test_with_javascript_a_choice_applies_at_once_is_announced_and_persists(new_page, site):
    page = new_page()
    urls = page_urls("kk", site)
    page.goto(urls["release"])
    page.evaluate("window.notReloaded = true")
    page.click(".a11y__toggle")
    with page.expect_response(lambda response: response.url.endswith("/accessibility/")):
        page.click('.a11y__choice[name="size"][value="150"]')
    assert page.evaluate("window.notReloaded")
    assert page.get_attribute("html", "data-size") == "150"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    assert pressed_values(page, "size") == ["150"]
    status = page.locator(".a11y__status")
    assert status.get_attribute("role") == "status"
    legend = page.locator(".a11y__group", has=page.locator('[name="size"]')).locator("legend").inner_text()
    expect(status).to_have_text(f"{legend}: 150%")

    page.goto(urls["list"])
    assert page.get_attribute("html", "data-size") == "150"
    assert pressed_values(page, "size") == ["150"]

    assert page.locator("details.a11y[open]").count() == 0
    assert page.locator(".a11y__current").inner_text() == f"{legend}: 150%"
    page.click(".a11y__toggle")
    page.evaluate("window.notReloaded = true")
    with page.expect_response(lambda response: response.url.endswith("/accessibility/")):
        page.click(".a11y__reset")
    assert page.evaluate("window.notReloaded")
    assert page.get_attribute("html", "data-size") is None
    assert pressed_values(page, "size") == ["100"]
    assert page.locator(".a11y__current").inner_text() == "қалыпты көрініс"
    assert settings_cookie(page) is None


def test_going_back_shows_the_earlier_page_with_the_new_settings(new_page, site):
    page = new_page()
    urls = page_urls("en", site)
    page.goto(urls["list"])
    page.goto(urls["release"])
    page.click(".a11y__toggle")
    with page.expect_response(lambda response: response.url.endswith("/accessibility/")):
        page.click('.a11y__choice[name="scheme"][value="brown"]')
    page.go_back()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("data-scheme", "brown")
    assert pressed_values(page, "scheme") == ["brown"]


def test_forced_colours_keep_the_active_value_marked(new_page, site):
    page = new_page(a11y="size:125", forced_colors="active")
    page.goto(page_urls("ru", site)["release"])
    tick = page.locator('.a11y__choice[aria-pressed="true"][name="size"]').evaluate(
        "button => getComputedStyle(button, '::before').content"
    )
    assert "\u2713" in tick
    assert axe_violations(page) == []


def test_the_keyboard_reaches_and_operates_everything_in_order(new_page, site):
    page = new_page()
    page.goto(page_urls("en", site)["list"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "a11y__toggle"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    buttons = page.locator(".a11y button").evaluate_all("buttons => buttons.map(b => `${b.name}=${b.value}`)")
    reached = []
    for _button in buttons:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("`${document.activeElement.name}=${document.activeElement.value}`"))
    assert reached == buttons  # every control, in reading order
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "brand"
    page.locator('.a11y__choice[value="black-on-white"]').focus()
    page.keyboard.press("Space")
    assert page.get_attribute("html", "data-scheme") == "black-on-white"
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"


def test_every_control_is_at_least_44_px_square(new_page, site):
    page = new_page(width=390)
    page.goto(page_urls("ru", site)["release"])
    page.click(".a11y__toggle")
    page.click(".site-menu__toggle")
    targets = page.locator(".a11y__toggle, .a11y button, .site-menu__toggle, .languages a, .site-nav a, .pagination a, .archive-nav a")
    sizes = targets.evaluate_all(
        "elements => elements.map(e => [e.textContent.trim(), e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert len(sizes) > 20
    assert [size for size in sizes if size[1] < 44 or size[2] < 44] == []


@pytest.mark.parametrize(("media", "expected"), [
    ({"contrast": "more"}, ("rgb(0, 0, 0)", "rgb(255, 255, 255)")),
    ({"contrast": "more", "color_scheme": "dark"}, ("rgb(255, 255, 255)", "rgb(0, 0, 0)")),
    ({"color_scheme": "dark"}, ("rgb(255, 255, 255)", "rgb(0, 0, 0)")),
    ({"contrast": "no-preference"}, ("rgb(29, 36, 51)", "rgb(255, 255, 255)")),
])
def test_with_no_choice_the_page_follows_the_system(new_page, site, media, expected):
    page = new_page()
    page.emulate_media(**media)
    page.goto(page_urls("en", site)["release"])
    colours = page.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.documentElement).backgroundColor]")
    assert tuple(colours) == expected


def test_an_explicit_choice_wins_over_the_system(new_page, site):
    page = new_page(a11y="scheme:blue")
    page.emulate_media(contrast="more", reduced_motion="reduce")
    page.goto(page_urls("en", site)["release"])
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(157, 209, 255)"


def about(number):
    return pytest.approx(number, abs=0.01)


RELEASE_PARAGRAPH = "getComputedStyle(document.querySelector('.release__body p'))"


@pytest.mark.parametrize(("a11y", "measure", "expected"), [
    ("spacing:medium", f"parseFloat({RELEASE_PARAGRAPH}.letterSpacing) / parseFloat({RELEASE_PARAGRAPH}.fontSize)", about(0.12)),
    ("spacing:large", f"parseFloat({RELEASE_PARAGRAPH}.wordSpacing) / parseFloat({RELEASE_PARAGRAPH}.fontSize)", about(0.32)),
    ("line-height:medium", f"parseFloat({RELEASE_PARAGRAPH}.lineHeight) / parseFloat({RELEASE_PARAGRAPH}.fontSize)", about(2)),
    ("line-height:large", f"parseFloat({RELEASE_PARAGRAPH}.lineHeight) / parseFloat({RELEASE_PARAGRAPH}.fontSize)", about(2.5)),
    ("line-height:large", f"parseFloat({RELEASE_PARAGRAPH}.marginBottom) / parseFloat({RELEASE_PARAGRAPH}.fontSize)", about(2)),
    ("size:125", "parseFloat(getComputedStyle(document.documentElement).fontSize)", about(20)),
    ("font:serif", f"{RELEASE_PARAGRAPH}.fontFamily.startsWith('\"Noto Serif\"')", True),
    ("images:grayscale", "getComputedStyle(document.querySelector('.release__photo img')).filter", "grayscale(1)"),
])
def test_each_setting_does_what_it_says(new_page, site, a11y, measure, expected):
    page = new_page(a11y=a11y)
    page.goto(page_urls("en", site)["release"])
    assert page.evaluate(measure) == expected
