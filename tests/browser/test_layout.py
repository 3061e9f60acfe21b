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


# At 200% the heading is on a phone's first screen; at 300%, and with every setting at its
# largest, the header's own lines (a word per line) push it onto the second.
@pytest.mark.parametrize(("a11y", "screens"), [("size:200", 1), ("size:300", 2), (LARGEST, 2)],
                         ids=["200%", "300%", "largest"])
def test_on_a_phone_the_heading_comes_within_the_first_screens(new_page, site, a11y, screens):
    """The header folds (panel, menu) so the page itself starts near the top, whatever the settings."""
    page = new_page(a11y=a11y, width=320, height=640)
    tops = {}
    for page_type, language in LANGUAGE_OF_PAGE_TYPE.items():
        page.goto(page_urls(language, site)[page_type])
        # Where the heading's first line ends: the reader sees at least that much of it.
        tops[f"{page_type} ({language})"] = round(page.evaluate(
            "() => { const range = document.createRange(); range.selectNodeContents(document.querySelector('main h1'));"
            " return range.getClientRects()[0].bottom; }"
        ))
    too_low = {page: bottom for page, bottom in tops.items() if bottom > screens * 640}
    assert not too_low, f"the first heading's first line ends below {screens} screen(s) of 640 px: {too_low}"
