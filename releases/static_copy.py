"""A static copy of the public site: every page, feed, sitemap, API answer, photo and static
file as a file that a plain static web server serves at the same address.

The copy's addresses are found the way a crawler finds them, from the site's own pages:
each language's front page, search page, robots.txt, the sitemaps and the API are the
seeds, and every internal link on what they return is followed, within what robots.txt
allows. Pages a later change adds are so exported without a change here.

A static server ignores query strings, so a page number in one becomes part of the path:
`/kk/?page=2` is `/kk/page/2/` in the copy, `/sitemap-releases.xml?p=2` is
`/sitemap-releases-p2.xml`, and links to them are rewritten to match (`copy_address`).

Pages are rendered in-process through Django's test Client, flagged as rendered for the
copy (`STATIC_COPY`): the page cache is bypassed, and templates then keep display settings in
the browser, search with Pagefind and leave out the view counter.
"""

import mimetypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache, partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connections
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.translation import override

from senate_press.runtime import with_roomy_stack

from . import reading
from .latin_pages import page_languages
from .models import Institution
from .pagecache import STATIC_COPY

# Query parameters that number the pages of a list, a sitemap or the API: the only queries
# the copy keeps, as part of the path.
PAGE_NUMBER_PARAMETERS = ("page", "p")
MANIFEST = ".static-copy.tsv"
PAGEFIND_FOLDER = "pagefind"
HEADERS_FILE = "_headers"
BATCH_SIZE = 40

# No \b before the names: it would keep the regular expression engine from skipping ahead to them.
LINK_ATTRIBUTE = re.compile(r"""(?:href|src)\s*=\s*["']([^"'<>]+)["']""")
SRCSET_ATTRIBUTE = re.compile(r"""srcset\s*=\s*["']([^"'<>]+)["']""")
# A link from the root that is already the address it leads to: no fragment, no dot segment to resolve.
PLAIN_ROOT_LINK = re.compile(r"/(?!/)[^\s#]*(?<!\?)")
# The last page named by a list's first page: an HTML list in its head, the API's list in its JSON.
LAST_PAGE_LINK = re.compile(rb'''<link rel="last" href="([^"]+)">|"last": "([^"]+)"''')
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml",
              "application/javascript")


def copy_address(path, query=""):
    """The copy's address for a live address, or None if the copy has no such page.

    A query that only numbers a page becomes part of the path; page 1 is the bare address.
    """
    params = parse_qsl(query, keep_blank_values=True)
    if not params:
        return path
    if len(params) != 1 or params[0][0] not in PAGE_NUMBER_PARAMETERS or not params[0][1].isdigit():
        return None
    name, number = params[0]
    if int(number) <= 1:
        return path
    if path.endswith("/"):
        return f"{path}{name}/{int(number)}/"
    stem, dot, extension = path.rpartition(".")
    return f"{stem}-{name}{int(number)}.{extension}" if dot and "/" not in extension else f"{path}-{name}{int(number)}"


def file_for(address):
    """Where an address's file lives in the copy: `path/index.html` for directory-style addresses."""
    relative = unquote(address).lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    if ".." in Path(relative).parts:
        raise ValueError(f"Not an address inside the copy: {address}")
    return relative


def is_text(content_type):
    return content_type.startswith(TEXT_TYPES)


def links_in(body, content_type, page_url, host):
    """Every address on `host` that a page, stylesheet, feed, sitemap or API answer links to,
    as `path?query` without the fragment."""
    if not is_text(content_type):
        return set()
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/css"):
        candidates = CSS_URL.findall(text)
    else:
        candidates = LINK_ATTRIBUTE.findall(text)
        for srcset in SRCSET_ATTRIBUTE.findall(text):
            candidates += [item.split()[0] for item in srcset.split(",") if item.strip()]
        candidates += re.findall(rf"""https?://{re.escape(host)}/[^\s"'<>\\]*""", text)
    # A link from the root or with its scheme leads to the same address from every page, so
    # the header's, the menu's and the footer's are resolved once, not on each page.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    found = set()
    for candidate in set(candidates):  # a list page names each release several times
        link = candidate.replace("&amp;", "&")
        if PLAIN_ROOT_LINK.fullmatch(link) and "/." not in link:
            found.add(link)
            continue
        address = address_on_host(origin if link.startswith(("/", "http://", "https://")) else page_url, link, host)
        if address:
            found.add(address)
    return found


