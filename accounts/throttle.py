"""Failed-login throttling per account and per client address, kept in the shared cache.

Only failures count, so a reader who logs in and out often is never locked out. The
address is keyed by `newsroom.ratelimit.ip_hash`: nothing is stored in the clear and no
database table grows with attacks. A successful login clears the account's counter.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from newsroom.ratelimit import configured_rate, ip_hash

# Scopes in settings.RATE_LIMITS ("failures/seconds"); NEWSROOM_RATE_LIMITS overrides them.
ACCOUNT_SCOPE = "login-fail-account"
IP_SCOPE = "login-fail-ip"


def _account_identity(username: str) -> str:
    """The account behind a handle or an address, so switching between the two gains nothing."""
    pk = get_user_model().objects.for_login(username).values_list("pk", flat=True).first()
    return f"user:{pk}" if pk else f"name:{username.strip().lower()}"


def buckets(request, username: str) -> list[tuple[str, int, int]]:
    """(cache key, limit, window) for the address and, if given, the account.

    Looking the account up costs a query: compute them once per login attempt and pass them
    to locked_for, record_failure and clear_account.
    """
    multiplier = getattr(settings, "RATE_LIMIT_MULTIPLIER", 1)
    found = []
    limit, window = configured_rate(IP_SCOPE)
    found.append((f"login-fail:ip:{ip_hash(request)[:32]}", int(limit * multiplier), window))
    if username:
        account = hashlib.sha256(_account_identity(username).encode()).hexdigest()[:32]
        limit, window = configured_rate(ACCOUNT_SCOPE)
        found.append((f"login-fail:acct:{account}", int(limit * multiplier), window))
    return found


def locked_for(login_buckets: list[tuple[str, int, int]]) -> int:
    """Seconds until this account or address may try again; 0 when not locked."""
    if getattr(settings, "RATE_LIMIT_MULTIPLIER", 1) <= 0:
        return 0
    now = time.time()
    wait = 0
    for key, limit, _window in login_buckets:
        count, until = cache.get(key, (0, 0))
        if count >= limit and until > now:
            wait = max(wait, int(until - now) + 1)
    return wait


def record_failure(login_buckets: list[tuple[str, int, int]]) -> None:
    now = time.time()
    for key, _limit, window in login_buckets:
        count, until = cache.get(key, (0, 0))
        if until <= now:  # the window ran out: start a new one
            count, until = 0, now + window
        # Not atomic across processes; an attacker racing the counter gains a few tries at most.
        cache.set(key, (count + 1, until), timeout=int(until - now) + 1)


def clear_account(login_buckets: list[tuple[str, int, int]]) -> None:
    """A successful login forgives the account's failures (not the address's)."""
    for key, _limit, _window in login_buckets:
        if key.startswith("login-fail:acct:"):
            cache.delete(key)
