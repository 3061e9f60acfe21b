"""The whole archive as JSON Lines plus photo files, and back.

`export_archive(folder)` writes folder/archive.jsonl (sections, then people, then releases
with their participants and quotes) and folder/media/<photo name>. Records hold natural
keys (slugs), never database ids, with sorted keys and a stable order, so exporting an
imported archive gives the same bytes. `import_archive(folder)` checks every record first
and writes nothing unless all are good, in one transaction.
"""

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import validate_slug
from django.db import transaction

from . import images
from .models import Participant, Person, Quote, Release, Section

ARCHIVE_FILE = "archive.jsonl"
MEDIA_FOLDER = "media"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RELEASE_TEXTS = ("title", "lead", "body", "photo_alt", "photo_credit", "contact_line")
REQUIRED = {
    "section": ("slug", "name", "position"),
    "person": ("slug", "name", "position"),
    "release": ("slug", *RELEASE_TEXTS, "section", "status", "published_at", "created_at", "updated_at",
                "photo", "participants", "quotes"),
}


class ArchiveError(Exception):
    """The archive cannot be imported; `problems` lists (line number, reason) for each bad record."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(f"line {line}: {reason}" for line, reason in problems))


def translations(obj, field):
    return {code: getattr(obj, f"{field}_{code}") or None for code in LANGUAGE_CODES}


def timestamp(moment):
    return moment.astimezone(timezone.utc).isoformat()


# Export

def export_archive(folder):
    folder = Path(folder)
    (folder / MEDIA_FOLDER).mkdir(parents=True, exist_ok=True)
    with open(folder / ARCHIVE_FILE, "w", encoding="utf-8") as archive:
        for record in archive_records():
            archive.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
            if record.get("photo"):
                target = folder / MEDIA_FOLDER / record["photo"]
                target.parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(record["photo"]) as source, open(target, "wb") as copy:
                    shutil.copyfileobj(source, copy)


def archive_records():
    for section in Section.objects.order_by("slug"):
        yield {"type": "section", "slug": section.slug, "name": translations(section, "name"),
               "position": section.position}
    for person in Person.objects.order_by("slug"):
        yield {"type": "person", "slug": person.slug, "name": translations(person, "name"),
               "position": translations(person, "position")}
    releases = Release.objects.select_related("section").prefetch_related(
        "participants__person", "quotes__speaker"
    )
    for release in sorted(releases, key=lambda release: (release.published_at, *release_slugs(release))):
        yield release_record(release)


def release_slugs(release):
    return [getattr(release, f"slug_{code}") or "" for code in LANGUAGE_CODES]


def release_record(release):
    return {
        "type": "release",
        "slug": translations(release, "slug"),
        **{field: translations(release, field) for field in RELEASE_TEXTS},
        "section": release.section.slug,
        "status": release.status,
        "published_at": timestamp(release.published_at),
        "created_at": timestamp(release.created_at),
        "updated_at": timestamp(release.updated_at),
        "photo": release.photo.name or None,
        "participants": [
            {"person": participant.person.slug, "role": translations(participant, "role"),
             "position": participant.position}
            for participant in release.participants.all()
        ],
        "quotes": [
            {"speaker": quote.speaker.slug, "text": translations(quote, "text"),
             "after_paragraph": quote.after_paragraph, "position": quote.position}
            for quote in release.quotes.all()
        ],
    }


# Import

def import_archive(folder):
    """Import an exported folder into an empty archive; raises ArchiveError and writes nothing if any record is bad."""
    folder = Path(folder)
    records = read_and_check(folder)
    with transaction.atomic():
        write(records, folder / MEDIA_FOLDER)
    return records


def read_and_check(folder):
    problems, records = [], []
    if Section.objects.exists() or Person.objects.exists() or Release.objects.exists():
        raise ArchiveError([(0, "the database already holds an archive: import only into an empty one")])
    seen = {"section": set(), "person": set(), **{f"release slug {code}": set() for code in LANGUAGE_CODES}}
    with open(folder / ARCHIVE_FILE, encoding="utf-8") as archive:
        for number, line in enumerate(archive, start=1):
            try:
                record = json.loads(line)
                check_record(record, seen, folder / MEDIA_FOLDER)
            except (ValueError, ValidationError) as problem:
                problems.append((number, reason_for(problem)))
            else:
                records.append(record)
    if problems:
        raise ArchiveError(problems)
    return records


def reason_for(problem):
    if isinstance(problem, json.JSONDecodeError):
        return f"not valid JSON ({problem.msg})"
    if isinstance(problem, ValidationError):
        return "; ".join(problem.messages)
    return str(problem)


def check_record(record, seen, media):
    """Raise ValueError naming the first thing wrong with a record; note its keys in `seen`."""
    if not isinstance(record, dict) or record.get("type") not in REQUIRED:
        raise ValueError("each line must be an object whose type is section, person or release")
    kind = record["type"]
    missing = [field for field in REQUIRED[kind] if field not in record]
    if missing:
        raise ValueError(f"missing required field(s): {', '.join(missing)}")
    if kind in ("section", "person"):
        validate_slug(record["slug"])
        check_translations(record["name"], "name")
        if kind == "person":
            check_translations(record["position"], "position")
        elif not isinstance(record["position"], int):
            raise ValueError("position must be a whole number")
        if record["slug"] in seen[kind]:
            raise ValueError(f"duplicate {kind} slug '{record['slug']}'")
        seen[kind].add(record["slug"])
        return
    for field in ("slug", *RELEASE_TEXTS):
        check_translations(record[field], field)
    if not any(record["title"].values()):
        raise ValueError("a release needs a title in at least one language")
    for code, slug in record["slug"].items():
        if slug is None:
            continue
        validate_slug(slug)
        if slug in seen[f"release slug {code}"]:
            raise ValueError(f"duplicate release slug '{slug}' ({code})")
        seen[f"release slug {code}"].add(slug)
    if record["section"] not in seen["section"]:
        raise ValueError(f"unknown section '{record['section']}'")
    if record["status"] not in Release.Status.values:
        raise ValueError(f"unknown status '{record['status']}'")
    for field in ("published_at", "created_at", "updated_at"):
        moment = datetime.fromisoformat(str(record[field]))
        if moment.tzinfo is None:
            raise ValueError(f"{field} needs a time zone")
    check_items(record["participants"], "participants", {"person", "position"}, text="role")
    check_items(record["quotes"], "quotes", {"speaker", "after_paragraph", "position"}, text="text")
    people = [item["person"] for item in record["participants"]] + [item["speaker"] for item in record["quotes"]]
    for slug in people:
        if slug not in seen["person"]:
            raise ValueError(f"unknown person '{slug}'")
    if record["photo"] and not (media / record["photo"]).is_file():
        raise ValueError(f"photo file media/{record['photo']} is missing")


def check_items(items, field, keys, text):
    """A release's participants or quotes: objects with exactly these keys plus one translated text."""
    if not isinstance(items, list) or not all(isinstance(item, dict) and set(item) == keys | {text} for item in items):
        raise ValueError(f"{field} must be a list of objects with {', '.join(sorted(keys | {text}))}")
    for item in items:
        check_translations(item[text], f"{field} {text}")
        if not all(isinstance(item[key], int) for key in keys & {"position", "after_paragraph"}):
            raise ValueError(f"{field} positions must be whole numbers")