@lru_cache(maxsize=10_000)
def address_on_host(base_url, link, host):
    """`path?query` of a link on a page at `base_url`, if it leads to `host`; else None."""
    parts = urlsplit(urljoin(base_url, link))
    if parts.scheme in ("http", "https") and parts.netloc == host:
        return f"{parts.path}?{parts.query}" if parts.query else parts.path
    return None


def later_pages(body, content_type, live_address):
    """If this is the first page of a list (LAST_PAGE_LINK), the addresses of its other pages in
    order: each page links only to the next, and a crawl that found the thousands of pages of a
    large list one at a time would leave the other workers idle."""
    path, _question, query = live_address.partition("?")
    if query or not content_type.startswith(("text/html", "application/json")):
        return []
    found = LAST_PAGE_LINK.search(body)
    if not found:
        return []
    last = dict(parse_qsl(urlsplit((found[1] or found[2]).decode().replace("&amp;", "&")).query))
    name = next((name for name in PAGE_NUMBER_PARAMETERS if last.get(name, "").isdigit()), None)
    return [f"{path}?{name}={number}" for number in range(2, int(last[name]) + 1)] if name else []


def page_number_links(host):
    """A pattern for links to a numbered page, in an attribute (`href="?page=2"`), a feed or
    sitemap element, a JSON string or text: the only links the copy must rewrite."""
    # The character before the link is matched, not looked behind at: the regular expression engine
    # then skips ahead to the next quote or `>` instead of trying every position.
    return re.compile(
        rf"""(?P<before>["'>])(?P<url>(?:https?://{re.escape(host)})?(?:/[^\s"'<>?#]*)?)"""
        rf"""\?(?P<name>{"|".join(PAGE_NUMBER_PARAMETERS)})=(?P<number>\d+)(?=["'<])"""
    )


def rewrite_page_number_links(body, content_type, page_path, host):
    """The body with each link to a numbered page pointing at the copy's address for it."""
    if not is_text(content_type) or not any(f"?{name}=".encode() in body for name in PAGE_NUMBER_PARAMETERS):
        return body

    def copy_link(match):
        url = match["url"]
        origin, path = re.match(r"(https?://[^/]+)?(.*)", url).groups()
        path = urljoin(page_path, path) if path else page_path
        page_number = f"{match['name']}={match['number']}"
        return f"{match['before']}{origin or ''}{copy_address(path, page_number)}"

    text = body.decode("utf-8")
    return page_number_links(host).sub(copy_link, text).encode("utf-8")


def write_if_changed(root, relative, body):
    """Write the file only if its bytes differ from what is there; True if it was written."""
    target = Path(root, relative)
    if holds(target, len(body), lambda: body):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(body)
    os.replace(temporary, target)
    return True


def move_if_changed(source, root, relative):
    """Move the file `source` (on the copy's file system) to `relative` only if its bytes differ
    from what is there; True if it was moved."""
    target = Path(root, relative)
    if holds(target, source.stat().st_size, source.read_bytes):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return True


def holds(target, size, read_body):
    """Whether the file `target` holds `read_body()`, a body of `size` bytes, read only if the sizes agree."""
    try:
        return target.stat().st_size == size and target.read_bytes() == read_body()
    except FileNotFoundError:
        return False


@dataclass
class Exported:
    """One address of the copy, as rendered."""

    address: str
    file: str | None = None
    content_type: str = ""
    written: bool = False
    links: set = field(default_factory=set)
    later_pages: list = field(default_factory=list)  # a list's pages after its first, in order
    problem: str = ""


