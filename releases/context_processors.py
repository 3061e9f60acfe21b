from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from . import pagecache
from .accessibility import Preferences
from .latin_pages import page_languages
from .models import Section


def site(request):
    """What the layout needs on every page: sections for the menu, the language links
    (the same page in each language and in Kazakh's two scripts, its query too: a search
    stays a search).

    Both are worked out only when a template first uses them: pages that never show
    them (the admin) or bring their own language links pay nothing.
    """
    return {
        "nav_sections": SimpleLazyObject(
            lambda: pagecache.remember("nav-sections", lambda: list(Section.objects.all()))
        ),
        "alternate_urls": SimpleLazyObject(
            lambda: [(code, translate_url(request.get_full_path(), code)) for code in page_languages()]
        ),
    }


def accessibility(request):
    """The reader's display settings, for `<html>` and the panel."""
    return {"accessibility": Preferences.from_request(request)}
