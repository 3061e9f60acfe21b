"""Printing a release: the release alone, on at most two A4 pages."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from releases.illustrations import parliament_illustration

from ..factories import add_participant, add_quote, make_person, make_release

pytestmark = pytest.mark.browser

SHARED_RELEASE = Path("/work/shared/data/senate-release-2023-12-06.en.txt")
PDF_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def shared_release_paragraphs():
    """The real release's title and paragraphs, without the scraped page's panel, date and share lines."""
    if not SHARED_RELEASE.exists():
        pytest.skip(f"{SHARED_RELEASE} is not on this machine")
    lines = [line.strip() for line in SHARED_RELEASE.read_text().splitlines() if line.strip()]
    title_at = next(index for index, line in enumerate(lines) if line.startswith("The development"))
    title, paragraphs = lines[title_at], lines[title_at + 2:]
    return title, [paragraph for paragraph in paragraphs if not paragraph.startswith(("(", "Share"))]


@pytest.fixture
def shared_release(transactional_db):
    title, paragraphs = shared_release_paragraphs()
    release = make_release(
        languages=("en",), title=title, lead_en=paragraphs[0],
        body_en="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[1:]),
        photo=ContentFile(parliament_illustration(seed=2), name="club.jpg"),
        photo_alt_en="The Club of Young Experts in session", photo_credit_en="N. Baybulin",
        contact_line_en="Press service of the Senate, 74-72-27",
    )
    speaker = make_person()
    add_participant(release, speaker, role_en="chaired the meeting")
    add_participant(release, make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_kk="Аида Балаева",
                                         name_ru="Аида Балаева"), position=1)
    add_quote(release, speaker, text_en="The creative industry needs joint systematic work of all interested parties.")
    make_release(title="Earlier release", days_ago=5)
    make_release(title="Later release", days_ago=0)
    return release


def test_a_release_prints_as_a_release_on_two_a4_pages(new_page, shared_release):
    page = new_page()
    with translation.override("en"):
        url = shared_release.get_absolute_url()
    page.goto(url)
    page.emulate_media(media="print")
    printed = [".release__title", ".release__meta time", ".release__photo img", ".release__photo figcaption",
               ".release__body p", ".quote", ".participants", ".release__contact", ".site-footer__address"]
    assert [selector for selector in printed if not page.locator(selector).first.is_visible()] == []
    assert page.locator(".site-footer__address").inner_text().endswith(url)
    left_out = [".a11y", ".site-menu", ".site-search", ".share", ".release-pager", ".skip-link"]
    assert [selector for selector in left_out if page.locator(selector).first.is_visible()] == []

    pdf = page.pdf(format="A4", print_background=True)
    pages = len(PDF_PAGE.findall(pdf))
    assert pages <= 2, f"the release prints on {pages} A4 pages"
