import json
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from releases.illustrations import parliament_illustration

from .factories import make_institution, make_release

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """The page's <meta property|name> tags (in order) and its JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self._in_json_ld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs["name"], attrs["content"]))
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_json_ld = False


def read_page(client, language, release):
    with translation.override(language):
        url = release.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return f"http://testserver{url}", reader


def test_release_page_has_open_graph_twitter_card_and_news_article(client):
    make_institution()
    photo = ContentFile(parliament_illustration(seed=2), name="hall.jpg")
    release = make_release(title="Budget", photo=photo, photo_alt_en="The hall", photo_alt_ru="Зал", photo_alt_kk="Зал")
    page_url, page = read_page(client, "en", release)
    meta = dict(page.meta)
    image_url = f"http://testserver{release.photo.url}"

    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Budget en"
    assert meta["og:description"] == "Lead en"
    assert meta["og:url"] == page_url
    assert meta["og:locale"] == "en_US"
    assert [value for key, value in page.meta if key == "og:locale:alternate"] == ["kk_KZ", "ru_RU"]
    assert (meta["og:image"], meta["og:image:width"], meta["og:image:height"]) == (image_url, "1200", "800")
    assert datetime.fromisoformat(meta["article:published_time"]) == release.published_at
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == image_url

    [article] = page.json_ld
    assert article["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
    assert article["headline"] == "Budget en"
    assert article["inLanguage"] == "en"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": page_url}
    # JSON-LD dates keep milliseconds.
    assert abs(datetime.fromisoformat(article["datePublished"]) - release.published_at) < timedelta(milliseconds=1)
    assert abs(datetime.fromisoformat(article["dateModified"]) - release.updated_at) < timedelta(milliseconds=1)
    assert article["image"] == {"@type": "ImageObject", "url": image_url, "width": 1200, "height": 800}
    press_service = "Press service of the Kurultai"
    assert article["author"]["@type"] == article["publisher"]["@type"] == "Organization"
    assert article["author"]["name"] == article["publisher"]["name"] == press_service


def test_fallback_release_declares_the_language_its_text_is_in(client):
    release = make_release(title="Untranslated", languages=("kk", "ru"))
    _url, page = read_page(client, "en", release)
    meta = dict(page.meta)
    assert meta["og:title"] == "Untranslated ru"
    assert meta["og:locale"] == "ru_RU"
    assert [value for key, value in page.meta if key == "og:locale:alternate"] == ["kk_KZ"]
    assert meta["twitter:card"] == "summary"
    assert "og:image" not in meta
    assert page.json_ld[0]["inLanguage"] == "ru"
    assert "image" not in page.json_ld[0]


def test_markup_in_a_title_cannot_break_out_of_the_json_ld(client):
    release = make_release(title="</script><script>alert(1)</script> & more")
    with translation.override("en"):
        html = client.get(release.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    reader = HeadReader()
    reader.feed(html)
    assert reader.json_ld[0]["headline"] == "</script><script>alert(1)</script> & more en"