class Renderer:
    """Renders live addresses for the copy and writes them into `out_dir`."""

    def __init__(self, out_dir, base_url):
        self.out_dir = Path(out_dir)
        parts = urlsplit(base_url)
        self.scheme, self.host = parts.scheme, parts.netloc
        client = Client(HTTP_HOST=self.host, **{STATIC_COPY: True})
        self.get = with_roomy_stack(client.get)
        self.kept = {}

    def url(self, address):
        return f"{self.scheme}://{self.host}{address}"

    def fetch(self, live_address, redirects=5):
        """(status, content type, body, redirect target) of a live address: static files and photos
        from their storage, the rest from the site."""
        path, _question, query = live_address.partition("?")
        for prefix, read in ((settings.STATIC_URL, read_static_file), (settings.MEDIA_URL, read_media_file)):
            if prefix.startswith("/") and path.startswith(prefix):
                body = read(unquote(path[len(prefix):]))
                if body is None:
                    return 404, "", b"", None
                return 200, mimetypes.guess_type(path)[0] or "application/octet-stream", body, None
        with reading.kept_between_pages(self.kept):
            response = self.get(path, query_params=dict(parse_qsl(query)), secure=self.scheme == "https")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        location = response.get("Location")
        if location and redirects and response.status_code in (301, 302, 303, 307, 308):
            target = urlsplit(urljoin(self.url(path), location))
            if target.netloc == self.host and not path.endswith("/"):
                # A file-like address (favicon.ico) gets its target's bytes: a redirect page would not serve.
                return self.fetch(f"{target.path}?{target.query}" if target.query else target.path, redirects - 1)
            return response.status_code, "text/html; charset=utf-8", b"", location
        return response.status_code, response.get("Content-Type", ""), body, None

    def export(self, live_address):
        path, _question, query = live_address.partition("?")
        address = copy_address(path, query)
        exported = Exported(address)
        status, content_type, body, location = self.fetch(live_address)
        if location:
            body, content_type = redirect_page(urljoin(path, location)), "text/html; charset=utf-8"
        elif status != 200:
            exported.problem = f"{status}"
            return exported
        exported.content_type = content_type
        exported.links = links_in(body, content_type, self.url(live_address), self.host)
        exported.later_pages = later_pages(body, content_type, live_address)
        body = rewrite_page_number_links(body, content_type, path, self.host)
        exported.file = file_for(address)
        exported.written = write_if_changed(self.out_dir, exported.file, body)
        return exported


def read_static_file(name):
    """A static file as the pages name it: from collectstatic's storage (hashed names) or the finders."""
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    found = finders.find(name)
    return Path(found).read_bytes() if found else None


def read_media_file(name):
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as file:
        return file.read()


def redirect_page(target):
    """What a static server can say instead of a redirect: a page that goes on at once."""
    target = escape(target)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}">'
        f'<title>{target}</title></head><body><a href="{target}">{target}</a></body></html>\n'
    ).encode()


# Each worker process's renderer, made after the fork, and the links it has reported.
worker_renderer = None
worker_links = set()


def start_worker(out_dir, base_url):
    global worker_renderer
    worker_renderer = Renderer(out_dir, base_url)


def export_batch(addresses):
    """The pages at `addresses`, each with the links that this worker has not reported before:
    most of a page's links are the menu's, the footer's and other pages' too, and the crawl
    needs each once."""
    pages = [worker_renderer.export(address) for address in addresses]
    for page in pages:
        page.links -= worker_links
        worker_links.update(page.links)
    return pages


@dataclass
class ExportResult:
    files: dict  # relative file -> content type
    written: list
    removed: list
    problems: list  # (address, what went wrong)


