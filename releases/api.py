"""A read-only JSON API of published releases, every language at once; described in openapi.json.

Every answer is JSON, errors too: 400 for a parameter it cannot use, 404 for an
address or id it does not have, 405 for any method but GET and HEAD.
"""

from datetime import UTC, datetime
from functools import wraps
from pathlib import Path

from django.core.paginator import InvalidPage
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import latin_pages, reading

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
DATE_FILTERS = {
    "published_after": "published_at__gte",
    "published_before": "published_at__lt",
    "updated_since": "updated_at__gte",
}
OPENAPI_FILE = Path(__file__).with_name("openapi.json")


class BadRequest(Exception):
    """A query parameter the API cannot use; its message goes back to the client."""


def error(message, status):
    return JsonResponse({"error": message}, status=status)


def api_json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def read_only(view):
    """GET and HEAD only: any other method gets a JSON 405 before anything is read."""

    # Nothing here changes anything, so an unsafe method needs no CSRF token to be refused.
    @csrf_exempt
    @wraps(view)
    def view_or_405(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error(_("This address answers only GET and HEAD requests."), 405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return view_or_405


def not_found(request):
    """The answer at an API address that does not exist (the site's handler404 sends it here)."""
    return error(_("There is nothing at this address of the API."), 404)


@read_only
def release_list(request):
    try:
        queryset = reading.api_releases().filter(**date_filters(request.GET))
        page_size = positive_int(request.GET, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        number = positive_int(request.GET, "page", 1)
    except BadRequest as problem:
        return error(str(problem), 400)
    try:
        page = reading.ReleasePaginator(queryset, page_size).page(number)
    except InvalidPage:
        return error(_("There is no page %(page)s.") % {"page": number}, 404)
    spell = latin_spelling()
    return api_json({
        "count": page.paginator.count,
        "next": page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_link(request, page.previous_page_number()) if page.has_previous() else None,
        "last": page_link(request, page.paginator.num_pages),
        "results": [represent(release, request, spell) for release in page],
    })


@read_only
def release_detail(request, pk):
    release = reading.kept_release(pk)
    if release is None or not release.is_published:
        release = reading.api_releases().filter(pk=pk).first()
    if release is None:
        return error(_("No published press release has this id."), 404)
    return api_json(represent(release, request, latin_spelling()))


@read_only
def openapi(request):
    return HttpResponse(OPENAPI_FILE.read_bytes(), content_type="application/json")


def date_filters(params):
    """The ORM filters for the ISO 8601 date parameters given; a date without a time means midnight.

    Each moment goes to the database in UTC: PostgreSQL refuses offsets beyond ±15:59,
    which ISO 8601 allows.
    """
    filters = {}
    for name, lookup in DATE_FILTERS.items():
        if name in params:
            try:
                moment = datetime.fromisoformat(params[name])
            except ValueError:
                raise BadRequest(
                    _("%(name)s must be an ISO 8601 date or date and time, e.g. 2025-03-01T09:30:00+05:00.")
                    % {"name": name}
                ) from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            try:
                filters[lookup] = moment.astimezone(UTC)
            except OverflowError:
                raise BadRequest(
                    _("%(name)s must lie between the years 1 and 9999 in UTC.") % {"name": name}
                ) from None
    return filters


def positive_int(params, name, default, maximum=None):
    try:
        value = int(params.get(name, default))
    except ValueError:
        value = 0
    if maximum and not 1 <= value <= maximum:
        raise BadRequest(
            _("%(name)s must be a whole number from 1 to %(maximum)s.") % {"name": name, "maximum": maximum}
        )
    if value < 1:
        raise BadRequest(_("%(name)s must be a whole number from 1 up.") % {"name": name})
    return value


def latin_spelling():
    return latin_pages.LatinSpelling(latin_pages.own_spellings())


def page_link(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def in_each_language(obj, field, spell, is_html=False):
    """{"kk": ..., "kk-Latn": ..., "ru": ..., "en": ...}: each language's own text, None where it
    is missing; kk-Latn is the Kazakh one in Latin script (`spell`: a latin_pages.LatinSpelling)."""
    texts = {code: getattr(obj, f"{field}_{code}") or None for code in reading.LANGUAGE_CODES}
    kazakh = texts[latin_pages.KAZAKH]
    if kazakh:
        latin = latin_pages.latin_markup(kazakh, spell) if is_html else spell(kazakh)
    else:
        latin = None
    return {latin_pages.KAZAKH: kazakh, latin_pages.language_tag(latin_pages.LATIN_KAZAKH): latin, **texts}


def represent(release, request, spell):
    page_urls, permanent_urls = ({
        latin_pages.language_tag(code): request.build_absolute_uri(address)
        for code, address in reading.addresses_in_each_language(make_address)
    } for make_address in (release.get_absolute_url, release.get_permanent_url))
    return {
        "id": release.pk,
        "api_url": request.build_absolute_uri(reverse("api_release", kwargs={"pk": release.pk})),
        "page_url": page_urls,
        "permanent_url": permanent_urls,
        **{field: in_each_language(release, field, spell) for field in (
            "slug", "title", "lead", "photo_alt", "photo_credit", "contact_line",
        )},
        "body": in_each_language(release, "body", spell, is_html=True),
        "section": {"slug": release.section.slug, "name": in_each_language(release.section, "name", spell)},
        "published_at": release.published_at,
        "updated_at": release.updated_at,
        "correction": {
            "date": release.corrected_at, "note": in_each_language(release, "correction", spell),
        } if release.corrected_at else None,
        "photo": request.build_absolute_uri(release.photo.url) if release.photo else None,
        "people": [
            {
                "slug": participant.person.slug,
                "name": in_each_language(participant.person, "name", spell),
                "position": in_each_language(participant, "position_held", spell),
                "role": in_each_language(participant, "role", spell),
            }
            for participant in release.participants.all()
        ],
        "quotes": [
            {
                "speaker": quote.speaker.slug,
                "text": in_each_language(quote, "text", spell),
                "after_paragraph": quote.after_paragraph,
            }
            for quote in release.quotes.all()
        ],
    }
