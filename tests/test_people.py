"""People: editors' changes to people readers see wait for a publisher; positions stay as they were;
someone only drafts name appears nowhere public."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone, translation

from releases import pagecache
from releases.forms import SearchForm
from releases.models import Participant, Person, PersonChange, Release

from .factories import add_participant, add_quote, make_person, make_release
from .helpers import staff_client

pytestmark = pytest.mark.django_db

Status = Release.Status
CHANGES = "/admin/releases/personchange/"


def person_url(person):
    return f"/admin/releases/person/{person.pk}/change/"


def person_form(person, **changes):
    data = {"slug": person.slug, "alternative_names": person.alternative_names}
    for language in ("kk", "ru", "en"):
        for field in ("name", "position"):
            data[f"{field}_{language}"] = getattr(person, f"{field}_{language}") or ""
    return {**data, **changes}


def public_page(client, person, language="en"):
    with translation.override(language):
        return client.get(person.get_absolute_url())


# Moderation

def test_an_editors_change_to_a_person_on_published_releases_waits_for_a_publisher(editor, publisher, client):
    person = make_person()
    add_participant(make_release(), person)
    response = editor.post(person_url(person), person_form(person, name_en="Maulen Ashimbayev"), follow=True)
    assert "waits for a publisher" in response.content.decode()
    person.refresh_from_db()
    assert person.name_en == "Maulen Ashimbaev"
    assert "Maulen Ashimbaev" in public_page(client, person).content.decode()
    assert "Maulen Ashimbayev" in editor.get(person_url(person)).content.decode()  # shown as awaiting approval

    assert "1 change to a person waits for approval" in publisher.get("/admin/").content.decode()
    listing = publisher.get(CHANGES).content.decode()
    assert "Maulen Ashimbaev → Maulen Ashimbayev" in listing
    change = PersonChange.objects.get()
    response = publisher.post(CHANGES, {"action": "approve", "_selected_action": [change.pk]}, follow=True)
    assert "1 change approved: readers see it now." in response.content.decode()
    person.refresh_from_db()
    assert person.name_en == "Maulen Ashimbayev"
    assert not PersonChange.objects.exists()
    assert LogEntry.objects.filter(object_id=str(person.pk), change_message__contains="Aigerim").exists()


def test_a_rejected_change_leaves_the_person_as_readers_see_them(editor, publisher):
    person = make_person()
    add_participant(make_release(), person)
    editor.post(person_url(person), person_form(person, position_en="Former Chairman"))
    change = PersonChange.objects.get()
    publisher.post(CHANGES, {"action": "reject", "_selected_action": [change.pk]})
    person.refresh_from_db()
    assert person.position_en == "Chairman of the Senate"
    assert not PersonChange.objects.exists()


def test_an_editor_cannot_approve_their_own_change(editor):
    person = make_person()
    add_participant(make_release(), person)
    editor.post(person_url(person), person_form(person, name_en="Someone else"))
    editor.post(CHANGES, {"action": "approve", "_selected_action": [PersonChange.objects.get().pk]})
    person.refresh_from_db()
    assert person.name_en == "Maulen Ashimbaev"


def test_a_person_on_a_scheduled_release_is_moderated_too(editor):
    person = make_person()
    add_participant(make_release(days_ago=-1), person)
    editor.post(person_url(person), person_form(person, name_en="Renamed"))
    person.refresh_from_db()
    assert person.name_en == "Maulen Ashimbaev"


def test_an_editor_changes_a_person_only_drafts_name_at_once(editor):
    person = make_person()
    add_participant(make_release(status=Status.DRAFT), person)
    response = editor.post(person_url(person), person_form(person, name_en="Renamed"), follow=True)
    assert "was changed successfully" in response.content.decode()
    person.refresh_from_db()
    assert person.name_en == "Renamed"


def test_a_publishers_change_applies_at_once(publisher):
    person = make_person()
    add_participant(make_release(), person)
    publisher.post(person_url(person), person_form(person, name_en="Renamed"))
    person.refresh_from_db()
    assert person.name_en == "Renamed"


def test_a_change_that_no_longer_fits_is_refused_and_still_waits(editor, publisher):
    person = make_person()
    add_participant(make_release(), person)
    editor.post(person_url(person), person_form(person, slug="aida-balaeva"))
    make_person(slug="aida-balaeva", name_en="Aida Balaeva")  # the slug was taken meanwhile
    response = publisher.post(
        CHANGES, {"action": "approve", "_selected_action": [PersonChange.objects.get().pk]}, follow=True
    )
    assert "cannot be approved, and still waits" in response.content.decode()
    assert PersonChange.objects.exists()


@pytest.mark.parametrize("language, notice", [
    ("ru", "Ваше изменение «Маулен Ашимбаев» ждёт публикатора"),
    ("kk", "Сіздің «Мәулен Әшімбаев» туралы өзгерісіңіз жариялаушыны күтуде"),
])
def test_the_editor_is_told_in_their_language(language, notice):
    editor = staff_client("aigerim", "Editors", language=language)
    person = make_person()
    add_participant(make_release(), person)
    response = editor.post(person_url(person), person_form(person, name_en="Renamed"), follow=True)
    assert notice in response.content.decode()


# Position at the time

def test_a_participant_keeps_the_position_held_on_the_day_of_the_release(client):
    person = make_person()
    old = make_release(title="Sitting of 2022", days_ago=3 * 365)
    add_participant(old, person, role_en="")
    add_quote(old, person, text_en="We need practical steps.")
    person.position_en = "Former Chairman of the Senate"
    person.save()
    new = make_release(title="Sitting of 2025")
    add_participant(new, person, role_en="")

    with translation.override("en"):
        old_page = client.get(old.get_absolute_url()).content.decode()
        new_page = client.get(new.get_absolute_url()).content.decode()
    assert "Chairman of the Senate" in old_page and "Former Chairman" not in old_page
    assert '<span class="quote__position">Chairman of the Senate</span>' in old_page
    assert "Former Chairman of the Senate" in new_page
    people = client.get(f"/api/releases/{old.pk}/").json()["people"]
    assert people[0]["position"]["en"] == "Chairman of the Senate"


def test_a_position_written_for_the_release_is_kept():
    person = make_person()
    participant = Participant.objects.create(
        release=make_release(), person=person, position_held_en="Deputy Chairman", role_en=""
    )
    participant.refresh_from_db()
    assert (participant.position_held_en, participant.position_held_ru) == ("Deputy Chairman", "Председатель Сената")


# Nowhere public until a published release names them

def test_a_person_only_a_draft_names_appears_nowhere_public(client):
    person = make_person()
    add_participant(make_release(status=Status.DRAFT), person)
    speaker = make_person(slug="aida-balaeva", name_en="Aida Balaeva")
    add_quote(make_release(title="Scheduled", days_ago=-1), speaker)
    for someone in (person, speaker):
        assert public_page(client, someone).status_code == 404
        assert client.get(f"/en/people/{someone.slug}/rss/").status_code == 404
        assert someone.slug not in client.get("/sitemap-people.xml").content.decode()
        assert someone.slug not in client.get("/en/search/").content.decode()
    assert list(Person.objects.public()) == []


def test_a_published_release_makes_its_participants_and_speakers_public(client):
    person, speaker = make_person(), make_person(slug="aida-balaeva", name_en="Aida Balaeva")
    release = make_release()
    add_participant(release, person)
    add_quote(release, speaker)
    assert set(Person.objects.public()) == {person, speaker}
    for someone in (person, speaker):
        assert public_page(client, someone).status_code == 200
        assert client.get(f"/en/people/{someone.slug}/rss/").status_code == 200
        assert someone.slug in client.get("/sitemap-people.xml").content.decode()
    assert SearchForm({"person": "aida-balaeva"}).is_valid()


def test_a_persons_page_appears_as_soon_as_a_release_naming_them_is_published_and_goes_with_it(client):
    person = make_person()
    draft = make_release(status=Status.DRAFT)
    add_participant(draft, person)
    assert public_page(client, person).status_code == 404
    draft.status = Status.PUBLISHED
    draft.save()
    assert public_page(client, person).status_code == 200
    draft.status = Status.DRAFT
    draft.save()
    assert public_page(client, person).status_code == 404


def test_the_search_filter_offers_a_person_once_their_scheduled_release_appears(client, monkeypatch):
    person = make_person()
    add_participant(make_release(days_ago=-1), person)
    assert not SearchForm({"person": person.slug}).is_valid()
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache, "now", later.timestamp)  # what the form offers is kept until that time
    assert SearchForm({"person": person.slug}).is_valid()


# Slugs

def test_a_person_added_without_a_slug_gets_one_from_the_name_transliterated(editor):
    response = editor.post("/admin/releases/person/add/", {
        "name_kk": "Мәулен Әшімбаев", "slug": "", "alternative_names": "",
    }, follow=True)
    assert "was added successfully" in response.content.decode()
    assert Person.objects.get().slug == "maulen-ashimbaev"
    # A namesake gets an address of their own.
    editor.post("/admin/releases/person/add/", {"name_ru": "Маулен Ашимбаев", "slug": "", "alternative_names": ""})
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["maulen-ashimbaev", "maulen-ashimbaev-2"]


def test_the_person_form_fills_the_slug_from_the_name_as_it_is_typed(editor):
    html = editor.get("/admin/releases/person/add/").content.decode()
    assert "data-prepopulated-fields" in html and "#id_name_en" in html
