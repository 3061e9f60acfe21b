"""Lighthouse (mobile) scores of the home page and a release page in each language.

    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse .venv/bin/python benchmarks/lighthouse.py [--port 8971]
        [--runs N] [--reports DIR]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379, Chromium
(CHROME_PATH, /usr/bin/chromium by default) and Lighthouse (`npm install --prefix /tmp/lh lighthouse`;
LIGHTHOUSE names its executable). The database `senate_lighthouse` (or BENCH_DATABASE) gets the
sample content; gunicorn serves it with production-like settings (senate_press.settings.bench,
page cache on) behind nginx with docs/deployment.md's compression of pages (Debian's `nginx-light`;
NGINX names its executable; --no-proxy measures gunicorn alone). The page cache's Redis database
(--redis-url, this script's own) is emptied first, so that no page an earlier run cached, naming
that run's stylesheets and scripts, is measured.

Prints performance, accessibility, best practices and SEO for each page, 0-100, then the pass/fail
audits that failed and the performance metrics that lost points, then the load average as the run
began and the metrics themselves (TBT, LCP, CLS, FCP, SI). Total Blocking Time varies with what else
the machine runs, so --runs measures each page N times; --reports keeps each run's Lighthouse report
(JSON: long tasks, start-up time by script, main-thread work) in DIR.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

os.environ.setdefault("BENCH_DATABASE", "senate_lighthouse")

# load.py reads BENCH_DATABASE when it is imported.
from load import Gunicorn, fetch, manage, prepare_database

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class Nginx:
    """A reverse proxy that compresses pages, as docs/deployment.md has it, started and stopped by this script."""

    CONFIG = """
daemon off; pid {directory}/nginx.pid; error_log stderr error;
events {{}}
http {{
    access_log off;
    client_body_temp_path {directory}; proxy_temp_path {directory};
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            gzip on; gzip_types application/rss+xml application/atom+xml application/xml;
        }}
    }}
}}
"""

    def __init__(self, executable, port, upstream):
        self.directory = tempfile.TemporaryDirectory()
        config = Path(self.directory.name) / "nginx.conf"
        config.write_text(self.CONFIG.format(directory=self.directory.name, port=port, upstream=upstream))
        self.process = subprocess.Popen([executable, "-c", str(config), "-e", "stderr"])
        self.url = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                fetch(f"{self.url}/ceiling/")
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=60)
        self.directory.cleanup()


def pages(base):
    """The home page and its first release, in each language."""
    found = {}
    for language in ("kk", "ru", "en"):
        _status, home = fetch(f"{base}/{language}/")
        release = re.search(rf'href="(/{language}/releases/[^"]+/)"', home.decode()).group(1)
        found[f"home ({language})"] = f"/{language}/"
        found[f"release ({language})"] = release
    return found


METRICS = (("total-blocking-time", "TBT"), ("largest-contentful-paint", "LCP"), ("cumulative-layout-shift", "CLS"),
           ("first-contentful-paint", "FCP"), ("speed-index", "SI"))


def scores(url, lighthouse, report_path=None):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [lighthouse, url, "--output=json", f"--output-path={report.name}", "--quiet",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, env={"CHROME_PATH": "/usr/bin/chromium", **os.environ},
        )
        if report_path:
            shutil.copyfile(report.name, report_path)
        result = json.load(report)
    audits = result["audits"]
    failing = [audit["id"] for audit in audits.values()
               if audit.get("score") is not None and audit["score"] < 1 and audit["scoreDisplayMode"] == "binary"]
    failing += [f"{reference['id']} {audits[reference['id']]['displayValue']}"
                for reference in result["categories"]["performance"]["auditRefs"]
                if reference["weight"] and audits[reference["id"]]["score"] < 1]
    metrics = " ".join(f"{label} {audits[audit]['displayValue']}" for audit, label in METRICS)
    return {category: round(result["categories"][category]["score"] * 100) for category in CATEGORIES}, failing, metrics


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8971)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--no-proxy", action="store_true", help="measure gunicorn without nginx in front")
    parser.add_argument("--runs", type=int, default=1, help="measure each page this many times")
    parser.add_argument("--reports", type=Path, help="keep each run's Lighthouse report (JSON) in this directory")
    arguments = parser.parse_args()
    lighthouse = os.environ.get("LIGHTHOUSE", "lighthouse")
    nginx = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    prepare_database(0)
    manage("load_sample_content")
    redis.Redis.from_url(arguments.redis_url).flushdb()
    server = Gunicorn(arguments.port, page_cache_seconds=600, redis_url=arguments.redis_url)
    proxy = None if arguments.no_proxy else Nginx(nginx, arguments.port + 1, upstream=server.url)
    base = server.url if proxy is None else proxy.url
    try:
        print(f"{'page':<16}" + "".join(f"{category:>16}" for category in CATEGORIES) + "  failing audits, metrics short of full marks")
        if arguments.reports:
            arguments.reports.mkdir(parents=True, exist_ok=True)
        for name, path in pages(base).items():
            for run in range(1, arguments.runs + 1):
                slug = re.sub(r"\W+", "-", name).strip("-")
                report = arguments.reports and arguments.reports / f"{slug}-{run}.json"
                load = os.getloadavg()[0]
                try:
                    figures, failing, metrics = scores(base + path, lighthouse, report)
                except subprocess.CalledProcessError:
                    # Lighthouse gives up now and then on a busy machine (NO_NAVSTART): the other runs still count.
                    print(f"{name:<16}  load {load:.2f}; Lighthouse failed (its message above)", flush=True)
                    continue
                print(f"{name:<16}" + "".join(f"{figures[category]:>16}" for category in CATEGORIES)
                      + "  " + (", ".join(failing) or "-"), flush=True)
                print(f"{'':<16}  load {load:.2f}; {metrics}", flush=True)
    finally:
        if proxy is not None:
            proxy.stop()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
