"""Login lockouts that an attacker cannot turn against readers (django-axes' lesson).

Three buckets, each a scope in settings.RATE_LIMITS ("attempts/seconds"):
- `login-fail-account-ip`: the login name *and* the client address. This is the lockout a
  guesser meets; it never touches the owner on another address.
- `login-fail-account`: the login name from addresses that never signed in to that account
  successfully. Generous; it stops a botnet spreading guesses over many addresses, and the
  owner still gets in from an address they used before, or by the e-mailed reset link
  (which signs them in and forgives the counters).
- `login-fail-ip`: the client address, for any name. Generous, because behind a proxy
  without NEWSROOM_TRUSTED_PROXY_COUNT one address is everyone.

Check and count are one step: an attempt first *reserves* its slot with an atomic increment
(`newsroom.ratelimit.counter_hit`) and only an attempt inside the limit has its password
checked, so fifteen simultaneous guesses cannot all be evaluated before the lock. A correct
password gives the slot back. Crossing a limit locks the bucket for its window times 2 to the
power of the number of earlier lockouts that day (exponential back-off, capped at a day).

The name buckets key on the account a login name resolves to (`login_identity`): its handle
or its e-mail address, found by the same lookup the login uses (`User.objects.for_login`, the
database's own LOWER() as in the unique indexes). Every spelling that logs into an account
therefore counts for that account: `sıssi_kate`, `SİSSİ_KATE` or a Kelvin sign cannot open
fresh counters (issue 22). The handle and the e-mail address of one account stay separate
buckets, so locking one reveals nothing about the other; names that resolve to no account
are counted exactly like existing ones (keyed on the name), so a lock says nothing about
existence. Every key is a hash (`digest`); addresses go through the keyed `ip_hash` first.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from newsroom.ratelimit import configured_rate, counter_hit, digest, ip_hash, limits_store

ACCOUNT_IP_SCOPE = "login-fail-account-ip"
ACCOUNT_SCOPE = "login-fail-account"
IP_SCOPE = "login-fail-ip"
BACKOFF_MEMORY = 24 * 3600  # lockouts remembered for the back-off
MAX_LOCK_SECONDS = 24 * 3600
KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600  # an address stays "used before" this long


@dataclass
class Bucket:
    key: str
    limit: int
    window: int


@dataclass
class LoginAttempt:
    """One login attempt: the buckets it counted in and, if refused, how long to wait."""

    address: str
    name: str
    buckets: list[Bucket] = field(default_factory=list)
    wait: int = 0
    counted: bool = False


def _kind(name: str) -> str:
    return "email" if "@" in name else "handle"


def _resolve(username: str) -> tuple[str, int | None]:
    """(bucket identity, account pk or None) for a login name; one query."""
    name = username.strip()
    if not name:
        return "", None
    pk = get_user_model().objects.for_login(name).values_list("pk", flat=True).first()
    if pk is not None:
        return f"{_kind(name)}:{pk}", pk
    # No account: any spelling may have its own counters, none of them can log in.
    return f"{_kind(name)}?{unicodedata.normalize('NFKC', name).casefold()}", None


def login_identity(username: str) -> str:
    """What the name buckets of `username` key on: the account it logs into, if any."""
    return _resolve(username)[0]


def _known_key(user_pk: int, address: str) -> str:
    return f"login-known:{digest(f'{user_pk}:{address}')}"


def _buckets(address: str, name: str, *, known: bool) -> list[Bucket]:
    multiplier = getattr(settings, "RATE_LIMIT_MULTIPLIER", 1)
    wanted = [(IP_SCOPE, f"ip:{address}"), (ACCOUNT_IP_SCOPE, f"name-ip:{name}:{address}")]
    if not known:
        wanted.append((ACCOUNT_SCOPE, f"name:{name}"))
    found = []
    for scope, identity in wanted:
        limit, window = configured_rate(scope)
        found.append(Bucket(f"login:{scope}:{digest(identity)}", int(limit * multiplier), window))
    return found


def _address_known(pk: int | None, address: str) -> bool:
    """Did this account sign in from this address before?"""
    return bool(pk) and limits_store().get(_known_key(pk, address)) is not None


def _lock(bucket: Bucket) -> int:
    """Lock the bucket with back-off; return the lock's length in seconds."""
    level = counter_hit(f"{bucket.key}:level", timeout=BACKOFF_MEMORY)
    seconds = min(bucket.window * 2 ** max(0, level - 1), MAX_LOCK_SECONDS)
    limits_store().set(f"{bucket.key}:lock", time.time() + seconds, timeout=seconds)
    return seconds


def login_attempt_start(request, username: str) -> LoginAttempt:
    """Reserve a slot for this attempt; `attempt.wait` > 0 means refuse without checking."""
    if getattr(settings, "RATE_LIMIT_MULTIPLIER", 1) <= 0 or not username.strip():
        return LoginAttempt(address=ip_hash(request), name="")
    identity, pk = _resolve(username)
    attempt = LoginAttempt(address=ip_hash(request), name=identity)
    attempt.buckets = _buckets(
        attempt.address, attempt.name, known=_address_known(pk, attempt.address)
    )
    store = limits_store()
    now = time.time()
    locks = store.get_many([f"{b.key}:lock" for b in attempt.buckets])
    waits = [int(until - now) + 1 for until in locks.values() if until > now]
    if waits:  # locked: not counted, so waiting it out is all it takes
        attempt.wait = max(waits)
        return attempt
    attempt.counted = True
    for bucket in attempt.buckets:
        count = counter_hit(bucket.key, timeout=bucket.window)
        if count == bucket.limit + 1:  # this attempt crossed the limit
            attempt.wait = max(attempt.wait, _lock(bucket))
        elif count > bucket.limit:  # a simultaneous attempt is setting the lock
            attempt.wait = max(attempt.wait, bucket.window)
    return attempt


def login_succeeded(attempt: LoginAttempt, *, user) -> None:
    """The password was right: give the slot back, forgive the name, remember the address."""
    store = limits_store()
    if attempt.counted:
        for bucket in attempt.buckets:
            if bucket.key.startswith(f"login:{IP_SCOPE}:"):
                counter_hit(bucket.key, timeout=bucket.window, delta=-1)
    if attempt.buckets:
        _forget_name(attempt.name, attempt.address)
    store.set(_known_key(user.pk, attempt.address), 1, timeout=KNOWN_ADDRESS_SECONDS)


def _forget_name(name: str, address: str) -> None:
    keys = []
    for bucket in _buckets(address, name, known=False):
        if not bucket.key.startswith(f"login:{IP_SCOPE}:"):
            keys += [bucket.key, f"{bucket.key}:lock", f"{bucket.key}:level"]
    limits_store().delete_many(keys)


def login_forgive(request, *, user) -> None:
    """The owner proved the inbox (password reset): lift the locks on their names here."""
    address = ip_hash(request)
    for kind in ("handle", "email"):
        _forget_name(f"{kind}:{user.pk}", address)
    limits_store().set(_known_key(user.pk, address), 1, timeout=KNOWN_ADDRESS_SECONDS)
