"""Search latency with 100,000 releases, end to end through Django: p50, p95 and p99 per query.

    .venv/bin/python benchmarks/search.py [--releases 100000] [--runs 40] [--server postgresql://postgres@127.0.0.1:5432]
        [--database senate_search_bench]

Without --server the database lives on the embedded PostgreSQL (.pgdata). The first
run creates the database (`senate_search_bench` unless --database names another) and
fills it (a few minutes); later runs reuse it. Each request goes through Django's test client with the page cache
off, so it includes the middleware, ranking, snippets, the result count and the page.
A few releases get a rare word ("гидроэнергетика", "hydropower") so rare queries have
something to find. Target: p95 under 100 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
DATABASE = "senate_search_bench"
RARE_RELEASES = 25
# "name": a participant's surname in another form, which the query widens with the person's spellings.
QUERIES = {
    "kk": {"common": "сенат", "rare": "гидроэнергетика", "multi-word": "су ресурстары туралы заң", "none": "жоқсөз",
           "name": "Жұмабаевтың"},
    "ru": {"common": "сенат", "rare": "гидроэнергетика", "multi-word": "закон о водных ресурсах", "none": "несуществующее",
           "name": "Жумабаеву"},
    # Kazakh typed in Latin letters on the Latin-script pages: each word read back to Cyrillic.
    "kk-latn": {"common": "senat", "multi-word": "su resurstary turaly zañ", "name": "Jūmabaevtyñ"},
    "en": {"common": "senate", "rare": "hydropower", "multi-word": "law on water resources", "none": "nonexistent",
           "name": "Zhumabayev"},
}


def database_url(server, database):
    if not server:
        from senate_press.database import embedded_database_url

        return embedded_database_url(database)
    from load import ensure_database

    ensure_database(server, database)
    return f"{server}/{database}"


def fill(releases):
    from django.core.management import call_command
    from django.db import connection

    from releases.models import Release

    call_command("migrate", verbosity=0)
    missing = releases - Release.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("generate_releases", missing)
        print(f"  {Release.objects.count()} releases, {time.perf_counter() - started:.0f} s", flush=True)
    rare = Release.objects.order_by("pk")[:RARE_RELEASES]
    Release.objects.filter(pk__in=rare.values("pk")).update(
        title_kk="Гидроэнергетика туралы заң", title_ru="Закон о гидроэнергетике", title_en="Hydropower law",
    )
    with connection.cursor() as cursor:
        # What autovacuum does in time for a real archive: without statistics on the
        # new rows PostgreSQL plans the searches as if the tables were empty.
        cursor.execute("VACUUM ANALYZE")


def measure(client, url, runs):
    """Milliseconds per request, after two warm-up requests."""
    timings = []
    for run in range(runs + 2):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if run >= 2:
            timings.append(elapsed)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--server", help="a PostgreSQL server URL without a database, e.g. postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=DATABASE, help="the database's name, made and filled if missing")
    args = parser.parse_args()

    sys.path.insert(0, str(PROJECT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "senate_press.settings.dev",
        "DEBUG": "0",
        "PAGE_CACHE_SECONDS": "0",
        "DATABASE_URL": database_url(args.server, args.database),
    })
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # so responses carry their context, for the number of results

    from releases.models import Release
    from senate_press.runtime import tune_garbage_collector

    fill(args.releases)
    tune_garbage_collector()  # as each gunicorn worker does (gunicorn.conf.py)
    client = Client()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{Release.objects.count()} releases, {args.runs} requests per query, load average {load}\n")
    print(f"{'query':<44} {'results':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for language, queries in QUERIES.items():
        for kind, query in queries.items():
            url = f"/{language}/search/?{urlencode({'q': query})}"
            results = client.get(url).context["paginator"].count
            timings = measure(client, url, args.runs)
            p50, p95, p99 = (statistics.quantiles(timings, n=100, method="inclusive")[p - 1] for p in (50, 95, 99))
            print(f"{language} {kind:<11} {query:<29} {results:>8} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}")


if __name__ == "__main__":
    main()
