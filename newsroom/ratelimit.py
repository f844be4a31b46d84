"""Fixed-window rate limits and the counters behind lockouts, in their own store.

The store is the cache alias settings.RATE_LIMIT_CACHE ("ratelimit"): a database table by
default (`newsroom.cache_backends.LimitsDatabaseCache`, created by a migration), Redis in
production (`LimitsRedisCache`, an instance with `maxmemory-policy noeviction` or one of its
own). Never the default cache: readers fill that one (every page number, every thread), and an
LRU cache would evict lockouts for them; a per-process cache would also multiply every limit
by the number of workers. `manage.py check` warns about such a configuration (newsroom.checks).

Views call `check_rate_for(scope, key)` (limit from settings.RATE_LIMITS) or
`check_rate(scope, key, limit=..., window=...)`; a `RateLimited` exception becomes a friendly
429 page with Retry-After through `newsroom.middleware.RateLimitMiddleware`.

Configuration, strongest first:
1. NEWSROOM_RATE_LIMITS="comment-post-user=10/60,signup=5/3600" (settings.RATE_LIMIT_OVERRIDES)
   wins over everything, including limits a caller passes;
2. the `limit`/`window` a caller passes (e.g. from a moderator-editable setting);
3. the defaults in settings.RATE_LIMITS.
NEWSROOM_RATE_LIMIT_MULTIPLIER multiplies every limit (raise it for load tests; 0 turns
rate limiting off).

A fixed window lets a client spend up to twice the limit around a window boundary; that is
acceptable for abuse control and costs one atomic round trip (`hit`) per check.

Call check_rate outside transaction.atomic blocks that may roll back: with the database store
a rolled-back transaction takes its counts with it.
"""

import functools
import hashlib
import hmac
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*([smhd]?)\s*$")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int):
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


def limits_store():
    """The cache alias that holds rate-limit and lockout counters."""
    return caches[getattr(settings, "RATE_LIMIT_CACHE", "ratelimit")]


def digest(key: str) -> str:
    """Keys are hashed: the store never holds a handle, address or IP address in the clear."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def counter_hit(key: str, *, timeout: int, delta: int = 1) -> int:
    """Add `delta` atomically and return the new count; the first hit sets the expiry."""
    store = limits_store()
    hit = getattr(store, "hit", None)
    if hit is not None:  # our database and Redis backends: one atomic operation
        return hit(key, timeout, delta=delta)
    # Other backends (memcached: atomic; local memory: per process, `check` warns about it).
    if store.add(key, delta, timeout=timeout):
        return delta
    try:
        return store.incr(key, delta)
    except ValueError:  # expired between add and incr
        store.add(key, delta, timeout=timeout)
        return delta


def client_ip(request) -> str:
    """The reader's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    Behind a load balancer every request comes from the balancer, so per-address limits would
    throttle all readers at once. settings.TRUSTED_PROXY_COUNT (env NEWSROOM_TRUSTED_PROXY_COUNT)
    says how many proxies of ours append to X-Forwarded-For; the entry they appended is the
    client. Entries further left are whatever the client sent and are never trusted.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0 and "HTTP_X_FORWARDED_FOR" in request.META:
        _warn_untrusted_proxy()
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@functools.cache
def _warn_untrusted_proxy() -> None:
    """Say once per process that a proxy seems to be in front while none is trusted."""
    if not settings.DEBUG:
        logger.warning(
            "Requests carry X-Forwarded-For but NEWSROOM_TRUSTED_PROXY_COUNT is 0: behind a "
            "proxy every reader shares its address, and per-address limits throttle everyone."
        )


def ip_hash(request) -> str:
    """A keyed hash of the client's address: lets us limit and trace abuse without storing it."""
    key = settings.IP_HASH_KEY.encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()


def parse_rate(rate: str) -> tuple[int, int]:
    """Parse "10/60" (10 hits per 60 seconds); "10/1m", "10/2h", "10/1d" work too."""
    match = RATE_PATTERN.match(str(rate))
    if not match:
        raise ImproperlyConfigured(f"Rate limit {rate!r} is not of the form 'hits/seconds'.")
    limit, amount, unit = int(match[1]), int(match[2]), match[3]
    window = amount * UNIT_SECONDS[unit]
    if window <= 0:
        raise ImproperlyConfigured(f"Rate limit {rate!r} needs a window of at least 1 second.")
    return limit, window


def parse_rates(spec: str) -> dict[str, str]:
    """Parse NEWSROOM_RATE_LIMITS: "scope=hits/seconds,scope=hits/seconds"."""
    rates = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        scope, sep, rate = item.partition("=")
        if not sep or not scope.strip():
            raise ImproperlyConfigured(f"NEWSROOM_RATE_LIMITS entry {item!r} is not scope=N/s.")
        parse_rate(rate)
        rates[scope.strip()] = rate.strip()
    return rates


def configured_rate(
    scope: str, limit: int | None = None, window: int | None = None
) -> tuple[int, int]:
    """Return (limit, window) for `scope`, following the precedence in the module docstring."""
    override = getattr(settings, "RATE_LIMIT_OVERRIDES", {}).get(scope)
    if override:
        return parse_rate(override)
    if limit is not None and window is not None:
        return int(limit), int(window)
    default = getattr(settings, "RATE_LIMITS", {}).get(scope)
    if default:
        return parse_rate(default)
    raise ImproperlyConfigured(
        f"No rate limit configured for scope {scope!r}: add it to RATE_LIMITS."
    )


def check_rate(
    scope: str, key: str, *, limit: int | None = None, window: int | None = None
) -> None:
    """Count one hit for (scope, key); raise RateLimited once `limit` hits fall in `window` s."""
    multiplier = getattr(settings, "RATE_LIMIT_MULTIPLIER", 1)
    if multiplier <= 0:  # 0 switches limits off, for load tests only
        return
    limit, window = configured_rate(scope, limit, window)
    bucket = int(time.time() // window)
    count = counter_hit(f"rl:{scope}:{digest(key)}:{bucket}", timeout=window + 5)
    if count > limit * multiplier:
        raise RateLimited(scope, retry_after=max(1, window - int(time.time()) % window))


def check_rate_for(scope: str, key: str) -> None:
    """Like check_rate, with the limit from settings (RATE_LIMITS / NEWSROOM_RATE_LIMITS)."""
    check_rate(scope, key)
