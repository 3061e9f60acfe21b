import os

from django.core.management.base import BaseCommand, CommandError

from releases.static_copy import check_links, export_site, write_bag, write_warc


class Command(BaseCommand):
    help = (
        "Write every public page in every language, the feeds, sitemaps, robots.txt, the API's JSON, photos "
        "and static files to OUT_DIR as a static copy that any static web server serves at the same addresses "
        "(docs/deployment.md), with a Pagefind search index. Only files whose bytes change are written; files of "
        "pages that no longer exist are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir")
        parser.add_argument("--base-url", required=True,
                            help="the address the copy will be served at, for absolute links, e.g. https://press.example.kz")
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                            help="worker processes rendering pages (default: one a core, here %(default)s)")
        parser.add_argument("--warc", metavar="FILE", help="also write the copy as a gzipped WARC file")
        parser.add_argument("--bag", metavar="DIR", help="also write the copy as a BagIt bag (made anew) in DIR")
        parser.add_argument("--check", action="store_true",
                            help="then serve the copy with python's http.server on 127.0.0.1 and follow every link")
        parser.add_argument("--check-port", type=int, default=0, help="port for --check (default: any free one)")

    def handle(self, out_dir, base_url, jobs, warc, bag, check, check_port, **options):
        base_url = base_url.rstrip("/")
        log = self.stdout.write if options["verbosity"] > 1 else lambda message: None
        result = export_site(out_dir, base_url, jobs=jobs, log=log)
        self.stdout.write(
            f"{len(result.files)} files in {out_dir}: {len(result.written)} written, "
            f"{len(result.files) - len(result.written)} unchanged, {len(result.removed)} removed."
        )
        for address, status in result.problems:
            self.stderr.write(f"Not exported: {address} answered {status}")
        if warc:
            write_warc(out_dir, warc, base_url)
            self.stdout.write(f"WARC written to {warc}")
        if bag:
            write_bag(out_dir, bag, base_url, jobs=jobs)
            self.stdout.write(f"BagIt bag written to {bag}")
        if check:
            broken = check_links(out_dir, base_url, check_port)
            for page, link, status in broken:
                self.stderr.write(f"Broken link on {page}: {link} answered {status}")
            if broken:
                raise CommandError(f"{len(broken)} broken links in the copy.")
            self.stdout.write("Every link in the copy resolves.")
        if result.problems:
            raise CommandError(f"{len(result.problems)} linked addresses could not be exported.")
