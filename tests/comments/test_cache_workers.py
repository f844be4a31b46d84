"""Caches that follow the database: several app-server workers, each with its own default
(per-process, local-memory) cache, never serve a stale anonymous thread.

A worker is simulated by giving every LocMemCache object its own store while the worker
"runs": that is exactly what separate gunicorn processes have. The thread version lives in
the `Article.thread_version` column, so a write in any worker, in a management command or in
a shell changes the key every worker computes.
"""

import contextlib
from collections import OrderedDict

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.test import Client

from accounts.services import user_update_profile
from comments.models import Comment
from comments.moderation import services as moderation
from comments.services import comment_create, comment_delete, comment_edit
from tests.cache_keys import cache_keys
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


class Workers:
    """N processes' worth of local-memory caches, switched in around each request."""

    def __init__(self, count: int):
        self.stores = [({}, {}) for _ in range(count)]

    @contextlib.contextmanager
    def worker(self, number: int):
        data, expiry = self.stores[number]
        backends = [caches[alias] for alias in caches]
        saved = []
        for backend in backends:
            if isinstance(backend, LocMemCache):
                saved.append((backend, backend._cache, backend._expire_info))
                backend._cache = data.setdefault(backend._lock, OrderedDict())
                backend._expire_info = expiry.setdefault(backend._lock, {})
        try:
            yield
        finally:
            for backend, cache_data, expire_info in saved:
                backend._cache, backend._expire_info = cache_data, expire_info

    def pages(self, url: str) -> list[str]:
        """The page as each worker serves it to an anonymous reader."""
        html = []
        for number in range(len(self.stores)):
            with self.worker(number):
                response = Client().get(url)
                assert response.status_code == 200
                html.append(response.content.decode())
        return html


@pytest.fixture
def world():
    article = ArticleFactory()
    author = UserFactory(username="anna", display_name="Anna Berger")
    first = comment_create(article=article, author=author, body="Erster Kommentar")
    workers = Workers(3)
    url = article.get_absolute_url()
    for html in workers.pages(url):  # every worker has the thread cached now
        assert "Erster Kommentar" in html
    return article, author, first, workers, url


def _all_show(workers, url, text) -> list[bool]:
    return [text in html for html in workers.pages(url)]


def test_a_post_in_one_worker_is_seen_by_every_worker(world):
    article, author, _first, workers, url = world
    with workers.worker(0):
        comment_create(article=article, author=author, body="Neuer Beitrag aus Worker 0")
    assert _all_show(workers, url, "Neuer Beitrag aus Worker 0") == [True, True, True]


def test_a_moderation_action_is_seen_by_every_worker(world):
    _article, _author, first, workers, url = world
    with workers.worker(1):
        moderation.comment_hide(comment=first, moderator=ModeratorFactory(), reason="spam")
    assert _all_show(workers, url, "Erster Kommentar") == [False, False, False]


def test_an_edit_and_a_delete_are_seen_by_every_worker(world):
    _article, author, first, workers, url = world
    with workers.worker(2):
        comment_edit(comment=first, user=author, body="Verbesserter Text")
    assert _all_show(workers, url, "Verbesserter Text") == [True, True, True]
    with workers.worker(0):
        comment_delete(comment=Comment.objects.get(pk=first.pk), user=author)
    assert _all_show(workers, url, "Verbesserter Text") == [False, False, False]


def test_a_renamed_commenter_is_seen_by_every_worker(world):
    _article, author, _first, workers, url = world
    with workers.worker(1):
        user_update_profile(
            user=author,
            display_name="Anna Neuname",
            bio="",
            notify_email_mention=False,
            notify_email_reply=False,
        )
    assert _all_show(workers, url, "Anna Neuname") == [True, True, True]


def test_a_command_line_write_is_seen_by_every_worker(world):
    article, _author, _first, workers, url = world
    # A management command runs in yet another process with an empty cache of its own.
    outsider = Workers(1)
    with outsider.worker(0):
        call_command("seed_comments", article.slug, count=3, seed=7, verbosity=0)
    seeded = Comment.objects.filter(article=article).exclude(body="Erster Kommentar").first()
    first_words = seeded.body.split("\n")[0][:30]
    assert _all_show(workers, url, first_words) == [True, True, True]


def test_closing_a_discussion_is_seen_by_every_worker(world):
    article, _author, _first, workers, url = world
    with workers.worker(0):
        moderation.article_close(
            article=article, actor=ModeratorFactory(), reason="Zu viele Beleidigungen."
        )
    for html in workers.pages(url):
        assert "comment__reply" not in html


@pytest.mark.parametrize("number", ["999", "0", "-3", "abc", "2"])
def test_page_numbers_outside_the_range_never_create_cache_entries(world, number):
    _article, _author, _first, workers, url = world

    # The last good copies of whole pages (newsroom.lastgood, for outages) are bounded on
    # their own (pages 1 to 99 only); the thread caches must not grow at all.
    def thread_keys():
        return {key for key in cache_keys() if ":lastgood:" not in key}

    with workers.worker(0):
        before = thread_keys()
        response = Client().get(url, {"page": number})
        after = thread_keys()
    assert response.status_code in (200, 404)
    assert after == before, "a page number outside the range made a new cache entry"


def test_recooking_from_the_command_line_is_seen_by_every_worker(world, monkeypatch):
    """A change of the rendering rules, applied by `recook_comments` in another process."""
    from comments import services
    from comments.rendering import Cooked

    _article, _author, _first, workers, url = world
    monkeypatch.setattr(services, "cook", lambda body: Cooked(html="<p>Neu gekocht</p>"))
    outsider = Workers(1)
    with outsider.worker(0):
        call_command("recook_comments", verbosity=0)
    assert _all_show(workers, url, "Neu gekocht") == [True, True, True]
