"""Every read a reader triggers, named once: what views, feeds, the API, sitemaps and the
layout show, and each language's address of a page.

Pages, feeds and the API read through here and nowhere else, so a list shows what its
feed and the API show, and a prefetch or a count is tuned in one place. What many pages
share and only a change to the content changes (a list's count and order, the years of
the archive, the section menu) is kept through `pagecache.remember` until one of its cache
tags (releases/cache_tags.py) is retired.
"""

import contextvars
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language
from modeltranslation.utils import get_language as data_language

from . import cache_tags, latin_pages, pagecache, preview
from .models import Institution, Participant, Person, Quote, Release, Section, SlugRedirect

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FEED_LENGTH = 20
PERSON_QUOTES = 10


# Lists

class ReleasePaginator(Paginator):
    """Pages of a list of releases that skip the releases before the page by their ids alone.

    PostgreSQL reads every row an OFFSET skips: whole rows made a late page of a large
    archive slow. The ids come from the list's index without its rows; then only the page's
    own releases are read. The first page skips nothing, so it is read at once.
    """

    def page(self, number):
        number = self.validate_number(number)
        if number == 1:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list.filter(pk__in=self.ids(bottom, top)), number, self)

    def ids(self, bottom, top):
        """The ids of the list's releases from `bottom` up to `top`, in the list's order."""
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])


class KeptListPaginator(ReleasePaginator):
    """The pages of one of the site's lists (`name`), whose count and ids are kept until one of the
    list's cache `tags` is retired.

    Even the ids of a late page cost a walk through every release before it, and a person's
    list must first join and sort all of their releases; so the ids are read a hundred pages at
    a time, and the other ninety-nine pages find theirs kept.
    """

    PAGES_KEPT_TOGETHER = 100

    def __init__(self, object_list, per_page, *, name, tags, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name, self.tags = name, tags

    @cached_property
    def count(self):
        """Counting 100,000 releases costs more than the rest of a page."""
        return pagecache.remember(f"release-count:{self.name}", self.object_list.count, tags=self.tags)

    def ids(self, bottom, top):
        together = self.PAGES_KEPT_TOGETHER * self.per_page
        first, last = bottom // together, (top - 1) // together
        ids = []
        for part in range(first, last + 1):
            ids += pagecache.remember(
                f"release-ids:{self.name}:{self.per_page}:{part}",
                partial(super().ids, part * together, (part + 1) * together),
                tags=self.tags,
            )
        return ids[bottom - first * together:top - first * together]


def published_list():
    """The published releases as every list shows them, newest first, without their bodies."""
    return Release.objects.published().for_listing()


def section(slug):
    return get_object_or_404(Section, slug=slug)


def public_person(slug):
    if slug not in public_person_slugs():
        raise Http404("No person readers may see has this address.")
    return get_object_or_404(Person, slug=slug)


def public_person_slugs():
    """The addresses of the people readers may see (Person.objects.public), kept: whether one
    person is among them is a search through the participants and quotes of every release."""
    return pagecache.remember(
        "public-person-slugs", lambda: set(Person.objects.public().values_list("slug", flat=True)),
        tags=[cache_tags.SEARCH],
    )


def section_list(section):
    return published_list().filter(section=section)


def person_list(person):
    return published_list().filter(participants__person=person)


def person_quotes(person):
    """The person's newest quotes in published releases, each with its release."""
    return (
        Quote.objects.filter(speaker=person, release__in=Release.objects.published())
        .select_related("release")
        .order_by("-release__published_at", "position")[:PERSON_QUOTES]
    )


def archive_dates(name, compute):
    """Dates the date archive shows the same on every page and in every language (`compute()` reads
    them from the releases' dates): the years, a year's months, a month's days, the previous and
    next month or year with releases."""
    return pagecache.remember(f"archive-dates:{name}", compute, tags=[cache_tags.RELEASES])


def institution():
    """Whose press releases these are (releases.models.Institution), as every page names it."""
    return pagecache.remember("institution", Institution.current)


def menu_sections():
    """(address, name) of each section in the site's menu, in the active language."""
    return pagecache.remember(
        f"nav-sections:{get_language()}",
        lambda: [(section.get_absolute_url(), section.name) for section in Section.objects.all()],
    )


# Search

def search_filter_choices():
    """(slug, name) of each section and of each person readers may see, in the active language:
    what the search form offers to narrow a search by."""
    return pagecache.remember(f"search-filters:{get_language()}", lambda: (
        [(section.slug, str(section)) for section in Section.objects.all()],
        [(person.slug, str(person)) for person in Person.objects.public()],
    ), tags=[cache_tags.SEARCH])


def search_matches(form, language):
    """The published releases matching a valid search form's query and filters in one language (models.SearchMatches)."""
    query, order = form.cleaned_data["q"], form.cleaned_data["order"]
    return form.filter(published_list()).search(query, language, by_date=order == "date")


def search_results(form, language):
    """The matches as the results page shows them, with their snippets."""
    return search_matches(form, language).with_snippets()


# One release

def release_pages():
    """Every release with what its page shows: section, participants and quotes with their people."""
    return Release.objects.select_related("section").without_search_vectors().prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("person")),
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
    )


