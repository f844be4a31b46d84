"""A Redis cache that a Redis outage cannot turn into an error page.

Redis only holds caches (and, through a fallback, rate-limit counters), so when it is down
or hanging the site goes on without it:

- short connect and socket timeouts (OPTIONS `socket_connect_timeout`, `socket_timeout`,
  from CACHE_CONNECT_TIMEOUT and CACHE_SOCKET_TIMEOUT) bound the wait for a hung server;
- a connection error or timeout is logged once, and for RETRY_SECONDS every call skips Redis
  without waiting (a small circuit breaker per process), then the next call tries again;
- while Redis is skipped, a cache with no FALLBACK answers like an empty cache (get returns
  the default, add/set store nothing, incr raises ValueError as for a missing key);
  with FALLBACK = "<alias>" the call goes to that cache instead (the rate-limit counters
  fall back to the database store, so limits keep working; see README "Production");
- deletes and sets of keys without expiry (version counters) that failed are replayed when
  Redis answers again, so a Redis that comes back with old data serves nothing stale.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("newsroom.resilience")

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = RedisConnectionError = OSError

CACHE_ERRORS = (RedisError, OSError)

# Shared by the per-thread backend instances of one process, keyed by LOCATION.
_down_until: dict[str, float] = {}
_lock = threading.Lock()
# Invalidations that failed while Redis was gone, replayed once it answers again: deletes,
# and sets of keys without expiry (version counters such as the thread versions). Without
# the replay, a Redis that hung and came back with its data would serve fragments from
# before the writes made during the outage.
_replay: dict[str, dict] = {}
REPLAY_LIMIT = 10_000
_DELETE = object()


class _MissingKey:
    """incr's answer while Redis is skipped: the same ValueError as for a missing key."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.fallback_alias = options.pop("FALLBACK", None)
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        # After a Redis restart every pooled connection is dead: reconnect once at once
        # instead of counting it as an outage (timeouts are not retried: a hang stays short).
        options.setdefault("retry_on_error", [RedisConnectionError])
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    # --- the breaker ------------------------------------------------------------------
    def is_skipped(self) -> bool:
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def _failed(self, operation: str, error: BaseException) -> None:
        with _lock:
            was_up = self._location not in _down_until
            _down_until[self._location] = time.monotonic() + self.retry_seconds
        if was_up:
            logger.warning(
                "cache unavailable (%s in %s: %s); going on without it%s, retrying every %ss",
                type(error).__name__,
                operation,
                error,
                f" (using the {self.fallback_alias!r} cache)" if self.fallback_alias else "",
                self.retry_seconds,
            )

    def _recover(self) -> None:
        """Replay what the outage missed, then declare Redis back (raises if it is not)."""
        with _lock:
            pending = dict(_replay.get(self._location, {}))
        for (key, version), value in pending.items():
            if value is _DELETE:
                super().delete(key, version)
            else:
                super().set(key, value, None, version)
            with _lock:
                _replay.get(self._location, {}).pop((key, version), None)
        with _lock:
            if not _replay.get(self._location):
                _replay.pop(self._location, None)
            was_down = _down_until.pop(self._location, None) is not None
        if was_down:
            logger.warning(
                "cache available again (%s); replayed %d invalidation(s)",
                self._location.split("@")[-1],
                len(pending),
            )

    def _remember_invalidation(self, operation: str, args: tuple) -> None:
        if self.fallback_alias:
            return  # the fallback store has them
        if operation == "delete":
            key, version = args[0], args[1]
            value = _DELETE
        elif operation == "set" and args[2] is None:
            key, value, version = args[0], args[1], args[3]
        elif operation == "set_many" and args[1] is None:
            for key, value in args[0].items():
                self._remember_invalidation("set", (key, value, None, args[2]))
            return
        elif operation == "delete_many":
            for key in args[0]:
                self._remember_invalidation("delete", (key, args[1]))
            return
        else:
            return
        with _lock:
            pending = _replay.setdefault(self._location, {})
            if len(pending) < REPLAY_LIMIT:
                pending[(key, version)] = value

    def _call(self, operation: str, default, *args, **kwargs):
        """Run RedisCache's `operation`, or answer without Redis (see the module docstring)."""
        return self.guarded(operation, getattr(super(), operation), default, *args, **kwargs)

    def guarded(self, operation: str, redis_call, default, *args, **kwargs):
        """Call `redis_call(*args, **kwargs)` under the breaker; subclasses guard their own
        commands with it (e.g. the limits store's atomic `hit`). Without Redis, the FALLBACK
        alias's `operation` answers, or `default`."""
        if not self.is_skipped():
            try:
                if self._location in _down_until:
                    self._recover()  # before our operation, so a newer write wins
                return redis_call(*args, **kwargs)
            except CACHE_ERRORS as error:
                self._failed(operation, error)
        self._remember_invalidation(operation, args)
        if self.fallback_alias:
            return getattr(caches[self.fallback_alias], operation)(*args, **kwargs)
        if default is _MissingKey:
            raise ValueError("Key not found (the cache is unavailable)")
        return default

    # --- Django's cache API -------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def add_checked(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """add() that tells "not added" (False) from "Redis did not answer" (None).

        A render lock must not read an outage as "someone else holds it" (issue 23).
        """
        if self.fallback_alias:
            return self._call("add", None, key, value, timeout, version)
        if self.is_skipped():
            return None
        try:
            if self._location in _down_until:
                self._recover()
            return super().add(key, value, timeout, version)
        except CACHE_ERRORS as error:
            self._failed("add", error)
            return None

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", _MissingKey, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)


def reset_breakers() -> None:
    """Forget every recorded outage and pending replay (tests)."""
    with _lock:
        _down_until.clear()
        _replay.clear()
