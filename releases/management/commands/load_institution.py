import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from releases.models import Institution

SAMPLE_FILE = Path(__file__).resolve().parent.parent.parent / "sample_content" / "institution.json"


class Command(BaseCommand):
    help = (
        "Set the institution (names, press service, dates of its powers...) from a JSON file like "
        "releases/sample_content/institution.json; fields the file leaves out keep their value."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=SAMPLE_FILE)

    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as problem:
            raise CommandError(f"{file}: {problem}") from None
        institution = Institution.current()
        for field, value in data.items():
            if isinstance(value, dict):
                for language, _name in settings.LANGUAGES:
                    setattr(institution, f"{field}_{language}", value.get(language, ""))
            else:
                setattr(institution, field, value)
        try:
            institution.full_clean()
        except ValidationError as problem:
            raise CommandError(f"{file}: {problem.message_dict}") from None
        institution.save()
        self.stdout.write(f"Institution: {institution.name_en or institution.name}.")
