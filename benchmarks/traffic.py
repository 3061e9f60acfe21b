"""Real traffic: 100,000 releases read as readers read them, while the press service publishes and edits.

    .venv/bin/python benchmarks/traffic.py [--releases 100000] [--port 8130] [--redis redis://127.0.0.1:6379/9]

Against the database benchmarks/load.py makes (BENCH_DATABASE), gunicorn serves the
production settings with the page cache in Redis, whose database (--redis, by default
BENCH_REDIS_URL's or 9) is emptied first: the run starts cold. wrk keeps 64 connections
asking for addresses drawn as below for three minutes (--minutes), as one-minute runs back
to back so that the last minute has figures of its own. Every 10 seconds a publisher, logged
in to the admin, publishes a new release or edits the title of one drawn as readers draw
them (the newest are edited most), through the admin's forms. The ceiling (the fixed-string
view through the same stack, uncached) is measured just before and just after, on the same
server.

What readers ask for, as shares of requests; every page in Russian 45 %, Kazakh 35 %,
English 20 % (the languages the audience reads, and the press reads in English):

- release pages 66 %: readers arrive from search engines, aggregators and posts that
  link one release; the release drawn by a Zipf law (exponent 1) over the whole archive,
  newest first, so the newest are read most and every old one now and then;
- the front page 8 % and its later pages 4 % (page 2 to 50, Zipf): journalists and
  regular readers open the newest, few page back far;
- archives 3 %: year and month pages, newest first by Zipf (researchers);
- section pages 5 % and person pages 5 %, a fifth of them later pages: reached from
  the links on every release page; sections and people by Zipf, most active first;
- search 4 %: a few dozen topical queries per language by Zipf, a tenth on page 2 where the
  first page links to one;
- feeds 5 %: readers and aggregators polling on a schedule: the main RSS and Atom
  feeds mostly, section and person feeds the rest.

Reported for the whole run and its last minute: throughput as a share of the ceiling,
p50 and p99 latency, errors (socket errors and answers other than 2xx/3xx, the latter counted by status), the share
of answers the page cache gave (they carry an Age header; stale copies count), and the share of
requests for an address no earlier request of the run asked for, which no cache that starts
empty can answer (so at most one minus that share can come from the cache); then each
worker's memory and the size of the cache in Redis at the end, and every admin save.
"""

import argparse
import bisect
import itertools
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import redis
from load import DATABASE, REDIS_URL, SERVER, Gunicorn, fetch, prepare_database, wrk_figures
from publish import TITLE_PREFIX, Publisher, delete_test_releases, make_publisher

LUA_SCRIPT = Path(__file__).resolve().parent / "traffic.lua"
CHANGE_EVERY_SECONDS = 10
CEILING_SECONDS = 10
LANGUAGES = {"ru": 0.45, "kk": 0.35, "en": 0.20}
SHARES = {
    "release": 0.66, "front page": 0.08, "later list page": 0.04, "archive": 0.03,
    "section": 0.05, "person": 0.05, "search": 0.04, "feed": 0.05,
}
QUERIES = {
    "en": ["budget", "education", "culture", "agriculture", "transport", "ecology", "public health", "law",
           "water resources", "digital technologies", "social protection", "Senate", "amendments", "hearings"],
    "ru": ["бюджет", "образование", "культура", "сельское хозяйство", "транспорт", "экология", "закон",
           "здравоохранение", "водные ресурсы", "цифровые технологии", "социальная защита", "Сенат", "поправки"],
    "kk": ["бюджет", "білім беру", "мәдениет", "ауыл шаруашылығы", "көлік", "экология", "заң", "денсаулық",
           "су ресурстары", "цифрлық технологиялар", "әлеуметтік қорғау", "Сенат", "түзетулер"],
}
# An edit's mark on the title it changed, new in every run: the same mark again would change nothing.
EDIT_MARK = re.compile(r" \(edit [^)]*\)$")


class Zipf:
    """Draws an index 0..n-1 with probability proportional to 1/(index+1)."""

    def __init__(self, n):
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, n + 1)))

    def draw(self, rng):
        return bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])


