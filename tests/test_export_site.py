"""The static copy (`export_site`): served by python's http.server with no application behind it."""

import gzip
import html
import json
import re
import urllib.request
from urllib.parse import urlsplit

import bagit
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from warcio.archiveiterator import ArchiveIterator

from releases import api, reading, static_copy
from releases.models import Institution, Release
from releases.static_copy import (
    HEADERS_FILE,
    Renderer,
    check_links,
    copy_address,
    export_site,
    links_in,
    manifest_of,
    next_batch,
    serve,
    write_bag,
    write_warc,
)

from .factories import make_release

BASE_URL = "https://senate.parlam.kz"
pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    """The sample archive: enough releases for the front page to have later pages."""
    call_command("load_sample_content", verbosity=0)
    return Release.objects.published().order_by("-published_at")


def get(server, address):
    with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}{address}") as response:
        return response.read().decode()


def test_page_numbers_become_part_of_the_path():
    assert copy_address("/kk/", "page=2") == "/kk/page/2/"
    assert copy_address("/kk/", "page=1") == "/kk/"
    assert copy_address("/sitemap-releases.xml", "p=3") == "/sitemap-releases-p3.xml"
    assert copy_address("/kk/search/", "q=senate") is None


def test_the_copy_is_served_by_a_plain_static_server_and_every_link_resolves(sample, tmp_path):
    out = tmp_path / "copy"
    result = export_site(out, BASE_URL)
    assert result.problems == []

    server = serve(out)
    try:
        release = sample.first()
        for code in ("kk", "ru", "en"):
            page = get(server, f"/{code}/releases/{getattr(release, f'slug_{code}')}/")
            assert getattr(release, f"title_{code}") in page
            assert f'<html lang="{code}"' in page
            # No view counter and no server-side settings: nothing of the live site's server is needed.
            assert "/views/" not in page
            assert "js/display_settings.js" in page
            assert "data-pagefind-body" in page
        # The front page's second page, at an address a static server can serve, linked from the first.
        assert 'href="/en/page/2/"' in get(server, "/en/")
        with translation.override("en"):
            first_on_second_page = sample[settings.RELEASES_PER_PAGE].title
        assert html.escape(first_on_second_page) in get(server, "/en/page/2/")
        # The search page runs Pagefind, whose bundle is in the copy.
        search = get(server, "/ru/search/")
        assert "/pagefind/ru/pagefind-ui.js" in search and 'id="static-search"' in search
        assert {f"pagefind/{code}/pagefind-entry.json" for code in ("kk", "kk-latn", "ru", "en")} <= set(result.files)
        # Feeds, sitemaps, robots.txt and the API's JSON are there too.
        assert f"<loc>{BASE_URL}/sitemap-releases.xml</loc>" in get(server, "/sitemap.xml")
        assert f"Sitemap: {BASE_URL}/sitemap.xml" in get(server, "/robots.txt")
        assert release.title_ru in get(server, "/ru/feeds/rss/")
        assert f'"id": {release.pk}' in get(server, f"/api/releases/{release.pk}/")
        # The API's later pages too, at addresses the first page links.
        assert f'"next": "{BASE_URL}/api/releases/page/2/"' in get(server, "/api/releases/")
        assert '"results": [{"id": ' in get(server, "/api/releases/page/2/")
        assert 'url=/kk/"' in get(server, "/")
    finally:
        server.shutdown()
        server.server_close()

    assert check_links(out, BASE_URL) == []
    # What a static server would guess wrong from the file name is listed for the server.
    headers = (out / HEADERS_FILE).read_text()
    assert "/api/*\n  Content-Type: application/json\n" in headers
    assert "/ru/feeds/rss/\n  Content-Type: application/rss+xml; charset=utf-8\n" in headers


def test_a_broken_link_is_found(sample, tmp_path):
    out = tmp_path / "copy"
    export_site(out, BASE_URL)
    release = sample.first()
    (out / f"en/releases/{release.slug_en}/index.html").unlink()
    broken = check_links(out, BASE_URL)
    assert f"/en/releases/{release.slug_en}/" in {link for _page, link, _status in broken}


