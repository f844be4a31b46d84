"""Failed-login throttling per account and per client address, kept in the shared cache.

Only failures count, so a reader who logs in and out often is never locked out. The
address is keyed by `newsroom.ratelimit.ip_hash`: nothing is stored in the clear and no
database table grows with attacks. A successful login clears the account's counter.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from newsroom.ratelimit import ip_hash


def _limits() -> tuple[int, int, int]:
    multiplier = getattr(settings, "RATE_LIMIT_MULTIPLIER", 1)
    per_account = getattr(settings, "ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT", 5)
    per_ip = getattr(settings, "ACCOUNTS_LOGIN_FAILURES_PER_IP", 20)
    window = getattr(settings, "ACCOUNTS_LOGIN_LOCKOUT_SECONDS", 15 * 60)
    return int(per_account * multiplier), int(per_ip * multiplier), window


def _keys(request, username: str) -> list[tuple[str, int]]:
    per_account, per_ip, _window = _limits()
    account = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    keys = [(f"login-fail:ip:{ip_hash(request)[:32]}", per_ip)]
    if username:
        keys.append((f"login-fail:acct:{account}", per_account))
    return keys


def locked_for(request, username: str) -> int:
    """Seconds until this account or address may try again; 0 when not locked."""
    if getattr(settings, "RATE_LIMIT_MULTIPLIER", 1) <= 0:
        return 0
    now = time.time()
    wait = 0
    for key, limit in _keys(request, username):
        count, until = cache.get(key, (0, 0))
        if count >= limit and until > now:
            wait = max(wait, int(until - now) + 1)
    return wait


def record_failure(request, username: str) -> None:
    window = _limits()[2]
    now = time.time()
    for key, _limit in _keys(request, username):
        count, until = cache.get(key, (0, 0))
        if until <= now:  # the window ran out: start a new one
            count, until = 0, now + window
        # Not atomic across processes; an attacker racing the counter gains a few tries at most.
        cache.set(key, (count + 1, until), timeout=int(until - now) + 1)


def clear_account(username: str, request) -> None:
    for key, _limit in _keys(request, username):
        if key.startswith("login-fail:acct:"):
            cache.delete(key)
