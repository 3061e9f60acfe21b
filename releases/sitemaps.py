"""sitemap.xml: every language's address of each published release, section and person,
Kazakh's in both scripts."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.utils import translation

from .latin_pages import page_languages
from .models import Person, Release, Section

LANGUAGE_CODES = page_languages()


class TranslatedSitemap(Sitemap):
    """One <url> per language, each listing all languages' addresses and the x-default."""

    i18n = True
    languages = LANGUAGE_CODES
    alternates = True
    x_default = True

    def __init__(self):
        self.addresses = {}

    def location(self, obj):
        # Django asks for each address five times: for its own <url>, then as an
        # alternate in each language's <url> and as the x-default.
        key = (obj.pk, translation.get_language())
        if key not in self.addresses:
            self.addresses[key] = obj.get_absolute_url()
        return self.addresses[key]


class SectionSitemap(TranslatedSitemap):
    def items(self):
        return Section.objects.all()


class PersonSitemap(TranslatedSitemap):
    def items(self):
        return Person.objects.public()


class ReleaseLanguagePairs:
    """The (release, language) pairs a release sitemap lists, read one page at a time.

    Django's i18n sitemaps build this list for the whole archive on every request;
    with 100,000 releases only the slice a page needs is read from the database.
    """

    def __init__(self, releases):
        self.releases = releases

    def __len__(self):
        return self.releases.count() * len(LANGUAGE_CODES)

    def __getitem__(self, pairs):
        releases = self.releases[pairs.start // len(LANGUAGE_CODES):pairs.stop // len(LANGUAGE_CODES)]
        return [(release, code) for release in releases for code in LANGUAGE_CODES]


class ReleaseSitemap(TranslatedSitemap):
    """The releases, 250 to a part (sitemap-releases.xml?p=2 ...), each with all its languages.

    The protocol allows 50,000 addresses and 50 MB a file; parts this small stay far
    below both and are rendered quickly when the page cache has none of them.
    """

    limit = 250 * len(LANGUAGE_CODES)

    def items(self):
        slugs = [f"slug_{code}" for code, _name in settings.LANGUAGES]
        return Release.objects.published().only("updated_at", *slugs).order_by("pk")

    @property
    def paginator(self):
        return Paginator(ReleaseLanguagePairs(self.items()), self.limit)

    def lastmod(self, release):
        return release.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"releases": ReleaseSitemap, "sections": SectionSitemap, "people": PersonSitemap}