def test_a_second_export_rewrites_nothing_and_an_edit_only_what_shows_it(sample, tmp_path):
    out = tmp_path / "copy"
    first = export_site(out, BASE_URL)
    assert export_site(out, BASE_URL).written == []

    release = sample[2]
    for code in ("kk", "ru", "en"):
        setattr(release, f"title_{code}", f"{getattr(release, f'title_{code}')} (edited)")
    release.save()
    after_edit = export_site(out, BASE_URL)
    own = {f"{code}/releases/{getattr(release, f'slug_{code}')}/index.html" for code in ("kk", "ru", "en")}
    assert own | {f"api/releases/{release.pk}/index.html"} <= set(after_edit.written)
    for written in after_edit.written:
        # Every other file written shows the new title, or is a sitemap (its date) or the search index.
        shows_edit = "(edited)" in (out / written).read_text(errors="replace")
        assert shows_edit or written.startswith(("sitemap", "pagefind/")), written
    unchanged_release_pages = [
        name for name in first.files if "/releases/" in name and name not in after_edit.written
    ]
    assert unchanged_release_pages

    own_address = f"/en/releases/{release.slug_en}/"
    assert own_address in indexed_addresses(out, "en")
    release.status = Release.Status.UNPUBLISHED
    release.save()
    after_unpublishing = export_site(out, BASE_URL)
    assert own <= set(after_unpublishing.removed)
    assert not any((out / name).exists() for name in own)
    assert check_links(out, BASE_URL) == []
    assert own_address not in indexed_addresses(out, "en") and len(indexed_addresses(out, "en")) > 10


def indexed_addresses(out, code):
    """The address of each page in a language's search index: Pagefind keeps one gzipped fragment a page."""
    return {
        json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        for fragment in (out / "pagefind" / code / "fragment").glob("*.pf_fragment")
    }


def test_the_copy_as_warc_and_bagit_bag(sample, tmp_path):
    out = tmp_path / "copy"
    export_site(out, BASE_URL)
    files = manifest_of(out)

    write_warc(out, tmp_path / "copy.warc.gz", BASE_URL)
    responses = {}
    with open(tmp_path / "copy.warc.gz", "rb") as warc:
        for record in ArchiveIterator(warc):
            if record.rec_type == "response":
                responses[record.rec_headers.get_header("WARC-Target-URI")] = (
                    record.http_headers.get_header("Content-Type"), record.content_stream().read(),
                )
    assert len(responses) == len(files)
    release = sample.first()
    content_type, body = responses[f"{BASE_URL}/kk/releases/{release.slug_kk}/"]
    assert content_type.startswith("text/html") and release.title_kk in body.decode()
    assert responses[f"{BASE_URL}/en/feeds/atom/"][0].startswith("application/atom+xml")

    bag = write_bag(out, tmp_path / "bag", BASE_URL)
    assert bagit.Bag(str(tmp_path / "bag")).is_valid()
    assert bag.info["Source-Organization"] == Institution.current().name_en
    assert BASE_URL in bag.info["External-Description"]
    assert len(bag.payload_entries()) == len(files) + 1  # and the list of them, .static-copy.tsv
    (tmp_path / "bag/data/robots.txt").write_text("changed")
    assert not bagit.Bag(str(tmp_path / "bag")).is_valid()


def test_the_command_checks_its_copy(sample, tmp_path, capsys):
    # One process: worker processes would open connections of their own, outside the test's transaction.
    call_command("export_site", str(tmp_path / "copy"), "--base-url", BASE_URL, "--jobs", "1", "--check",
                 "--warc", str(tmp_path / "copy.warc.gz"))
    output = capsys.readouterr().out
    assert "Every link in the copy resolves." in output
    assert (tmp_path / "copy.warc.gz").exists()


