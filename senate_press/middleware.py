"""Site-wide middleware: security headers Django lacks, language negotiation only where it
matters, and a calm page while the database is down."""

import logging
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.middleware import locale
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin

from releases import latin_pages

logger = logging.getLogger(__name__)


def content_security_policy():
    """Everything from our own origin (and the media host, if it is another); nothing inline."""
    media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings.MEDIA_URL)) if "//" in settings.MEDIA_URL else ""
    own = " ".join(filter(None, ["'self'", media_origin]))
    return "; ".join([
        "default-src 'self'",
        f"img-src {own}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeadersMiddleware:
    """The Content Security Policy and Permissions Policy; SecurityMiddleware sends the rest.

    A view may send a stricter policy of its own; it is kept.
    """

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


def same_in_every_language(view):
    """For a view whose successful answer does not depend on the reader's language
    (sitemaps, robots.txt, the API's data): it goes out without `Vary: Accept-Language`,
    so the page cache and any CDN keep one copy. Its error messages are still translated."""

    @wraps(view)
    def view_answering_alike(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.same_in_every_language = response.status_code == 200
        return response

    return view_answering_alike


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that addresses under /kk-latn/ are made in Kazakh in Latin script
    (see releases/latin_pages.py), and that it leaves alone a response marked `same_in_every_language`.

    Django marks every answer at an address without a language prefix as varying on
    Accept-Language, which no cache keyed by address can honour.
    """

    def process_request(self, request):
        super().process_request(request)
        if latin_pages.is_latin_path(request.path_info):
            translation.activate(latin_pages.LATIN_KAZAKH)
            request.LANGUAGE_CODE = latin_pages.LATIN_KAZAKH

    def process_response(self, request, response):
        if getattr(response, "same_in_every_language", False):
            return response
        return super().process_response(request, response)


class KazakhLatinMiddleware:
    """A page or feed made in Kazakh in Latin script leaves with the Cyrillic that editors typed
    (titles, bodies, names) in Latin letters too: the interface is already, from its catalogue.

    Below CommonMiddleware, which then counts the Content-Length of the Latin text.
    """

    TRANSLITERATED = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", None) == latin_pages.LATIN_KAZAKH
            and not response.streaming
            and response.get("Content-Type", "").split(";")[0] in self.TRANSLITERATED
        ):
            # An error page shows no names (and the database may be what failed).
            spell = latin_pages.LatinSpelling(latin_pages.own_spellings() if response.status_code == 200 else ())
            response.content = latin_pages.latin_markup(response.content.decode(response.charset), spell)
            response["Content-Language"] = latin_pages.language_tag(latin_pages.LATIN_KAZAKH)
        return response


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """While the database is unreachable, a translated "temporarily unavailable" page with 503.

    The connection is dropped at the end of the request (CONN_HEALTH_CHECKS in
    production), so the site recovers by itself once the database is back.
    """

    RETRY_AFTER_SECONDS = 30

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
