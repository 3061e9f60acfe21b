"""Load benchmark: 100,000 releases, gunicorn with production settings, wrk from 127.0.0.1.

    .venv/bin/python benchmarks/load.py [--releases 100000] [--seconds 10] [--connections 64]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379 and
wrk (`apt-get install wrk`). The first run creates the database `senate_bench`
(or BENCH_DATABASE) and fills it (a few minutes); later runs reuse it. BENCH_REDIS_URL names another Redis
database than 9 for a run that must not share the cache with another. Gunicorn serves
senate_press.settings.bench on --port, once with the page cache and once without
(PAGE_CACHE_SECONDS=0). Uncached, each request asks for another address of its
kind (releases in every language, list pages, searches, feeds; see `addresses`),
so nothing one request reads is left warm for the next; cached, wrk repeats one
address, which is what the page cache serves. For each page the report gives requests per second,
p50/p99 latency, errors and the ratio to the ceiling (a view returning a fixed
string through the same stack, uncached), then the memory of each worker and a
release page's weight over the wire. The uncached run also serves "release data":
the release page's view without its template (benchmarks/urls.py), so the gap to
the release row is what rendering the template costs.
"""

import argparse
import gzip
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import brotli
import psycopg

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = str(PROJECT / ".venv" / "bin" / "python")
SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = os.environ.get("BENCH_DATABASE", "senate_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def bench_environment(page_cache_seconds, redis_url=REDIS_URL):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "senate_press.settings.bench",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
    }


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT, env=bench_environment(0), check=True)


def ensure_database(server, name):
    """Make the database `name` on `server` (a URL without a database) unless it is there."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f"CREATE DATABASE {name}")


def prepare_database(releases):
    ensure_database(SERVER, DATABASE)
    manage("migrate", "--verbosity=0")
    with psycopg.connect(f"{SERVER}/{DATABASE}") as connection:
        existing = connection.execute("SELECT count(*) FROM releases_release").fetchone()[0]
    if existing < releases:
        print(f"Generating {releases - existing} releases...", flush=True)
        manage("generate_releases", str(releases - existing))
        with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")  # what autovacuum does in time for a real archive
    manage("collectstatic", "--no-input", "--verbosity=0")


class Gunicorn:
    """The production server, started and stopped by this script only."""

    def __init__(self, port, page_cache_seconds, redis_url=REDIS_URL, log=subprocess.DEVNULL):
        self.url = f"http://127.0.0.1:{port}"
        environment = {**bench_environment(page_cache_seconds, redis_url), "BIND": f"127.0.0.1:{port}"}
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=PROJECT, env=environment, stderr=log,
        )
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/ceiling/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def worker_rss_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def wrk_command(url, seconds, connections, script=None):
    command = ["wrk", "--latency", "--timeout", "30s", f"-t{min(4, connections)}", f"-c{connections}", f"-d{seconds}s"]
    return [*command, *(["--script", script] if script else []), url]


# Each wrk thread walks the list of addresses from its own starting point.
ADDRESSES_SCRIPT = """
paths = {%s}
threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("counter", threads * 997)
end
function request()
  counter = counter %% #paths + 1
  return wrk.format(nil, paths[counter])
