"""The static copy in a real browser, served by python's http.server: no application, no database."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from releases.models import Release
from releases.static_copy import export_site, serve

from .conftest import BUSY_MACHINE_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def copy_url(tmp_path):
    """The sample content exported and served; the address of the server."""
    call_command("load_sample_content", verbosity=0)
    export_site(tmp_path / "copy", "https://senate.parlam.kz")
    server = serve(tmp_path / "copy")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_copy(browser, copy_url):
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(base_url=copy_url, **context_options)
        context.set_default_timeout(BUSY_MACHINE_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_the_panel_choice_is_kept_in_the_browser_across_reloads_and_pages(open_copy):
    page = open_copy()
    page.goto("/ru/")
    page.click(".a11y__toggle")
    page.click('.a11y__choice[name="scheme"][value="white-on-black"]')
    page.click('.a11y__choice[name="size"][value="150"]')
    assert page.get_attribute("html", "data-scheme") == "white-on-black"

    page.reload()
    assert page.get_attribute("html", "data-scheme") == "white-on-black"
    assert page.get_attribute("html", "data-size") == "150"
    expect(page.locator('.a11y__choice[name="scheme"][aria-pressed="true"]')).to_have_attribute("value", "white-on-black")
    expect(page.locator(".a11y__current")).to_contain_text("150%")

    page.goto("/en/")
    assert page.get_attribute("html", "data-scheme") == "white-on-black"
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(0, 0, 0)"
    page.click(".a11y__toggle")
    page.click('.a11y__reset')
    page.reload()
    assert page.get_attribute("html", "data-scheme") is None
    expect(page.locator(".a11y__current")).to_have_text("standard view")


def test_without_javascript_the_panel_is_hidden_and_the_system_preferences_apply(open_copy):
    page = open_copy(java_script_enabled=False, color_scheme="dark")
    page.goto("/kk/")
    expect(page.locator(".a11y")).to_be_hidden()
    background = page.locator("html").evaluate("html => getComputedStyle(html).backgroundColor")
    assert background == "rgb(0, 0, 0)"


@pytest.mark.parametrize("code", ["kk", "kk-latn", "ru", "en"])
def test_search_finds_a_release_in_each_language(open_copy, code):
    release = Release.objects.published().order_by("-published_at").first()
    slug = getattr(release, f"slug_{code.removesuffix('-latn')}")  # Latin Kazakh pages keep the Kazakh slug
    address = f"/{code}/releases/{slug}/"
    page = open_copy()
    page.goto(address)
    title = page.locator("h1").inner_text()
    word = max(title.split(), key=len).strip(".,«»\"")
    page.goto(f"/{code}/search/?q={word}")
    result = page.locator(f'.pagefind-ui__result-link[href="{address}"]')
    expect(result).to_have_text(title)
    expect(page.locator(".pagefind-ui__message")).not_to_contain_text("[COUNT]")


def test_search_results_grow_with_the_readers_text_size(open_copy):
    """Pagefind sizes its text in px: the copy scales it with the size chosen in the panel."""
    release = Release.objects.published().order_by("-published_at").first()
    word = max(release.title_en.split(), key=len).strip(".,«»\"")
    page = open_copy()

    def result_title_size():
        page.goto(f"/en/search/?q={word}")
        # Pagefind replaces its results as it loads them: a title found a moment ago may be gone.
        size = page.wait_for_function("""() => {
            const title = document.querySelector(".pagefind-ui__result-title");
            return title && title.offsetHeight > 0 && getComputedStyle(title).fontSize;
        }""").json_value()
        return float(size.removesuffix("px"))

    standard = result_title_size()
    page.click(".a11y__toggle")
    page.click('.a11y__choice[name="size"][value="200"]')
    assert result_title_size() == 2 * standard
