"""Fixed-window rate limits in the shared cache (Redis in production).

Views call `check_rate(...)`; a `RateLimited` exception becomes a friendly 429 page
through `newsroom.middleware.RateLimitMiddleware`.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int):
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


def client_ip(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def ip_hash(request) -> str:
    """A keyed hash of the client's address: lets us limit and trace abuse without storing it."""
    key = settings.IP_HASH_KEY.encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()


def check_rate(scope: str, key: str, *, limit: int, window: int) -> None:
    """Count one hit for (scope, key); raise RateLimited once `limit` hits fall in `window` s."""
    multiplier = getattr(settings, "RATE_LIMIT_MULTIPLIER", 1)
    if multiplier <= 0:  # 0 switches limits off, for load tests only
        return
    bucket = int(time.time() // window)
    cache_key = f"rl:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=window + 5)
            count = 1
    if count > limit * multiplier:
        raise RateLimited(scope, retry_after=window - int(time.time()) % window)
