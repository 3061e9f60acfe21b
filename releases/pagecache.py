"""The cache of anonymous pages, retired by tags, served stale while one worker re-makes a page.

A page is kept once per address (scheme, host, language prefix, path, and the
query parameters some page reads) and per set of display settings the reader
chose in the accessibility panel. Other parameters (utm_source, fbclid, junk)
are dropped before the page is made, so they neither split the cache nor show
in a page kept for others; no cookie but the settings counts either.

Each page says what it shows with tags (`tag(request, "release-12", ...)`, the
names in releases/cache_tags.py); a page that names none gets ANY_CHANGE. A
change retires its tags (`retire`), so the pages showing what changed go stale
and every other page stays. The tags go downstream in `Surrogate-Key` and
`Cache-Tag` headers, and `retire` calls the callable named by the
PAGE_CACHE_PURGE setting with them, so a CDN can purge the same pages.

Retiring needs no list of pages: a counter in the cache goes up by one at each
retirement, and each retired tag keeps the counter's value. A page keeps the
counter's value from before it was made, and is stale once any of its tags
was retired later. A tag that is not in the cache counts as just retired.

A stale page is re-made by one worker, holding a short lock; meanwhile other
readers get the previous copy. A page not in the cache at all is made by one
worker while the others wait for it briefly (or make it themselves if the
maker gives up). Pages served from the cache carry an `Age` header.

Readers with a session (staff) always get a fresh page, and a response that
sets a cookie (a CSRF token) or varies on anything but cookies is never kept.
View counts stay exact: the counter is a never-cached image (see viewcount.py).

`remember` keeps other things pages share (a list's count, the section menu)
under tags the same way. Each process also holds the last pieces it read: while
the page it makes was asked for at the same retirement counter as a piece was
last found fresh, nothing was retired since, and the piece costs no round trip.
"""

import contextvars
import hashlib
import logging
import math
import re
import time
from collections import OrderedDict
from contextlib import contextmanager
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.module_loading import import_string

from .accessibility import preferences_cache_key

logger = logging.getLogger(__name__)

COUNTER_KEY = "pagecache:retirements"
# On every page: retiring it retires them all.
SITE = "site"
# A WSGI environ key marking a page rendered for the static copy (releases/static_copy.py), which
# differs from the live site's at the same address: an HTTP request cannot set it (headers arrive as HTTP_*).
STATIC_COPY = "senate_press.static_copy"
# On every page that does not say what it shows: every change retires it.
ANY_CHANGE = "any-change"
# Longest a worker holds the right to make a page; past gunicorn's timeout it is gone anyway.
LOCK_SECONDS = 30
# How long readers wait for a page another worker is making, when there is no older copy.
WAIT_SECONDS = 3
WAIT_STEP_SECONDS = 0.05

# Every query parameter a page reads: page numbers (lists, search, API; `p` in
# sitemaps), the search form's fields, the API's filters, and the accessibility
# panel's `next`.
PAGE_PARAMETERS = frozenset({
    "page", "p", "q", "order", "date_from", "date_to", "section", "person",
    "page_size", "published_after", "published_before", "updated_since", "next",
})

now = time.time
pause = time.sleep

# The retirement counter for the request being answered: the one its page's look-up read, or, for
# a request the page cache does not keep, UNREAD until a `remember` reads it. None outside requests.
counter_of_page = contextvars.ContextVar("counter_of_page", default=None)
UNREAD = object()


class NewestItems(OrderedDict):
    """A dict that forgets its oldest items beyond `most`; setting an item makes it the newest.

    Safe with threads (the development server's): no step fails when another thread has just
    forgotten the same key.
    """

    def __init__(self, most):
        super().__init__()
        self.most = most

    def __setitem__(self, key, value):
        self.pop(key, None)
        super().__setitem__(key, value)
        while len(self) > self.most:
            self.popitem(last=False)


# What `remember` last read or made in this process, a Held by name; bounded, since some pieces
# are a hundred list pages' ids.
held = NewestItems(most=128)


class Held(NamedTuple):
    """A piece this process read or made, and the retirement counter at which it was fresh."""

    fresh_at: int
    kept: "Kept"


class Kept(NamedTuple):
    """A page (or a shared piece of one) in the cache."""

    made_since: int  # the retirement counter before it was made
    stored_at: float
    fresh_until: float
    tags: frozenset
    value: object


