"""The whole archive as JSON Lines plus photo files, and back.

`export_archive(folder)` writes folder/archive.jsonl: sections, then people with their terms of
office, then releases with their participants, quotes and old addresses, then the admin's history
of them; and each photo file once, as folder/media/<photo name>. Records hold natural keys
(slugs, usernames), never database ids, with sorted keys and a stable order, so exporting an
imported archive gives the same bytes.

`import_archive(folder)` builds every row the archive describes and checks it against its
model's fields and constraints, against the others in the archive, and against what
PostgreSQL refuses that Django does not check, before writing anything. Then it writes
the rows and the photo files in one transaction, and deletes the files again if that fails.
"""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.core.management.color import no_style
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import connection, models, transaction

from . import images
from .models import Office, Participant, Person, PersonChange, PositionTerm, Quote, Release, Section, SlugRedirect

ARCHIVE_FILE = "archive.jsonl"
MEDIA_FOLDER = "media"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RELEASE_TEXTS = ("title", "lead", "body", "photo_alt", "photo_credit", "contact_line", "correction")
ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}
FIELDS = {
    "section": {"slug", "name", "position"},
    "person": {"slug", "name", "name_latin", "position", "alternative_names", "pending_change", "terms"},
    "release": {
        "slug", *RELEASE_TEXTS, "section", "status", "published_at", "created_at", "updated_at", "updated_by",
        "views", "version", "redirect_url", "photo", "participants", "quotes", "old_slugs",
        "review_comment", "review_requested_by", "preview_generation", "corrected_at", "legacy_id",
    },
    "change": {"time", "user", "action", "model", "object", "object_repr", "message"},
}
# What a record exported before these fields were gets instead of them.
DEFAULTS = {
    "person": {"alternative_names": "", "name_latin": "", "pending_change": None, "terms": []},
    "release": {"views": 0, "version": 0, "redirect_url": "", "updated_by": None, "old_slugs": [],
                "review_comment": "", "review_requested_by": None, "preview_generation": 0,
                "correction": {}, "corrected_at": None, "legacy_id": None},
}
PARTICIPANT_DEFAULTS = {"position_held": {}}
# The values of the chamber's offices in archives written before they were renamed (migration 0018).
FORMER_OFFICE_VALUES = {"senate-chair": Office.CHAMBER_CHAIR, "senate-deputy-chair": Office.CHAMBER_DEPUTY_CHAIR}
# Written with the ids the import gives them, in this order; the tables start empty.
ARCHIVE_MODELS = (Section, Person, PersonChange, PositionTerm, Release, Participant, Quote, SlugRedirect)


class ArchiveError(Exception):
    """The archive cannot be imported or exported; `problems` lists (line number, reason), line 0 for the whole."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(f"line {line}: {reason}" for line, reason in problems))


def translations(obj, field):
    return {code: getattr(obj, f"{field}_{code}") or None for code in LANGUAGE_CODES}


def timestamp(moment):
    return moment.astimezone(UTC).isoformat()


def release_key(slugs):
    """How the archive names a release elsewhere: its first slug, e.g. {"kk": "komitet-..."}."""
    return next({code: slugs[code]} for code in LANGUAGE_CODES if slugs.get(code))


# Export

def export_archive(folder):
    folder = Path(folder)
    media = folder / MEDIA_FOLDER
    stored = Path(settings.MEDIA_ROOT)
    if media.resolve().is_relative_to(stored.resolve()) or stored.resolve().is_relative_to(media.resolve()):
        # Copying a photo onto itself would empty it.
        raise ArchiveError([(0, f"{media} is where the site keeps its photos: export to another folder")])
    media.mkdir(parents=True, exist_ok=True)
    copied = set()
    with open(folder / ARCHIVE_FILE, "w", encoding="utf-8") as archive:
        for record in archive_records():
            archive.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
            photo = record.get("photo")
            if photo and photo not in copied:
                copied.add(photo)
                (media / photo).parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(photo) as source, open(media / photo, "wb") as copy:
                    shutil.copyfileobj(source, copy)


def archive_records():
    for section in Section.objects.order_by("slug"):
        yield {"type": "section", "slug": section.slug, "name": translations(section, "name"),
               "position": section.position}
    people = Person.objects.select_related("pending_change__proposed_by").prefetch_related("terms").order_by("slug")
    for person in people:
        yield {"type": "person", "slug": person.slug, "name": translations(person, "name"),
               "name_latin": person.name_latin, "position": translations(person, "position"),
               "alternative_names": person.alternative_names, "pending_change": pending_change_record(person),
               "terms": term_records(person)}
    releases = Release.objects.without_search_vectors().select_related(
        "section", "updated_by", "review_requested_by"
    ).prefetch_related(
        "participants__person", "quotes__speaker", "slug_redirects"
    )
    for release in sorted(releases, key=lambda release: (release.published_at, *release_slugs(release))):
        yield release_record(release)
    yield from sorted(change_records(), key=lambda record: (record["time"], json.dumps(record, sort_keys=True)))


def username(user):
    return user.get_username() if user else None


def pending_change_record(person):
    """An editor's change to the person that still waits for a publisher, or None."""
    try:
        change = person.pending_change
    except PersonChange.DoesNotExist:
        return None
    return {"changes": change.changes, "proposed_by": username(change.proposed_by),
            "proposed_at": timestamp(change.proposed_at)}


