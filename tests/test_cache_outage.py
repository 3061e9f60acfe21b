"""Redis is only a cache: while it is down or hangs, every page still answers, uncached."""

import logging
import shutil
import signal
import socket
import subprocess

import pytest
from django.test import Client

from senate_press import cache as fail_soft

from .factories import make_release
from .helpers import reader, release_url_in, url_in, views_of

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class RedisServer:
    """A redis-server of this test's own, which it can stop and start again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        while self.cli("ping") != "PONG\n":
            assert self.process.poll() is None, "redis-server did not start"

    def cli(self, *command):
        return subprocess.run(["redis-cli", "-p", str(self.port), *command], capture_output=True, text=True).stdout

    def stop(self):
        self.process.terminate()
        self.process.wait()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache_at(port, timeout=1.0):
    return {"default": {
        "BACKEND": "senate_press.cache.FailSoftRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }}


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(fail_soft.FailSoftRedisCacheClient, "clock", staticmethod(clock))
    return clock


@pytest.fixture
def redis_server(settings, clock):
    server = RedisServer()
    server.start()
    settings.CACHES = {**settings.CACHES, **cache_at(server.port)}
    settings.PAGE_CACHE_SECONDS = 600
    yield server
    server.stop()


def test_every_page_answers_while_redis_is_down_and_is_cached_again_when_it_is_back(
    redis_server, clock, django_assert_num_queries
):
    release = make_release(title="Water hearing")
    page = release_url_in("en", release)
    Client().get(page)
    redis_server.stop()
    for address in (page, url_in("en", "index"), f"{url_in('en', 'search')}?q=water", url_in("en", "feed_rss"),
                    "/api/releases/", "/robots.txt", "/sitemap.xml", "/admin/login/"):
        assert Client().get(address).status_code == 200, address
    assert "Water hearing en" in Client().get(page).content.decode()

    redis_server.start()
    clock.now += fail_soft.RETRY_AFTER_SECONDS
    Client().get(page)
    with django_assert_num_queries(0):
        assert "Water hearing en" in Client().get(page).content.decode()


def test_staff_log_in_and_edit_while_redis_is_down(redis_server, admin_user):
    release = make_release()
    redis_server.stop()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/admin/login/", {"username": "admin", "password": "password", "next": "/admin/"})
    assert response.status_code == 302
    assert client.get(f"/admin/releases/release/{release.pk}/change/").status_code == 200
    release.title_en = "Renamed while Redis was down"
    release.save()  # retires every cached page: a generation it cannot bump
    assert "Renamed while Redis was down" in Client().get(release_url_in("en", release)).content.decode()


def test_the_view_counter_answers_while_redis_is_down_and_counts_again_when_it_is_back(redis_server, clock):
    release = make_release()
    redis_server.stop()
    pixel = reader().get(f"/views/{release.pk}.gif")
    assert pixel.status_code == 200
    assert pixel["Content-Type"] == "image/gif"

    redis_server.start()
    clock.now += fail_soft.RETRY_AFTER_SECONDS
    reader().get(f"/views/{release.pk}.gif")
    assert views_of(release) == 1


def test_the_log_says_why_once_a_minute_and_once_when_redis_is_back(redis_server, clock, caplog):
    make_release()
    page = url_in("en", "index")
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="senate_press.cache"):
        for _reader in range(12):  # one every 10 s for two minutes
            Client().get(page)
            clock.now += 10
        redis_server.start()
        clock.now += fail_soft.RETRY_AFTER_SECONDS
        Client().get(page)
        Client().get(page)
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 3
    assert all("The cache is unavailable" in message for message in messages[:2])
    assert "answers again" in messages[2]


def test_a_redis_that_hangs_costs_one_timeout_then_is_left_alone_for_a_while(settings, clock):
    """A server that accepts connections and never answers: the first call waits out its
    timeout, the next calls within RETRY_AFTER_SECONDS do not try at all."""
    with socket.socket() as hanging:
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(16)
        settings.CACHES = {**settings.CACHES, **cache_at(hanging.getsockname()[1], timeout=0.05)}
        settings.PAGE_CACHE_SECONDS = 600
        release = make_release(title="Water hearing")
        for _reader in range(5):
            assert "Water hearing en" in Client().get(release_url_in("en", release)).content.decode()
        hanging.setblocking(False)
        attempts = 0
        while True:
            try:
                hanging.accept()[0].close()
            except BlockingIOError:
                break
            attempts += 1
    assert attempts == 1


def test_pages_answer_when_a_full_redis_refuses_to_keep_them(redis_server):
    """Redis's default policy, `noeviction`, refuses every write once maxmemory is reached."""
    release = make_release(title="Water hearing")
    redis_server.cli("config", "set", "maxmemory", "1")
    for _reader in range(2):
        assert "Water hearing en" in Client().get(release_url_in("en", release)).content.decode()


def test_a_release_saved_while_redis_hangs_shows_once_it_answers_again(
    redis_server, clock, django_assert_num_queries
):
    """A Redis that only hung comes back with the pages it held: the save's change must still win."""
    release = make_release(title="Water hearing")
    page = release_url_in("en", release)
    Client().get(page)
    with django_assert_num_queries(0):
        Client().get(page)
    redis_server.process.send_signal(signal.SIGSTOP)
    try:
        release.title_en = "Renamed while Redis hung"
        release.save()
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    clock.now += fail_soft.RETRY_AFTER_SECONDS
    assert "Renamed while Redis hung" in Client().get(page).content.decode()
