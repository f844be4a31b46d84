"""Redis is optional at run time: stopped or hanging, it slows nothing and breaks nothing."""

import logging
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from comments.models import Comment
from newsroom.resilient_cache import ResilientRedisCache, reset_breakers
from tests.factories import ArticleFactory, UserFactory
from tests.faults.servers import Redis, free_port, release_port


@pytest.fixture(scope="module")
def redis_server():
    server = Redis()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _breakers():
    reset_breakers()
    yield
    reset_breakers()


def backend(url, **options):
    return ResilientRedisCache(
        url,
        {
            "OPTIONS": {
                "socket_connect_timeout": 0.3,
                "socket_timeout": 0.3,
                "RETRY_SECONDS": 1,
                **options,
            }
        },
    )


def test_works_like_redis_when_redis_is_up(redis_server):
    cache = backend(redis_server.url)
    cache.set("a", {"x": 1})
    assert cache.get("a") == {"x": 1}
    assert cache.add("n", 1) and cache.incr("n") == 2
    assert cache.get_many(["a", "missing"]) == {"a": {"x": 1}}
    cache.clear()


def test_a_stopped_redis_answers_like_an_empty_cache_quickly(redis_server, caplog):
    cache = backend(redis_server.url)
    cache.set("k", "v")
    redis_server.stop()
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="newsroom.resilience"):
            for _ in range(50):
                assert cache.get("k", "default") == "default"
                assert cache.add("k", 1) is False
                cache.set("k", 2)
                with pytest.raises(ValueError):
                    cache.incr("k")
                assert cache.get_many(["k"]) == {}
                assert cache.delete("k") is False
        assert time.monotonic() - started < 2
        warnings = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
        assert len(warnings) == 1  # logged once per outage, not once per call
    finally:
        redis_server.start()
    time.sleep(1.1)  # RETRY_SECONDS: the next call tries Redis again
    with caplog.at_level(logging.WARNING, logger="newsroom.resilience"):
        cache.set("k", "back")
        assert cache.get("k") == "back"
    assert any("available again" in r.getMessage() for r in caplog.records)


def test_a_hanging_redis_costs_one_timeout_then_is_skipped(redis_server):
    cache = backend(redis_server.url)
    cache.set("k", "v")
    redis_server.hang()
    try:
        started = time.monotonic()
        assert cache.get("k") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(100):
            assert cache.get("k") is None
        rest = time.monotonic() - started
    finally:
        redis_server.resume()
    assert first < 1.0  # socket_timeout, not gunicorn's 30 s
    assert rest < 0.2  # the breaker: no waiting while Redis is known to be gone
    time.sleep(1.1)
    assert cache.get("k") == "v"


def test_invalidations_missed_during_an_outage_are_replayed(redis_server):
    """A Redis that hung keeps its old data: the version bumps it missed are sent later."""
    cache = backend(redis_server.url)
    cache.set("thread-version", 1, timeout=None)
    cache.set("fragment", "old", timeout=None)
    cache.set("page", "old copy", timeout=300)
    redis_server.hang()
    try:
        cache.set("thread-version", 2, timeout=None)  # a write's bump after commit
        cache.set_many({"tree-generation": 5}, timeout=None)
        cache.delete("fragment")
        cache.set("page", "new copy", timeout=300)  # expiring data: not worth a replay
    finally:
        redis_server.resume()
    time.sleep(1.1)
    assert cache.get("thread-version") == 2
    assert cache.get("tree-generation") == 5
    assert cache.get("fragment") is None
    assert cache.get("page") == "old copy"


def test_fallback_alias_takes_over_while_redis_is_down(settings):
    port = free_port()  # nothing listens there
    try:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "spare": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "spare",
            },
        }
        cache = backend(f"redis://127.0.0.1:{port}/0", FALLBACK="spare")
        assert cache.add("hits", 1) is True
        assert cache.incr("hits") == 2
        assert caches["spare"].get("hits") == 2
    finally:
        release_port(port)


@pytest.mark.django_db
def test_site_reads_and_writes_without_redis(client, settings):
    """Pages and posting work with Redis gone; nothing answers 500."""
    port = free_port()
    try:
        settings.CACHES = {
            **settings.CACHES,  # the limits store stays where it is (the database)
            "default": {
                "BACKEND": "newsroom.resilient_cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            },
        }
        article = ArticleFactory()
        assert client.get(reverse("articles:home")).status_code == 200
        assert client.get(article.get_absolute_url()).status_code == 200
        client.force_login(UserFactory())
        url = reverse("comments:post", kwargs={"article_pk": article.pk})
        response = client.post(url, {"body": "Geht auch ohne Redis", "parent": ""})
        assert response.status_code == 302
        assert Comment.objects.filter(body="Geht auch ohne Redis").count() == 1
        article.refresh_from_db()
        assert article.comment_count == 1
        assert client.get(article.get_absolute_url()).status_code == 200
    finally:
        release_port(port)