end
"""


def wrk(url, seconds, connections, paths=None):
    """Requests per second, p50 and p99 in ms, and errors: wrk run to the end, over `paths` in turn if given."""
    script = None
    if paths:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(ADDRESSES_SCRIPT % ", ".join(f'"{path}"' for path in paths))
        script.close()
    try:
        command = wrk_command(url, seconds, connections, script and script.name)
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        if script:
            os.unlink(script.name)
    return wrk_figures(output)


def wrk_figures(output):
    """Requests per second, p50 and p99 in ms, and errors (socket errors and non-2xx/3xx answers)."""
    def milliseconds(percentile):
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not found:
            raise RuntimeError(f"no {percentile}th percentile in wrk's output:\n{output}")
        value, unit = found.groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad_answers = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    errors += int(bad_answers.group(1)) if bad_answers else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rps, milliseconds(50), milliseconds(99), errors


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, response.read()


def pages(base):
    """The pages to load: the list, a release, search and a feed, if the site has them yet."""
    _status, index = fetch(f"{base}/en/")
    release = re.search(r'href="(/en/releases/[^"]+/)"', index.decode()).group(1)
    found = {"list": "/en/", "release": release}
    for name, path in (("search", "/en/search/?q=budget"), ("feed", "/en/feeds/rss/")):
        try:
            fetch(base + path)
            found[name] = path
        except OSError:
            print(f"(no {name} page at {path}: skipped)")
    return found


SEARCH_WORDS = {
    "kk": ["сенат", "заң", "бюджет", "мәдениет", "көлік", "экология", "білім", "денсаулық"],
    "ru": ["сенат", "закон", "бюджет", "культура", "транспорт", "экология", "образование", "здравоохранение"],
    "en": ["senate", "law", "budget", "culture", "transport", "ecology", "education", "health"],
}


def addresses(count=2000):
    """For each kind of page, `count` different addresses (fewer where the site has fewer).

    Releases: random published ones, each in one of its languages. Lists: the front
    page's first 50 pages, each section's and each person's first 5 and every year, in
    each language. Search: each language's words, alone and in pairs, by relevance and
    by date, in all sections and in each. Feeds: the whole site's, each section's and
    each person's, RSS and Atom, in each language.
    """
    languages = list(SEARCH_WORDS)
    with psycopg.connect(f"{SERVER}/{DATABASE}") as connection:
        published = "status = 'published' AND published_at <= now()"
        slugs = connection.execute(
            f"SELECT slug_kk, slug_ru, slug_en FROM releases_release WHERE {published} ORDER BY random() LIMIT %s",
            [count],
        ).fetchall()
        sections = [slug for slug, in connection.execute("SELECT slug FROM releases_section")]
        people = [slug for slug, in connection.execute(
            "SELECT DISTINCT person.slug FROM releases_person AS person JOIN releases_participant "
            f"ON person_id = person.id JOIN releases_release AS release ON release.id = release_id WHERE {published}"
        )]
        years = [int(year) for year, in connection.execute(
            f"SELECT DISTINCT extract(year FROM published_at) FROM releases_release WHERE {published}"
        )]
    releases = [
        f"/{language}/releases/{slug}/"
        for number, row in enumerate(slugs)
        for language, slug in [list(zip(languages, row))[number % len(languages)]] if slug
    ]
    lists = [f"/{language}/?page={page}" for language in languages for page in range(1, 51)]
    lists += [f"/{language}/{kind}/{slug}/?page={page}" for language in languages for page in range(1, 6)
              for kind, found in (("sections", sections), ("people", people)) for slug in found]
    lists += [f"/{language}/archive/{year}/" for language in languages for year in years]
    searches = [
        f"/{language}/search/?{urlencode({'q': query, 'order': order, 'section': section})}"
        for language, words in SEARCH_WORDS.items()
        for query in [*words, *(f"{first} {second}" for first in words for second in words if first < second)]
        for order in ("", "date") for section in ("", *sections)
    ]
    feeds = [f"/{language}/feeds/{kind}/" for language in languages for kind in ("rss", "atom")]
    feeds += [f"/{language}/{owner}/{slug}/{kind}/" for language in languages for kind in ("rss", "atom")
              for owner, found in (("sections", sections), ("people", people)) for slug in found]
    random.shuffle(lists)
    random.shuffle(searches)
    return {"list": lists[:count], "release": releases, "search": searches[:count], "feed": feeds[:count]}


def page_weight(base, path):
    """Bytes over the wire for a release page: HTML as a proxy would compress it, CSS and JS as served."""
    _status, html = fetch(base + path)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html.decode())
    weights = {"html": (len(html), len(gzip.compress(html)), len(brotli.compress(html)))}
    for asset in assets:
        _status, raw = fetch(base + asset)
        _status, over_wire = fetch(base + asset, **{"Accept-Encoding": "br"})
        weights[asset] = (len(raw), len(gzip.compress(raw)), len(over_wire))
    return weights


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8106)
    options = parser.parse_args()

    prepare_database(options.releases)
    results, memory = {}, {}
    for mode, page_cache_seconds in (("uncached", 0), ("cached", 600)):
        server = Gunicorn(options.port, page_cache_seconds)
        try:
            targets = pages(server.url)
            if mode == "uncached":
                targets = {"ceiling": "/ceiling/", **targets,
                           "release data": targets["release"].replace("/releases/", "/release-data/")}
                weight = page_weight(server.url, targets["release"])
                distinct = addresses()
                distinct["release data"] = [path.replace("/releases/", "/release-data/") for path in distinct["release"]]
            for name, path in targets.items():
                fetch(server.url + path)  # warm: the cached run fills the cache here
                paths = distinct.get(name) if mode == "uncached" else None
                results[(name, mode)] = wrk(server.url + path, options.seconds, options.connections, paths)
            memory[mode] = server.worker_rss_mb()
        finally:
            server.stop()

    ceiling = results[("ceiling", "uncached")][0]
    print(f"\n{options.connections} connections, {options.seconds} s per target, "
          f"{len(memory['cached'])} gunicorn workers\n")
    print(f"{'page':<14}{'mode':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'x ceiling':>11}")
    for (name, mode), (rps, p50, p99, errors) in results.items():
        print(f"{name:<14}{mode:<10}{rps:>9.0f}{p50:>9.1f}{p99:>9.1f}{errors:>8}{rps / ceiling:>11.2f}")
    for mode, sizes in memory.items():
        print(f"\nRSS per worker after the {mode} run (MB): " + ", ".join(f"{size:.0f}" for size in sizes))
    print("\nRelease page weight (bytes: raw, gzip, brotli; CSS/JS brotli as WhiteNoise serves it):")
    for name, (raw, gzipped, brotlied) in weight.items():
        print(f"  {name:<45}{raw:>8}{gzipped:>8}{brotlied:>8}")
    total = sum(sizes[2] for sizes in weight.values())
    scripts = sum(sizes[2] for name, sizes in weight.items() if name.endswith(".js"))
    print(f"  total over the wire {total} bytes (target < 60000); scripts {scripts} bytes (target < 15000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
