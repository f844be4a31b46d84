"""Issue 23, "no replay without proof": the page cache replays a copy only when it is proven
current. Against a real Redis (database 11 of the local server, or NEWSROOM_TEST_REDIS_URL);
an outage is the breaker's view of it (the fault suite stops and hangs a real server)."""

import os
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from comments.moderation.models import HideReason
from comments.moderation.services import comment_hide
from comments.services import comment_create
from newsroom import edge, resilient_cache
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def _redis_up() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping()
    except Exception:
        return False


@pytest.fixture
def redis_cache():
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS_URL}")
    caches = {
        "default": {
            "BACKEND": "newsroom.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"t23-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"RETRY_SECONDS": 60},
        },
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=caches, SHARED_CACHE=True, PAGE_CACHE_SECONDS=3600):
        resilient_cache.reset_breakers()
        yield cache
        resilient_cache.reset_breakers()
        cache.clear()


def _outage() -> None:
    """What every call sees while Redis is down or hung: the breaker skips it."""
    location = cache._cache._servers[0] if hasattr(cache._cache, "_servers") else REDIS_URL
    resilient_cache._down_until[location] = time.monotonic() + 60
    assert cache.is_skipped()


def test_a_redis_outage_shows_new_comments_and_hides_at_once(redis_cache):
    """Reproduces the frozen site: cache.add() of the render lock answered "not added" while
    Redis was skipped, read as "someone else renders", so the old copy was replayed."""
    article = ArticleFactory()
    visible = comment_create(article=article, author=UserFactory(), body="Sichtbar V1")
    reader = Client()
    url = article.get_absolute_url()
    assert b"Sichtbar V1" in reader.get(url).content
    assert reader.get(url)["X-Page-Cache"] == "hit"
    _outage()
    comment_create(article=article, author=UserFactory(), body="Waehrend Ausfall N2")
    page = reader.get(url)
    assert page.status_code == 200 and b"Waehrend Ausfall N2" in page.content
    comment_hide(comment=visible, moderator=ModeratorFactory(), reason=HideReason.INSULT)
    page = reader.get(url)
    assert b"Sichtbar V1" not in page.content and b"Waehrend Ausfall N2" in page.content
    # Another worker (its own middleware, its own memory) agrees at once.
    assert b"Sichtbar V1" not in Client().get(url).content


def test_a_lock_held_by_another_request_still_allows_the_stale_window(redis_cache):
    article = ArticleFactory()
    reader = Client()
    url = article.get_absolute_url()
    request = reader.get(url).wsgi_request
    comment_create(article=article, author=UserFactory(), body="Neu S1")
    cache.add(edge._page_key(request) + ":lock", 1, timeout=30)  # really held
    stale = reader.get(url)
    assert b"Neu S1" not in stale.content and stale["X-Page-Cache"] == "stale"
    # Outdated: no shared cache may keep it (a purge may already have passed the edge).
    assert "s-maxage=0" in stale["Cache-Control"] and stale["Surrogate-Control"] == "no-store"


def test_the_lock_tells_held_from_unknown(redis_cache):
    key = f"lock-{uuid.uuid4().hex}"
    assert edge.lock_take(key, 10) is True
    assert edge.lock_take(key, 10) is False
    _outage()
    assert edge.lock_take(key + "x", 10) is None


def test_a_flushed_cache_renders_instead_of_replaying(redis_cache):
    article = ArticleFactory()
    reader = Client()
    url = article.get_absolute_url()
    reader.get(url)
    comment_create(article=article, author=UserFactory(), body="Nach Flush F1")
    cache.clear()  # flushed or evicted: no version, no lock, no copy
    assert b"Nach Flush F1" in reader.get(url).content


def test_a_page_past_its_moment_is_not_replayed_even_while_another_renders(redis_cache):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(headline="Alt M0")
    when = timezone.now() + timedelta(seconds=1)
    ArticleFactory(headline="Geplant M1", published_at=when)
    reader = Client()
    request = reader.get("/").wsgi_request
    cache.add(edge._page_key(request) + ":lock", 1, timeout=30)
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)
    assert b"Geplant M1" in reader.get("/").content
