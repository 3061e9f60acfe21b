"""Sitemap benchmark: every part of the sitemap, cold and warm, at 100,000 releases.

    .venv/bin/python benchmarks/sitemaps.py [--releases 100000]
        [--database-url postgresql://postgres@127.0.0.1:5432/senate_bench]
        [--redis-url redis://127.0.0.1:6379/9] [--warm-runs 5] [--every 1]

Needs PostgreSQL and Redis. Fills the database with generate_releases if it has fewer
releases (tens of minutes on a busy machine). The requests go through the
whole middleware stack of senate_press.settings.bench in this process, page cache in
Redis included, but not through a socket. For the index, robots.txt and each sitemap
part it prints the addresses and megabytes, then the time to answer with nothing in the
page cache (every cached page retired first: "cold"; PostgreSQL's own buffers stay warm)
and the median of the next --warm-runs requests ("warm"). The cold request's CPU time in
this process is printed too: on a busy machine it is the steadier figure. Targets: under
1 s cold and under 50 ms warm for each part. `--every 10` measures every tenth part only, for a
quick look.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def configure_django(database_url, redis_url):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "senate_press.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": HOST,
        "PAGE_CACHE_SECONDS": "600",
    })
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def prepare_database(releases):
    from django.core.management import call_command

    from releases.models import Release

    call_command("migrate", verbosity=0)
    existing = Release.objects.count()
    if existing < releases:
        print(f"Generating {releases - existing} releases...", flush=True)
        call_command("generate_releases", str(releases - existing))


def timed_get(client, address):
    """Milliseconds of wall-clock time and of this process's CPU time, and the body."""
    started, started_cpu = time.perf_counter(), time.process_time()
    response = client.get(address)
    elapsed_ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{address} answered {response.status_code}")
    return elapsed_ms, cpu_ms, response.content


def measure(client, address, warm_runs):
    """Addresses listed, megabytes, cold ms and CPU ms, median warm ms and CPU ms."""
    from releases import pagecache

    pagecache.retire([pagecache.SITE])
    cold_ms, cold_cpu_ms, content = timed_get(client, address)
    warm_runs = [timed_get(client, address) for _run in range(warm_runs)]
    warm_ms = statistics.median(run[0] for run in warm_runs)
    warm_cpu_ms = statistics.median(run[1] for run in warm_runs)
    return content.count(b"<loc>"), len(content) / 1e6, cold_ms, cold_cpu_ms, warm_ms, warm_cpu_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/senate_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--warm-runs", type=int, default=5)
    parser.add_argument("--every", type=int, default=1, help="measure every Nth part only")
    options = parser.parse_args()

    configure_django(options.database_url, options.redis_url)
    prepare_database(options.releases)
    from django.test import Client

    from releases.models import Release

    client = Client(HTTP_HOST=HOST)
    _ms, _cpu_ms, index = timed_get(client, "/sitemap.xml")
    parts = [re.sub(rf"^http://{re.escape(HOST)}", "", location.decode())
             for location in re.findall(rb"<loc>([^<]+)</loc>", index)]
    print(f"{Release.objects.published().count()} published releases, {len(parts)} sitemap parts\n")
    print(f"{'address':<36}{'<loc>s':>7}{'MB':>6}{'cold ms':>9}{'(CPU ms)':>10}{'warm ms':>9}{'(CPU ms)':>10}")
    release_parts = []
    for address in ["/robots.txt", "/sitemap.xml", *parts[::options.every]]:
        figures = measure(client, address, options.warm_runs)
        locations, megabytes, cold_ms, cold_cpu_ms, warm_ms, warm_cpu_ms = figures
        print(f"{address:<36}{locations:>7}{megabytes:>6.2f}{cold_ms:>9.0f}{cold_cpu_ms:>10.0f}"
              f"{warm_ms:>9.1f}{warm_cpu_ms:>10.1f}", flush=True)
        if "sitemap-releases" in address:
            release_parts.append(figures)
    for name, column, unit in (("largest", 1, "MB"), ("slowest cold", 2, "ms"), ("most CPU cold", 3, "ms"),
                               ("slowest warm", 4, "ms"), ("most CPU warm", 5, "ms")):
        values = [part[column] for part in release_parts]
        print(f"Release parts, {name}: {max(values):.2f} {unit} (median {statistics.median(values):.2f})")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
