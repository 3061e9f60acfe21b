"""Importing the old site's archive: 20,000 files through `manage.py import_legacy`.

    .venv/bin/python benchmarks/legacy_import.py [--files 20000]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth). Each run recreates the database
`senate_legacy_bench`, loads the sample's sections and people, and writes --files old-site
texts to a temporary folder: the sample's files (releases/sample_content/legacy), each
copied under new old ids with a numbered title, so most releases have their three
languages. Then it runs the import with --publish under /usr/bin/time and prints the wall
time, the importer's CPU time (user and system), PostgreSQL's CPU time for the import (its
backends' time, read from /proc, so the server must run on this machine), the peak memory of
the process (maximum resident set size), the releases, quotes and participants saved, and the
importer's summary line. Passing: under 10 minutes and under 500 MB. On a machine shared with
other work the wall time is the CPU time stretched by the wait for a core; the two CPU times
added up are what the import takes on a machine with nothing else to do.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE", "senate_legacy_bench")

import psycopg  # noqa: E402
from load import DATABASE, PROJECT, PYTHON, SERVER, bench_environment, manage  # noqa: E402

SAMPLE = PROJECT / "releases" / "sample_content" / "legacy"
LIMITS = {"seconds": 600, "megabytes": 500}


def recreate_database():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--verbosity=0")
    manage("shell", "-c", "from releases.management.commands.load_sample_content import load_site; load_site()")


def write_files(folder, count):
    """`count` old-site files: the sample's, again and again under new old ids and numbered titles."""
    groups = {}
    for path in sorted(SAMPLE.glob("*.txt")):
        old_id, language = path.name.split(".")[:2]
        groups.setdefault(old_id, []).append((language, path.read_text(encoding="utf-8")))
    written, copy = 0, 0
    while written < count:
        for number, files in enumerate(groups.values()):
            new_id = 100_000 + copy * 1_000 + number
            for language, text in files:
                if written == count:
                    return
                (folder / f"{new_id}.{language}.txt").write_text(numbered_title(text, new_id), encoding="utf-8")
                written += 1
        copy += 1


def numbered_title(text, number):
    """The text with its title numbered, so the copies' addresses differ as real releases' do."""
    lines = text.split("\n")
    date_line = next(index for index, line in enumerate(lines) if re.fullmatch(r"\d\d\.\d\d\.\d{4}( \d+)?", line))
    title_line = max(index for index in range(date_line) if lines[index].strip())
    lines[title_line] = f"{lines[title_line]} ({number})"
    return "\n".join(lines)


def database_cpu_seconds_while(process):
    """The CPU time of the PostgreSQL backends serving `process`'s database, read from /proc
    every half second until it ends: with the importer's own, what the import costs whatever
    else the machine is doing (PostgreSQL must run on this machine)."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    last_seen = {}
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        while process.poll() is None:
            backends = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE]
            ).fetchall()
            for (pid,) in backends:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except FileNotFoundError:
                    continue
                last_seen[pid] = (int(fields[11]) + int(fields[12])) / ticks_per_second  # utime, stime
            time.sleep(0.5)
    return sum(last_seen.values())


def counts():
    with psycopg.connect(f"{SERVER}/{DATABASE}") as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM releases_{table}").fetchone()[0]
            for table in ("release", "quote", "participant")
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    options = parser.parse_args()
    recreate_database()
    with tempfile.TemporaryDirectory() as folder:
        write_files(Path(folder), options.files)
        print(f"Importing {options.files} files...", flush=True)
        started = time.monotonic()
        # The report goes to files: a pipe nobody reads while the import runs would fill and stop it.
        with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
            process = subprocess.Popen(
                ["/usr/bin/time", "-f", "%U %S %M", PYTHON, "manage.py", "import_legacy", folder, "--publish",
                 "--quiet-report"],
                cwd=PROJECT, env=bench_environment(0), stdout=stdout, stderr=stderr, text=True,
            )
            database_seconds = database_cpu_seconds_while(process)
            seconds = time.monotonic() - started
            stdout.seek(0)
            stderr.seek(0)
            run = subprocess.CompletedProcess(process.args, process.wait(), stdout.read(), stderr.read())
    if run.returncode:
        sys.exit(f"The import failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    user, system, kilobytes = run.stderr.strip().splitlines()[-1].split()
    cpu_seconds, megabytes = float(user) + float(system), int(kilobytes) / 1024
    summary = run.stdout.strip().splitlines()[-1]
    saved = counts()
    print(f"{options.files} files: {seconds:.0f} s ({cpu_seconds:.0f} s of the importer's CPU time and "
          f"{database_seconds:.0f} s of PostgreSQL's for it), peak memory {megabytes:.0f} MB")
    print(f"saved: {saved['release']} releases, {saved['quote']} quotes, {saved['participant']} participants")
    print(f"importer: {summary}")
    passed = seconds < LIMITS["seconds"] and megabytes < LIMITS["megabytes"]
    print("PASS" if passed else f"FAIL: limits are {LIMITS['seconds']} s and {LIMITS['megabytes']} MB")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
