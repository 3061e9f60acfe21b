from django.core.management.base import BaseCommand

from releases.archive import ARCHIVE_FILE, MEDIA_FOLDER, export_archive


class Command(BaseCommand):
    help = f"Write the whole archive to OUT_DIR/{ARCHIVE_FILE} (JSON Lines) and its photos to OUT_DIR/{MEDIA_FOLDER}/."

    def add_arguments(self, parser):
        parser.add_argument("out_dir")

    def handle(self, out_dir, **options):
        export_archive(out_dir)
        self.stdout.write(self.style.SUCCESS(f"Archive written to {out_dir}"))