def tag(request, *tags):
    """Declare that the page answering `request` shows what `tags` name."""
    vars(request).setdefault("cache_tags", set()).update(tags)


def retire(tags):
    """Every page carrying one of `tags` (or ANY_CHANGE) is stale from now on, here and downstream."""
    tags = sorted({ANY_CHANGE, *tags})
    counter = advance_counter()
    if counter is not None:
        cache.set_many({tag_key(name): counter for name in tags}, timeout=None)
    if settings.PAGE_CACHE_PURGE:
        try:
            import_string(settings.PAGE_CACHE_PURGE)(tags)
        except Exception:
            # The change is saved and this cache retired; a downstream cache that
            # could not be told keeps its copies until their max-age.
            logger.exception("The purge hook failed for tags %s.", tags)


def tag_key(name):
    return f"pagecache:tag:{name}"


def advance_counter():
    try:
        return cache.incr(COUNTER_KEY)
    except ValueError:  # not in the cache (never set, evicted, or the cache is down)
        return current_counter()


def current_counter():
    counter = cache.get(COUNTER_KEY)
    if counter is None:
        # Lost (evicted, or deleted after the cache missed a retirement): it starts
        # again past any number it had, and every page made before is retired.
        cache.add(COUNTER_KEY, time.time_ns(), timeout=None)
        counter = cache.get(COUNTER_KEY)
        if counter is not None:
            cache.set(tag_key(SITE), counter, timeout=None)
    return counter


def read(key):
    """The retirement counter now and what is kept under `key` (a Kept, or None). One round trip."""
    found = cache.get_many([COUNTER_KEY, key])
    return found.get(COUNTER_KEY) or current_counter(), as_kept(found.get(key))


def as_kept(value):
    # What an earlier version of this module kept under the same key counts as missing.
    return value if isinstance(value, Kept) else None


def is_fresh(kept):
    if now() >= kept.fresh_until:
        return False
    retired_at = cache.get_many([tag_key(name) for name in kept.tags])
    return len(retired_at) == len(kept.tags) and max(retired_at.values()) <= kept.made_since


def store(key, value, made_since, tags, longest):
    """Keep `value` under `key`, fresh until one of `tags` is retired or `longest` seconds pass,
    and return what is kept (None when the cache is unavailable).

    A stale copy stays as long again, for readers to get while it is re-made.
    """
    if made_since is None:  # the cache is unavailable
        return None
    tags = frozenset({SITE, *tags})
    for name in tags - cache.get_many([tag_key(name) for name in tags]).keys():
        cache.add(tag_key(name), made_since, timeout=None)
    fresh_seconds = seconds_fresh(longest, made_since)
    stored_at = now()
    kept = Kept(made_since, stored_at, stored_at + fresh_seconds, tags, value)
    cache.set(key, kept, 2 * fresh_seconds)
    return kept


def seconds_fresh(longest, made_since):
    """`longest`, but no longer than until the content changes by itself (a scheduled release
    appears, with no save to retire anything), as PAGE_CACHE_NEXT_CHANGE says."""
    until_next = seconds_until_next_change(made_since)
    if until_next is None:
        return longest
    return max(1, min(longest, math.ceil(until_next)))


# (retirement counter, time of the next change PAGE_CACHE_NEXT_CHANGE foresaw, or None) as last asked.
next_change_foreseen = (None, None)


def seconds_until_next_change(counter):
    """PAGE_CACHE_NEXT_CHANGE's answer, asked again only once something was retired (a save
    may schedule a release) or the foreseen time has come, not for every page kept."""
    global next_change_foreseen
    if not settings.PAGE_CACHE_NEXT_CHANGE:
        return None
    foreseen_at_counter, change_at = next_change_foreseen
    if foreseen_at_counter != counter or (change_at is not None and now() >= change_at):
        seconds = import_string(settings.PAGE_CACHE_NEXT_CHANGE)()
        change_at = None if seconds is None else now() + seconds
        next_change_foreseen = (counter, change_at)
    return None if change_at is None else change_at - now()


