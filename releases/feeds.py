"""RSS 2.0 and Atom feeds of the newest published releases: all, per section, per person.

Each language's feed lives under its own URL prefix, so the active language is the feed's.
"""

import copy
import mimetypes

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .latin_pages import language_tag
from .models import Person, Release, Section

ITEMS_PER_FEED = 20

# Entry ids are tag URIs (RFC 4151): they never change when a slug or the site's host does.
GUID_AUTHORITY = "senate.parlam.kz,2024"


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
        response = Feed.__call__(feed, request, *args, **kwargs)
        # The feed is written in thousands of small pieces, and the server would
        # send each in a write of its own (a quarter of the speed): join them.
        response.content = response.content
        return response

    def title(self):
        return _("Press releases of the Senate of the Parliament of the Republic of Kazakhstan")

    @property
    def language(self):
        return language_tag(get_language())

    def link(self):
        return reverse("releases:index")

    def description(self):
        return _("The newest press releases of the Senate of the Parliament of the Republic of Kazakhstan")

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)

    def author_name(self):
        return _("Press service of the Senate of the Parliament of the Republic of Kazakhstan")

    def items(self, obj):
        return self.releases(obj).for_listing()[:ITEMS_PER_FEED]

    def releases(self, obj):
        return Release.objects.published()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_guid(self, item):
        return f"tag:{GUID_AUTHORITY}:release-{item.pk}-{get_language()}"

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
                length=str(item.photo.size),
                mime_type=mime_type or "application/octet-stream",
            )
        ]

    def item_extra_kwargs(self, item):
        return {"content_language": language_tag(item.content_language)}


class SectionFeed(LatestReleasesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return _("%(section)s: press releases of the Senate") % {"section": section.name}

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return _("The newest press releases of the Senate in the section “%(section)s”") % {
            "section": section.name
        }

    def releases(self, section):
        return Release.objects.published().filter(section=section)


class PersonFeed(LatestReleasesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def title(self, person):
        return _("%(person)s: press releases of the Senate") % {"person": person.name}

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return _("The newest press releases of the Senate that %(person)s took part in") % {
            "person": person.name
        }

    def releases(self, person):
        return Release.objects.published().filter(participants__person=person)


class LatestReleasesAtomFeed(LatestReleasesFeed):
    feed_type = ReleaseAtomFeed


class SectionAtomFeed(SectionFeed):
    feed_type = ReleaseAtomFeed


class PersonAtomFeed(PersonFeed):
    feed_type = ReleaseAtomFeed
