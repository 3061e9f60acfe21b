import json
from datetime import UTC, date, datetime

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import translation

from releases.illustrations import parliament_illustration
from releases.models import (
    Office, Participant, Person, PersonChange, PositionTerm, Quote, Release, Section, SlugRedirect,
)

from .factories import add_participant, add_quote, make_person, make_release, make_section

pytestmark = pytest.mark.django_db


def empty_the_server():
    """What a new server holds: no archive, no history, no accounts."""
    LogEntry.objects.all().delete()
    PersonChange.objects.all().delete()
    Participant.objects.all().delete()
    Quote.objects.all().delete()
    Release.objects.all().delete()
    Person.objects.all().delete()
    Section.objects.all().delete()
    User.objects.all().delete()


def files_in(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.fixture
def archive_content():
    """An archive with everything an export must keep: shared photos, views, spellings, redirects, history."""
    editor = User.objects.create_user("aigerim", is_staff=True)
    culture = make_section(slug="culture", name_en="Culture", name_ru="Культура", name_kk="Мәдениет")
    chairman = make_person()
    chairman.alternative_names = "Ashimbayev\nАшимбаев М."
    chairman.save()
    PositionTerm.objects.create(person=chairman, office=Office.CHAMBER_CHAIR, started_on=date(2020, 5, 4))
    PositionTerm.objects.create(person=chairman, office=Office.CHAMBER_DEPUTY_CHAIR, started_on=date(2019, 1, 10),
                                ended_on=date(2020, 5, 3))
    guest = make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Айда Балаева")
    photo = ContentFile(parliament_illustration(seed=4), name="session.jpg")
    budget = make_release(title="Budget", section=culture, photo=photo, views=5055, contact_line_en="74-72-27",
                          photo_credit_ru="Н. Байбулин", updated_by=editor, legacy_id=8816,
                          correction_ru="Исправлены цифры бюджета.")
    add_participant(budget, chairman, position=0, role_en="chaired the meeting",
                    position_held_en="Chairman of the Senate in 2023")
    add_participant(budget, guest, position=1)
    add_quote(budget, chairman, text_ru="Практические шаги.")
    sharing = make_release(title="Same photo", days_ago=2, photo=budget.photo.name,
                           photo_renditions=budget.photo_renditions, views=12)
    sharing.slug_en = "same-photo-renamed"
    sharing.save()  # its old English address keeps answering
    moved = make_release(title="Moved", days_ago=3)
    moved.status, moved.redirect_url = Release.Status.UNPUBLISHED, "https://senate.parlam.kz/en/news"
    moved.save()
    make_release(title="Draft only in Russian", languages=("ru",), status=Release.Status.DRAFT, section=culture,
                 review_comment="Add the vote count.", review_requested_by=editor, preview_generation=3)
    PersonChange.propose(guest, {"name_en": "Aida Balayeva"}, editor)
    make_section(slug="empty-section", name_en="Empty")
    LogEntry.objects.log_actions(editor.pk, [budget, chairman], CHANGE, change_message='[{"changed": {}}]')
    gone = make_release(title="Deleted later", days_ago=9)
    LogEntry.objects.log_actions(editor.pk, [gone], DELETION)
    gone.delete()


def test_export_import_export_gives_the_same_bytes_and_loses_nothing(archive_content, tmp_path, settings, client):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_releases", str(first))
    lines = (first / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == [
        "section", "section", "person", "person", *["release"] * 4, *["change"] * 3,
    ]
    assert '"id"' not in "".join(lines) and '"pk"' not in "".join(lines)
    photo = Release.objects.get(title_en="Budget en").photo
    photo_name, photo_bytes = photo.name, photo.read()
    assert files_in(first / "media") == [photo_name]

    empty_the_server()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("import_releases", str(first))
    call_command("export_releases", str(second))
    assert (second / "archive.jsonl").read_bytes() == (first / "archive.jsonl").read_bytes()
    assert files_in(second / "media") == [photo_name]
    assert (second / "media" / photo_name).read_bytes() == photo_bytes

    # One photo file and its six renditions, shared by the two releases as before.
    assert len(files_in(settings.MEDIA_ROOT)) == 7
    budget, sharing = Release.objects.get(slug_en="budget-en"), Release.objects.get(slug_en="same-photo-renamed")
    assert budget.photo.name == sharing.photo.name == photo_name and budget.photo.read() == photo_bytes
    assert budget.photo_renditions == sharing.photo_renditions and budget.photo_renditions["source"] == photo_name
    assert (budget.views, sharing.views, budget.updated_by.username) == (5055, 12, "aigerim")
    assert (budget.legacy_id, sharing.legacy_id) == (8816, None)
    assert list(PositionTerm.objects.order_by("started_on").values_list("office", "started_on", "ended_on")) == [
        (Office.CHAMBER_DEPUTY_CHAIR, date(2019, 1, 10), date(2020, 5, 3)), (Office.CHAMBER_CHAIR, date(2020, 5, 4), None),
    ]
    assert not User.objects.get(username="aigerim").is_active  # kept as a name in the history, cannot log in
    with translation.override("en"):
        old_address, moved = (reverse("releases:detail", kwargs={"slug": slug}) for slug in ("same-photo-en", "moved-en"))
        assert client.get(old_address).headers["Location"] == sharing.get_absolute_url()
        assert client.get(moved).headers["Location"] == "https://senate.parlam.kz/en/news"
        found = client.get(reverse("releases:search"), {"q": "Ashimbayev"}).context["results"]
    assert [release.title_en for release in found] == ["Budget en"]
    assert Participant.objects.get(person__slug="maulen-ashimbaev").position_held_en == "Chairman of the Senate in 2023"
    draft = Release.objects.get(title_ru="Draft only in Russian ru")
    assert (draft.review_comment, draft.review_requested_by.username, draft.preview_generation) == (
        "Add the vote count.", "aigerim", 3
    )
    assert PersonChange.objects.get().changes == {"name_en": "Aida Balayeva"}
    history = LogEntry.objects.order_by("object_repr")
    assert [(entry.user.username, entry.get_edited_object() if entry.object_id else None) for entry in history] == [
        ("aigerim", budget), ("aigerim", None), ("aigerim", Person.objects.get(slug="maulen-ashimbaev")),
    ]


def test_releases_written_after_an_import_get_new_ids(archive_content, tmp_path):
    call_command("export_releases", str(tmp_path / "export"))
    empty_the_server()
    with connection.cursor() as cursor:  # a new server counts ids from 1
        for sql in connection.ops.sequence_reset_sql(no_style(), [Release]):
            cursor.execute(sql)
    call_command("import_releases", str(tmp_path / "export"))
    added = make_release(title="Written after the import")
    assert added.pk > max(Release.objects.exclude(pk=added.pk).values_list("pk", flat=True))


def exported_lines(folder):
    call_command("export_releases", str(folder))
    empty_the_server()
    return (folder / "archive.jsonl").read_text(encoding="utf-8").splitlines()


def import_should_fail(folder, lines):
    (folder / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        call_command("import_releases", str(folder))
    assert not Section.objects.exists() and not Person.objects.exists() and not Release.objects.exists()
    assert not LogEntry.objects.exists() and not User.objects.exists()
    return str(failure.value)


def line_of(lines, title_en):
    """Where the release with this English title is: a list index, one less than its line number."""
    records = [json.loads(line) for line in lines]
    return next(number for number, record in enumerate(records)
                if record["type"] == "release" and record["title"]["en"] == title_en)


def edited(line, **changes):
    return json.dumps({**json.loads(line), **changes}, ensure_ascii=False)


def test_bad_records_are_each_reported_by_line_and_nothing_is_written(archive_content, tmp_path):
    lines = exported_lines(tmp_path / "export")
    budget = line_of(lines, "Budget en")
    without_title = {key: value for key, value in json.loads(lines[budget]).items() if key != "title"}
    lines[1] = '{"type": "section", "slug": '
    lines[budget] = json.dumps(without_title)
    message = import_should_fail(tmp_path / "export", lines)
    assert "line 2: not valid JSON" in message
    assert f"line {budget + 1}: missing required field(s): title" in message


def test_an_unknown_person_is_refused(archive_content, tmp_path):
    lines = exported_lines(tmp_path / "export")
    budget = line_of(lines, "Budget en")
    release = json.loads(lines[budget])
    release["quotes"][0]["speaker"] = "nobody-known"
    lines[budget] = json.dumps(release)
    assert f'line {budget + 1}: quote 1: unknown person "nobody-known"' in import_should_fail(tmp_path / "export", lines)


def test_duplicate_slugs_are_refused(archive_content, tmp_path):
    lines = exported_lines(tmp_path / "export")
    lines.append(lines[2])  # the same person twice
    budget, draft = line_of(lines, "Budget en"), line_of(lines, None)
    lines[draft] = edited(lines[draft], slug={**json.loads(lines[draft])["slug"], "en": "budget-en"})
    message = import_should_fail(tmp_path / "export", lines)
    assert f"line {draft + 1}: Press release with this Slug [en] already exists." in message
    assert f"line {len(lines)}: Person with this Slug already exists." in message
    assert f"line {budget + 1}" not in message


def corruptions(record):
    """Changes to the Budget release's record that crashed the import, and the problem now reported."""
    return {
        "title too long": ({"title": {**record["title"], "en": "T" * 400}},
                           "title_en: Ensure this value has at most 300 characters (it has 400)."),
        "slug too long": ({"slug": {**record["slug"], "en": "s" * 150}},
                          "slug_en: Ensure this value has at most 100 characters (it has 150)."),
        "negative paragraph": ({"quotes": [{**record["quotes"][0], "after_paragraph": -1}]},
                               "quote 1: after_paragraph: Ensure this value is greater than or equal to 0."),
        "same participant twice": ({"participants": record["participants"] + record["participants"][:1]},
                                   "participant 3: Participant with this Release and Person already exists."),
        "position beyond smallint": ({"participants": [{**record["participants"][0], "position": 40_000}]},
                                     "participant 1: position: Ensure this value is less than or equal to 32767."),
        "NUL byte": ({"lead": {**record["lead"], "en": "Lead\x00"}}, "lead_en: Null characters are not allowed."),
        "not an image": ({}, "This file is not an image. Upload a JPEG, PNG or WebP photo."),
        "path out of the folder": ({"photo": "../../archive.jsonl"},
                                   "Detected path traversal attempt in '../../archive.jsonl'"),
        "unknown status": ({"status": "lost"}, "status: Value 'lost' is not a valid choice."),
    }


@pytest.mark.parametrize("corruption", [
    "title too long", "slug too long", "negative paragraph", "same participant twice", "position beyond smallint",
    "NUL byte", "not an image", "path out of the folder", "unknown status",
])
def test_a_corrupted_record_is_reported_by_line_and_leaves_no_file(archive_content, tmp_path, settings, corruption):
    lines = exported_lines(tmp_path / "export")
    budget = line_of(lines, "Budget en")
    record = json.loads(lines[budget])
    photo = tmp_path / "export" / "media" / record["photo"]
    changes, problem = corruptions(record)[corruption]
    if corruption == "not an image":
        photo.write_bytes(b"Minutes of the session, not a photo.")
    lines[budget] = edited(lines[budget], **changes)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert f"line {budget + 1}: {problem}" in import_should_fail(tmp_path / "export", lines)
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_time_with_any_offset_is_kept_as_the_moment_it_names(archive_content, tmp_path):
    lines = exported_lines(tmp_path / "export")
    budget = line_of(lines, "Budget en")
    lines[budget] = edited(lines[budget], published_at="2026-05-01T10:00:00+23:00")
    (tmp_path / "export" / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_releases", str(tmp_path / "export"))
    assert Release.objects.get(slug_en="budget-en").published_at == datetime(2026, 4, 30, 11, tzinfo=UTC)


def test_an_archive_written_before_the_offices_were_renamed_loads_them_under_their_names(archive_content, tmp_path):
    lines = exported_lines(tmp_path / "export")
    lines = [line.replace('"chamber-chair"', '"senate-chair"').replace('"chamber-deputy-chair"', '"senate-deputy-chair"')
             for line in lines]
    assert any('"senate-chair"' in line for line in lines)
    (tmp_path / "export" / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    empty_the_server()
    call_command("import_releases", str(tmp_path / "export"))
    assert sorted(PositionTerm.objects.values_list("office", flat=True)) == [Office.CHAMBER_CHAIR, Office.CHAMBER_DEPUTY_CHAIR]


def test_a_failure_while_writing_leaves_no_file_and_no_row(archive_content, tmp_path, settings, monkeypatch):
    call_command("export_releases", str(tmp_path / "export"))
    empty_the_server()
    settings.MEDIA_ROOT = tmp_path / "new-media"

    def disk_full(*args, **kwargs):
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(LogEntry.objects, "bulk_create", disk_full)
    with pytest.raises(DatabaseError):
        call_command("import_releases", str(tmp_path / "export"))
    assert not Release.objects.exists() and not SlugRedirect.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_import_refuses_a_database_that_is_not_empty(archive_content, tmp_path):
    call_command("export_releases", str(tmp_path / "export"))
    with pytest.raises(CommandError, match="already holds an archive"):
        call_command("import_releases", str(tmp_path / "export"))
    assert Release.objects.count() == 4


def test_export_refuses_to_write_over_the_sites_own_photos(archive_content, settings):
    photo = Release.objects.get(title_en="Budget en").photo
    photo_bytes = photo.read()
    with pytest.raises(CommandError, match="where the site keeps its photos"):
        call_command("export_releases", str(settings.MEDIA_ROOT.parent))  # its media/ is MEDIA_ROOT
    assert (settings.MEDIA_ROOT / photo.name).read_bytes() == photo_bytes


def test_the_archive_names_every_field_sections_people_and_releases_have(archive_content, tmp_path):
    """A field added to a model without adding it to the archive would be lost by a round trip."""
    call_command("export_releases", str(tmp_path / "export"))
    records = [json.loads(line) for line in (tmp_path / "export" / "archive.jsonl").read_text(encoding="utf-8").splitlines()]
    exported = {kind: set().union(*(record for record in records if record["type"] == kind))
                for kind in ("section", "person", "release")}
    exported["participant"] = set().union(*(item for record in records if record["type"] == "release"
                                            for item in record["participants"]))
    exported["quote"] = set().union(*(item for record in records if record["type"] == "release"
                                      for item in record["quotes"]))
    # Kept elsewhere or made again on import: ids, the row's own release, search vectors, renditions
    # and the photo's measurements.
    derived = {"id", "release", "search", "photo_renditions", "photo_width", "photo_height", "photo_size"}
    languages = ("_kk", "_ru", "_en")
    for kind, model in {"section": Section, "person": Person, "release": Release,
                        "participant": Participant, "quote": Quote}.items():
        fields = {field.name for field in model._meta.concrete_fields if not field.name.endswith(languages)}
        assert fields - derived - exported[kind] == set(), f"{kind} fields missing from the archive"