def term_records(person):
    """The offices the person held, oldest first."""
    terms = sorted(person.terms.all(), key=lambda term: (term.started_on, term.office))
    return [{"office": term.office, "started_on": term.started_on.isoformat(),
             "ended_on": term.ended_on.isoformat() if term.ended_on else None} for term in terms]


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
        "updated_by": username(release.updated_by),
        "views": release.views,
        "version": release.version,
        "redirect_url": release.redirect_url,
        "review_comment": release.review_comment,
        "review_requested_by": username(release.review_requested_by),
        "preview_generation": release.preview_generation,
        "corrected_at": timestamp(release.corrected_at) if release.corrected_at else None,
        "legacy_id": release.legacy_id,
        "photo": release.photo.name or None,
        "participants": [
            {"person": participant.person.slug, "role": translations(participant, "role"),
             "position_held": translations(participant, "position_held"), "position": participant.position}
            for participant in release.participants.all()
        ],
        "quotes": [
            {"speaker": quote.speaker.slug, "text": translations(quote, "text"),
             "after_paragraph": quote.after_paragraph, "position": quote.position}
            for quote in release.quotes.all()
        ],
        "old_slugs": [
            {"language": old.language, "slug": old.slug}
            for old in sorted(release.slug_redirects.all(), key=lambda old: (old.language, old.slug))
        ],
    }


def change_records():
    """The admin's history of sections, people, releases and old addresses, by username."""
    keys = object_keys()
    entries = LogEntry.objects.filter(content_type__app_label=Release._meta.app_label).select_related(
        "user", "content_type"
    )
    for entry in entries:
        yield {
            "type": "change", "time": timestamp(entry.action_time), "user": entry.user.get_username(),
            "action": ACTIONS[entry.action_flag], "model": entry.content_type.model,
            # None for an object since deleted: its id would mean nothing in another database.
            "object": keys.get((entry.content_type.model, entry.object_id)),
            "object_repr": entry.object_repr, "message": entry.change_message,
        }


def object_keys():
    """(model name, id as the history stores it) -> how the archive names that object."""
    keys = {}
    for pk, slug in Section.objects.values_list("pk", "slug"):
        keys["section", str(pk)] = slug
    for pk, slug in Person.objects.values_list("pk", "slug"):
        keys["person", str(pk)] = slug
    for pk, *slugs in Release.objects.values_list("pk", *(f"slug_{code}" for code in LANGUAGE_CODES)):
        if any(slugs):
            keys["release", str(pk)] = release_key(dict(zip(LANGUAGE_CODES, slugs)))
    for pk, language, slug in SlugRedirect.objects.values_list("pk", "language", "slug"):
        keys["slugredirect", str(pk)] = {language: slug}
    return keys


# Import

def import_archive(folder):
    """Import an exported folder into an empty archive; raises ArchiveError and writes nothing if any record is bad."""
    folder = Path(folder)
    rows = read_and_check(folder)
    with images.discarded_on_error(), transaction.atomic():
        rows.write()
    return rows.count


