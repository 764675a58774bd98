"""Django's Redis cache, made an accelerator rather than a dependency.

When Redis can't be reached, every operation answers as an empty cache that forgets what it is
given: reads miss, `add` reports the value stored (so locks and rate limits built on it let the
request through: they fail open), `incr` finds no key. After a failure the process stops
asking Redis for `retry_after` seconds (30 by default, an `OPTIONS` entry), so an outage costs
one timeout per process and period, not one per cache call, and it logs one warning per outage.

Keys that were written or deleted while Redis was unreachable are deleted from it when it
answers again (all keys, by a flush, past a few thousand), so nothing stale outlives the
outage: a session signed out meanwhile stays signed out.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OSError)
DEFAULT_RETRY_AFTER = 30
MAX_UNSYNCED_KEYS = 5000


class _Outage:
    """Per process and Redis location: when to try again, and keys to drop on recovery."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.unsynced: set[str] = set()
        self.flush = False

    def is_down(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self, *, location: str, retry_after: float, error: Exception) -> None:
        with self.lock:
            first = self.down_until == 0.0
            self.down_until = time.monotonic() + retry_after
        if first:
            logger.warning(
                "Cache %s unreachable (%s): serving without it, retrying every %s s; rate "
                "limits let requests through meanwhile.",
                location,
                error,
                retry_after,
            )

    def remember(self, keys) -> None:
        with self.lock:
            self.unsynced.update(keys)
            if len(self.unsynced) > MAX_UNSYNCED_KEYS:
                self.unsynced.clear()
                self.flush = True


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


def outages_reset() -> None:
    """Forget every recorded outage (for tests)."""
    with _outages_lock:
        _outages.clear()


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, retry_after: float = DEFAULT_RETRY_AFTER, **options):
        super().__init__(servers, **options)
        self._location = ",".join(servers)
        self._retry_after = retry_after
        self._outage = _outage_for(self._location)

    def _call(self, operation, *args, fallback, written=()):
        outage = self._outage
        if outage.is_down():
            outage.remember(written)
            return fallback()
        try:
            if outage.down_until:
                self._recover()
            return getattr(super(), operation)(*args)
        except UNAVAILABLE as error:
            outage.remember(written)
            outage.trip(location=self._location, retry_after=self._retry_after, error=error)
            return fallback()

    def _recover(self) -> None:
        """Redis answers again: drop what changed while it didn't, then trust it."""
        outage = self._outage
        with outage.lock:
            keys, flush = list(outage.unsynced), outage.flush
        client = self.get_client(write=True)
        if flush:
            client.flushdb()
        elif keys:
            client.delete(*keys)
        with outage.lock:
            outage.unsynced.difference_update(keys)
            outage.flush = outage.flush and not flush
            outage.down_until = 0.0
        logger.warning(
            "Cache %s reachable again; %s written during the outage dropped.",
            self._location,
            "every key" if flush else f"{len(keys)} key(s)",
        )

    def add(self, key, value, timeout):
        return self._call("add", key, value, timeout, fallback=lambda: True, written=[key])

    def get(self, key, default):
        return self._call("get", key, default, fallback=lambda: default)

    def set(self, key, value, timeout):
        return self._call("set", key, value, timeout, fallback=lambda: None, written=[key])

    def touch(self, key, timeout):
        return self._call("touch", key, timeout, fallback=lambda: False)

    def delete(self, key):
        return self._call("delete", key, fallback=lambda: False, written=[key])

    def get_many(self, keys):
        return self._call("get_many", keys, fallback=dict)

    def has_key(self, key):
        return self._call("has_key", key, fallback=lambda: False)

    def incr(self, key, delta):
        def missing():
            raise ValueError(f"Key '{key}' not found.")

        return self._call("incr", key, delta, fallback=missing, written=[key])

    def set_many(self, data, timeout):
        return self._call("set_many", data, timeout, fallback=lambda: None, written=list(data))

    def delete_many(self, keys):
        keys = list(keys)
        return self._call("delete_many", keys, fallback=lambda: None, written=keys)

    def clear(self):
        def cleared_later():
            self._outage.flush = True
            return False

        return self._call("clear", fallback=cleared_later)


class ResilientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that degrades to a miss when Redis is
    unreachable. Settings as for RedisCache; `OPTIONS["retry_after"]` in seconds."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