def seeds():
    """Where the crawl starts, as units of work that one worker renders in order: the site's root,
    what crawlers read first, each language's front page and search page, one address each; and
    each release's pages in every version, then its permanent addresses and its API answer.

    The crawl would find all of them anyway, each at its own time from a list, a page or the API;
    as one unit, the worker reads the release once for them all (reading.kept_between_pages).
    """
    addresses = ["/", reverse("robots"), reverse("sitemap_index"), reverse("api_releases"), reverse("api_openapi"),
                 "/favicon.ico"]
    for code, _name in settings.LANGUAGES:
        with override(code):
            addresses += [reverse("releases:index"), reverse("releases:search")]
    units = [(address,) for address in addresses]
    for release in reading.sitemap_releases().iterator():
        pages = [address for _code, address in reading.release_addresses(release)]
        permanent = [address for _code, address in reading.permanent_addresses(release)]
        units.append((*pages, *permanent, reverse("api_release", kwargs={"pk": release.pk})))
    return units


def export_site(out_dir, base_url, jobs=1, log=lambda message: None):
    """Write the static copy into `out_dir`; only files whose bytes change are written, and
    files of pages that no longer exist are removed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    host = urlsplit(base_url).netloc
    with override_settings(ALLOWED_HOSTS=[host, *settings.ALLOWED_HOSTS], CACHES=roomy_caches()):
        caches["default"].clear()  # what an earlier export in this process remembered may have changed since
        robots = RobotFileParser()
        status, _type, body, _location = Renderer(out_dir, base_url).fetch(reverse("robots"))
        robots.parse(body.decode().splitlines() if status == 200 else [])
        pages = crawl(out_dir, base_url, robots, jobs, log)
    files = {page.file: page.content_type for page in pages if page.file}
    written = [page.file for page in pages if page.written]
    problems = [(page.address, page.problem) for page in pages if page.problem]
    # Pagefind indexes the release pages in the folder: a release taken off the site must be gone first.
    removed = remove_stale_files(out_dir, files, judged_later=(f"{PAGEFIND_FOLDER}/", HEADERS_FILE))
    log(f"{len(files)} files rendered, {len(written)} written; building the search index")
    for relative, content_type, was_written in build_search_index(out_dir, log):
        files[relative] = content_type
        if was_written:
            written.append(relative)
    if write_if_changed(out_dir, HEADERS_FILE, headers_file(files).encode()):
        written.append(HEADERS_FILE)
    files[HEADERS_FILE] = "text/plain"
    removed += remove_stale_files(out_dir, files)
    manifest = "".join(f"{relative}\t{content_type}\n" for relative, content_type in sorted(files.items()))
    write_if_changed(out_dir, MANIFEST, manifest.encode())
    return ExportResult(files, written, removed, problems)


def roomy_caches():
    """The caches for writing the copy: a default cache of its own in each process, with room for
    what every page of every list remembers (pagecache.remember: a list's count, its pages' ids).

    The copy renders them all: without Redis the site's default cache (Django's local memory,
    300 entries) would forget them as fast as they were made, and each page would count its list
    again. Nothing of the live site's page cache is used by the copy.
    """
    return {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "static-copy",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }}


def crawl(out_dir, base_url, robots, jobs, log):
    """Render every address reachable from the seeds, in parallel when jobs > 1."""
    seen, queue, pages = set(), [], []  # the queue holds units of work: addresses rendered in order

    def new_addresses(addresses):
        for live_address in addresses:
            path, _question, query = live_address.partition("?")
            address = copy_address(path, query)
            # The search index's files are written after the pages, by Pagefind.
            if address is None or address in seen or address.startswith(f"/{PAGEFIND_FOLDER}/"):
                continue
            if not robots.can_fetch("*", path):
                continue
            seen.add(address)
            yield live_address

    def enqueue(units):
        queue.extend(unit for unit in map(tuple, map(new_addresses, units)) if unit)

    def take(exported_batch):
        for exported in exported_batch:
            enqueue((link,) for link in sorted(exported.links))
            enqueue((address,) for address in reversed(exported.later_pages))  # taken from the end: page 2 first
            exported.links = exported.later_pages = None  # not kept: at 100,000 releases they would fill the memory
            pages.append(exported)
        if len(pages) // 5000 != (len(pages) - len(exported_batch)) // 5000:
            log(f"{len(pages)} addresses rendered, {sum(map(len, queue))} waiting")

    enqueue(seeds())
    if jobs <= 1:
        renderer = Renderer(out_dir, base_url)
        while queue:
            take([renderer.export(address) for address in queue.pop()])
        return pages
    # Each worker opens its own connections after the fork: one it inherited, kept in a pool
    # or not, would be shared with the other workers, their queries' answers mixed up.
    for connection in connections.all():
        connection.close()
        connection.close_pool()
    with ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=start_worker,
                             initargs=(out_dir, base_url)) as pool:
        running = set()
        while queue or running:
            while queue and len(running) < 2 * jobs:
                running.add(pool.submit(export_batch, next_batch(queue, jobs)))
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                take(future.result())
    return pages


def next_batch(queue, jobs):
    """Units of work from the end of `queue` for one worker, up to BATCH_SIZE addresses; fewer when
    few wait, so that each of the `jobs` workers has some. (The pages of a long list are found a few
    at a time, from the page before: at the end of a large archive they may be all there is to do.)"""
    batch, most = [], max(1, min(BATCH_SIZE, len(queue) // (2 * jobs)))
    while queue and len(batch) < most:
        batch += queue.pop()
    return batch


def build_search_index(out_dir, log=lambda message: None):
    """Pagefind's index of the release pages, one bundle per language in `pagefind/<code>/`, synced
    into the copy: (file, content type, written) for each of its files.

    Pagefind keeps what it indexes in memory until it writes the bundle, in proportion to the pages
    indexed: one language at a time needs a quarter of what all of them at once would, and a search
    page only ever searches its own language. It writes each bundle beside the copy's files, on their
    file system, so that its new files are moved into the copy rather than copied.
    """
    for code in page_languages():
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".pagefind-") as bundle:
            subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", str(out_dir), "--output-path", bundle, "--silent",
                 # What a result's excerpt should not quote: the section, date and views, the Listen control.
                 "--exclude-selectors", ".release__section, .release__meta, .listen",
                 "--glob", release_page_files(code)],
                check=True,
            )
            for source in sorted(Path(bundle).rglob("*")):
                if source.is_file():
                    relative = f"{PAGEFIND_FOLDER}/{code}/{source.relative_to(bundle).as_posix()}"
                    yield relative, guessed_type(relative), move_if_changed(source, out_dir, relative)
        log(f"search index in {code} built")


def release_page_files(code):
    """A glob of one language's release pages in the copy. Only they carry `data-pagefind-body`
    (templates/releases/release_detail.html), so only they are indexed: Pagefind need not read the rest."""
    with override(code):
        return file_for(reverse("releases:detail", kwargs={"slug": "SLUG"})).replace("SLUG", "*")


def guessed_type(relative):
    return (mimetypes.guess_type(relative)[0] or "application/octet-stream").split(";")[0]


def headers_file(files):
    """The Content-Type of each file a static server would guess wrong from its name, in the
    `_headers` format of Netlify and Cloudflare Pages: a folder whose files all have one such
    type is one rule (`/api/*`)."""
    wrong = {relative: content_type for relative, content_type in files.items()
             if content_type.split(";")[0] != guessed_type(relative)}
    by_folder = {}
    for relative, content_type in files.items():
        by_folder.setdefault(relative.split("/")[0], set()).add(content_type)
    rules = {}
    for relative, content_type in sorted(wrong.items()):
        folder = relative.split("/")[0]
        if by_folder[folder] == {content_type}:
            rules[f"/{folder}/*"] = content_type
        else:
            rules["/" + relative.removesuffix("index.html")] = content_type
    return "".join(f"{address}\n  Content-Type: {content_type}\n" for address, content_type in rules.items())


def remove_stale_files(out_dir, files, judged_later=()):
    """Remove what the last export wrote and this one did not (pages that no longer exist), but
    for the files whose names start with one of `judged_later`."""
    try:
        previous = [line.split("\t")[0] for line in Path(out_dir, MANIFEST).read_text().splitlines()]
    except FileNotFoundError:
        return []
    removed = []
    for relative in previous:
        if relative not in files and not relative.startswith(judged_later) and Path(out_dir, relative).exists():
            Path(out_dir, relative).unlink()
            removed.append(relative)
            for folder in Path(out_dir, relative).parents:
                if folder == Path(out_dir) or any(folder.iterdir()):
                    break
                folder.rmdir()
    return removed


def manifest_of(out_dir):
    """{file: content type} of the copy in `out_dir`, as its last export wrote it."""
    lines = Path(out_dir, MANIFEST).read_text().splitlines()
    return dict(line.split("\t") for line in lines)


def write_warc(out_dir, warc_path, base_url):
    """The copy as one gzipped WARC file: a warcinfo record, then a response record per file at its address."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(warc_path, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        writer.write_record(writer.create_warcinfo_record(Path(warc_path).name, {
            "software": "senate_press export_site", "format": "WARC File Format 1.1", "isPartOf": base_url,
        }))
        for relative, content_type in sorted(manifest_of(out_dir).items()):
            body = Path(out_dir, relative).read_bytes()
            address = "/" + relative.removesuffix("index.html")
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                base_url.rstrip("/") + address, "response", payload=BytesIO(body), http_headers=headers,
            ))


