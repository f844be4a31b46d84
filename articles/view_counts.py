"""The view counters and their flush: counts live in the cache in numbered *generations*; a
flush closes the current generation and writes every generation that has been closed for at
least one flush into ArticleViewCount (per article and hour). The one-flush rest means a
request that read the generation number just before it was closed still lands in a
generation nobody has written yet. Counting a view is articles/popularity.py's; the task
articles.tasks.views_flush runs the flush here."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleViewCount

KEY_GEN = "views:gen"
KEY_FLUSHED = "views:flushed"  # the newest generation already written
KEY_LOCK = "views:flush-lock"
KEY_HITS = "views:hits"  # counted views since the last automatic flush (this cache)
TTL = 60 * 60 * 24 * 2  # a counter nobody flushed for two days is given up


def counter_incr(key: str) -> int:
    """Increment a counter, creating it at 1; works the same on local memory and Redis."""
    try:
        return cache.incr(key)  # the common case: the counter exists, one operation
    except ValueError:
        if cache.add(key, 1, TTL):
            return 1
        return cache.incr(key)  # another request created it in between


def current_generation() -> int:
    generation = cache.get(KEY_GEN)
    if generation is None:
        cache.add(KEY_GEN, 1, None)
        generation = cache.get(KEY_GEN, 1)
    return generation


def _collect(generation: int) -> dict[int, int]:
    """Read (and then delete) one closed generation's counters: {article_id: views}."""
    slots = cache.get(f"views:{generation}:n") or 0
    index_keys = [f"views:{generation}:i:{slot}" for slot in range(1, slots + 1)]
    article_ids = set(cache.get_many(index_keys).values())
    counter_keys = {f"views:{generation}:a:{pk}": pk for pk in article_ids}
    counts = {
        counter_keys[key]: int(value)
        for key, value in cache.get_many(list(counter_keys)).items()
        if value
    }
    cache.delete_many([*index_keys, *counter_keys, f"views:{generation}:n"])
    return counts


def _write(counts: dict[int, int], *, hour) -> int:
    """Add the counts to the hour's rows: one SELECT, one bulk UPDATE, one bulk INSERT."""
    if not counts:
        return 0
    with transaction.atomic():
        existing_ids = set(Article.objects.filter(pk__in=counts).values_list("pk", flat=True))
        counts = {pk: n for pk, n in counts.items() if pk in existing_ids}
        rows = {
            row.article_id: row
            for row in ArticleViewCount.objects.select_for_update().filter(
                hour=hour, article_id__in=counts
            )
        }
        for pk, row in rows.items():
            row.views += counts[pk]
        ArticleViewCount.objects.bulk_update(rows.values(), ["views"])
        ArticleViewCount.objects.bulk_create(
            ArticleViewCount(article_id=pk, hour=hour, views=n)
            for pk, n in counts.items()
            if pk not in rows
        )
    return sum(counts.values())


def views_flush(*, now=None) -> int:
    """Close the current generation and write the ones that have rested; return the views.

    Safe to run from several processes at once: a short cache lock lets one of them work.
    """
    if not cache.add(KEY_LOCK, 1, 300):
        return 0
    try:
        now = now or timezone.now()
        closed = current_generation()
        try:
            cache.incr(KEY_GEN)
        except ValueError:
            cache.set(KEY_GEN, closed + 1, None)
        flushed = cache.get(KEY_FLUSHED)
        if flushed is None:
            flushed = 0
        # Generations up to closed - 1 have been closed for a whole flush interval.
        ready = range(flushed + 1, closed)
        counts: dict[int, int] = {}
        for generation in ready:
            for pk, views in _collect(generation).items():
                counts[pk] = counts.get(pk, 0) + views
        hour = now.replace(minute=0, second=0, microsecond=0)
        written = _write(counts, hour=hour)
        if ready:
            cache.set(KEY_FLUSHED, closed - 1, None)
        return written
    finally:
        cache.delete(KEY_LOCK)


def views_flush_all(*, now=None) -> int:
    """Flush twice, so that every counted view so far reaches the database (tests, shutdown)."""
    return views_flush(now=now) + views_flush(now=now)