def release_at(slug, releases):
    """The release of `releases` whose slug in the page's language is `slug`, else the one whose slug
    in another language is (its page redirects to the slug in the page's language), or None."""
    own = releases.filter(**{f"slug_{data_language()}": slug}).first()
    if own is not None:
        return own
    other_languages = Q()
    for code in LANGUAGE_CODES:
        if code != data_language():
            other_languages |= Q(**{f"slug_{code}": slug})
    return releases.filter(other_languages).first()


# What `kept_between_pages` keeps, a dict by kind, or None outside such a block.
_kept = contextvars.ContextVar("kept_between_pages", default=None)
KEPT_RELEASES = 100


@contextmanager
def kept_between_pages(kept):
    """Within the block, what one page reads or renders that later pages need again is kept in
    `kept` (a dict): a release page's release with its neighbours, for its pages in the other
    languages; a release's card (releases/templatetags/releases.py), for every list it is on.

    For the static copy only (releases/static_copy.py), which renders every release in four
    versions and every card on many lists, and which nothing edits while it is written: the live
    site reads and renders each page afresh.
    """
    token = _kept.set(kept)
    try:
        yield
    finally:
        _kept.reset(token)


def kept(kind, most):
    """What `kept_between_pages` keeps of one kind, a dict of at most `most` items (the newest);
    None outside such a block."""
    everything = _kept.get()
    return None if everything is None else everything.setdefault(kind, pagecache.NewestItems(most))


def _kept_releases():
    """The releases `kept_between_pages` keeps (the last KEPT_RELEASES), by their slug in each
    language and by their id; None outside such a block."""
    return kept("releases", most=KEPT_RELEASES * (len(LANGUAGE_CODES) + 1))


def release_page_at(slug, releases):
    """release_at, or the release kept for one of its other pages by `kept_between_pages`."""
    kept_releases = _kept_releases()
    if kept_releases is None:
        return release_at(slug, releases)
    # By language too: one release's Kazakh slug may be another's Russian one.
    key = (data_language(), slug)
    if key not in kept_releases:
        release = release_at(slug, releases)
        if release is None or getattr(release, f"slug_{key[0]}") != slug:
            return release  # not here, or at another language's slug: its page redirects
        kept_releases.update({(code, getattr(release, f"slug_{code}")): release for code in LANGUAGE_CODES})
        kept_releases["id", release.pk] = release
    return kept_releases[key]


def kept_release(pk):
    """The release with this id as one of its pages read it (release_page_at), if it is kept; its
    permanent addresses and API answer, rendered after its pages in the static copy, need no query."""
    kept_releases = _kept_releases()
    return None if kept_releases is None else kept_releases.get(("id", pk))


def old_address(slug):
    """The release that answered at `slug` before its slug changed, or None."""
    found = SlugRedirect.objects.filter(slug=slug).select_related("release").first()
    return found and found.release


def page_of(release):
    """What a release's page shows besides the release: its body with the quotes placed, and its neighbours."""
    neighbours = release.neighbours
    return {
        "body": list(release.body_with_quotes(release.quotes_with_positions())),
        "previous_release": neighbours.previous,
        "next_release": neighbours.next,
        "related_releases": neighbours.related,
    }


# Feeds, API, sitemaps

def feed_items(owner=None):
    """A feed's releases: the newest published, of a section or a person if the feed is theirs."""
    if isinstance(owner, Section):
        releases = section_list(owner)
    elif isinstance(owner, Person):
        releases = person_list(owner)
    else:
        releases = published_list()
    return releases[:FEED_LENGTH]


def api_releases():
    """The published releases as the API gives them: everything, every language."""
    return release_pages().published()


def sitemap_releases():
    """What the sitemap needs of each published release: its slugs and when it changed."""
    return Release.objects.published().only("updated_at", *(f"slug_{code}" for code in LANGUAGE_CODES)).order_by("pk")


def sitemap_sections():
    return Section.objects.all()


def sitemap_people():
    return Person.objects.public()


# Addresses

def addresses_in_each_language(page_url):
    """(language, address) for each version of a page whose address depends on the language, Kazakh's
    in both scripts: `page_url()` is the page's address in the active language."""
    return latin_pages.addresses(page_url)


def page_addresses(request):
    """(language, address) of the requested page in each of its versions, its query kept: what
    translate_url gives, reversed from the match the request was resolved by instead of resolving
    the address again for each version."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return addresses_in_each_language(lambda: translate_url(request.get_full_path(), get_language()))
    _path, question, query = request.get_full_path().partition("?")

    def address():
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs) + question + query
        except NoReverseMatch:
            return request.get_full_path()

    return addresses_in_each_language(address)


def release_addresses(release):
    return addresses_in_each_language(release.get_absolute_url)


def permanent_addresses(release):
    return addresses_in_each_language(release.get_permanent_url)


def preview_addresses(release):
    return addresses_in_each_language(lambda: preview.url_for(release))