def write_bag(out_dir, bag_dir, base_url, jobs=1):
    """The copy as a BagIt bag with SHA-256 and SHA-512 checksums, made anew in `bag_dir`
    (its files are hard links to the copy's where the file system allows)."""
    import bagit

    bag_dir = Path(bag_dir)
    if bag_dir.exists():
        shutil.rmtree(bag_dir)

    def link_or_copy(source, target):
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(out_dir, bag_dir, copy_function=link_or_copy)
    return bagit.make_bag(str(bag_dir), bag_info(base_url), processes=jobs, checksums=["sha256", "sha512"])


def bag_info(base_url):
    """The bag's description of itself, naming the institution as configured (in English, for
    archives anywhere, or in whichever language it was entered)."""
    with override("en"):
        name = Institution.current().name
    info = {"External-Description": f"Static copy of the press releases at {base_url}",
            "External-Identifier": base_url}
    if name:
        info["Source-Organization"] = name
        info["External-Description"] = f"Static copy of the press releases of {name}, {base_url}"
    return info


class CopyRequestHandler(SimpleHTTPRequestHandler):
    """Python's static file server, except that a folder without index.html is missing, not listed."""

    def list_directory(self, path):
        self.send_error(404)

    def log_message(self, format, *args):
        pass


def serve(out_dir, port=0):
    """Python's http.server serving the copy on 127.0.0.1, in a thread; returns the server."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(CopyRequestHandler, directory=str(out_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_links(out_dir, base_url, port=0):
    """Crawl the copy served by http.server, link by link, from its root, robots.txt and sitemaps.

    Returns [(page, link, status)] for every link that does not answer 200; an address on
    the site's own host (`base_url`) is looked up in the copy.
    """
    host = urlsplit(base_url).netloc
    server = serve(out_dir, port)
    local = f"http://127.0.0.1:{server.server_address[1]}"
    broken, seen = [], {"/", "/robots.txt", "/sitemap.xml"}
    queue = [(None, address) for address in sorted(seen)]
    try:
        while queue:
            referrer, address = queue.pop()
            try:
                with urllib.request.urlopen(local + address) as response:
                    body, content_type = response.read(), response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:
                broken.append((referrer, address, error.code))
                continue
            page_url = f"{urlsplit(base_url).scheme}://{host}{address}"
            for link in sorted(links_in(body, content_type, page_url, host) - seen):
                seen.add(link)
                queue.append((address, link))
    finally:
        server.shutdown()
        server.server_close()
    return broken
