"""Most read and most commented: view counting without cookies, and the boxes' queries.

A page view is one counter increment in the cache, never a database write in the request.
Counters are collected in numbered *generations*: a flush closes the current generation and
writes every generation that has been closed for at least one flush into ArticleViewCount
(per article and hour). The one-flush rest means a request that read the generation number
just before it was closed still lands in a generation nobody has written yet.

Nothing personal is stored or even looked at: no cookie, no address, no user; bots are
recognised by their User-Agent and not counted at all.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

log = logging.getLogger(__name__)

# Bots, crawlers, link previews, monitoring and scripted clients. A reader's browser never
# says any of these; an empty User-Agent is not a reader either.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|"
    r"lighthouse|pingdom|uptime|monitor|curl|wget|python-|httpx|aiohttp|go-http|java/|"
    r"okhttp|libwww|scrapy|feedfetcher|feed reader|rss",
    re.IGNORECASE,
)

KEY_GEN = "views:gen"
KEY_FLUSHED = "views:flushed"  # the newest generation already written
KEY_LOCK = "views:flush-lock"
KEY_HITS = "views:hits"  # counted views since the last automatic flush (this cache)
TTL = 60 * 60 * 24 * 2  # a counter nobody flushed for two days is given up
MOST_READ_HOURS = 24
MOST_COMMENTED_DAYS = 7
BOX_SIZE = 5


def is_bot(user_agent: str) -> bool:
    """Return True for a User-Agent that is not a reader's browser."""
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def should_count(request) -> bool:
    """A reader's GET of the page: not a bot, not a prefetch, not a staff preview."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower():
        return False
    return not is_bot(request.headers.get("User-Agent", ""))


def _incr(key: str) -> int:
    """Increment a counter, creating it at 1; works the same on local memory and Redis."""
    try:
        return cache.incr(key)  # the common case: the counter exists, one operation
    except ValueError:
        if cache.add(key, 1, TTL):
            return 1
        return cache.incr(key)  # another request created it in between


def _current_generation() -> int:
    generation = cache.get(KEY_GEN)
    if generation is None:
        cache.add(KEY_GEN, 1, None)
        generation = cache.get(KEY_GEN, 1)
    return generation


def view_count_request(request, *, article_id: int) -> None:
    """Count the view this request makes, unless a bot, a prefetch or staff made it.

    The one rule for "does this request count": article_detail asks it when it renders
    the page, and the page cache (newsroom.edge.on_replay) when it replays one.
    """
    user = getattr(request, "user", None)  # replays run before authentication: anonymous
    if should_count(request) and not (user is not None and user.is_staff):
        view_record(article_id=article_id)


def view_record(*, article_id: int) -> None:
    """Count one view of an article: a few cache operations, no database access.

    A cache outage loses counts, never the page: errors are logged and swallowed.
    """
    try:
        _count(article_id)
    except Exception:
        log.warning("Could not count a view of article %s", article_id, exc_info=True)


def _count(article_id: int) -> None:
    generation = _current_generation()
    if _incr(f"views:{generation}:a:{article_id}") == 1:
        # First view of this article in this generation: index it so the flush finds it.
        slot = _incr(f"views:{generation}:n")
        cache.set(f"views:{generation}:i:{slot}", article_id, TTL)
    every = settings.VIEW_FLUSH_EVERY
    if every and _incr(KEY_HITS) % every == 0:
        _flush_in_background()


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
    from articles.models import Article, ArticleViewCount

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
        closed = _current_generation()
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


def _flush_in_background() -> None:
    """Write the counters as a task: on the worker in production, in-process by default.

    Not retried: a failed flush leaves later generations to the next one (and to the cron
    command), and the task's failure is logged, never the page's.
    """
    from articles import tasks
    from newsroom.jobs import enqueue_after_commit

    enqueue_after_commit(tasks.views_flush)


# --- the boxes ---------------------------------------------------------------------------
def most_read(*, now=None, limit: int = BOX_SIZE):
    """Published articles with the most views in the last 24 hours (one query)."""
    from articles.models import Article

    since = (now or timezone.now()) - timedelta(hours=MOST_READ_HOURS)
    return list(
        # Filter before annotating: the join then only reads the last day's rows (hour index).
        Article.objects.for_box()
        .filter(view_counts__hour__gte=since)
        .annotate(recent_views=Sum("view_counts__views"))
        .order_by("-recent_views", "-published_at")[:limit]
    )


def most_commented(*, now=None, limit: int = BOX_SIZE):
    """Articles of the last seven days with the most visible comments (one query)."""
    from articles.models import Article

    since = (now or timezone.now()) - timedelta(days=MOST_COMMENTED_DAYS)
    return list(
        Article.objects.for_box()
        .filter(published_at__gte=since, comment_count__gt=0)
        .order_by("-comment_count", "-published_at")[:limit]
    )