def test_exporting_leaves_the_live_site_as_it_was(sample, tmp_path, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    release = sample.first()
    export_site(tmp_path / "copy", BASE_URL)
    search = client.get("/en/search/").content.decode()
    assert 'id="static-search"' not in search and 'class="search-form"' in search
    page = client.get(f"/en/releases/{release.slug_en}/").content.decode()
    assert f"/views/{release.pk}.gif" in page
    assert "display_settings.js" not in page and "data-pagefind-body" not in page


@pytest.mark.django_db(transaction=True)
def test_worker_processes_export_from_pooled_connections_of_their_own(tmp_path):
    """Production settings keep connections in a pool: workers forked with the parent's would share them."""
    from django.db import connection

    releases = [make_release(title=f"Pooled {number}", days_ago=number + 1) for number in range(3)]
    connection.close()
    options = connection.settings_dict["OPTIONS"]
    options["pool"] = {"min_size": 1, "max_size": 2}
    try:
        assert Release.objects.count() == 3  # through the pool, which now holds an open connection
        result = export_site(tmp_path / "copy", BASE_URL, jobs=2)
    finally:
        connection.close()
        connection.close_pool()
        del options["pool"]
    assert result.problems == []
    for release in releases:
        page = (tmp_path / "copy" / "en" / "releases" / release.slug_en / "index.html").read_text()
        assert release.title_en in page


def test_each_release_page_shows_its_own_release_though_one_slug_is_two_releases(tmp_path):
    """A release is read once for its pages in every language; a slug is looked up in the page's language."""
    kazakh = make_release(title="Senat", slug_kk="senat", slug_ru="senat-ru", slug_en="senat-en")
    russian = make_release(title="Other", slug_kk="other-kk", slug_ru="senat", slug_en="other-en", days_ago=2)
    result = export_site(tmp_path / "copy", BASE_URL)
    assert result.problems == []

    def title(code, slug):
        page = (tmp_path / "copy" / code / "releases" / slug / "index.html").read_text()
        return re.search(r'<h1 class="release__title">(.*?)</h1>', page)[1]

    assert title("kk", "senat") == kazakh.title_kk and title("kk", "other-kk") == russian.title_kk
    assert title("ru", "senat") == russian.title_ru and title("ru", "senat-ru") == kazakh.title_ru
    assert title("en", "senat-en") == kazakh.title_en and title("en", "other-en") == russian.title_en
    assert title("kk-latn", "senat") == "Senat kk" and title("kk-latn", "other-kk") == "Other kk"


def test_what_the_copy_keeps_between_pages_changes_no_page(sample, tmp_path, settings):
    """Releases and cards kept from page to page (reading.kept_between_pages) make the same pages
    as rendering each page on its own."""
    result = export_site(tmp_path / "copy", BASE_URL)
    pages = [name for name in result.files if name.endswith("index.html") and name.split("/")[0] in
             ("kk", "kk-latn", "ru", "en", "api") and "/feeds/" not in name]
    assert len(pages) > 300 and any("/r/" in name for name in pages) and any(name.startswith("api/") for name in pages)
    settings.ALLOWED_HOSTS = [urlsplit(BASE_URL).netloc]
    for name in pages:
        address = "/" + name.removesuffix("index.html")
        alone = Renderer(tmp_path / "alone", BASE_URL).export(re.sub(r"(.*/)page/(\d+)/$", r"\1?page=\2", address))
        assert (tmp_path / "alone" / alone.file).read_bytes() == (tmp_path / "copy" / name).read_bytes(), name


def test_a_release_read_for_its_pages_gives_its_permanent_addresses_and_api_answer(tmp_path, settings):
    """In the copy, a release's permanent addresses and API answer are rendered after its pages,
    from the release those read: no query of the releases' table."""
    settings.ALLOWED_HOSTS = [urlsplit(BASE_URL).netloc]
    release, withdrawn = make_release(title="Budget"), make_release(title="Withdrawn", status=Release.Status.WITHDRAWN)
    renderer = Renderer(tmp_path, BASE_URL)
    for _code, address in [*reading.release_addresses(release), *reading.release_addresses(withdrawn)]:
        assert renderer.export(address).file
    with CaptureQueriesContext(connection) as queries:
        permanent = {code: renderer.export(address) for code, address in reading.permanent_addresses(release)}
        api = renderer.export(f"/api/releases/{release.pk}/")
    assert not [query for query in queries if '"releases_release"' in query["sql"]]
    for code, address in reading.release_addresses(release):
        assert f'url={address}"' in (tmp_path / permanent[code].file).read_text()
    assert json.loads((tmp_path / api.file).read_text())["title"]["en"] == "Budget en"
    # Its page shows a withdrawn release with its notice; the API, like its lists, does not.
    assert renderer.export(f"/api/releases/{withdrawn.pk}/").problem == "404"


def test_links_are_followed_to_the_addresses_a_browser_would_open():
    page = """<a href="/ru/a/../b/">1</a> <a href="/ru/c/#top">2</a> <a href="/ru/d/?">3</a>
        <a href="//elsewhere.kz/x/">4</a> <a href="/ru/?page=2">5</a> <a href="e/">6</a>
        <img srcset="/media/a-400.webp 400w, /media/a-800.webp 800w"> <a href="https://senate.parlam.kz/kk/">7</a>
        <a href="https://elsewhere.kz/ru/">8</a>"""
    assert links_in(page.encode(), "text/html; charset=utf-8", f"{BASE_URL}/ru/x/", "senate.parlam.kz") == {
        "/ru/b/", "/ru/c/", "/ru/d/", "/ru/?page=2", "/ru/x/e/", "/media/a-400.webp", "/media/a-800.webp", "/kk/",
    }


def test_a_lists_first_page_gives_the_crawl_all_its_pages_at_once(sample, tmp_path, settings):
    """Each page links only to the next: without the first page naming the last, the workers would
    find a long list's pages one at a time."""
    settings.ALLOWED_HOSTS = [urlsplit(BASE_URL).netloc]
    pages = -(-sample.count() // settings.RELEASES_PER_PAGE)
    assert pages >= 3
    renderer = Renderer(tmp_path, BASE_URL)
    first = renderer.export("/en/")
    assert first.later_pages == [f"/en/?page={number}" for number in range(2, pages + 1)]
    assert f'<link rel="last" href="/en/page/{pages}/">' in (tmp_path / first.file).read_text()
    second = renderer.export("/en/?page=2")
    assert second.file and second.later_pages == []
    assert renderer.export(sample[0].get_absolute_url()).later_pages == []
    api_pages = -(-sample.count() // api.PAGE_SIZE)
    assert api_pages >= 2
    assert renderer.export("/api/releases/").later_pages == [f"/api/releases/?page={n}" for n in range(2, api_pages + 1)]


def test_a_worker_reports_each_link_once(sample, tmp_path, settings, monkeypatch):
    settings.ALLOWED_HOSTS = [urlsplit(BASE_URL).netloc]
    monkeypatch.setattr(static_copy, "worker_links", set())
    monkeypatch.setattr(static_copy, "worker_renderer", static_copy.Renderer(tmp_path, BASE_URL))
    english, russian = static_copy.export_batch(["/en/", "/ru/"])
    assert english.file and russian.file
    stylesheet = next(link for link in english.links if link.startswith("/static/css/"))
    assert stylesheet in (tmp_path / russian.file).read_text()  # on both pages, reported with the first
    assert stylesheet not in russian.links and "/ru/?page=2" in russian.links
    page_2 = static_copy.export_batch(["/ru/?page=2"])[0].links
    assert "/ru/?page=3" in page_2 and stylesheet not in page_2 and page_2.isdisjoint(russian.links)


def test_workers_share_what_little_is_left_to_render():
    release = tuple(f"/ru/{number}/" for number in range(9))  # a release's pages, permanent addresses, API
    queue = [(f"/kk/page/{number}/",) for number in range(200)] + [release]
    assert next_batch(queue, jobs=2) == list(release) + [f"/kk/page/{number}/" for number in range(199, 168, -1)]
    assert len(next_batch(queue, jobs=2)) == 40
    del queue[9:]
    assert next_batch(queue, jobs=2) == ["/kk/page/8/", "/kk/page/7/"]  # and as much for the other worker
    assert next_batch(queue[:1], jobs=2) == ["/kk/page/0/"]
