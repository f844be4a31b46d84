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
  fall back to the database store, so limits keep working; see README "Production").
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("newsroom.resilience")

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError

CACHE_ERRORS = (RedisError, OSError)

# Shared by the per-thread backend instances of one process, keyed by LOCATION.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


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

    def _recovered(self) -> None:
        with _lock:
            if _down_until.pop(self._location, None) is not None:
                logger.warning("cache available again (%s)", self._location.split("@")[-1])

    def _call(self, operation: str, default, *args, **kwargs):
        if not self.is_skipped():
            try:
                result = getattr(super(), operation)(*args, **kwargs)
            except CACHE_ERRORS as error:
                self._failed(operation, error)
            else:
                if self._location in _down_until:
                    self._recovered()
                return result
        if self.fallback_alias:
            return getattr(caches[self.fallback_alias], operation)(*args, **kwargs)
        if default is _MissingKey:
            raise ValueError("Key not found (the cache is unavailable)")
        return default

    # --- Django's cache API -------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

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
    """Forget every recorded outage (tests)."""
    with _lock:
        _down_until.clear()