def read_and_check(folder):
    if Section.objects.exists() or Person.objects.exists() or Release.objects.exists():
        raise ArchiveError([(0, "the database already holds an archive: import only into an empty one")])
    rows, problems = ArchiveRows(folder / MEDIA_FOLDER), []
    with open(folder / ARCHIVE_FILE, encoding="utf-8") as archive:
        for number, line in enumerate(archive, start=1):
            try:
                rows.add(json.loads(line))
            except (ValueError, TypeError, OverflowError, ValidationError, SuspiciousFileOperation) as problem:
                problems.append((number, reason_for(problem)))
    if problems:
        raise ArchiveError(problems)
    return rows


def reason_for(problem):
    if isinstance(problem, json.JSONDecodeError):
        return f"not valid JSON ({problem.msg})"
    if isinstance(problem, ValidationError) and hasattr(problem, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in problem.message_dict.items())
    if isinstance(problem, ValidationError):
        return " ".join(problem.messages)
    return str(problem)


class ArchiveRows:
    """The rows an archive describes, each checked as it is added; nothing is written until `write`."""

    def __init__(self, media):
        self.media = media
        self.count = 0
        self.rows = {model: [] for model in (*ARCHIVE_MODELS, LogEntry)}
        self.sections, self.people, self.releases, self.old_slugs = {}, {}, {}, {}
        self.users, self.new_users = {}, []
        self.photos = {}  # name in the archive -> the releases showing it
        self.unique_values = set()
        # Archive times of each release: saving sets created_at and updated_at to now.
        self.times = {}

    def add(self, record):
        if not isinstance(record, dict) or record.get("type") not in FIELDS:
            raise ValueError("each line must be an object whose type is section, person, release or change")
        kind = record["type"]
        record = {**DEFAULTS.get(kind, {}), **record}
        missing, unknown = FIELDS[kind] - set(record), set(record) - FIELDS[kind] - {"type"}
        if missing:
            raise ValueError(f"missing required field(s): {', '.join(sorted(missing))}")
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
        getattr(self, f"add_{kind}")(record)
        self.count += 1

    def add_section(self, record):
        section = Section(slug=record["slug"], position=record["position"], **translated("name", record["name"]))
        self.check(section)
        self.sections[section.slug] = section

    def add_person(self, record):
        person = Person(
            slug=record["slug"], alternative_names=record["alternative_names"], name_latin=record["name_latin"],
            **translated("name", record["name"]), **translated("position", record["position"]),
        )
        self.check(person)
        self.people[person.slug] = person
        if record["pending_change"] is not None:
            self.add_pending_change(person, record["pending_change"])
        if not isinstance(record["terms"], list) or not all(
            isinstance(term, dict) and set(term) == {"office", "started_on", "ended_on"} for term in record["terms"]
        ):
            raise ValueError("terms must be a list of objects with office, started_on and ended_on")
        for number, term in enumerate(record["terms"], start=1):
            try:
                office = FORMER_OFFICE_VALUES.get(term["office"], term["office"])
                self.check(PositionTerm(person=person, office=office, started_on=term["started_on"],
                                        ended_on=term["ended_on"]), relations={"person"})
            except (ValueError, ValidationError) as problem:
                raise ValueError(f"term {number}: {reason_for(problem)}") from None

    def add_pending_change(self, person, record):
        if not isinstance(record, dict) or set(record) != {"changes", "proposed_by", "proposed_at"}:
            raise ValueError("pending_change must be an object with changes, proposed_by and proposed_at")
        change = PersonChange(
            person=person, changes=record["changes"],
            proposed_by=self.user(record["proposed_by"]) if record["proposed_by"] is not None else None,
        )
        self.check(change, relations={"person", "proposed_by"})
        # Saving sets proposed_at to now.
        self.times[PersonChange, change.pk] = moment(record["proposed_at"], "proposed_at")

    def add_release(self, record):
        texts = {}
        for field in RELEASE_TEXTS:
            texts.update(translated(field, record[field]))
        slugs = translated("slug", record["slug"], empty=None)
        if not any(slugs.values()):
            raise ValueError("a release needs a slug in at least one language")
        release = Release(
            section=self.known(self.sections, record["section"], "section"),
            updated_by=self.user(record["updated_by"]) if record["updated_by"] is not None else None,
            status=record["status"], published_at=moment(record["published_at"], "published_at"),
            views=record["views"], version=record["version"], redirect_url=record["redirect_url"],
            review_comment=record["review_comment"], preview_generation=record["preview_generation"],
            corrected_at=moment(record["corrected_at"], "corrected_at") if record["corrected_at"] else None,
            legacy_id=record["legacy_id"],
            review_requested_by=(
                self.user(record["review_requested_by"]) if record["review_requested_by"] is not None else None
            ),
            photo=record["photo"] or "", **slugs, **texts,
        )
        release.clean_texts()
        self.check(release, relations={"section", "updated_by", "review_requested_by", "photo_renditions"})
        if release.photo:
            self.check_photo(release.photo.name)
            self.photos.setdefault(release.photo.name, []).append(release)
        self.times[Release, release.pk] = (
            moment(record["created_at"], "created_at"), moment(record["updated_at"], "updated_at")
        )
        self.add_items(release, record)
        for code in LANGUAGE_CODES:
            if slugs[f"slug_{code}"]:
                self.releases[code, slugs[f"slug_{code}"]] = release

    def add_items(self, release, record):
        """The release's participants, quotes and old addresses, each checked and named in a problem."""
        items = [
            ("participant", with_defaults(record["participants"], PARTICIPANT_DEFAULTS),
             {"person", "position", "position_held"}, "role",
             lambda item: Participant(release=release, person=self.known(self.people, item["person"], "person"),
                                      position=item["position"], **translated("role", item["role"]),
                                      **translated("position_held", item["position_held"]))),
            ("quote", record["quotes"], {"speaker", "after_paragraph", "position"}, "text",
             lambda item: Quote(release=release, speaker=self.known(self.people, item["speaker"], "person"),
                                after_paragraph=item["after_paragraph"], position=item["position"],
                                **translated("text", item["text"]))),
            ("old address", record["old_slugs"], {"language", "slug"}, None,
             lambda item: SlugRedirect(release=release, language=item["language"], slug=item["slug"])),
        ]
        for name, values, keys, text, build in items:
            expected = keys | {text} - {None}
            if not isinstance(values, list) or not all(isinstance(item, dict) and set(item) == expected
                                                       for item in values):
                raise ValueError(f"each {name} must be an object with {', '.join(sorted(expected))}")
            for number, item in enumerate(values, start=1):
                try:
                    self.check(build(item), relations={"release", "person", "speaker"})
                except (ValueError, ValidationError) as problem:
                    raise ValueError(f"{name} {number}: {reason_for(problem)}") from None

    def add_change(self, record):
        model, key = record["model"], record["object"]
        target = None
        if key is not None:
            named = {"section": self.sections, "person": self.people, "release": self.releases,
                     "slugredirect": self.old_slugs}
            target = named.get(model, {}).get(hashable(key))
            if target is None:
                raise ValueError(f"the history names an unknown {model} {json.dumps(key, ensure_ascii=False)}")
        flags = {name: flag for flag, name in ACTIONS.items()}
        if record["action"] not in flags:
            raise ValueError(f"action must be one of {', '.join(flags)}")
        try:
            content_type = ContentType.objects.get_by_natural_key(Release._meta.app_label, model)
        except ContentType.DoesNotExist:
            raise ValueError(f"unknown model {json.dumps(model)}") from None
        entry = LogEntry(
            action_time=moment(record["time"], "time"), user=self.user(record["user"]),
            content_type=content_type, object_id=str(target.pk) if target else None,
            object_repr=record["object_repr"], action_flag=flags[record["action"]],
            change_message=record["message"],
        )
        self.check(entry, relations={"user", "content_type"})

    @staticmethod
    def known(found, slug, kind):
        if not isinstance(slug, str) or slug not in found:
            raise ValueError(f"unknown {kind} {json.dumps(slug, ensure_ascii=False)}")
        return found[slug]

    def user(self, username):
        """The account with this username; one that cannot log in is made for a name this server lacks."""
        if not isinstance(username, str):
            raise ValueError(f"a username must be a text, not {json.dumps(username)}")
        if username not in self.users:
            User = get_user_model()
            user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
            if user is None:
                user = User(**{User.USERNAME_FIELD: username}, is_active=False)
                user.set_unusable_password()
                user.clean_fields()
                self.new_users.append(user)
            self.users[username] = user
        return self.users[username]

    def check(self, row, relations=()):
        """Check a row as the database would, then keep it to write, with the next id of its table.

        Related rows are looked up in the archive, not the database, so their fields are
        left out of the model's own checks.
        """
        row.clean_fields(exclude=relations)
        row.validate_constraints(exclude=relations)
        check_database_limits(row)
        model = type(row)
        if model in ARCHIVE_MODELS:
            row.pk = len(self.rows[model]) + 1
        self.check_unique(row)
        self.rows[model].append(row)
        if model is SlugRedirect:
            self.old_slugs[row.language, row.slug] = row

    def check_unique(self, row):
        """Refuse a row repeating what a unique field or constraint allows once in the archive."""
        unique_checks, _date_checks = row._get_unique_checks(include_meta_constraints=True)
        for model, fields in unique_checks:
            values = tuple(getattr(row, row._meta.get_field(name).attname) for name in fields)
            if None in values:
                continue  # NULL never equals NULL: a missing translation's slug
            if (model, fields, values) in self.unique_values:
                raise row.unique_error_message(model, fields)
            self.unique_values.add((model, fields, values))

    def check_photo(self, name):
        if name in self.photos:
            return
        validate_file_name(name, allow_relative_path=True)  # no "..", no absolute path
        path = self.media / name
        if not path.is_file():
            raise ValueError(f"photo file media/{name} is missing")
        with File(open(path, "rb"), name=name) as file:
            images.validate_photo(file)

    def write(self):
        """Write every row and photo; call in a transaction, inside images.discarded_on_error."""
        User = get_user_model()
        User.objects.bulk_create(self.new_users)
        for name, releases in self.photos.items():
            stored = self.store_photo(name)
            for release in releases:
                release.use_photo(stored)
        for model in ARCHIVE_MODELS:
            model.objects.bulk_create(self.rows[model], batch_size=1000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), ARCHIVE_MODELS):
                cursor.execute(sql)
        releases = self.rows[Release]
        for release in releases:
            release.created_at, release.updated_at = self.times[Release, release.pk]
        Release.objects.bulk_update(releases, ["created_at", "updated_at"], batch_size=1000)
        changes = self.rows[PersonChange]
        for change in changes:
            change.proposed_at = self.times[PersonChange, change.pk]
        PersonChange.objects.bulk_update(changes, ["proposed_at"])
        LogEntry.objects.bulk_create(self.rows[LogEntry], batch_size=1000)

    def store_photo(self, name):
        """Store an archive's photo file under its name, once for every release showing it: an images.StoredPhoto.

        A different file already stored under that name keeps it, and this one gets a new name.
        """
        path = self.media / name
        if not (default_storage.exists(name) and same_bytes(path, name)):
            with open(path, "rb") as source:
                name = images.save_file(name, File(source), max_length=Release.photo.field.max_length)
        return images.process(name)