def remember(name, compute, tags=(), seconds=24 * 60 * 60):
    """What `compute()` returns, kept until one of `tags` is retired or `seconds` pass.

    For what many pages show and only the content changes: it is read once per
    change instead of once per page, and from the cache only once per change by each process.
    """
    counter = counter_of_page.get()
    if counter is UNREAD:
        counter = current_counter()
        counter_of_page.set(counter)
    last = held.get(name)
    if counter is not None and last is not None and last.fresh_at == counter and now() < last.kept.fresh_until:
        return last.kept.value
    made_since, kept = read(name)
    if kept is None or not is_fresh(kept):
        value = compute()
        kept = store(name, value, made_since, tags, seconds)
        if kept is None:  # the cache is unavailable
            return value
    held[name] = Held(made_since, kept)
    return kept.value


def keep_page_parameters(request):
    """Reduce the request's query to the parameters pages read, in one order, last value
    of each (the one Django's views read): every address of one page shares its key."""
    kept = [(name, request.GET[name]) for name in sorted(PAGE_PARAMETERS.intersection(request.GET))]
    request.META["QUERY_STRING"] = urlencode(kept)
    request.GET = QueryDict(request.META["QUERY_STRING"])


def page_key(request):
    variant = f"{request.build_absolute_uri()}|{preferences_cache_key(request)}"
    return f"page:{hashlib.sha256(variant.encode()).hexdigest()}"


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        # HEAD shares GET's key: a web server sends only the headers of the kept page.
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(f"/{settings.ADMIN_URL}")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # Pages for the static copy differ from the live site's at the same address.
        and not request.META.get(STATIC_COPY)
    )


def is_shareable(response):
    """A complete page that is the same for every anonymous reader with the same settings."""
    vary = response.get("Vary", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not {"private", "no-store", "no-cache"} & set(re.split(r"[\s,=]+", response.get("Cache-Control", "")))
        # Vary: Cookie is covered by the key (sessions bypass, a11y is keyed);
        # Accept-Language or anything else is not.
        and all(header.strip().lower() == "cookie" for header in vary.split(",") if header.strip())
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            with counted_at(UNREAD):
                return self.get_response(request)
        keep_page_parameters(request)
        key = page_key(request)
        made_since, kept = read(key)
        if kept is not None and is_fresh(kept):
            return served(kept)
        lock = f"{key}:making"
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                return self.make(request, key, made_since)
            finally:
                cache.delete(lock)
        if kept is None:
            kept = wait_for(key, lock)
        if kept is not None:
            return served(kept)
        return self.make(request, key, made_since)

    def make(self, request, key, made_since):
        with counted_at(made_since):
            response = self.get_response(request)
        if not is_shareable(response):
            if response.status_code < 500:
                # A page that is gone or moved, or now private, is not served stale to anyone;
                # after an error on our side (the database away) the stale copy is better than none.
                cache.delete(key)
            return response
        tags = vars(request).get("cache_tags") or {ANY_CHANGE}
        set_response_etag(response)  # once, instead of on every conditional GET
        self.add_downstream_headers(response, {SITE, *tags})
        store(key, response, made_since, tags, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def add_downstream_headers(response, tags):
        # Every page renders the reader's display settings into <html>, so one
        # address has several versions. Browsers and CDNs may keep a page briefly,
        # but only with Vary: Cookie: a shared cache then never hands one reader's
        # settings to another, and a reader who changes them gets a fresh page at
        # once (their Cookie header changed). `private` instead would let the
        # browser show the old look after the panel sends the reader back to this
        # address. Vary: Cookie splits downstream caches by every cookie; a CDN that
        # can key on one cookie should key on `a11y` only (docs/deployment.md).
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        # Fastly and Varnish (xkey) read the first, Cloudflare and Akamai the second.
        response["Surrogate-Key"] = " ".join(sorted(tags))
        response["Cache-Tag"] = ",".join(sorted(tags))


@contextmanager
def counted_at(counter):
    token = counter_of_page.set(counter)
    try:
        yield
    finally:
        counter_of_page.reset(token)


def served(kept):
    response = kept.value
    response["Age"] = str(max(0, int(now() - kept.stored_at)))
    return response


def wait_for(key, lock):
    """The page another worker is making, once it is kept; None if it gives up or takes too long."""
    for _step in range(math.ceil(WAIT_SECONDS / WAIT_STEP_SECONDS)):
        pause(WAIT_STEP_SECONDS)
        found = cache.get_many([key, lock])
        if as_kept(found.get(key)):
            return found[key]
        if lock not in found:
            return None
    return None
