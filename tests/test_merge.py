"""Two editors on one release, person or section: merged field by field, nothing reverted; history restores."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.utils import timezone
from reversion.models import Version

from releases.models import Release

from .factories import add_participant, make_person, make_release, make_section
from .helpers import create_groups, staff_client

pytestmark = pytest.mark.django_db

Status = Release.Status


@pytest.fixture
def groups():
    create_groups()


def change_url(release):
    return f"/admin/releases/release/{release.pk}/change/"


def form_data(release, **changes):
    """What the release's change form posts: every language's text, no participants or quotes."""
    when = timezone.localtime(release.published_at)
    data = {
        "section": release.section_id, "status": release.status,
        "published_at_0": when.strftime("%Y-%m-%d"), "published_at_1": when.strftime("%H:%M:%S.%f"),
        "participants-TOTAL_FORMS": 0, "participants-INITIAL_FORMS": 0,
        "quotes-TOTAL_FORMS": 0, "quotes-INITIAL_FORMS": 0,
    }
    for code in ("kk", "ru", "en"):
        for field in ("title", "slug", "lead", "body"):
            data[f"{field}_{code}"] = getattr(release, f"{field}_{code}") or ""
    return {**data, **changes}


def opened(client, obj, url=None):
    """What the change form posts as it was opened: its fields and the version it was opened on."""
    response = client.get(url or change_url(obj))
    form = response.context["adminform"].form
    return form.initial["base_version"]


@pytest.fixture
def editors(groups):
    return staff_client("aigerim", "Editors"), staff_client("marat", "Editors")


def test_changes_to_different_fields_are_both_kept(editors):
    aigerim, marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget")
    aigerim_form = form_data(draft, base_version=opened(aigerim, draft))
    marat_form = form_data(draft, base_version=opened(marat, draft))
    assert aigerim.post(change_url(draft), {**aigerim_form, "lead_en": "Aigerim lead"}).status_code == 302
    response = marat.post(change_url(draft), {**marat_form, "title_ru": "Бюджет Марата"}, follow=True)

    draft.refresh_from_db()
    assert (draft.lead_en, draft.title_ru) == ("Aigerim lead", "Бюджет Марата")
    assert "Aigerim also saved this after you opened it; their changes to Lead [en] are kept with yours." in (
        response.content.decode()
    )


def test_the_same_field_changed_by_both_is_put_to_the_second_and_nothing_is_reverted(editors):
    aigerim, marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget")
    aigerim_form = form_data(draft, base_version=opened(aigerim, draft))
    marat_form = form_data(draft, base_version=opened(marat, draft))
    aigerim.post(change_url(draft), {**aigerim_form, "lead_en": "Aigerim lead", "title_kk": "Айгерім"})

    mine = {**marat_form, "lead_en": "Marat lead", "title_en": "Marat title"}
    response = marat.post(change_url(draft), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aigerim saved changes after you opened this form." in html
    assert "Both of you changed Lead [en]" in html
    assert "Both of you changed Title [kk]" not in html  # only she changed it: merged without asking
    assert 'value="Marat title"' in html and "Marat lead</textarea>" in html
    draft.refresh_from_db()
    assert draft.lead_en == "Aigerim lead"

    # Saving again without choosing changes nothing: the choice is put again.
    seen = response.context["adminform"].form.data["seen_version"]
    again = marat.post(change_url(draft), {**mine, "seen_version": seen})
    assert again.status_code == 200 and "Both of you changed Lead [en]" in again.content.decode()

    marat.post(change_url(draft), {**mine, "seen_version": seen, "keep-lead_en": "theirs"})
    draft.refresh_from_db()
    assert (draft.lead_en, draft.title_en, draft.title_kk) == ("Aigerim lead", "Marat title", "Айгерім")


def test_keep_mine_keeps_mine_and_a_third_save_meanwhile_asks_again(editors):
    aigerim, marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget")
    base = opened(marat, draft)
    aigerim.post(change_url(draft), form_data(draft, base_version=opened(aigerim, draft), lead_en="Hers"))
    mine = form_data(draft, base_version=base, lead_en="Mine")
    mine["lead_en"] = "Mine"
    seen = marat.post(change_url(draft), mine).context["adminform"].form.data["seen_version"]

    draft.refresh_from_db()
    aigerim.post(change_url(draft), form_data(draft, base_version=opened(aigerim, draft), lead_en="Hers again"))
    response = marat.post(change_url(draft), {**mine, "seen_version": seen, "keep-lead_en": "mine"})
    assert response.status_code == 200  # the choice was made on a version that is no longer the newest
    seen = response.context["adminform"].form.data["seen_version"]
    marat.post(change_url(draft), {**mine, "seen_version": seen, "keep-lead_en": "mine"})
    draft.refresh_from_db()
    assert draft.lead_en == "Mine"


def test_participants_changed_meanwhile_are_not_silently_replaced(editors):
    aigerim, marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget")
    base = opened(marat, draft)
    aigerim_base = opened(aigerim, draft)
    person = make_person()
    rows = {"participants-TOTAL_FORMS": 1, "participants-0-person": person.pk, "participants-0-position": 0,
            "participants-0-role_en": "chair"}
    aigerim.post(change_url(draft), {**form_data(draft, base_version=aigerim_base), **rows})
    assert draft.participants.count() == 1

    other = make_person(slug="aida", name_en="Aida")
    marat_rows = {**rows, "participants-0-person": other.pk}
    response = marat.post(change_url(draft), {**form_data(draft, base_version=base), **marat_rows})
    assert response.status_code == 200
    assert "Both of you changed Participants" in response.content.decode()
    seen = response.context["adminform"].form.data["seen_version"]
    marat.post(change_url(draft), {
        **form_data(draft, base_version=base, seen_version=seen), **marat_rows, "keep-participants": "theirs",
    })
    assert [p.person for p in draft.participants.all()] == [person]


def test_people_and_sections_merge_too(editors):
    aigerim, marat = editors
    person = make_person()
    url = f"/admin/releases/person/{person.pk}/change/"
    fields = {"slug": person.slug, **{f"{name}_{code}": getattr(person, f"{name}_{code}") or ""
                                      for name in ("name", "position") for code in ("kk", "ru", "en")},
              "alternative_names": ""}
    aigerim_base, marat_base = opened(aigerim, person, url), opened(marat, person, url)
    aigerim.post(url, {**fields, "base_version": aigerim_base, "position_en": "Speaker"})
    response = marat.post(url, {**fields, "base_version": marat_base, "position_en": "Chair"})
    assert "Both of you changed Position [en]" in response.content.decode()
    person.refresh_from_db()
    assert person.position_en == "Speaker"

    section = make_section()
    for client in (aigerim, marat):  # sections are the publishers' and administrators'
        User.objects.filter(pk=client.session["_auth_user_id"]).update(is_superuser=True)
    url = f"/admin/releases/section/{section.pk}/change/"
    fields = {"slug": section.slug, "position": 0, **{f"name_{code}": getattr(section, f"name_{code}")
                                                        for code in ("kk", "ru", "en")}}
    aigerim_base, marat_base = opened(aigerim, section, url), opened(marat, section, url)
    aigerim.post(url, {**fields, "base_version": aigerim_base, "name_en": "News"})
    marat.post(url, {**fields, "base_version": marat_base, "name_ru": "Новости"})
    section.refresh_from_db()
    assert (section.name_en, section.name_ru) == ("News", "Новости")


def test_a_save_that_changes_nothing_records_nothing_and_raises_nothing(editors):
    aigerim, _marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget", body_en="<p>One.</p>\n<p>Two.</p>")
    base = opened(aigerim, draft)
    versions, version = Version.objects.count(), draft.version
    # The editor writes the same body without the line break between paragraphs.
    response = aigerim.post(
        change_url(draft), form_data(draft, base_version=base, body_en="<p>One.</p><p>Two.</p>"), follow=True
    )
    assert "Nothing was changed, so nothing was saved" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.version, Version.objects.count(), LogEntry.objects.count()) == (version, versions, 0)


def test_history_shows_each_languages_difference_and_restores_an_earlier_version(editors):
    aigerim, marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget", body_ru="<p>Сенат обсудил бюджет.</p>")
    first = opened(aigerim, draft)
    aigerim.post(change_url(draft), form_data(draft, base_version=first, body_ru="<p>Сенат одобрил бюджет.</p>"))
    history = aigerim.get(f"/admin/releases/release/{draft.pk}/history/").content.decode()
    assert "<strong>Body [ru]:</strong>" in history
    assert "<del>обсудил</del><ins>одобрил</ins>" in history
    assert "Aigerim" in history and "Changed Body [ru]." in history

    response = marat.post(f"/admin/releases/release/{draft.pk}/history/{first}/restore/", follow=True)
    draft.refresh_from_db()
    assert draft.body_ru == "<p>Сенат обсудил бюджет.</p>"
    html = response.content.decode()
    assert "The restore is a new version" in html
    assert "<del>одобрил</del><ins>обсудил</ins>" in html  # the restore is itself a version
    assert html.count("Restore this version") == 2


def test_a_deleted_release_can_be_recovered_with_its_participants(admin_client):
    publisher = admin_client
    release = make_release(title="Budget")
    add_participant(release, make_person())
    publisher.post(f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"})
    assert not Release.objects.filter(pk=release.pk).exists()

    assert "Budget en" in publisher.get("/admin/releases/release/recover/").content.decode()
    version = Version.objects.get_deleted(Release).get()
    participant = version.revision.version_set.exclude(pk=version.pk).get()
    assert publisher.get(f"/admin/releases/release/recover/{version.pk}/").status_code == 200
    publisher.post(f"/admin/releases/release/recover/{version.pk}/", {
        **form_data(release), "participants-TOTAL_FORMS": 1, "participants-INITIAL_FORMS": 1,
        "participants-0-id": participant.object_id, "participants-0-release": release.pk,
        "participants-0-person": participant.field_dict["person_id"], "participants-0-position": 0,
        "participants-0-role_en": "invited guest",
    })
    recovered = Release.objects.get(pk=release.pk)
    assert recovered.title_en == "Budget en"
    assert [str(row.person) for row in recovered.participants.all()] == ["Maulen Ashimbaev"]


@pytest.mark.parametrize("language, refusal, keep_mine", [
    ("kk", "Aigerim өзгерістер сақтады", "Менікін қалдыру"),
    ("ru", "Aigerim сохранил(а) изменения после того, как вы открыли эту форму", "Оставить мой вариант"),
])
def test_the_refusal_and_the_choice_are_in_the_editors_language(editors, language, refusal, keep_mine):
    aigerim, marat = editors
    marat.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    draft = make_release(status=Status.DRAFT, title="Budget")
    base = opened(marat, draft)
    aigerim.post(change_url(draft), form_data(draft, base_version=opened(aigerim, draft), lead_ru="Её лид"))
    html = marat.post(change_url(draft), form_data(draft, base_version=base, lead_ru="Мой лид")).content.decode()
    assert refusal in html and keep_mine in html


def test_a_row_they_deleted_does_not_block_or_come_back_from_a_form_that_did_not_touch_it(editors):
    aigerim, marat = editors
    draft = make_release(status=Status.DRAFT, title="Budget")
    participant = add_participant(draft, make_person())
    stale_rows = {
        "participants-TOTAL_FORMS": 1, "participants-INITIAL_FORMS": 1, "participants-0-id": participant.pk,
        "participants-0-release": draft.pk, "participants-0-person": participant.person_id,
        "participants-0-position": 0, "participants-0-role_en": participant.role_en,
    }
    base = opened(marat, draft)
    aigerim.post(change_url(draft), {
        **form_data(draft, base_version=opened(aigerim, draft)), **stale_rows, "participants-0-DELETE": "on",
    })
    assert not draft.participants.exists()

    response = marat.post(change_url(draft), {**form_data(draft, base_version=base, title_en="Mine"), **stale_rows})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Mine" and not draft.participants.exists()
