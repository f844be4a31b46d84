"""Most read and most commented: view counting without cookies, and the boxes' queries.

A page view is one counter increment in the cache, never a database write in the request;
the counters and their flush into the database are in articles/view_counts.py.

Nothing personal is stored or even looked at: no cookie, no address, no user; bots are
recognised by their User-Agent and not counted at all.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from articles import tasks
from articles.models import Article
from articles.view_counts import (
    KEY_HITS,
    TTL,
    counter_incr,
    current_generation,
)
from newsroom.jobs import enqueue_after_commit

log = logging.getLogger(__name__)

# Bots, crawlers, link previews, monitoring and scripted clients. A reader's browser never
# says any of these; an empty User-Agent is not a reader either.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|"
    r"lighthouse|pingdom|uptime|monitor|curl|wget|python-|httpx|aiohttp|go-http|java/|"
    r"okhttp|libwww|scrapy|feedfetcher|feed reader|rss",
    re.IGNORECASE,
)

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
    generation = current_generation()
    if counter_incr(f"views:{generation}:a:{article_id}") == 1:
        # First view of this article in this generation: index it so the flush finds it.
        slot = counter_incr(f"views:{generation}:n")
        cache.set(f"views:{generation}:i:{slot}", article_id, TTL)
    every = settings.VIEW_FLUSH_EVERY
    if every and counter_incr(KEY_HITS) % every == 0:
        _flush_in_background()


def _flush_in_background() -> None:
    """Write the counters as a task: on the worker in production, in-process by default.

    Not retried: a failed flush leaves later generations to the next one (and to the cron
    command), and the task's failure is logged, never the page's.
    """
    enqueue_after_commit(tasks.views_flush)


# --- the boxes ---------------------------------------------------------------------------
def most_read(*, now=None, limit: int = BOX_SIZE):
    """Published articles with the most views in the last 24 hours (one query)."""
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
    since = (now or timezone.now()) - timedelta(days=MOST_COMMENTED_DAYS)
    return list(
        Article.objects.for_box()
        .filter(published_at__gte=since, comment_count__gt=0)
        .order_by("-comment_count", "-published_at")[:limit]
    )
