"""The cache of anonymous pages.

A page is kept once per address (scheme, host, language prefix, path, and the
query parameters some page reads) and per set of display settings the reader
chose in the accessibility panel. Other parameters (utm_source, fbclid, junk)
are dropped before the page is made, so they neither split the cache nor show
in a page kept for others; no cookie but the settings counts either. Any
change to the content bumps a generation number kept with every cached page, so
one increment retires every cached page at once. The number and the page are
read together, in one round trip to the cache.

Readers with a session (staff) always get a fresh page, and a response that
sets a cookie (a CSRF token) or varies on anything but cookies is never kept.
View counts stay exact: the counter is a never-cached image (see viewcount.py).

`remember` keeps other things pages share (a list's count, the section menu)
under the same generation, so the same change retires them.
"""

import hashlib
import math
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from .accessibility import preferences_cache_key
from .models import Release
from .static_copy import STATIC_COPY

GENERATION_KEY = "pagecache:generation"

# Every query parameter a page reads: page numbers (lists, search, API; `p` in
# sitemaps), the search form's fields, the API's filters, and the accessibility
# panel's `next`.
PAGE_PARAMETERS = frozenset({
    "page", "p", "q", "order", "date_from", "date_to", "section", "person",
    "page_size", "published_after", "published_before", "updated_since", "next",
})


def invalidate(**kwargs):
    """Retire every cached page; connected to each content model's save and delete."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (never set, evicted, or the cache is down)
        current_generation()


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A number never used before, so pages kept under an evicted generation
        # can never come back.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def kept(key):
    """The current generation and what is kept under `key` for it: None if nothing is,
    or only for an older generation. One round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or current_generation()
    kept_generation, value = found.get(key, (None, None))
    return generation, (value if kept_generation == generation else None)


def remember(name, compute, seconds=24 * 60 * 60):
    """What `compute()` returns, kept until the content changes or `seconds` pass.

    For what many pages show and only the content changes: it is read once per
    change instead of once per page.
    """
    generation, value = kept(name)
    if value is None:
        value = compute()
        cache.set(name, (generation, value), seconds_to_keep(seconds))
    return value


def seconds_to_keep(longest):
    """`longest`, but no longer than until a scheduled release is due: it appears by
    its time, with no save to retire what was kept."""
    until_next = Release.objects.seconds_until_next_publication()
    if until_next is None:
        return longest
    return max(1, min(longest, math.ceil(until_next)))


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
            return self.get_response(request)
        keep_page_parameters(request)
        key = page_key(request)
        generation, response = kept(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if is_shareable(response):
            set_response_etag(response)  # once, instead of on every conditional GET
            self.add_downstream_headers(response)
            cache.set(key, (generation, response), seconds_to_keep(settings.PAGE_CACHE_SECONDS))
        return response

    @staticmethod
    def add_downstream_headers(response):
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