def same_bytes(path, stored_name):
    with default_storage.open(stored_name) as stored:
        return stored.read() == path.read_bytes()


def with_defaults(items, defaults):
    """Each item of a list with what the items of an older archive lack."""
    if not isinstance(items, list):
        return items
    return [{**defaults, **item} if isinstance(item, dict) else item for item in items]


def translated(field, texts, empty=""):
    if not isinstance(texts, dict) or not set(texts) <= set(LANGUAGE_CODES) or not all(
        text is None or isinstance(text, str) for text in texts.values()
    ):
        raise ValueError(f"{field} must be an object of texts by language ({', '.join(LANGUAGE_CODES)})")
    return {f"{field}_{code}": texts.get(code) or empty for code in LANGUAGE_CODES}


def moment(text, field):
    """An archive's time, which must say its offset from UTC; kept in UTC, whatever the offset."""
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError(f"{field} needs a time zone")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{field} is out of range") from None


def hashable(key):
    """An object's name in the archive as a dictionary key: a slug, or (language, slug)."""
    if isinstance(key, dict) and len(key) == 1:
        return next(iter(key.items()))
    return key if isinstance(key, str) else None


def check_database_limits(row):
    """What PostgreSQL refuses but a model's own checks let through: NUL characters, long file names."""
    errors = {}
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        text = value.name if isinstance(field, models.FileField) else value
        if not isinstance(text, str):
            continue
        try:
            ProhibitNullCharactersValidator()(text)
            if field.max_length:
                MaxLengthValidator(field.max_length)(text)
            text.encode()
        except ValidationError as error:
            errors[field.name] = error
        except UnicodeEncodeError:
            errors[field.name] = ValidationError("Lone surrogate characters are not allowed.")
    if errors:
        raise ValidationError(errors)
