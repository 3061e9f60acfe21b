"""Large text, measured: every page type keeps a readable column at every text size and width."""

import pytest

from releases.accessibility import SETTINGS

from .conftest import page_urls
from .measure import clipped_or_overlapping_text, narrowest_text_column, scrolls_sideways, words_broken_across_lines

pytestmark = pytest.mark.browser

TEXT_SIZES = next(setting for setting in SETTINGS if setting.name == "size").values
WIDTHS = (320, 390, 768, 960, 1024, 1280, 1440)
# The fewest characters a line of main text may hold, unless the screen itself is narrower:
# then the text may not give up more than a fifth of the screen's width to margins and indents.
FEWEST_CHARACTERS = 30
SCREEN_SHARE = 0.8
LANGUAGE_OF_PAGE_TYPE = {"list": "kk", "release": "kk", "year": "ru", "month": "en", "section": "ru",
                         "person": "en", "search": "en", "404": "kk"}


@pytest.mark.parametrize("size", TEXT_SIZES)
def test_main_text_keeps_its_column_at_every_width(new_page, site, size):
    page = new_page(a11y=f"size:{size}", width=WIDTHS[0], height=800)
    problems = []
    for page_type, language in LANGUAGE_OF_PAGE_TYPE.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(page_urls(language, site)[page_type])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            narrowest = narrowest_text_column(page)
            enough = min(FEWEST_CHARACTERS, narrowest["characters"] * SCREEN_SHARE * width / narrowest["px"])
            where = f"{page_type} ({language}) at {width}px and {size}%"
            if narrowest["characters"] < enough:
                problems.append(f"{where}: {narrowest['characters']} characters ({narrowest['px']}px) "
                                f"in {narrowest['element']}, fewer than {enough:.1f}")
            if broken := words_broken_across_lines(page):
                problems.append(f"{where}: words broken without a hyphen: {broken[:5]}")
            if sticking_out := scrolls_sideways(page):
                problems.append(f"{where}: the page scrolls sideways past {sticking_out}")
            if width in (320, 1024) and (overlaps := clipped_or_overlapping_text(page)):
                problems.append(f"{where}: {overlaps[:3]}")
    assert not problems, "\n".join(problems)


LARGEST = "scheme:white-on-black|spacing:large|line-height:large|size:300|font:serif|images:off"


@pytest.mark.parametrize("a11y", ["size:200", "size:250", "size:300", LARGEST],
                         ids=["200%", "250%", "300%", "largest"])
def test_on_a_phone_the_heading_is_on_the_first_screen(new_page, site, a11y):
    """The header folds (panel, menu) so the page itself starts near the top, whatever the settings."""
    page = new_page(a11y=a11y, width=320, height=640)
    bottoms = {}
    for language in ("kk", "ru", "en"):
        for page_type, url in page_urls(language, site).items():
            page.goto(url)
            # Where the heading's first line ends: the reader sees all of that line.
            bottoms[f"{page_type} ({language})"] = round(page.evaluate(
                "() => { const range = document.createRange(); range.selectNodeContents(document.querySelector('main h1'));"
                " return range.getClientRects()[0].bottom; }"
            ))
    too_low = {page: bottom for page, bottom in bottoms.items() if bottom > 640}
    assert not too_low, f"the first heading's first line ends below the first 640 px: {too_low}"