def archive_contents():
    """What the addresses are made of: releases newest first, months, sections and people by activity."""
    with psycopg.connect(f"{SERVER}/{DATABASE}") as connection:
        releases = connection.execute(
            "SELECT id, slug_kk, slug_ru, slug_en FROM releases_release WHERE status = 'published' "
            "AND published_at <= now() ORDER BY published_at DESC, id DESC"
        ).fetchall()
        months = connection.execute(
            "SELECT DISTINCT date_trunc('month', published_at) AS month FROM releases_release "
            "WHERE status = 'published' AND published_at <= now() ORDER BY month DESC"
        ).fetchall()
        sections = connection.execute(
            "SELECT section.slug FROM releases_section AS section JOIN releases_release ON section_id = section.id "
            "GROUP BY section.slug ORDER BY count(*) DESC"
        ).fetchall()
        people = connection.execute(
            "SELECT person.slug FROM releases_person AS person JOIN releases_participant ON person_id = person.id "
            "GROUP BY person.slug ORDER BY count(*) DESC"
        ).fetchall()
    return releases, [month for (month,) in months], [slug for (slug,) in sections], [slug for (slug,) in people]


def queries_with_a_second_page(url):
    """(language, query) of each query whose first page of results links to a second: readers go
    on to page 2 by that link, so only these are read on page 2."""
    found = set()
    for language, queries in QUERIES.items():
        for query in queries:
            _status, body = fetch(f"{url}/{language}/search/?{urlencode({'q': query})}")
            if b'rel="next"' in body:
                found.add((language, query))
    return found


def draw_addresses(count, paged_queries, seed=15):
    """`count` request paths drawn by the shares above; searches go on to page 2 only for `paged_queries`."""
    rng = random.Random(seed)
    releases, months, sections, people = archive_contents()
    years = sorted({month.year for month in months}, reverse=True)
    zipf = {name: Zipf(n) for name, n in (
        ("release", len(releases)), ("month", len(months)), ("year", len(years)), ("section", len(sections)),
        ("person", len(people)), ("page", 49), ("later", 9),
        *((f"query {language}", len(queries)) for language, queries in QUERIES.items()),
    )}
    kinds, kind_weights = list(SHARES), list(SHARES.values())
    languages, language_weights = list(LANGUAGES), list(LANGUAGES.values())

    def later_page(share=0.2):
        return f"?page={zipf['later'].draw(rng) + 2}" if rng.random() < share else ""

    paths = []
    for _request in range(count):
        kind = rng.choices(kinds, kind_weights)[0]
        language = rng.choices(languages, language_weights)[0]
        prefix = f"/{language}"
        if kind == "release":
            release = releases[zipf["release"].draw(rng)]
            slug = release[1 + ["kk", "ru", "en"].index(language)] or release[3]
            path = f"{prefix}/releases/{slug}/"
        elif kind == "front page":
            path = f"{prefix}/"
        elif kind == "later list page":
            path = f"{prefix}/?page={zipf['page'].draw(rng) + 2}"
        elif kind == "archive":
            if rng.random() < 0.4:
                path = f"{prefix}/archive/{years[zipf['year'].draw(rng)]}/"
            else:
                month = months[zipf["month"].draw(rng)]
                path = f"{prefix}/archive/{month.year}/{month.month:02}/"
        elif kind == "section":
            path = f"{prefix}/sections/{sections[zipf['section'].draw(rng)]}/{later_page()}"
        elif kind == "person":
            path = f"{prefix}/people/{people[zipf['person'].draw(rng)]}/{later_page()}"
        elif kind == "search":
            query = QUERIES[language][zipf[f"query {language}"].draw(rng)]
            on_page_2 = (language, query) in paged_queries and rng.random() < 0.1
            path = f"{prefix}/search/?{urlencode({'q': query})}{'&page=2' if on_page_2 else ''}"
        else:
            path = feed_path(rng, prefix, sections, people, zipf)
        paths.append(path)
    return paths, releases


def feed_path(rng, prefix, sections, people, zipf):
    roll = rng.random()
    if roll < 0.5:
        return f"{prefix}/feeds/rss/"
    if roll < 0.7:
        return f"{prefix}/feeds/atom/"
    if roll < 0.9:
        return f"{prefix}/sections/{sections[zipf['section'].draw(rng)]}/rss/"
    return f"{prefix}/people/{people[zipf['person'].draw(rng)]}/rss/"


