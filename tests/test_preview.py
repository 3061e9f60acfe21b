"""Preview links stay private: they lead only to previews, share nothing, and can be ended."""

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from releases import preview
from releases.models import Release

from .factories import make_release

pytestmark = pytest.mark.django_db

Status = Release.Status


def preview_url(release, language="en"):
    with translation.override(language):
        return preview.url_for(release)


def test_a_previews_language_links_lead_to_the_other_languages_previews(client, monkeypatch):
    # The page signs its links when it is made: one frozen second, so they equal the test's.
    now = signing.TimestampSigner().timestamp()
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda signer: now)
    draft = make_release(title="Secret draft", status=Status.DRAFT)
    html = client.get(preview_url(draft, "en")).content.decode()
    for language in ("kk", "ru", "en"):
        link = preview_url(draft, language)
        assert f'href="{link}" hreflang="{language}"' in html
        assert client.get(link).status_code == 200
        with translation.override(language):
            assert draft.get_absolute_url() not in html


def test_a_preview_has_no_share_or_copy_buttons_that_a_public_page_has(client):
    draft = make_release(title="Secret draft", status=Status.DRAFT)
    html = client.get(preview_url(draft)).content.decode()
    assert "share__copy" not in html and "t.me/share" not in html and 'class="share"' not in html
    published = make_release(title="Public")
    public_html = client.get(published.get_absolute_url()).content.decode()
    assert "share__copy" in public_html and "t.me/share" in public_html


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.UNPUBLISHED])
def test_a_preview_link_stops_working_when_the_release_is_taken_off_the_site(client, status):
    release = make_release(title="Soon gone", status=Status.DRAFT)
    link = preview_url(release)
    release.status = status
    release.save()
    response = client.get(link)
    assert response.status_code == 410
    assert "This preview link no longer works." in response.content.decode()
    # Back to a draft, the old link stays dead.
    release.status = Status.DRAFT
    release.save()
    assert client.get(link).status_code == 410


def test_a_preview_link_of_a_published_release_leads_to_its_public_page(client):
    release = make_release(title="Out now", status=Status.DRAFT)
    link = preview_url(release)
    release.status = Status.PUBLISHED
    release.save()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == release.get_absolute_url()


def test_a_publisher_revokes_all_of_a_releases_links_at_once(client, publisher):
    release, other = make_release(status=Status.DRAFT), make_release(title="Other", status=Status.DRAFT)
    links = [preview_url(release, language) for language in ("kk", "ru", "en")]
    other_link = preview_url(other)

    response = publisher.post(
        reverse("admin:releases_release_changelist"),
        {"action": "revoke_preview_links", "_selected_action": [release.pk]}, follow=True,
    )
    assert "The preview links of 1 release no longer work." in response.content.decode()
    assert [client.get(link).status_code for link in links] == [410, 410, 410]
    assert client.get(other_link).status_code == 200
    release.refresh_from_db()
    assert client.get(preview_url(release)).status_code == 200  # the new link works


def test_an_editor_cannot_revoke_links(client, editor):
    release = make_release(status=Status.DRAFT)
    link = preview_url(release)
    editor.post(
        reverse("admin:releases_release_changelist"),
        {"action": "revoke_preview_links", "_selected_action": [release.pk]},
    )
    assert client.get(link).status_code == 200
