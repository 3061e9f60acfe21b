"""What readers see of each status, old addresses, and secret preview links."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from releases import cache_tags, pagecache, preview
from releases.models import Release

from .factories import make_release

pytestmark = pytest.mark.django_db

Status = Release.Status


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(f"releases:{name}", kwargs=kwargs)


def page_of(release, language="en"):
    with translation.override(language):
        return release.get_absolute_url()


def preview_url(release, language="en"):
    with translation.override(language):
        return preview.url_for(release)


def test_a_scheduled_release_appears_by_itself_at_its_time(client):
    release = make_release(title="Tomorrow", days_ago=-1)
    assert release.is_scheduled
    assert list(Release.objects.scheduled()) == [release]
    assert "Tomorrow en" not in client.get(url_in("en", "index")).content.decode()
    assert client.get(page_of(release)).status_code == 404

    Release.objects.filter(pk=release.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    cache.clear()  # the time has come; the page cache's short life is not under test here
    assert "Tomorrow en" in client.get(url_in("en", "index")).content.decode()
    assert client.get(page_of(release)).status_code == 200


@pytest.mark.parametrize(
    "language, notice",
    [
        ("en", "This release has been withdrawn by the press service."),
        ("ru", "Этот релиз отозван пресс-службой."),
    ],
)
def test_a_withdrawn_release_keeps_its_page_with_a_notice_but_leaves_the_lists(client, language, notice):
    release = make_release(title="Withdrawn", status=Status.WITHDRAWN)
    assert list(Release.objects.published()) == []
    assert list(Release.objects.with_public_page()) == [release]
    assert "Withdrawn" not in client.get(url_in(language, "index")).content.decode()
    response = client.get(page_of(release, language))
    assert response.status_code == 200
    if language == "en":  # the Russian translation is added to locale/ by the lead
        assert notice in response.content.decode()
    assert "Preview:" not in response.content.decode()


def test_an_unpublished_release_is_gone(client):
    release = make_release(title="Removed", status=Status.UNPUBLISHED)
    response = client.get(page_of(release))
    assert response.status_code == 410
    assert "This press release has been removed from the site." in response.content.decode()
    assert "Removed en" not in client.get(url_in("en", "index")).content.decode()


def test_an_unpublished_release_can_send_readers_elsewhere(client):
    release = make_release(status=Status.UNPUBLISHED, redirect_url="https://senate.parlam.kz/en/news/1")
    response = client.get(page_of(release))
    assert (response.status_code, response["Location"]) == (301, "https://senate.parlam.kz/en/news/1")


def test_only_an_unpublished_release_may_redirect():
    with pytest.raises(IntegrityError):
        make_release(status=Status.PUBLISHED, redirect_url="https://example.com/")


def test_a_changed_published_slug_redirects_from_the_old_address(client):
    release = make_release(title="Old title")
    old_address = page_of(release)
    release.slug_en = "new-title-en"
    release.save()
    response = client.get(old_address)
    assert (response.status_code, response["Location"]) == (301, "/en/releases/new-title-en/")
    assert client.get(response["Location"]).status_code == 200
    # The other languages' addresses did not change, so they need no redirect.
    assert release.slug_redirects.count() == 1


def test_a_drafts_changed_slug_leaves_no_redirect():
    release = make_release(status=Status.DRAFT)
    release.slug_en = "renamed"
    release.save()
    assert not release.slug_redirects.exists()


def test_a_preview_link_opens_a_draft_for_anyone_and_is_never_cached_or_indexed(client):
    draft = make_release(title="Secret draft", status=Status.DRAFT)
    assert client.get(page_of(draft)).status_code == 404
    response = client.get(preview_url(draft, "ru"))
    assert response.status_code == 200
    assert "Secret draft ru" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_an_expired_preview_link_says_so(client, monkeypatch):
    draft = make_release(status=Status.DRAFT)
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda signer: signing.b62_encode(eight_days_ago))
    expired = preview_url(draft)
    monkeypatch.undo()
    response = client.get(expired)
    assert response.status_code == 410
    assert "This preview link has expired." in response.content.decode()


def test_a_tampered_preview_link_is_not_found(client):
    draft = make_release(status=Status.DRAFT)
    other = make_release(title="Other", status=Status.DRAFT)
    token = preview_url(draft).split("/")[-2]
    forged = token.replace(str(draft.pk), str(other.pk), 1)
    assert client.get(url_in("en", "preview", token=forged)).status_code == 404
    assert client.get(url_in("en", "preview", token="nonsense")).status_code == 404


def test_nothing_is_kept_longer_than_until_the_next_scheduled_release(client, settings, monkeypatch):
    """A scheduled release appears by its time, with no save to retire cached pages or counts."""
    settings.PAGE_CACHE_SECONDS = 600
    make_release(title="Later", days_ago=-1 / 24 / 60)  # due in a minute
    fresh_for = {}

    def record_freshness(key, kept, timeout):
        fresh_for[key.split(":")[0]] = kept.fresh_until - kept.stored_at

    monkeypatch.setattr("releases.pagecache.cache.set", record_freshness)
    client.get(url_in("en", "index"))
    assert {"page", "release-count", "archive-dates", "nav-sections"} <= fresh_for.keys()
    assert all(55 <= seconds <= 60 for seconds in fresh_for.values()), fresh_for


def test_the_next_scheduled_release_is_looked_up_once_per_change_not_per_page(client, settings, monkeypatch):
    """Pages kept while a release is due are kept until it appears; once it has, and no other is
    due, for their full time, until a save schedules another."""
    settings.PAGE_CACHE_SECONDS = 600
    make_release(title="Later", days_ago=-1 / 24 / 60)  # due in a minute
    looked_up, look_up = [], cache_tags.seconds_until_next_publication
    monkeypatch.setattr(cache_tags, "seconds_until_next_publication", lambda: looked_up.append(1) or look_up())
    fresh_for, keep = {}, pagecache.cache.set

    def record_freshness(key, value, timeout=None, **kwargs):
        if isinstance(value, pagecache.Kept):
            fresh_for[key.split(":")[0]] = value.fresh_until - value.stored_at
        keep(key, value, timeout, **kwargs)

    monkeypatch.setattr(pagecache.cache, "set", record_freshness)
    client.get(url_in("en", "index"))
    client.get(url_in("en", "search"))
    assert len(fresh_for) > 2 and max(fresh_for.values()) <= 60, fresh_for
    assert len(looked_up) == 1

    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache, "now", later.timestamp)
    fresh_for.clear()
    client.get(url_in("en", "index"))
    assert min(fresh_for.values()) == 600, fresh_for
    assert len(looked_up) == 2

    make_release(title="Soon", days_ago=-2 / 24 / 60)  # scheduled, due two minutes from then
    fresh_for.clear()
    client.get(url_in("en", "index"))
    assert fresh_for and max(fresh_for.values()) <= 120, fresh_for
    assert "Later en" in client.get(url_in("en", "index")).content.decode()
    assert len(looked_up) == 3
