from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.functional import SimpleLazyObject

from . import reading
from .accessibility import Preferences
from .latin_pages import page_languages
from .pagecache import STATIC_COPY


def site(request):
    """What the layout needs on every page: the institution, sections for the menu, the language
    links (the same page in each language and in Kazakh's two scripts, its query too: a search
    stays a search), and whether the page is rendered for the static copy (releases/static_copy.py).

    Each is worked out only when a template first uses it: pages that never show
    them (the admin) or bring their own language links pay nothing.
    """
    return {
        "institution": SimpleLazyObject(reading.institution),
        "nav_sections": SimpleLazyObject(reading.menu_sections),
        "alternate_urls": SimpleLazyObject(lambda: page_in_each_language(request)),
        "static_copy": request.META.get(STATIC_COPY, False),
    }


def page_in_each_language(request):
    """(language, address) of the page in each of its versions, with its query; what
    translate_url does, without resolving the address again in every language."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return [(code, translate_url(request.get_full_path(), code)) for code in page_languages()]
    _path, question, query = request.get_full_path().partition("?")

    def address():
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs) + question + query
        except NoReverseMatch:
            return request.get_full_path()

    return reading.addresses_in_each_language(address)


def accessibility(request):
    """The reader's display settings, for `<html>` and the panel."""
    return {"accessibility": Preferences.from_request(request)}
