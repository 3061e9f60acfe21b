"""The script switch of Kazakh pages, as a reader uses it on a phone and on a wide screen."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import page_urls

pytestmark = pytest.mark.browser


def ends_with(address):
    return re.compile(re.escape(address) + "$")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_script_switch_leads_to_the_same_page_in_the_other_alphabet_and_back(new_page, site, width):
    page = new_page(width=width)
    cyrillic, latin = page_urls("kk", site)["release"], page_urls("kk-latn", site)["release"]
    page.goto(cyrillic)
    if width < 600:
        page.get_by_text("Мәзір").click()  # on a phone, languages and scripts are in the menu
    page.get_by_role("navigation", name="Әліпби").get_by_role("link", name="Latyn").click()
    expect(page).to_have_url(ends_with(latin))
    assert page.locator("html").get_attribute("lang") == "kk-Latn"
    expect(page.locator("main h1")).to_contain_text("Development of the creative industry")
    if width < 600:
        page.get_by_text("Mäzır").click()
    page.get_by_role("navigation", name="Älıpbi").get_by_role("link", name="Кирилл").click()
    expect(page).to_have_url(ends_with(cyrillic))
    assert page.locator("html").get_attribute("lang") == "kk"
