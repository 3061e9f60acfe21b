import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from releases.illustrations import parliament_illustration
from releases.legacy_import import import_legacy
from releases.models import Person, PositionTerm, Release, Section

SAMPLE_FOLDER = Path(__file__).resolve().parent.parent.parent / "sample_content"
PHOTO_DESCRIPTIONS = {
    "kk": "Иллюстрация: Парламент ғимараты",
    "ru": "Иллюстрация: здание Парламента",
    "en": "Illustration: the Parliament building",
}


def translations(field, values):
    """{"kk": "...", "ru": "..."} as keyword arguments: title_kk=..., title_ru=..."""
    return {f"{field}_{language}": value for language, value in (values or {}).items() if value is not None}


def load_site():
    """The sample's sections, people and terms of office, each created once; returns site.json's content."""
    site = json.loads((SAMPLE_FOLDER / "site.json").read_text(encoding="utf-8"))
    for position, item in enumerate(site["sections"]):
        Section.objects.get_or_create(
            slug=item["slug"], defaults={"position": position, **translations("name", item["name"])}
        )
    people = {
        item["slug"]: Person.objects.get_or_create(slug=item["slug"], defaults={
            **translations("name", item["name"]), **translations("position", item["position"]),
            "alternative_names": "\n".join(item["alternative_names"]),
        })[0]
        for item in site["people"]
    }
    for term in site["terms"]:
        PositionTerm.objects.get_or_create(
            person=people[term["person"]], office=term["office"], started_on=term["started_on"],
            defaults={"ended_on": term["ended_on"]},
        )
    return site


class Command(BaseCommand):
    help = (
        "Load the sample archive: the old site's texts in releases/sample_content/legacy, imported as "
        "import_legacy does, with drawn photos. Safe to run again: nothing is duplicated."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        site = load_site()
        imported = import_legacy([SAMPLE_FOLDER / "legacy"], publish=True)
        added = [release.old_id for release in imported if release.created]
        for release in Release.objects.filter(legacy_id__in=added).exclude(legacy_id__in=site["without_photo"]):
            self.add_photo(release)
        to_check = sum(1 for release in imported if release.report.to_check)
        self.stdout.write(
            f"Sample content: {len(added)} releases added ({to_check} with something to check: see "
            f"import_legacy's report), {len(imported) - len(added)} already there."
        )

    def add_photo(self, release):
        release.photo = ContentFile(parliament_illustration(release.legacy_id), name=f"sample-{release.legacy_id}.jpg")
        for language, description in PHOTO_DESCRIPTIONS.items():
            if getattr(release, f"title_{language}"):
                setattr(release, f"photo_alt_{language}", description)
        release.save()  # stores the photo and makes its renditions
