"""Saving the old site's releases, recognised by releases/legacy.py, as one release per old id.

Files are named `<old id>.<language>.txt` or `<old id>-<anything>.<language>.txt`
(`8816.en.txt`, `8816-creative-industry.ru.txt`); a folder may instead list its files in
`manifest.csv`, with the columns `file,old_id` and optionally `section` (a section's slug).
The language versions sharing an old id become one release. A release whose old id is
already imported is left as it is, so importing again changes nothing.

Everything is recognised and saved in one transaction: if any file is malformed, each
problem is listed with its file and line, and nothing is saved. Autovacuum cannot see rows a
transaction has not committed, so the import refreshes the planner's statistics itself as the
tables grow; without that, the lookups each save makes (a slug's uniqueness, a legacy id) are
planned for the tables as they were before the import and grow slower with every release.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from .html import paragraphs_to_html
from .legacy import LANGUAGES, LegacyFormatError, PeopleDirectory, Report, name_in, read_text, recognise
from .models import Participant, Quote, Release, Section
from .text import normalise_quote

MANIFEST = "manifest.csv"
FILE_NAME = re.compile(r"(?P<id>\d+)(?:-[^.]*)?\.(?P<language>kk|ru|en)\.txt")
LANGUAGE_SUFFIX = re.compile(r"\.(kk|ru|en)\.txt$")
ANALYZE_EVERY = 500


class LegacyImportError(Exception):
    """Nothing was imported; `problems` lists (file, line, reason)."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(f"{name}:{line}: {reason}" for name, line, reason in problems))


@dataclass
class LegacyFile:
    path: Path
    old_id: int
    language: str | None
    section: str = ""


@dataclass
class ImportedRelease:
    old_id: int
    languages: list[str]
    created: bool
    report: Report = field(default_factory=Report)


def legacy_files(paths):
    """Each .txt file under the paths with its old id, language and section; raises LegacyImportError if unnamed."""
    found, problems = [], []
    for path in map(Path, paths):
        if not path.exists():
            problems.append((str(path), 0, "no such file or folder"))
            continue
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        manifest = read_manifest(path if path.is_dir() else path.parent, problems)
        for file in files:
            listed, named = manifest.get(file.name), FILE_NAME.fullmatch(file.name)
            language = LANGUAGE_SUFFIX.search(file.name)
            language = language.group(1) if language else None
            if listed:
                found.append(LegacyFile(file, listed[0], language, listed[1]))
            elif named:
                found.append(LegacyFile(file, int(named["id"]), language))
            else:
                problems.append((str(file), 0, (
                    f"no old id: name the file <old id>.<language>.txt or list it in {MANIFEST}"
                )))
    if problems:
        raise LegacyImportError(problems)
    return found


