import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_datetime

from releases.html import paragraphs_to_html
from releases.illustrations import parliament_illustration
from releases.models import Institution, Participant, Person, Quote, Release, Section

SAMPLE_FILE = Path(__file__).resolve().parent.parent.parent / "sample_content" / "releases.json"


def translations(field, values):
    """{"kk": "...", "ru": "..."} as keyword arguments: title_kk=..., title_ru=..."""
    return {f"{field}_{language}": value for language, value in (values or {}).items() if value is not None}


class Command(BaseCommand):
    help = (
        "Load the sample press releases (kk, ru, en), and the sample institution if none is set. "
        "Safe to run again: nothing is duplicated."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not Institution.current().name:
            call_command("load_institution", stdout=self.stdout)
        data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
        sections = {
            item["slug"]: Section.objects.get_or_create(
                slug=item["slug"], defaults={"position": position, **translations("name", item["name"])}
            )[0]
            for position, item in enumerate(data["sections"])
        }
        people = {
            item["slug"]: Person.objects.get_or_create(
                slug=item["slug"],
                defaults={**translations("name", item["name"]), **translations("position", item["position"])},
            )[0]
            for item in data["people"]
        }
        created = 0
        for number, item in enumerate(data["releases"]):
            if Release.objects.filter(slug_kk=item["slug"]["kk"]).exists():
                continue
            self.create_release(number, item, sections, people)
            created += 1
        self.stdout.write(f"Sample content: {created} releases added, {len(data['releases']) - created} already there.")

    def create_release(self, number, item, sections, people):
        release = Release(
            section=sections[item["section"]],
            status=Release.Status.PUBLISHED,
            published_at=parse_datetime(item["published_at"]),
            views=item["views"],
            **translations("slug", item["slug"]),
            **translations("title", item["title"]),
            **translations("lead", item["lead"]),
            **translations("contact_line", item["contact"]),
            **translations("photo_alt", item["photo"]["alt"]),
            **translations("photo_credit", item["photo"]["credit"]),
            **{
                f"body_{language}": paragraphs_to_html(paragraphs)
                for language, paragraphs in item["body"].items()
                if paragraphs
            },
        )
        release.photo = ContentFile(parliament_illustration(number), name=f"sample-{number + 1}.jpg")
        release.save()  # stores the photo and makes its renditions
        for position, participant in enumerate(item["participants"]):
            Participant.objects.create(
                release=release, person=people[participant["person"]], position=position,
                **translations("role", participant["role"]),
            )
        for position, quote in enumerate(item["quotes"]):
            Quote.objects.create(
                release=release, speaker=people[quote["speaker"]], position=position,
                after_paragraph=quote["after_paragraph"], **translations("text", quote["text"]),
            )
