"""Counting readers of a release.

Pages carry a tiny image whose address is never cached, so a page served from
any cache (ours, a CDN, the browser's) is still counted once per reader a day.
"""

import hashlib
import re
import secrets

from django.core.cache import cache
from django.db.models import F

from senate_press.client_address import client_address

from .models import Release

# Only the counter sees the reader's cookie, so cached pages are never split by it.
COUNTER_PATH = "/views/"
READER_COOKIE = "reader"
READER_COOKIE_AGE = 365 * 24 * 60 * 60
READER_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
SEEN_FOR_SECONDS = 24 * 60 * 60
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|"
    r"curl|wget|python-|httpclient|java/|go-http|headless|lighthouse",
    re.IGNORECASE,
)


def is_bot(user_agent):
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def count_view(request, release_id, reader_token):
    """Add one view unless this is a bot, a repeat within a day, or not a published release.

    `reader_token` is the reader's cookie, freshly made if they came without one.
    """
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    first_today = cache.add(f"seen:{release_id}:{reader_token}", True, SEEN_FOR_SECONDS)
    if request.COOKIES.get(READER_COOKIE) != reader_token:
        # A reader who refuses cookies arrives "new" every time: their address
        # and browser stand in for them, so reloads still count once a day.
        first_today = cache.add(f"seen:{release_id}:{fingerprint(request)}", True, SEEN_FOR_SECONDS)
    if not first_today:
        return False
    updated = Release.objects.published().filter(pk=release_id).update(views=F("views") + 1)
    return updated == 1


def fingerprint(request):
    seed = f"{client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(seed.encode()).hexdigest()


def reader_token_for(request):
    token = request.COOKIES.get(READER_COOKIE, "")
    return token if READER_TOKEN.fullmatch(token) else secrets.token_urlsafe(16)
