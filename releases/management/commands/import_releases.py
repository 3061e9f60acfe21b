from django.core.management.base import BaseCommand, CommandError

from releases.archive import ARCHIVE_FILE, ArchiveError, import_archive


class Command(BaseCommand):
    help = f"Import IN_DIR/{ARCHIVE_FILE} and its photos into an empty archive; nothing is written if a record is bad."

    def add_arguments(self, parser):
        parser.add_argument("in_dir")

    def handle(self, in_dir, **options):
        try:
            records = import_archive(in_dir)
        except ArchiveError as problem:
            raise CommandError(f"Nothing imported; fix these records first:\n{problem}") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {len(records)} records from {in_dir}"))
