from django.core.management.base import BaseCommand, CommandError, no_translations

from releases.archive import ARCHIVE_FILE, ArchiveError, import_archive


class Command(BaseCommand):
    help = (
        f"Import IN_DIR/{ARCHIVE_FILE} and its photos into an empty archive. Every record is checked first; "
        "if any is bad, each problem is listed by line and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("in_dir")

    @no_translations  # the problems are read in the terminal, with the command's own English
    def handle(self, in_dir, **options):
        try:
            count = import_archive(in_dir)
        except ArchiveError as problem:
            raise CommandError(f"Nothing imported; fix these records first:\n{problem}") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {count} records from {in_dir}"))
