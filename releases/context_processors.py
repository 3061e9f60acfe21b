from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from . import pagecache
from .accessibility import Preferences
from .models import Section
from .static_copy import STATIC_COPY


def site(request):
    """What the layout needs on every page: sections for the menu, the language links
    (the same page in each language, its query too: a search stays a search), and whether
    the page is rendered for the static copy (releases/static_copy.py).

    Both are worked out only when a template first uses them: pages that never show
    them (the admin) or bring their own language links pay nothing.
    """
    return {
        "nav_sections": SimpleLazyObject(
            lambda: pagecache.remember("nav-sections", lambda: list(Section.objects.all()))
        ),
        "alternate_urls": SimpleLazyObject(
            lambda: [(code, translate_url(request.get_full_path(), code)) for code, _name in settings.LANGUAGES]
        ),
        "static_copy": request.META.get(STATIC_COPY, False),
    }


def accessibility(request):
    """The reader's display settings, for `<html>` and the panel."""
    return {"accessibility": Preferences.from_request(request)}
