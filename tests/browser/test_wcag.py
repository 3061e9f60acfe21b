"""WCAG 2.2 in headless Chromium: axe-core on every page type, language and panel setting."""

import pytest

from .conftest import LANGUAGES, page_urls
from .measure import axe_violations, clipped_or_overlapping_text, force_text_spacing, scrolls_sideways

pytestmark = pytest.mark.browser

HIGH_CONTRAST_SCHEMES = ("black-on-white", "white-on-black", "blue", "brown", "green")

# A sample of the settings' product in which every value of every setting appears;
# the first is the untouched page.
STATES = [
    "",
    "scheme:black-on-white|spacing:medium|line-height:medium|size:125|font:serif|images:grayscale",
    "scheme:white-on-black|spacing:large|line-height:large|size:150|font:sans|images:off",
    "scheme:blue|spacing:normal|line-height:large|size:200|font:serif|images:on",
    "scheme:brown|spacing:medium|line-height:normal|size:200|font:sans|images:off",
    "scheme:green|spacing:large|line-height:medium|size:250|font:serif|images:grayscale",
    "scheme:blue|spacing:medium|line-height:normal|size:300|font:sans|images:on",
    "scheme:standard|spacing:normal|line-height:normal|size:100|font:sans|images:on",
]


@pytest.mark.parametrize("language", [*LANGUAGES, "kk-latn"])
def test_every_page_type_passes_axe(new_page, site, language):
    page = new_page()
    for page_type, url in page_urls(language, site).items():
        response = page.goto(url)
        assert response.status == (404 if page_type == "404" else 200), url
        assert axe_violations(page) == [], f"{page_type} {url}"


@pytest.mark.parametrize("state", STATES, ids=lambda state: state.split("|")[0] or "untouched")
def test_each_setting_passes_axe_on_a_release_and_a_list(new_page, site, state):
    page = new_page(a11y=state)
    language = LANGUAGES[STATES.index(state) % len(LANGUAGES)]
    scheme = state.split("|")[0].removeprefix("scheme:")
    urls = page_urls(language, site)
    for url in (urls["release"], urls["list"]):
        page.goto(url)
        for setting in filter(None, state.split("|")):
            name, value = setting.split(":")
            assert page.get_attribute("html", f"data-{name}") == value
        assert axe_violations(page) == [], url
        page.click(".a11y__toggle")  # and unfolded
        assert axe_violations(page) == [], f"{url}, panel open"
        if scheme in HIGH_CONTRAST_SCHEMES:
            assert axe_violations(page, rules=["color-contrast-enhanced"]) == [], url


def test_images_off_shows_each_description_in_place_of_its_image(new_page, site):
    page = new_page(a11y="images:off")
    urls = page_urls("en", site)
    page.goto(urls["release"])
    assert page.locator("img:visible").count() == 0
    assert page.locator(".release__photo").inner_text().startswith("The Senate building")
    page.goto(urls["list"])
    assert page.locator(".release-card picture").count() > 0
    assert page.locator("img:visible, picture:visible").count() == 0
    card, title = page.locator(".release-card article").first, page.locator(".release-card__title").first
    assert title.bounding_box()["x"] == card.bounding_box()["x"]  # no empty column where the photo was


@pytest.mark.parametrize("state", ["", "spacing:large|line-height:large|size:150"])
def test_text_spacing_overrides_neither_clip_nor_overlap_text(new_page, site, state):
    """WCAG 1.4.12, with the reader's own settings underneath."""
    page = new_page(a11y=state, width=1024)
    for language, page_type in (("kk", "release"), ("ru", "list"), ("en", "person"), ("kk", "month")):
        page.goto(page_urls(language, site)[page_type])
        force_text_spacing(page)
        page.evaluate("document.querySelector('details.a11y').open = true")  # measure the panel too
        assert clipped_or_overlapping_text(page) == [], f"{language} {page_type}"


@pytest.mark.parametrize(("width", "state"), [(320, ""), (320, "spacing:large|line-height:large"), (640, "size:200")])
def test_no_sideways_scrolling_at_320_px_or_at_200_percent_text(new_page, site, width, state):
    """WCAG 1.4.10 (reflow) and 1.4.4 (resize text)."""
    page = new_page(a11y=state, width=width, height=800)
    for language in LANGUAGES:
        for page_type, url in page_urls(language, site).items():
            page.goto(url)
            page.evaluate("document.querySelector('details.a11y').open = true")
            assert not scrolls_sideways(page), f"{width}px {state} {page_type} {url}"
