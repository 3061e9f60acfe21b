"""Django's Redis cache, for a Redis that may go away: a miss instead of an error.

Everything the site keeps in Redis can be made again (pages, shared pieces of
pages, the view counter's "seen today"), so when Redis refuses a connection,
does not answer within the socket timeouts in CACHES' OPTIONS, or refuses a
command (full under `noeviction`, a read-only replica, still loading), each call
answers as if the key were missing and the site works uncached. After a
failure the cache is not tried again for RETRY_AFTER_SECONDS, so a Redis that
hangs costs one timeout per process per interval, not one per call. The log
says so once a minute while it lasts, and once when Redis answers again.

A Redis that only hung or was out of reach comes back with what it held, some
of which may have been changed meanwhile (a release saved retires the page
cache's tags). Keys the process failed to change or delete are deleted
first when Redis answers again, so nothing stale comes back.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 60


class FailSoftRedisCacheClient(RedisCacheClient):
    clock = staticmethod(time.monotonic)

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.down_since = None
        self.retry_at = None
        self.logged_at = None
        self.unsure_keys = set()
        self.clients = {}

    def get_client(self, key=None, *, write=False):
        # Django makes a new redis.Redis for every call, and each builds its own table of reply
        # parsers; one for each connection pool serves every call as well.
        pool = self._get_connection_pool(write)
        if pool not in self.clients:
            self.clients[pool] = self._client(connection_pool=pool)
        return self.clients[pool]

    def fail_soft(self, call, *args, miss=None, changing=()):
        """`call(*args)`, or `miss` while Redis is unavailable; `changing` are the keys the call
        changes, deleted when Redis answers again if it fails."""
        now = self.clock()
        if self.retry_at is not None and now < self.retry_at:
            self.unsure_keys.update(changing)
            return miss
        try:
            if self.unsure_keys:
                super().delete_many(list(self.unsure_keys))
                self.unsure_keys.clear()
            result = call(*args)
        except RedisError as error:
            self.unsure_keys.update(changing)
            self.failed(now, error)
            return miss
        if self.down_since is not None:
            logger.warning("The cache answers again after %.0f s.", now - self.down_since)
            self.down_since = self.retry_at = self.logged_at = None
        return result

    def failed(self, now, error):
        if self.down_since is None:
            self.down_since = now
        self.retry_at = now + RETRY_AFTER_SECONDS
        if self.logged_at is None or now - self.logged_at >= LOG_EVERY_SECONDS:
            self.logged_at = now
            logger.error(
                "The cache is unavailable (%s: %s); pages are served uncached, next try in %d s.",
                type(error).__name__, error, RETRY_AFTER_SECONDS,
            )

    def add(self, key, value, timeout):
        return self.fail_soft(super().add, key, value, timeout, miss=False)

    def get(self, key, default):
        return self.fail_soft(super().get, key, default, miss=default)

    def set(self, key, value, timeout):
        self.fail_soft(super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self.fail_soft(super().touch, key, timeout, miss=False)

    def delete(self, key):
        return self.fail_soft(super().delete, key, miss=False, changing=[key])

    def get_many(self, keys):
        return self.fail_soft(super().get_many, keys, miss={})

    def has_key(self, key):
        return self.fail_soft(super().has_key, key, miss=False)

    def incr(self, key, delta):
        result = self.fail_soft(super().incr, key, delta, changing=[key])
        if result is None:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.")
        return result

    def set_many(self, data, timeout):
        self.fail_soft(super().set_many, data, timeout, changing=list(data))

    def delete_many(self, keys):
        self.fail_soft(super().delete_many, keys, changing=keys)

    def clear(self):
        return self.fail_soft(super().clear, miss=False)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
