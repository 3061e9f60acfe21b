"""Static-copy benchmark: `export_site` over a generated archive, then again unchanged, then after one edit.

    .venv/bin/python benchmarks/export_site.py [--releases 100000] [--jobs 2] [--first-only]
        [--database-url postgresql://postgres@127.0.0.1:5432/bench_export] [--out /tmp/bench-export]

Needs PostgreSQL (the 127.0.0.1:5432 server, trust auth); runs collectstatic. Fills the database with
generate_releases if it has fewer releases (about 6 minutes for 100,000 on a quiet machine),
then runs VACUUM ANALYZE (autovacuum may be off on a benchmark server). Production-like settings
(senate_press.settings.bench) and no Redis: the export bypasses the page cache. Prints, for
the first export into an empty folder, a second one with nothing changed, and a third after one
release's title changed: wall-clock time, CPU time (this process, its workers and Pagefind: on a
busy machine the steadier figure), files in the copy, written and removed, and the largest
memory any one worker or Pagefind run has used so far. `--first-only` stops after the first export.
"""

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def configure_django(database_url):
    from load import ensure_database

    ensure_database(*database_url.rsplit("/", 1))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "senate_press.settings.bench",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
    })
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def prepare_database(releases):
    from django.core.management import call_command
    from django.db import connection

    from releases.models import Release

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # production settings serve hashed names
    existing = Release.objects.count()
    if existing < releases:
        print(f"Generating {releases - existing} releases...", flush=True)
        call_command("generate_releases", str(releases - existing))
    with connection.cursor() as cursor:
        # What autovacuum does in time on a production server: the planner's statistics (without them
        # a person's page reads the whole archive for its quotes) and the visibility map (without it a
        # late list page sorts the whole archive instead of reading the index alone).
        cursor.execute("VACUUM ANALYZE")
    return Release.objects.published().count()


def timed_export(label, out, jobs):
    from releases.static_copy import export_site

    started, started_cpu = time.perf_counter(), cpu_seconds()

    def log(message):
        print(f"  {time.perf_counter() - started:.0f} s: {message}", flush=True)

    result = export_site(out, "https://senate.parlam.kz", jobs=jobs, log=log)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
    print(f"{label}: {seconds:.0f} s ({seconds / 60:.1f} min) wall clock, {cpu:.0f} s CPU (this process, its "
          f"workers and Pagefind); {len(result.files)} files, {len(result.written)} written, "
          f"{len(result.removed)} removed, {len(result.problems)} not exported; "
          f"{len(result.files) / seconds:.1f} files/s, {1000 * cpu / len(result.files):.0f} ms CPU a file; "
          f"largest process {largest_child_memory_mb():.0f} MB", flush=True)
    return result


def cpu_seconds():
    """CPU time of this process and of its finished children (the export's workers and Pagefind)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def largest_child_memory_mb():
    """The peak resident memory of the largest finished child: a worker or a Pagefind run."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_export")
    parser.add_argument("--out", default="/tmp/bench-export")
    parser.add_argument("--first-only", action="store_true", help="stop after the first export")
    args = parser.parse_args()
    configure_django(args.database_url)
    published = prepare_database(args.releases)
    print(f"{published} published releases, {args.jobs} worker processes", flush=True)
    shutil.rmtree(args.out, ignore_errors=True)

    from releases.models import Release

    timed_export("First export", args.out, args.jobs)
    if args.first_only:
        return
    timed_export("Unchanged", args.out, args.jobs)
    release = Release.objects.published().order_by("-published_at")[5]
    release.title_en = f"{release.title_en} (edited)"
    release.save()
    result = timed_export("One release edited", args.out, args.jobs)
    print("Written after the edit:", ", ".join(sorted(result.written)[:40]))


if __name__ == "__main__":
    main()
