"""Fault test: restart PostgreSQL under load; the site must answer 503 only while it is down, then recover.

    .venv/bin/python benchmarks/fault.py [--port 8107]

Runs as root on the machine of the 127.0.0.1:5432 server (it calls
`pg_ctlcluster 15 main restart`), against the database benchmarks/load.py made.
Gunicorn serves release pages without the page cache while wrk keeps 32
connections busy; a probe asks for the page every 50 ms and the timeline of its
answers is printed. Passing: only 200 and 503 answers, 503 only around the
restart, 200 again afterwards without restarting gunicorn.
"""

import argparse
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from load import Gunicorn, pages, prepare_database

DURATION = 20
RESTART_AT = 5


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
        timeline.append((started, answer))
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8107)
    options = parser.parse_args()

    prepare_database(0)
    server = Gunicorn(options.port, page_cache_seconds=0)
    try:
        url = server.url + pages(server.url)["release"]
        start = time.monotonic()
        load = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{DURATION}s", url], stdout=subprocess.PIPE, text=True)
        timeline = []
        prober = threading.Thread(target=probe, args=(url, start + DURATION, timeline))
        prober.start()
        time.sleep(RESTART_AT)
        down = time.monotonic()
        subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
        up = time.monotonic()
        prober.join()
        print(load.communicate()[0])
    finally:
        server.stop()

    print(f"PostgreSQL restart from {down - start:.2f} s to {up - start:.2f} s")
    runs = []  # (answer, first second, last second, count)
    for moment, answer in timeline:
        if runs and runs[-1][0] == answer:
            runs[-1][2:] = [moment - start, runs[-1][3] + 1]
        else:
            runs.append([answer, moment - start, moment - start, 1])
    for answer, first, last, count in runs:
        print(f"  {answer}: {count} answers from {first:.2f} s to {last:.2f} s")
    unexpected = [answer for _moment, answer in timeline if answer not in (200, 503)]
    recovered = timeline[-1][1] == 200
    passed = not unexpected and recovered
    print("PASS" if passed else f"FAIL: unexpected answers {set(unexpected)}, recovered: {recovered}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
