"""The press service's admin: who may publish, history and the changelist (concurrent edits: test_merge)."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from releases.models import Release

from .factories import add_participant, make_person, make_release
from .helpers import change_url, create_groups, form_data

pytestmark = pytest.mark.django_db

Status = Release.Status
REFUSAL = "Only publishers can publish, schedule, withdraw or unpublish a release."
CHANGELIST = "/admin/releases/release/"
ADD = "/admin/releases/release/add/"


@pytest.fixture(autouse=True)
def groups():
    create_groups()


def test_the_groups_split_writing_from_publishing():
    editors, publishers = Group.objects.get(name="Editors"), Group.objects.get(name="Publishers")
    assert not editors.permissions.filter(codename="publish_release").exists()
    assert publishers.permissions.filter(codename="publish_release").exists()
    assert set(editors.permissions.all()) < set(publishers.permissions.all())


def test_an_editor_is_offered_only_the_draft_and_review_statuses(editor):
    html = editor.get(ADD).content.decode()
    assert '<option value="draft" selected>Draft</option>' in html
    assert '<option value="review">Ready for review</option>' in html
    assert 'value="published"' not in html


def test_an_editor_cannot_publish_by_the_add_form(editor):
    response = editor.post(ADD, form_data(status=Status.PUBLISHED))
    assert REFUSAL in response.content.decode()
    assert not Release.objects.exists()


def test_an_editor_cannot_publish_a_draft_by_the_change_form(editor):
    draft = make_release(status=Status.DRAFT)
    response = editor.post(change_url(draft), form_data(draft, status=Status.PUBLISHED))
    assert REFUSAL in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_editor_may_save_a_draft(editor):
    draft = make_release(status=Status.DRAFT)
    response = editor.post(change_url(draft), form_data(draft, title_en="Better title"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title_en, draft.updated_by.username) == ("Better title", "aigerim")
    assert " by Aigerim" in editor.get(change_url(draft)).content.decode()


def test_an_editor_cannot_change_a_release_that_left_the_drafts(editor):
    published = make_release(title="Live")
    assert editor.get(change_url(published)).status_code == 200  # read only
    response = editor.post(change_url(published), form_data(published, title_en="Vandalised"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title_en == "Live en"


def test_an_editor_has_no_publishing_actions_and_a_crafted_one_does_nothing(editor):
    draft = make_release(status=Status.DRAFT)
    assert 'value="publish"' not in editor.get(CHANGELIST).content.decode()
    for action in ("publish", "withdraw", "unpublish"):
        editor.post(CHANGELIST, {"action": action, "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_crafted_list_editable_post_changes_nothing(editor):
    draft = make_release(status=Status.DRAFT)
    editor.post(CHANGELIST, {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-0-id": draft.pk,
        "form-0-status": Status.PUBLISHED, "_save": "Save",
    })
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_publisher_schedules_and_the_changelist_says_so(publisher):
    draft = make_release(status=Status.DRAFT, title="Plenary")
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = publisher.post(change_url(draft), form_data(
        draft, status=Status.PUBLISHED,
        published_at_0=tomorrow.strftime("%Y-%m-%d"), published_at_1=tomorrow.strftime("%H:%M:%S"),
    ))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled
    listing = publisher.get(CHANGELIST, {"status": "scheduled"}).content.decode()
    assert "Plenary" in listing and "Scheduled for" in listing
    assert "Plenary" not in publisher.get(CHANGELIST, {"status": "published"}).content.decode()


def test_only_an_unpublished_release_may_redirect_and_the_form_says_so(publisher):
    release = make_release(title="Live")
    response = publisher.post(change_url(release), form_data(release, redirect_url="https://example.com/"))
    assert "Only an unpublished release can redirect" in response.content.decode()
    response = publisher.post(change_url(release), form_data(
        release, status=Status.UNPUBLISHED, redirect_url="https://example.com/"
    ))
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.status, release.redirect_url) == (Status.UNPUBLISHED, "https://example.com/")


def test_a_draft_cannot_be_withdrawn_into_public_view(publisher, client):
    draft = make_release(title="Unseen", status=Status.DRAFT)
    response = publisher.post(change_url(draft), form_data(draft, status=Status.WITHDRAWN))
    assert "Only a published release can be withdrawn" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    with translation.override("en"):
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_publisher_withdraws_and_unpublishes_by_actions_and_history_records_it(publisher):
    release = make_release(title="Session")
    publisher.post(CHANGELIST, {"action": "withdraw", "_selected_action": [release.pk]})
    release.refresh_from_db()
    assert release.status == Status.WITHDRAWN
    publisher.post(CHANGELIST, {"action": "unpublish", "_selected_action": [release.pk]})
    release.refresh_from_db()
    assert release.status == Status.UNPUBLISHED
    entries = LogEntry.objects.filter(object_id=str(release.pk))
    assert [entry.get_change_message() for entry in entries] == ["Changed Status."] * 2
    assert {entry.user.username for entry in entries} == {"daniyar"}


def test_history_lists_who_changed_which_fields(editor):
    editor.post(ADD, form_data())
    release = Release.objects.get()
    editor.post(change_url(release), form_data(release, title_en="Retitled", lead_ru="Новый лид"))
    history = editor.get(f"/admin/releases/release/{release.pk}/history/").content.decode()
    assert "Added." in history
    assert "Changed Title [en] and Lead [ru]." in history
    assert history.count("Aigerim") >= 2


def test_changelist_shows_complete_languages_and_filters_missing_ones(publisher):
    make_release(title="Everywhere")
    make_release(title="No English", languages=("kk", "ru"))
    html = publisher.get(CHANGELIST, {"missing": "en"}).content.decode()
    assert "No English" in html and "Everywhere" not in html
    everything = publisher.get(CHANGELIST).content.decode()
    assert [f'<div class="text"><span>{code}</span></div>' in everything for code in ("KK", "RU", "EN")] == [True] * 3
    assert (everything.count('alt="True"'), everything.count('alt="False"')) == (5, 1)


def test_search_finds_a_release_by_a_participants_name_in_any_language_once(publisher):
    release = make_release(title="Meeting")
    add_participant(release, make_person())
    add_participant(release, make_person(slug="other", name_en="Other", name_kk="Басқа", name_ru="Другой"))
    for query in ("Ашимбаев", "Әшімбаев", "Ashimbaev", "Lead kk"):
        response = publisher.get(CHANGELIST, {"q": query})
        assert list(response.context["cl"].result_list) == [release], query


def test_change_form_has_preview_links_self_hosted_scripts_and_prepopulated_slugs(publisher):
    release = make_release(status=Status.DRAFT)
    html = publisher.get(change_url(release)).content.decode()
    assert html.count('href="/kk/preview/') + html.count('href="/ru/preview/') + html.count('href="/en/preview/') == 3
    assert "/static/vendor/jquery-ui-1.14.2/jquery-ui.min.js" in html
    assert "googleapis" not in html and "code.jquery.com" not in html
    prepopulated = json.loads(unescape(re.search(r'data-prepopulated-fields="([^"]*)"', html).group(1)))
    assert {(field["id"], tuple(field["dependency_ids"])) for field in prepopulated} == {
        (f"#id_slug_{code}", (f"#id_title_{code}",)) for code in ("kk", "ru", "en")
    }
    assert "View on site" in html


def test_a_new_release_starts_with_the_press_services_contact_line_in_each_language(admin_client, editor):
    defaults = admin_client.get("/admin/releases/institution/")
    assert defaults.status_code == 200
    admin_client.post("/admin/releases/institution/", {
        "contact_line_kk": "Сенат баспасөз қызметі, 74-72-27",
        "contact_line_ru": "Пресс-служба Сената, 74-72-27",
        "contact_line_en": "Press service of the Senate, 74-72-27",
    })
    form = editor.get(ADD).context["adminform"]
    assert [form.form[f"contact_line_{code}"].value() for code in ("kk", "ru", "en")] == [
        "Сенат баспасөз қызметі, 74-72-27", "Пресс-служба Сената, 74-72-27", "Press service of the Senate, 74-72-27",
    ]
    # Where the editor sees it, not folded away under "Advanced options".
    folded = [name for _title, options in form.fieldsets if "collapse" in options.get("classes", [])
              for name in options["fields"]]
    shown = [name for _title, options in form.fieldsets for name in options["fields"]]
    assert "contact_line_en" in shown and not any(name.startswith("contact_line") for name in folded)
