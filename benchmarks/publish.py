"""Publishing under load: nothing a publisher saves is lost, and readers see it at once.

    .venv/bin/python benchmarks/publish.py [--releases 10] [--port 8108]

Against the database benchmarks/load.py made, gunicorn serves with production
settings and the page cache in Redis, while wrk keeps 64 connections reading the
cached front page. A publisher (a member of the Publishers group) logs in to the
admin over HTTP and publishes releases through the add form, one a second. After
each save an anonymous reader opens the front page and the new release's page.
Passing: every save accepted, every release on the front page at once and on the
database afterwards, and wrk saw no errors. The releases are deleted at the end.
"""

import argparse
import http.cookiejar
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from html import unescape

import psycopg
from load import DATABASE, SERVER, Gunicorn, manage, prepare_database, wrk_command, wrk_figures

TITLE_PREFIX = "Load test release"
USERNAME = "benchmark-publisher"
READ_SECONDS = 30


def make_publisher(password):
    manage("shell", "-c", (
        "from django.contrib.auth.models import Group, User\n"
        f"user, _ = User.objects.get_or_create(username={USERNAME!r}, defaults={{'is_staff': True}})\n"
        f"user.set_password({password!r}); user.save()\n"
        "user.groups.add(Group.objects.get(name='Publishers'))\n"
    ))


def delete_test_releases():
    manage("shell", "-c", (
        "from releases.models import Release\n"
        f"Release.objects.filter(title_en__startswith={TITLE_PREFIX!r}).delete()\n"
    ))


def input_value(html, name):
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group()
    return unescape(re.search(r'value="([^"]*)"', tag).group(1))


class Publisher:
    """A press-service member in the admin, with their own session cookie."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def log_in(self, password):
        page = self.get("/admin/login/")
        data = {"username": USERNAME, "password": password, "next": "/admin/",
                "csrfmiddlewaretoken": input_value(page, "csrfmiddlewaretoken")}
        landed, _html = self.post("/admin/login/?next=/admin/", data)
        if "/login/" in landed:
            raise RuntimeError("the publisher could not log in")

    def publish(self, title):
        """Save a published release through the add form; the form's errors if it refused."""
        form = self.get("/admin/releases/release/add/")
        section = re.search(r'<select name="section"[^>]*>.*?<option value="(\d+)"', form, re.S).group(1)
        data = {
            "csrfmiddlewaretoken": input_value(form, "csrfmiddlewaretoken"),
            "section": section, "status": "published", "version": "0",
            "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "0", "quotes-INITIAL_FORMS": "0",
        }
        for name in ("published_at_0", "published_at_1", "initial-published_at_0", "initial-published_at_1"):
            data[name] = input_value(form, name)
        for code in ("kk", "ru", "en"):
            data[f"title_{code}"] = f"{title} {code}"
            data[f"lead_{code}"] = f"Lead of {title} ({code})"
            data[f"body_{code}"] = f"<p>Body of {title} ({code}).</p>"
        landed, html = self.post("/admin/releases/release/add/", data)
        if landed.endswith("/add/"):
            return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S) or ["refused"]
        return []


def read_as_anonymous(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def publish_while_read(base, count, password, results):
    publisher = Publisher(base)
    publisher.log_in(password)
    time.sleep(2)  # let the readers' load settle first
    for number in range(1, count + 1):
        title = f"{TITLE_PREFIX} {number} {secrets.token_hex(3)}"
        started = time.monotonic()
        errors = publisher.publish(title)
        saved = time.monotonic()
        front_page = read_as_anonymous(f"{base}/en/")
        link = re.search(rf'<a href="([^"]+)">{re.escape(title)} en</a>', front_page)
        page_ok = bool(link) and f"{title} en" in read_as_anonymous(base + link.group(1))
        results.append({"title": title, "errors": errors, "save_ms": (saved - started) * 1000,
                        "on_front_page": bool(link), "page_ok": page_ok})
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=10)
    parser.add_argument("--port", type=int, default=8108)
    options = parser.parse_args()

    prepare_database(0)
    password = secrets.token_urlsafe(16)
    make_publisher(password)
    server = Gunicorn(options.port, page_cache_seconds=600)
    results = []
    try:
        read_as_anonymous(f"{server.url}/en/")  # in the cache before the readers come
        readers = subprocess.Popen(wrk_command(f"{server.url}/en/", READ_SECONDS, 64), stdout=subprocess.PIPE, text=True)
        publishing = threading.Thread(
            target=publish_while_read, args=(server.url, options.releases, password, results)
        )
        publishing.start()
        publishing.join()
        wrk_output = readers.communicate()[0]
    finally:
        server.stop()
    with psycopg.connect(f"{SERVER}/{DATABASE}") as connection:
        stored = connection.execute(
            "SELECT title_en FROM releases_release WHERE status = 'published' AND title_en LIKE %s",
            [f"{TITLE_PREFIX} %"],
        ).fetchall()
    delete_test_releases()

    print(wrk_output)
    for result in results:
        print(f"  {result['title']}: saved in {result['save_ms']:.0f} ms, "
              f"on the front page at once: {'yes' if result['on_front_page'] else 'NO'}, "
              f"its page: {'yes' if result['page_ok'] else 'NO'}"
              + (f", form errors: {result['errors']}" if result["errors"] else ""))
    stored_titles = {title for (title,) in stored}
    lost = [result["title"] for result in results if f"{result['title']} en" not in stored_titles]
    readers_per_second, _p50, _p99, readers_errors = wrk_figures(wrk_output)
    failures = [result["title"] for result in results
                if result["errors"] or not result["on_front_page"] or not result["page_ok"]]
    print(f"{len(results)} published, {len(stored_titles)} stored, lost: {lost or 'none'}; "
          f"readers: {readers_per_second:.0f} req/s, {readers_errors} errors")
    passed = len(results) == options.releases and not failures and not lost and not readers_errors
    print("PASS" if passed else f"FAIL: {failures or lost or 'readers saw errors'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
