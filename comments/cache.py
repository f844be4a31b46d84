"""Per-article version numbers for the cached, anonymous rendering of a comment thread."""

import time

from django.core.cache import cache
from django.db import transaction


def _version_key(article_id: int) -> str:
    return f"comments:thread-version:{article_id}"


def thread_version(article_id: int) -> int:
    """Return the current version of the article's thread (part of the render cache key)."""
    key = _version_key(article_id)
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        # add(): a concurrent bump wins over our fresh default.
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    return version


def thread_version_bump(article_id: int) -> None:
    """Invalidate every cached rendering of the thread once the current transaction commits.

    Bumping after commit (not before) means no reader can cache the old thread under the
    new version while our transaction is still invisible to them.
    """

    def bump():
        # A fresh timestamp instead of incr(): works on every backend and after evictions.
        cache.set(_version_key(article_id), time.time_ns(), timeout=None)

    # robust: the write is committed; a cache failure here is logged, never the reader's error.
    transaction.on_commit(bump, robust=True)