class FormValues(HTMLParser):
    """The fields a browser would send for the admin's release form, as (name, value) pairs."""

    def __init__(self, html):
        super().__init__()
        self.values, self.in_form, self.select, self.textarea = [], False, None, None
        self.feed(html)

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if tag == "form" and attributes.get("id") == "release_form":
            self.in_form = True
        name = attributes.get("name")
        if not self.in_form:
            return
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.values.append([name, attributes.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": False}
        elif tag == "option" and self.select is not None:
            if self.select["first"] is None:
                self.select["first"] = attributes.get("value", "")
            if "selected" in attributes:
                self.values.append([self.select["name"], attributes.get("value", "")])
                self.select["chosen"] = True
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.values.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            if self.textarea is not None:
                self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if not self.select["chosen"] and self.select["first"] is not None:
                self.values.append([self.select["name"], self.select["first"]])
            self.select = None


def edit_title(publisher, release_id, number):
    """Change a release's English title through its change form; the form's errors if it refused."""
    path = f"/admin/releases/release/{release_id}/change/"
    values = FormValues(publisher.get(path)).values
    for pair in values:
        if pair[0] == "title_en":
            pair[1] = f"{EDIT_MARK.sub('', pair[1])} (edit {number}, {secrets.token_hex(3)})"
    landed, html = publisher.post(path, [tuple(pair) for pair in values])
    if landed.endswith("/change/"):
        return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S) or [what_the_page_says(html)]
    return []


def what_the_page_says(html):
    """The admin's note or messages on a form that came back without field errors, else its title."""
    found = re.search(r'class="(?:errornote|messagelist)[^"]*"[^>]*>(.*?)</(?:p|ul)>', html, re.S) \
        or re.search(r"<title>(.*?)</title>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split()) if found else "refused"


def change_while_read(base, password, releases, reading_done, results):
    """Every CHANGE_EVERY_SECONDS until `reading_done` is set: publish a new release, then edit one, in turn."""
    publisher = Publisher(base)
    publisher.log_in(password)
    rng, zipf = random.Random(10), Zipf(len(releases))
    for number in itertools.count(1):
        if reading_done.wait(CHANGE_EVERY_SECONDS):
            return
        started = time.monotonic()
        if number % 2:
            kind, errors = "publish", publisher.publish(f"{TITLE_PREFIX} {number} {secrets.token_hex(3)}")
        else:
            kind, errors = "edit", edit_title(publisher, releases[zipf.draw(rng)][0], number)
        results.append((kind, (time.monotonic() - started) * 1000, errors))


def ceiling(url, connections):
    output = subprocess.run(
        ["wrk", "--latency", "-t4", f"-c{connections}", f"-d{CEILING_SECONDS}s",
         # A session cookie: the page cache steps aside, as it does for staff.
         "-H", "Cookie: sessionid=ceiling", f"{url}/ceiling/"],
        capture_output=True, text=True, check=True,
    ).stdout
    return wrk_figures(output)[0]


def read_for_a_minute(url, paths_file, start, connections, report_file):
    threads = min(4, connections)
    output = subprocess.run(
        ["wrk", "--latency", "--timeout", "30s", f"-t{threads}", f"-c{connections}", "-d60s",
         "-s", str(LUA_SCRIPT), url, "--", paths_file, str(start), str(threads)],
        capture_output=True, text=True, check=True, env={**os.environ, "TRAFFIC_REPORT": report_file},
    ).stdout
    rps, _p50, _p99, errors = wrk_figures(output)
    lines = Path(report_file).read_text().split("\n")
    answered, from_cache = (int(line.split()[1]) for line in lines[:2])
    refused = {}
    for item in filter(None, lines[2].removeprefix("refused").strip().split(",")):
        status, count = item.split(":")
        refused[status] = int(count)
    histogram = {}
    for line in filter(None, lines[3:]):
        microseconds, count = map(int, line.split())
        histogram[microseconds] = histogram.get(microseconds, 0) + count
    return {"rps": rps, "errors": errors, "refused": refused, "answered": answered, "from_cache": from_cache,
            "histogram": histogram}


def first_asks(paths, seen):
    """How many of `paths` ask for an address no earlier request did; `seen`, the addresses asked
    for before, gains them."""
    new = set(paths) - seen
    seen |= new
    return len(new)


def percentile(histogram, share):
    total, seen = sum(histogram.values()), 0
    for microseconds in sorted(histogram):
        seen += histogram[microseconds]
        if seen >= share * total:
            return microseconds / 1000
    return 0.0


def cache_size(redis_url):
    """Keys and bytes (Redis's MEMORY USAGE, summed) in the cache's Redis database."""
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(count=1000))
    pipeline = client.pipeline(transaction=False)
    for key in keys:
        pipeline.memory_usage(key)
    return len(keys), sum(size or 0 for size in pipeline.execute())


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--minutes", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--redis", default=REDIS_URL, help="a Redis database of its own: it is emptied")
    options = parser.parse_args()

    prepare_database(options.releases)
    password = secrets.token_urlsafe(16)
    make_publisher(password)

    server = Gunicorn(options.port, page_cache_seconds=600, redis_url=options.redis)
    minutes, changes = [], []
    paths_file = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    report_file = paths_file.name + ".report"
    try:
        paths, releases = draw_addresses(600_000, queries_with_a_second_page(server.url))
        paths_file.write("\n".join(paths) + "\n")
        paths_file.close()
        ceilings = [ceiling(server.url, options.connections)]
        redis.Redis.from_url(options.redis).flushdb()
        print(f"Reading for {options.minutes} minutes from a cold cache (load average {load_average()})...", flush=True)
        reading_done = threading.Event()
        changing = threading.Thread(
            target=change_while_read, args=(server.url, password, releases, reading_done, changes)
        )
        changing.start()
        start, seen = 0, set()
        for _minute in range(options.minutes):
            minutes.append(read_for_a_minute(server.url, paths_file.name, start, options.connections, report_file))
            asked = [paths[index % len(paths)] for index in range(start, start + minutes[-1]["answered"])]
            minutes[-1]["first_asks"] = first_asks(asked, seen)
            start += minutes[-1]["answered"]
            print(f"  minute {len(minutes)}: {minutes[-1]['rps']:.0f} req/s, load average {load_average()}", flush=True)
        reading_done.set()
        changing.join()
        ceilings.append(ceiling(server.url, options.connections))
        memory = server.worker_rss_mb()
        keys, cache_bytes = cache_size(options.redis)
    finally:
        server.stop()
        delete_test_releases()
        os.unlink(paths_file.name)
        if os.path.exists(report_file):
            os.unlink(report_file)

    ceiling_rps = sum(ceilings) / len(ceilings)
    print(f"\n{options.connections} connections, {len(memory)} gunicorn workers, {len(releases)} published releases; "
          f"ceiling {ceilings[0]:.0f} req/s before, {ceilings[1]:.0f} after (load average now {load_average()})\n")
    print(f"{'':<14}{'req/s':>8}{'x ceiling':>11}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'from cache':>12}"
          f"{'first asks':>12}")
    whole = {
        "rps": sum(minute["answered"] for minute in minutes) / (60 * options.minutes),
        "errors": sum(minute["errors"] for minute in minutes),
        "answered": sum(minute["answered"] for minute in minutes),
        "from_cache": sum(minute["from_cache"] for minute in minutes),
        "first_asks": sum(minute["first_asks"] for minute in minutes),
        "histogram": {},
    }
    for minute in minutes:
        for microseconds, count in minute["histogram"].items():
            whole["histogram"][microseconds] = whole["histogram"].get(microseconds, 0) + count
    rows = [*((f"minute {number}", minute) for number, minute in enumerate(minutes, 1)), ("whole run", whole)]
    for name, figures in rows:
        print(f"{name:<14}{figures['rps']:>8.0f}{figures['rps'] / ceiling_rps:>11.2f}"
              f"{percentile(figures['histogram'], 0.5):>9.1f}{percentile(figures['histogram'], 0.99):>9.1f}"
              f"{figures['errors']:>8}{figures['from_cache'] / max(1, figures['answered']):>12.2f}"
              f"{figures['first_asks'] / max(1, figures['answered']):>12.2f}")
    refused = {}
    for minute in minutes:
        for status, count in minute["refused"].items():
            refused[status] = refused.get(status, 0) + count
    if refused:
        print("\nError answers by status: " + ", ".join(f"{status}: {count}" for status, count in sorted(refused.items())))
    print("\nRSS per worker at the end (MB): " + ", ".join(f"{size:.0f}" for size in memory))
    print(f"Cache at the end: {keys} keys, {cache_bytes / 2**20:.1f} MiB in Redis")
    print("\nAdmin saves during the run:")
    for kind, milliseconds, errors in changes:
        print(f"  {kind:<8} {milliseconds:>6.0f} ms" + (f"  REFUSED: {errors}" if errors else ""))

    last = minutes[-1]
    checks = {
        "last minute at least 0.4 of the ceiling": last["rps"] / ceiling_rps >= 0.4,
        "last minute p99 under 250 ms": percentile(last["histogram"], 0.99) < 250,
        "no errors": whole["errors"] == 0 and not any(errors for _kind, _ms, errors in changes),
        "whole run p99 under 1 s": percentile(whole["histogram"], 0.99) < 1000,
        "memory per worker under 120 MB": max(memory) < 120,
    }
    print()
    for check, passed in checks.items():
        print(f"{'pass' if passed else 'FAIL'}: {check}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
