from django.utils.functional import SimpleLazyObject

from . import reading
from .accessibility import Preferences
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
        "alternate_urls": SimpleLazyObject(lambda: reading.page_addresses(request)),
        "static_copy": request.META.get(STATIC_COPY, False),
    }


def accessibility(request):
    """The reader's display settings, for `<html>` and the panel."""
    return {"accessibility": Preferences.from_request(request)}
