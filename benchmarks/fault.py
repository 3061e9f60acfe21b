"""Fault test: take PostgreSQL, then Redis, away under load; readers must keep getting answers.

    .venv/bin/python benchmarks/fault.py [--port 8107] [--fault postgresql] [--fault redis]

Runs as root on the machine of the 127.0.0.1:5432 server, against the database
benchmarks/load.py made (BENCH_DATABASE, default senate_bench). Gunicorn serves a
release page while wrk keeps 32 connections busy; a probe asks for the page every
50 ms, and the timeline of its answers is printed.

postgresql: `pg_ctlcluster 15 main restart` at 5 s, the page cache off. Passing:
only 200 and 503 answers, 503 only around the restart, 200 again afterwards
without restarting gunicorn.

redis: the page cache on, in a redis-server this script starts on --redis-port
(keeping nothing on disk). At 4 s Redis hangs for 2 s (DEBUG SLEEP), at 9 s it
stops, at 14 s it starts again, empty. Passing: only 200 answers, the page is
kept in Redis again once it is back, and gunicorn's log says the cache cannot be
reached at most once a minute per worker, with no traceback.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from load import Gunicorn, pages, prepare_database

DURATION = 20
POSTGRESQL_RESTART_AT = 5
REDIS_HANGS_AT, REDIS_HANGS_FOR, REDIS_STOPS_AT, REDIS_STARTS_AT = 4, 2, 9, 14


def probe(url, until, timeline):
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                answer = response.status
        except urllib.error.HTTPError as error:
            answer = error.code
            if answer == 503:
                assert error.headers["Retry-After"] and b"Temporarily unavailable" in error.read()
        except OSError as error:
            answer = type(error).__name__
        timeline.append((started, answer, time.monotonic() - started))
        time.sleep(0.05)


def under_load(url, events):
    """Run wrk and the probe for DURATION seconds, calling each (second, name, action) of `events`
    at its second; the probe's timeline and when each event happened, from the start."""
    start = time.monotonic()
    load = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{DURATION}s", url], stdout=subprocess.PIPE, text=True)
    timeline = []
    prober = threading.Thread(target=probe, args=(url, start + DURATION, timeline))
    prober.start()
    happened = []
    for second, name, action in events:
        time.sleep(max(0, start + second - time.monotonic()))
        began = time.monotonic() - start
        action()
        happened.append((name, began, time.monotonic() - start))
    prober.join()
    print(load.communicate()[0])
    for name, began, ended in happened:
        print(f"{name}: from {began:.2f} s to {ended:.2f} s")
    return [(moment - start, answer, seconds) for moment, answer, seconds in timeline]


def report(timeline, expected, phases):
    """Print the runs of equal answers and each phase's probe latency; whether only `expected` answers came
    and the last was 200."""
    runs = []  # [answer, first second, last second, count]
    for moment, answer, _seconds in timeline:
        if runs and runs[-1][0] == answer:
            runs[-1][2:] = [moment, runs[-1][3] + 1]
        else:
            runs.append([answer, moment, moment, 1])
    for answer, first, last, count in runs:
        print(f"  {answer}: {count} answers from {first:.2f} s to {last:.2f} s")
    for name, first, last in phases:
        seconds = [seconds * 1000 for moment, _answer, seconds in timeline if first <= moment < last]
        if seconds:
            print(f"  {name} ({first}-{last} s): {len(seconds)} probes, "
                  f"median {statistics.median(seconds):.0f} ms, slowest {max(seconds):.0f} ms")
    unexpected = {answer for _moment, answer, _seconds in timeline if answer not in expected}
    recovered = timeline[-1][1] == 200
    if unexpected or not recovered:
        print(f"FAIL: unexpected answers {unexpected}, recovered: {recovered}")
        return False
    return True


def postgresql_restart(port):
    server = Gunicorn(port, page_cache_seconds=0)
    try:
        url = server.url + pages(server.url)["release"]
        timeline = under_load(url, [(POSTGRESQL_RESTART_AT, "PostgreSQL restart", lambda: subprocess.run(
            ["pg_ctlcluster", "15", "main", "restart"], check=True))])
    finally:
        server.stop()
    return report(timeline, expected={200, 503}, phases=[])


class RedisServer:
    """A redis-server of this script's own, which it stops and starts again on the same port."""

    def __init__(self, port):
        self.port = port
        self.process = None

    def cli(self, *command):
        return subprocess.run(["redis-cli", "-p", str(self.port), *command], capture_output=True, text=True).stdout

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--enable-debug-command", "local"],
            stdout=subprocess.DEVNULL,
        )
        while self.cli("ping") != "PONG\n":
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {self.port}")

    def hang(self):
        subprocess.Popen(["redis-cli", "-p", str(self.port), "debug", "sleep", str(REDIS_HANGS_FOR)],
                         stdout=subprocess.DEVNULL)

    def stop(self):
        self.process.terminate()
        self.process.wait()


def redis_outage(port, redis_port):
    redis = RedisServer(redis_port)
    redis.start()
    log = tempfile.TemporaryFile(mode="w+")
    server = Gunicorn(port, page_cache_seconds=600, redis_url=f"redis://127.0.0.1:{redis_port}/0", log=log)
    try:
        url = server.url + pages(server.url)["release"]
        urllib.request.urlopen(url, timeout=30).close()  # kept in the cache before the faults
        timeline = under_load(url, [
            (REDIS_HANGS_AT, f"Redis hangs for {REDIS_HANGS_FOR} s", redis.hang),
            (REDIS_STOPS_AT, "Redis stops", redis.stop),
            (REDIS_STARTS_AT, "Redis starts again, empty", redis.start),
        ])
        kept_again = int(redis.cli("dbsize"))
        workers = len(server.worker_rss_mb())  # one figure per worker
    finally:
        server.stop()
        redis.stop()
    log.seek(0)
    lines = log.read().splitlines()
    unavailable = [line for line in lines if "The cache is unavailable" in line]
    tracebacks = [line for line in lines if line.startswith("Traceback")]
    print(f"Keys in Redis at the end: {kept_again}")
    print(f"Gunicorn's log: {len(unavailable)} 'unavailable', "
          f"{sum('answers again' in line for line in lines)} 'answers again', {len(tracebacks)} tracebacks")
    for line in unavailable[:2]:
        print(f"  {line}")
    passed = report(timeline, expected={200}, phases=[
        ("Redis up", 0, REDIS_HANGS_AT),
        ("Redis hanging", REDIS_HANGS_AT, REDIS_HANGS_AT + REDIS_HANGS_FOR),
        ("Redis up again", REDIS_HANGS_AT + REDIS_HANGS_FOR, REDIS_STOPS_AT),
        ("Redis down", REDIS_STOPS_AT, REDIS_STARTS_AT),
        ("Redis back", REDIS_STARTS_AT, DURATION),
    ])
    if not kept_again or tracebacks or len(unavailable) > 2 * workers:
        print(f"FAIL: keys kept again {kept_again}, tracebacks {len(tracebacks)}, "
              f"'unavailable' {len(unavailable)} times for {workers} workers")
        return False
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--fault", action="append", choices=["postgresql", "redis"],
                        help="which fault to cause (repeatable); both by default")
    options = parser.parse_args()

    prepare_database(0)
    results = {}
    for fault in options.fault or ["postgresql", "redis"]:
        print(f"== {fault}")
        if fault == "postgresql":
            results[fault] = postgresql_restart(options.port)
        else:
            results[fault] = redis_outage(options.port, options.redis_port)
    for fault, passed in results.items():
        print(f"{fault}: {'PASS' if passed else 'FAIL'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
