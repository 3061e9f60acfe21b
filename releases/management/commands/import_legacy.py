from django.core.management.base import BaseCommand, CommandError, no_translations

from releases.legacy import LANGUAGES
from releases.legacy_import import MANIFEST, LegacyImportError, import_legacy


class Command(BaseCommand):
    help = (
        "Import releases copied off the old site: files named <old id>.<language>.txt, or listed in a folder's "
        f"{MANIFEST} (file,old_id,section). The languages of one old id become one release; an old id already "
        "imported is left alone. Prints what was recognised and what needs a human look. If any file is bad, "
        "each problem is listed by file and line and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, or folders of .txt files")
        parser.add_argument("--language", choices=LANGUAGES, help="the files' language, if their names do not say")
        parser.add_argument("--publish", action="store_true", help="publish the releases (default: drafts)")
        parser.add_argument("--section", help="the section's slug for files the manifest gives none (default: the first)")
        parser.add_argument("--quiet-report", action="store_true", help="print only what needs a human look")

    @no_translations  # the report is read in the terminal, with the command's own English
    def handle(self, paths, language, publish, section, quiet_report, **options):
        try:
            imported = import_legacy(paths, language=language, publish=publish, section=section)
        except LegacyImportError as problem:
            raise CommandError(f"Nothing imported; fix these first:\n{problem}") from None
        created = [release for release in imported if release.created]
        for release in created:
            self.stdout.write(f"Old id {release.old_id} ({', '.join(release.languages)}):")
            if not quiet_report:
                for line in release.report.recognised:
                    self.stdout.write(f"  recognised  {line}")
            for line in release.report.to_check:
                self.stdout.write(self.style.WARNING(f"  check       {line}"))
        to_check = sum(1 for release in created if release.report.to_check)
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} releases imported ({to_check} to check), "
            f"{len(imported) - len(created)} already there and left unchanged."
        ))
