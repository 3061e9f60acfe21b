from django.core.management.base import BaseCommand, CommandError

from releases.archive import ARCHIVE_FILE, MEDIA_FOLDER, ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        f"Write the whole archive to OUT_DIR/{ARCHIVE_FILE} (JSON Lines) and each of its photos once to "
        f"OUT_DIR/{MEDIA_FOLDER}/."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir")

    def handle(self, out_dir, **options):
        try:
            export_archive(out_dir)
        except ArchiveError as problem:
            raise CommandError(f"Nothing exported: {problem.problems[0][1]}") from None
        self.stdout.write(self.style.SUCCESS(f"Archive written to {out_dir}"))
