"""Versions and cached fragments of comment threads.

Three versions, all bumped after commit by the write path:
- the article's *page version* (`thread_version`): changes on every write anywhere in the
  article's discussion; page validators (ETag) and the full-page cache key on it;
- a *thread generation* per thread (tree): changes when that thread changes, so a new
  comment re-renders only its own thread's fragment, not the page of 50;
- an *article generation*: changes when something shown in every thread changes (a
  commenter renamed, text re-cooked), invalidating all of the article's fragments.

`fragment_stamp()` is the ONE place that says what a thread fragment is valid for; when the
thread-version column on Article lands (issue 9), the page version reads it from there.

Fragments are stored under a key without the stamp, together with the stamp they were
rendered for, so an outdated fragment can still be served for a short stale window while
exactly one request (holding a short cache lock) renders the new one.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from newsroom.edge import depend_on

# How long an outdated fragment may be served while one request re-renders it; also the
# lifetime of the render lock, so a crashed renderer delays the next render by this much.
STALE_SECONDS = 10


def _version_key(article_id: int) -> str:
    return f"comments:thread-version:{article_id}"


def _article_generation_key(article_id: int) -> str:
    return f"comments:frag-gen:{article_id}"


def _tree_generation_key(article_id: int, tree_id: int) -> str:
    return f"comments:tree-gen:{article_id}:{tree_id}"


def _current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        # add(): a concurrent bump wins over our fresh default.
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    return version


def thread_version(article_id: int) -> int:
    """Return the current version of the article's whole discussion (page validators)."""
    return _current(_version_key(article_id))


def page_depends_on_thread(request, article_id: int) -> None:
    """The page shows this article's discussion: its page cache entry and ETag follow it."""
    depend_on(request, _version_key(article_id), thread_version(article_id))


def thread_version_bump(article_id: int, tree_id: int | None = None) -> None:
    """Invalidate cached renderings once the current transaction commits.

    With `tree_id`, only that thread's fragment is re-rendered; without, every thread of
    the article is. Bumping after commit (not before) means no reader can cache the old
    thread under the new version while our transaction is still invisible to them.
    """

    def bump():
        # A fresh timestamp instead of incr(): works on every backend and after evictions.
        now = time.time_ns()
        values = {_version_key(article_id): now}
        if tree_id is None:
            values[_article_generation_key(article_id)] = now
        else:
            values[_tree_generation_key(article_id, tree_id)] = now
        cache.set_many(values, timeout=None)

    # robust: the write is committed; a cache failure here is logged, never the reader's error.
    transaction.on_commit(bump, robust=True)


def fragment_stamps(article_id: int, roots: list[tuple[int, int]]) -> dict[int, tuple]:
    """Return {tree_id: stamp} for (tree_id, root rght) pairs: what each fragment is valid for.

    The root's `rght` comes from the database and grows with every reply, so a new reply
    re-renders its thread even if a per-process cache missed the bump.
    """
    keys = [_tree_generation_key(article_id, tree_id) for tree_id, _ in roots]
    keys.append(_article_generation_key(article_id))
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
        found[key] = value
    article_generation = found[keys[-1]]
    return {
        tree_id: (article_generation, found[key], rght)
        for (tree_id, rght), key in zip(roots, keys, strict=False)
    }


def _fragment_key(article_id: int, tree_id: int, variant: str) -> str:
    return f"comments:frag:{article_id}:{tree_id}:{variant}"


def fragments_get(
    article_id: int, stamps: dict[int, tuple], variant: str
) -> tuple[dict[int, list], set[int], bool]:
    """Return (fragments to use, tree ids this request must render, whether any is stale).

    A fragment whose stamp is outdated is still used while another request holds the
    render lock (for at most STALE_SECONDS); the first request to take the lock renders.
    """
    keys = {_fragment_key(article_id, tree_id, variant): tree_id for tree_id in stamps}
    found = cache.get_many(list(keys))
    use, render, stale = {}, set(), False
    for key, tree_id in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == stamps[tree_id]:
            use[tree_id] = entry[1]
        elif entry is not None and not cache.add(f"{key}:lock", 1, timeout=STALE_SECONDS):
            use[tree_id] = entry[1]  # someone else is rendering it: serve the previous one
            stale = True
        else:
            render.add(tree_id)
    return use, render, stale


def fragments_set(article_id: int, stamps: dict[int, tuple], fragments: dict, variant: str):
    """Store freshly rendered fragments with the stamps read before their rows were read."""
    if not fragments:
        return
    values = {
        _fragment_key(article_id, tree_id, variant): (stamps[tree_id], fragment)
        for tree_id, fragment in fragments.items()
    }
    cache.set_many(values, timeout=settings.FRAGMENT_CACHE_SECONDS)
    cache.delete_many([f"{key}:lock" for key in values])
