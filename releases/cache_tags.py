"""Cache tags: the names pages give what they show, and which of them each change retires.

Views and feeds tag their pages with these names (pagecache.tag); the receivers
below, connected in apps.py, retire the tags a saved or deleted object was shown
under, once the change is committed: a page made before the commit may hold the
old content, and one made after it must count as fresh.

- `release-<id>`: a page showing the release: its own page in each language, the
  lists, archives and feeds it is on, and pages linking it as a neighbour.
- `person-<id>`: a page showing the person's name: their page, releases they took part in.
- `releases`, `archive-<year>`, `archive-<year>-<month>`, `section-<id>-releases`,
  `person-<id>-releases`: every page of that list of releases, and its feeds. A release
  joining or leaving a list, or moving in it, shifts all its pages.
- `people`: what is read from every person at once (the Latin spellings publishers gave names).
- `search`: every search result page (an edit of a release's words, address, section, date or status,
  or of its people or quotes, may change what search finds or shows).
- pagecache.SITE: every page, for what every page shows (the sections in the menu).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.db.transaction import on_commit

from . import pagecache
from .models import Institution, Participant, Person, Quote, Release, Section

RELEASES = "releases"
SEARCH = "search"
PEOPLE = "people"

SEARCHED_FIELDS = [
    f"{name}_{code}" for name in ("title", "lead", "body", "slug") for code, _name in settings.LANGUAGES
] + ["section_id", "published_at", "status"]


def release(pk):
    return f"release-{pk}"


def person(pk):
    return f"person-{pk}"


def person_releases(pk):
    return f"person-{pk}-releases"


def section_releases(pk):
    return f"section-{pk}-releases"


def year(number):
    return f"archive-{number}"


def month(year_number, month_number):
    return f"archive-{year_number}-{month_number:02}"


def releases_shown(releases):
    return [release(shown.pk) for shown in releases if shown is not None]


def release_page(shown, page):
    """What a release's page shows (`page`: reading.page_of): the release, its neighbours, and the people it names."""
    neighbours = [shown, page["previous_release"], page["next_release"], *page["related_releases"]]
    people = {participant.person_id for participant in shown.participants.all()}
    people.update(quote.speaker_id for quote in shown.quotes.all() if quote.speaker_id)
    return [*releases_shown(neighbours), *map(person, people)]


def seconds_until_next_publication():
    """For PAGE_CACHE_NEXT_CHANGE: a scheduled release appears in lists by its time, with no save."""
    return Release.objects.seconds_until_next_publication()


def lists_of(shown):
    """The lists a release (as saved, or None) is on: where it joins, leaves or moves, every page changes."""
    if shown is None or shown.status != Release.Status.PUBLISHED:
        return set()
    published = shown.published_at
    people = Participant.objects.filter(release=shown.pk).values_list("person", flat=True)
    speakers = Quote.objects.filter(release=shown.pk).values_list("speaker", flat=True)
    return {
        RELEASES, SEARCH, year(published.year), month(published.year, published.month),
        section_releases(shown.section_id), *map(person_releases, {*people, *speakers}),
    }


def place_in_lists(shown):
    if shown is None or shown.status != Release.Status.PUBLISHED:
        return None
    return shown.published_at, shown.section_id


def found_by_search(shown):
    """What of a release (as saved, or None) search pages match or show: its words, its address, its
    section and date, whether it is published. Its photo, credit or contact line are not among them."""
    if shown is None:
        return None
    return tuple(getattr(shown, field) for field in SEARCHED_FIELDS)


def release_changed(before, after):
    """An edit retires the release's pages and the list pages showing it; a release that joins,
    leaves or moves in lists retires those lists too, and one that search may find otherwise, search."""
    tags = {release((after or before).pk)}
    if place_in_lists(before) != place_in_lists(after):
        tags |= lists_of(before) | lists_of(after)
    if found_by_search(before) != found_by_search(after):
        tags.add(SEARCH)
    return tags


def participant_changed(before, after):
    """Their release's pages, the person's page, which lists the releases they took part in,
    and search, which finds releases by their participants' names."""
    parts = [part for part in (before, after) if part]
    return {SEARCH, *(release(part.release_id) for part in parts),
            *(person_releases(part.person_id) for part in parts)}


def quote_changed(before, after):
    """Their release's pages, the speaker's page, which shows their newest quotes, and search."""
    parts = [part for part in (before, after) if part]
    return {SEARCH, *(release(part.release_id) for part in parts),
            *(person_releases(part.speaker_id) for part in parts)}


def person_changed(before, after):
    """Pages showing their name, and search, which finds releases by any spelling of it."""
    return {person((after or before).pk), PEOPLE, SEARCH}


def section_changed(before, after):
    return {pagecache.SITE}


def institution_changed(before, after):
    """Every page names the institution."""
    return {pagecache.SITE}


WHAT_CHANGED = {
    Release: release_changed,
    Participant: participant_changed,
    Quote: quote_changed,
    Person: person_changed,
    Section: section_changed,
    Institution: institution_changed,
}


def remember_saved_copy(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not raw:
        instance._saved_copy = sender._base_manager.filter(pk=instance.pk).first()


def retire_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        retire_after_commit(sender, vars(instance).pop("_saved_copy", None), instance)


def retire_deleted(sender, instance, **kwargs):
    retire_after_commit(sender, instance, None)


def retire_after_commit(model, before, after):
    changed = WHAT_CHANGED.get(model)
    # Any other model's objects are not shown on pages; only pages that did not say
    # what they show (pagecache.ANY_CHANGE) go.
    tags = changed(before, after) if changed else set()
    on_commit(lambda: pagecache.retire(tags))


def connect(models):
    for model in models:
        if model in WHAT_CHANGED:
            pre_save.connect(remember_saved_copy, sender=model)
        post_save.connect(retire_saved, sender=model)
        post_delete.connect(retire_deleted, sender=model)