def check_translations(value, field):
    if not isinstance(value, dict) or not set(value) <= set(LANGUAGE_CODES) or not all(
        text is None or isinstance(text, str) for text in value.values()
    ):
        raise ValueError(f"{field} must be an object of texts by language ({', '.join(LANGUAGE_CODES)})")


def translated_fields(field, texts, empty=""):
    return {f"{field}_{code}": texts.get(code) or empty for code in LANGUAGE_CODES}


def write(records, media):
    sections, people = {}, {}
    for record in records:
        if record["type"] == "section":
            sections[record["slug"]] = Section.objects.create(
                slug=record["slug"], position=record["position"], **translated_fields("name", record["name"])
            )
        elif record["type"] == "person":
            people[record["slug"]] = Person.objects.create(
                slug=record["slug"], **translated_fields("name", record["name"]),
                **translated_fields("position", record["position"]),
            )
        else:
            write_release(record, sections, people, media)


def write_release(record, sections, people, media):
    texts = {}
    for field in RELEASE_TEXTS:
        texts.update(translated_fields(field, record[field]))
    release = Release.objects.create(
        section=sections[record["section"]], status=record["status"],
        published_at=datetime.fromisoformat(record["published_at"]), **translated_fields("slug", record["slug"], empty=None), **texts,
    )
    for item in record["participants"]:
        Participant.objects.create(
            release=release, person=people[item["person"]], position=item["position"],
            **translated_fields("role", item["role"]),
        )
    for item in record["quotes"]:
        Quote.objects.create(
            release=release, speaker=people[item["speaker"]], after_paragraph=item["after_paragraph"],
            position=item["position"], **translated_fields("text", item["text"]),
        )
    photo, renditions = "", {}
    if record["photo"]:
        with open(media / record["photo"], "rb") as source:
            photo = default_storage.save(record["photo"], File(source))
        renditions = images.make_renditions(photo)
    # Saving sets the timestamps to now and treats a photo as a new upload (re-encoding it);
    # the archive's photo file and times are kept as they are.
    Release.objects.filter(pk=release.pk).update(
        photo=photo, photo_renditions=renditions,
        created_at=datetime.fromisoformat(record["created_at"]),
        updated_at=datetime.fromisoformat(record["updated_at"]),
    )
