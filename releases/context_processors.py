from django.conf import settings
from django.urls import translate_url

from .accessibility import Preferences
from .models import Section


def site(request):
    """What the layout needs on every page: sections for the menu, the language links
    (the same page in each language, its query too: a search stays a search)."""
    return {
        "nav_sections": Section.objects.all(),
        "alternate_urls": [
            (code, translate_url(request.get_full_path(), code)) for code, _name in settings.LANGUAGES
        ],
    }


def accessibility(request):
    """The reader's display settings, for `<html>` and the panel."""
    return {"accessibility": Preferences.from_request(request)}
