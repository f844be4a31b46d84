"""The last good copy of each anonymous page, kept in the cache for database outages.

`remember(request, response)` stores a successful anonymous HTML page; `recall(request)`
returns it as a response when the database cannot build the page (see
`newsroom.resilience`). Only these two functions know the key and the format, so a
full-page cache in front of the views can reuse them.

What is stored is exactly what an anonymous reader was shown (no user, no messages); pages
for logged-in readers are never stored, and the copy is served with `no-cache` so nothing
downstream keeps it after the database is back.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger("newsroom.resilience")

# Pages above this size (e.g. a whole 5,000-comment thread) are not worth a cache slot.
MAX_BYTES = 512 * 1024
# The copy's lifetime: long, because it is only read when the database is gone.
TIMEOUT = 7 * 24 * 3600
# Refresh a path's copy at most this often per process: one cache write per page and
# interval instead of one per request.
REFRESH_SECONDS = 15
_saved_at: dict[str, float] = {}


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"lastgood:{get_language() or settings.LANGUAGE_CODE}:{path}"


# Query strings worth a copy: the first pages of a listing or thread, in a known order.
# Anything else (?x=1, ?page=99999, made-up sorts) would let a reader fill the default cache
# with one entry per URL and evict everything else (issue 10, finding 1).
_QUERY_ALLOWED = {
    "page": re.compile(r"[1-9][0-9]?"),
    "sort": re.compile(r"oldest|newest|recommended|picks|questions|answered"),
    "order": re.compile(r"oldest|newest"),
}


def _query_storable(request) -> bool:
    for name, values in request.GET.lists():
        pattern = _QUERY_ALLOWED.get(name)
        if pattern is None or len(values) != 1 or not pattern.fullmatch(values[0]):
            return False
    return True


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not _query_storable(request):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "used", False):
        return False  # "You are logged out" was for this reader only
    user = getattr(request, "user", None)
    # Evaluating the lazy user costs a session query only for readers with a session cookie.
    if user is None or user.is_authenticated:
        return False
    return len(response.content) <= MAX_BYTES


def remember(request, response) -> None:
    """Keep `response` as the last good copy of this anonymous page (cheap; never raises)."""
    if not getattr(settings, "LAST_GOOD_COPY", True) or not _storable(request, response):
        return
    key = _key(request)
    now = time.monotonic()
    if now - _saved_at.get(key, -REFRESH_SECONDS) < REFRESH_SECONDS:
        return
    if len(_saved_at) > 4096:  # bounded: forget old paths rather than grow forever
        _saved_at.clear()
    _saved_at[key] = now
    cache.set(key, (response.content, response["Content-Type"], time.time()), TIMEOUT)


def recall(request) -> HttpResponse | None:
    """Return the last good copy of this page, or None (only for GET and HEAD)."""
    if request.method not in ("GET", "HEAD") or not getattr(settings, "LAST_GOOD_COPY", True):
        return None
    try:
        saved = cache.get(_key(request))
    except Exception:  # the cache may be down too; then there is simply no copy
        logger.warning("last good copy: cache unavailable", exc_info=True)
        return None
    if not saved:
        return None
    content, content_type, saved_at = saved
    response = HttpResponse(content, content_type=content_type)
    add_never_cache_headers(response)
    response["Last-Modified"] = http_date(saved_at)
    # Lets operators (and tests) see which responses came from the copy.
    response["X-Newsroom-Copy"] = "last-good"
    return response


def forget_local_marks() -> None:
    """Forget when this process last stored each page (tests start from a clean slate)."""
    _saved_at.clear()
