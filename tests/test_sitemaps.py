from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone, translation

from releases.latin_pages import language_tag, page_languages
from releases.models import Release
from releases.sitemaps import ReleaseSitemap

from .factories import add_participant, make_person, make_release, make_section

pytestmark = pytest.mark.django_db

# Each language's address, and Kazakh's in Latin script too.
VERSIONS = ("kk", "kk-latn", "ru", "en")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def entries(root):
    """{address: {hreflang: alternate address}, lastmod} for each <url> of a sitemap."""
    return {
        url.findtext("s:loc", namespaces=NS): (
            {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)},
            url.findtext("s:lastmod", namespaces=NS),
        )
        for url in root.findall("s:url", NS)
    }


def address_in(language, obj):
    with translation.override(language):
        return f"http://testserver{obj.get_absolute_url()}"


def test_index_lists_each_kind_of_sitemap(client):
    make_release()
    root = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in root.iter(f"{{{NS['s']}}}loc")]
    assert locations == [
        "http://testserver/sitemap-releases.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-people.xml",
    ]


def test_each_release_is_listed_in_every_language_with_alternates_and_lastmod(client):
    release = make_release(title="Budget", languages=("kk", "ru"))
    make_release(title="Draft", status=Release.Status.DRAFT)
    urls = entries(xml(client, "/sitemap-releases.xml"))

    addresses = {language_tag(language): address_in(language, release) for language in VERSIONS}
    assert set(urls) == set(addresses.values())
    alternates, lastmod = urls[addresses["en"]]
    assert alternates == {**addresses, "x-default": address_in("kk", release).replace("/kk/", "/")}
    assert addresses["ru"].endswith("/ru/releases/budget-ru/")
    assert addresses["kk-Latn"].endswith("/kk-latn/releases/budget-kk/")
    assert lastmod == timezone.localdate(release.updated_at).isoformat()


def test_sections_and_people_are_listed_in_every_language(client):
    section, person = make_section(), make_person()
    add_participant(make_release(section=section), person)
    sections = entries(xml(client, "/sitemap-sections.xml"))
    people = entries(xml(client, "/sitemap-people.xml"))
    assert set(sections) == {address_in(language, section) for language in VERSIONS}
    assert set(people) == {address_in(language, person) for language in VERSIONS}


def test_release_sitemap_is_split_into_pages_that_keep_a_release_whole(client, monkeypatch):
    monkeypatch.setattr(ReleaseSitemap, "limit", 8)  # two releases' four versions a page
    releases = [make_release(title=f"Release {number}", days_ago=number) for number in range(1, 6)]

    index = [loc.text for loc in xml(client, "/sitemap.xml").iter(f"{{{NS['s']}}}loc")]
    assert index[:3] == [
        "http://testserver/sitemap-releases.xml",
        "http://testserver/sitemap-releases.xml?p=2",
        "http://testserver/sitemap-releases.xml?p=3",
    ]
    pages = [entries(xml(client, f"/sitemap-releases.xml?p={page}")) for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [8, 8, 4]
    listed = set().union(*pages)
    assert listed == {address_in(language, release) for release in releases for language in VERSIONS}
    assert client.get("/sitemap-releases.xml?p=4").status_code == 404
    assert client.get("/sitemap-releases.xml?p=x").status_code == 404


def test_a_full_part_stays_within_a_tenth_of_the_protocols_limits(client):
    """The protocol allows 50,000 addresses and 50 MB a file; measured on releases with
    the longest slugs a release can have."""
    for number in range(2):
        make_release(**{f"slug_{code}": f"{code}{number}-{'x' * 95}" for code in ("kk", "ru", "en")})
    response = client.get("/sitemap-releases.xml")
    bytes_per_address = len(response.content) / len(entries(ElementTree.fromstring(response.content)))

    assert ReleaseSitemap.limit % len(page_languages()) == 0  # a release's versions never split across parts
    assert ReleaseSitemap.limit <= 5_000
    assert ReleaseSitemap.limit * bytes_per_address <= 5_000_000


def test_robots_txt_points_at_the_sitemap_and_keeps_out_admin_and_previews(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert {f"Disallow: /{code}/preview/" for code in VERSIONS} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("address", [
    "/sitemap.xml", "/sitemap-releases.xml", "/sitemap-releases.xml?p=2", "/sitemap-people.xml", "/robots.txt",
])
def test_sitemaps_and_robots_are_kept_once_for_every_language(client, address, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(ReleaseSitemap, "limit", 3)
    make_release(title="First", days_ago=2)
    make_release(title="Second", days_ago=1)
    make_person()

    first = client.get(address, HTTP_ACCEPT_LANGUAGE="ru")
    assert first.status_code == 200
    assert "Accept-Language" not in first.get("Vary", "")
    with django_assert_num_queries(0):
        again = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    assert again.content == first.content


def test_each_part_of_the_release_sitemap_is_kept_apart(client, monkeypatch):
    monkeypatch.setattr(ReleaseSitemap, "limit", 4)
    first, second = make_release(title="First", days_ago=2), make_release(title="Second", days_ago=1)
    second_part = entries(xml(client, "/sitemap-releases.xml?p=2"))  # kept before the first part is asked for
    first_part = entries(xml(client, "/sitemap-releases.xml"))
    assert set(first_part) == {address_in(code, first) for code in VERSIONS}
    assert set(second_part) == {address_in(code, second) for code in VERSIONS}


@pytest.mark.parametrize("address", ["/sitemap.xml", "/sitemap-releases.xml", "/robots.txt"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_any_method_but_get_and_head_is_a_405_before_anything_is_read(address, method, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = getattr(Client(enforce_csrf_checks=True), method)(address)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_head_answers_like_get(client):
    make_release()
    response = client.head("/sitemap-releases.xml")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
