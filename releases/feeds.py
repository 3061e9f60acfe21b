"""RSS 2.0 and Atom feeds of the newest published releases: all, per section, per person.

Each language's feed lives under its own URL prefix, so the active language is the feed's.
"""

import copy
import mimetypes

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import cache_tags, pagecache, reading
from .latin_pages import language_tag


class ReleaseAtomFeed(Atom1Feed):
    """Atom, with `xml:lang` on each entry shown in a fallback language (RSS has no such place)."""

    def item_attributes(self, item):
        if item["content_language"] != self.feed["language"]:
            return {"xml:lang": item["content_language"]}
        return {}


class LatestReleasesFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        # Enclosure addresses must be absolute, but item methods only see the item:
        # each request gets its own copy of the feed that knows the request.
        feed = copy.copy(self)
        feed.request = request
        feed.institution = reading.institution()
        response = Feed.__call__(feed, request, *args, **kwargs)
        # The feed is written in thousands of small pieces, and the server would
        # send each in a write of its own (a quarter of the speed): join them.
        response.content = response.content
        return response

    def title(self):
        return self.institution.releases_title

    @property
    def language(self):
        return language_tag(get_language())

    def link(self):
        return reverse("releases:index")

    def description(self):
        return _("The newest press releases: %(institution)s") % {"institution": self.institution.name}

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)

    def author_name(self):
        return self.institution.press_service or None

    def items(self, obj):
        items = list(reading.feed_items(obj))
        pagecache.tag(self.request, *self.list_tags(obj), *cache_tags.releases_shown(items))
        return items

    def list_tags(self, obj):
        return [cache_tags.RELEASES]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if not item.correction:
            return item.lead
        correction = _("Corrected on %(date)s: %(note)s") % {
            "date": date_format(localtime(item.corrected_at), "DATE_FORMAT"), "note": item.correction,
        }
        return f"{item.lead}\n\n{correction}" if item.lead else correction

    def item_guid(self, item):
        # A tag URI (RFC 4151): with the authority configured, it never changes when a slug or the site's host does.
        authority = self.institution.feed_id_authority or f"{self.request.get_host()},{item.published_at:%Y}"
        return f"tag:{authority}:release-{item.pk}-{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.section.name]

    def item_enclosures(self, item):
        if not item.photo:
            return []
        mime_type, _encoding = mimetypes.guess_type(item.photo.name)
        return [
            Enclosure(
                url=self.request.build_absolute_uri(item.photo.url),
                length=str(item.photo_size or 0),
                mime_type=mime_type or "application/octet-stream",
            )
        ]

    def item_extra_kwargs(self, item):
        return {"content_language": language_tag(item.content_language)}


class SectionFeed(LatestReleasesFeed):
    def get_object(self, request, slug):
        return reading.section(slug)

    def title(self, section):
        return _("%(section)s: press releases. %(institution)s") % {
            "section": section.name, "institution": self.institution.short_name,
        }

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return _("The newest press releases in the section “%(section)s”: %(institution)s") % {
            "section": section.name, "institution": self.institution.name,
        }

    def list_tags(self, section):
        return [cache_tags.section_releases(section.pk)]


class PersonFeed(LatestReleasesFeed):
    def get_object(self, request, slug):
        return reading.public_person(slug)

    def title(self, person):
        return _("%(person)s: press releases. %(institution)s") % {
            "person": person.name, "institution": self.institution.short_name,
        }

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return _("The newest press releases that %(person)s took part in: %(institution)s") % {
            "person": person.name, "institution": self.institution.name,
        }

    def list_tags(self, person):
        return [cache_tags.person_releases(person.pk), cache_tags.person(person.pk)]


class LatestReleasesAtomFeed(LatestReleasesFeed):
    feed_type = ReleaseAtomFeed


class SectionAtomFeed(SectionFeed):
    feed_type = ReleaseAtomFeed


class PersonAtomFeed(PersonFeed):
    feed_type = ReleaseAtomFeed