def read_manifest(folder, problems):
    """{file name: (old id, section slug)} from the folder's manifest.csv, if it has one."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        return {}
    listed = {}
    with manifest_path.open(encoding="utf-8-sig", newline="") as manifest:
        rows = csv.DictReader(manifest)
        if not {"file", "old_id"} <= set(rows.fieldnames or ()):
            problems.append((str(manifest_path), 1, "the first line should name the columns: file,old_id,section"))
            return {}
        for row in rows:
            if not (row["old_id"] or "").strip().isdigit():
                problems.append((str(manifest_path), rows.line_num, f"old_id {row['old_id']!r} is not a number"))
                continue
            listed[row["file"].strip()] = (int(row["old_id"]), (row.get("section") or "").strip())
    return listed


def import_legacy(paths, language=None, publish=False, section=None):
    """Import the files under `paths`; returns an ImportedRelease per old id. Raises LegacyImportError."""
    files = legacy_files(paths)
    groups = {}
    for legacy_file in files:
        groups.setdefault(legacy_file.old_id, []).append(legacy_file)
    sections = {section.slug: section for section in Section.objects.all()}
    default_section = sections.get(section) if section else next(iter(sections.values()), None)
    if default_section is None:
        raise LegacyImportError([("--section", 0, f"no section {section!r}" if section else "no section exists yet")])
    directory = PeopleDirectory.from_database()
    already = set(Release.objects.filter(legacy_id__in=groups).values_list("legacy_id", flat=True))
    problems, imported = [], []
    with transaction.atomic():
        for old_id, group in groups.items():
            if old_id in already:
                imported.append(ImportedRelease(old_id, [], created=False))
                continue
            versions = {}
            for legacy_file in group:
                version_language = language or legacy_file.language
                try:
                    text = read_text(legacy_file.path.read_bytes(), legacy_file.path.name)
                    version = recognise(text, version_language, directory)
                except LegacyFormatError as error:
                    problems.extend((str(legacy_file.path), line, reason) for line, reason in error.problems)
                    continue
                if version.language in versions:
                    problems.append((str(legacy_file.path), 0, f"a second {version.language} text of old id {old_id}"))
                    continue
                versions[version.language] = version
            if len(versions) < len(group):
                continue
            release_section = sections.get(group[0].section) if group[0].section else default_section
            if release_section is None:
                problems.append((str(group[0].path), 0, f"no section {group[0].section!r}"))
                continue
            status = Release.Status.PUBLISHED if publish else Release.Status.DRAFT
            try:
                imported.append(save_release(old_id, versions, release_section, status))
                if len(imported) % ANALYZE_EVERY == 0:
                    refresh_statistics()
            except ValidationError as error:
                by_field = error.message_dict if hasattr(error, "error_dict") else {"release": error.messages}
                problems.extend(
                    (str(group[0].path), 0, f"{field}: {message}")
                    for field, messages in by_field.items() for message in messages
                )
            except DatabaseError as error:
                problems.append((str(group[0].path), 0, f"the database refused it: {error}"))
                break  # the transaction can go no further
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise LegacyImportError(problems)
    return imported


def refresh_statistics():
    tables = [model._meta.db_table for model in (Release, Quote, Participant)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def save_release(old_id, versions, section, status):
    """One release from its language versions, with its participants and quotes."""
    ordered = [versions[code] for code in LANGUAGES if code in versions]
    first = ordered[0]
    result = ImportedRelease(old_id, [version.language for version in ordered], created=True)
    for version in ordered:
        result.report.recognised.extend(f"{version.language}: {line}" for line in version.report.recognised)
        result.report.to_check.extend(f"{version.language}: {line}" for line in version.report.to_check)
    for version in ordered[1:]:
        if version.published_at != first.published_at:
            result.report.to_check.append(
                f"{version.language}: dated {version.published_at:%d.%m.%Y}, {first.language} "
                f"{first.published_at:%d.%m.%Y}; the release takes {first.language}'s date"
            )
    release = Release(
        legacy_id=old_id, section=section, status=status, published_at=first.published_at,
        # One count per old id, shown on each language's page; the highest was copied last.
        views=max(version.views for version in ordered),
    )
    for version in ordered:
        code = version.language
        setattr(release, f"title_{code}", version.title)
        setattr(release, f"lead_{code}", version.lead)
        setattr(release, f"body_{code}", paragraphs_to_html(version.paragraphs))
        setattr(release, f"photo_credit_{code}", version.photo_credit)
        setattr(release, f"contact_line_{code}", version.contact_line)
    # The fields and the release's own rules; the database checks uniqueness and its constraints on saving.
    release.clean_fields(exclude=["slug", *(f"slug_{code}" for code, _name in settings.LANGUAGES)])
    release.clean()
    release.save()
    save_participants(release, ordered)
    save_quotes(release, ordered, result.report)
    return result


def save_participants(release, versions):
    """Each person any version names once, in the order the first naming them does, with each version's role."""
    roles = {}
    for version in versions:
        for participant in version.participants:
            roles.setdefault(participant.person.pk, (participant.person, {}))[1][version.language] = participant.role
    participants = [
        Participant(
            release=release, person=person, position=position,
            **{f"role_{code}": role for code, role in by_language.items()},
        )
        for position, (person, by_language) in enumerate(roles.values())
    ]
    for participant in participants:
        participant.fill_position_held()  # what Participant.save does, which bulk_create skips
    Participant.objects.bulk_create(participants)


def save_quotes(release, versions, report):
    """Each version's n-th quote of a speaker is the same quote in another language."""
    quotes = {}
    for version in versions:
        spoken = {}
        for quote in version.quotes:
            occurrence = spoken[quote.speaker.pk] = spoken.get(quote.speaker.pk, 0) + 1
            key = (quote.speaker.pk, occurrence)
            if key not in quotes:
                quotes[key] = Quote(
                    release=release, speaker=quote.speaker, after_paragraph=quote.after_paragraph,
                    position=len(quotes),
                )
            # What Quote.save does, which bulk_create skips.
            setattr(quotes[key], f"text_{version.language}", normalise_quote(quote.text, version.language))
    for quote in quotes.values():
        missing = [version.language for version in versions if not getattr(quote, f"text_{version.language}")]
        if missing:
            report.to_check.append(
                f"a quote of {name_in(quote.speaker, versions[0].language)} is not in {', '.join(missing)}"
            )
    Quote.objects.bulk_create(quotes.values())
