import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from releases.illustrations import parliament_illustration
from releases.models import Participant, Person, Quote, Release, Section

from .factories import add_participant, add_quote, make_person, make_release, make_section

pytestmark = pytest.mark.django_db


def empty_the_archive():
    Participant.objects.all().delete()
    Quote.objects.all().delete()
    Release.objects.all().delete()
    Person.objects.all().delete()
    Section.objects.all().delete()


@pytest.fixture
def archive_content():
    culture = make_section(slug="culture", name_en="Culture", name_ru="Культура", name_kk="Мәдениет")
    chairman = make_person()
    guest = make_person(slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Айда Балаева")
    photo = ContentFile(parliament_illustration(seed=4), name="session.jpg")
    release = make_release(title="Budget", section=culture, photo=photo)
    add_participant(release, chairman, position=0, role_en="chaired the meeting")
    add_participant(release, guest, position=1)
    add_quote(release, chairman, text_ru="Практические шаги.")
    make_release(title="Draft only in Russian", languages=("ru",), status=Release.Status.DRAFT, section=culture)
    make_section(slug="empty-section", name_en="Empty")


def test_export_import_export_gives_the_same_bytes(archive_content, tmp_path, settings):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_releases", str(first))
    lines = (first / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["section", "section", "person", "person", "release", "release"]
    assert '"id"' not in "".join(lines) and '"pk"' not in "".join(lines)
    photo = Release.objects.get(title_en="Budget en").photo
    photo_name, photo_bytes = photo.name, photo.read()
    assert (first / "media" / photo_name).read_bytes() == photo_bytes

    empty_the_archive()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("import_releases", str(first))
    imported = Release.objects.get(slug_en="budget-en")
    assert imported.participants.count() == 2 and imported.quotes.get().text_ru == "Практические шаги."
    assert imported.photo.name == photo_name and imported.photo.read() == photo_bytes
    assert imported.photo_renditions["source"] == photo_name  # the page can show it

    call_command("export_releases", str(second))
    assert (second / "archive.jsonl").read_bytes() == (first / "archive.jsonl").read_bytes()
    assert (second / "media" / photo_name).read_bytes() == (first / "media" / photo_name).read_bytes()


def exported_lines(tmp_path):
    call_command("export_releases", str(tmp_path))
    empty_the_archive()
    return (tmp_path / "archive.jsonl").read_text(encoding="utf-8").splitlines()


def import_should_fail(tmp_path, lines):
    (tmp_path / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        call_command("import_releases", str(tmp_path))
    assert not Section.objects.exists() and not Person.objects.exists() and not Release.objects.exists()
    return str(failure.value)


def edited(line, **changes):
    return json.dumps({**json.loads(line), **changes}, ensure_ascii=False)


def test_bad_records_are_each_reported_by_line_and_nothing_is_written(archive_content, tmp_path):
    lines = exported_lines(tmp_path)
    release = json.loads(lines[4])
    without_title = {key: value for key, value in release.items() if key != "title"}
    lines[1] = '{"type": "section", "slug": '
    lines[4] = json.dumps(without_title)
    message = import_should_fail(tmp_path, lines)
    assert "line 2: not valid JSON" in message
    assert "line 5: missing required field(s): title" in message


def test_an_unknown_person_is_refused(archive_content, tmp_path):
    lines = exported_lines(tmp_path)
    release = json.loads(lines[4])
    release["quotes"][0]["speaker"] = "nobody-known"
    lines[4] = json.dumps(release)
    assert "line 5: unknown person 'nobody-known'" in import_should_fail(tmp_path, lines)


def test_duplicate_slugs_are_refused(archive_content, tmp_path):
    lines = exported_lines(tmp_path)
    lines.append(lines[2])  # the same person twice
    budget, draft = json.loads(lines[4]), json.loads(lines[5])
    lines[5] = edited(lines[5], slug={**draft["slug"], "en": budget["slug"]["en"]})
    message = import_should_fail(tmp_path, lines)
    assert "line 6: duplicate release slug 'budget-en' (en)" in message
    assert "line 7: duplicate person slug 'aida-balaeva'" in message


def test_import_refuses_a_database_that_is_not_empty(archive_content, tmp_path):
    call_command("export_releases", str(tmp_path))
    with pytest.raises(CommandError, match="already holds an archive"):
        call_command("import_releases", str(tmp_path))
    assert Release.objects.count() == 2
