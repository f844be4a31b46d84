"""Issue 23: every change readers see in a discussion purges `thread-<article>` at the edge
after the commit (from the one place a thread version moves, comments.cache), reader
recommendations once per slot; and the article page ends when its discussion auto-closes."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.moderation.models import HideReason, ModerationSettings
from comments.moderation.services import (
    article_close,
    article_reopen,
    comment_hide,
    comment_restore,
)
from comments.services import comment_create, comment_delete, comment_edit, comment_recommend
from newsroom import purge
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(settings, monkeypatch):
    settings.EDGE_PURGE_BACKEND = "varnish"
    settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]
    sent: list[list[str]] = []
    monkeypatch.setattr(purge, "purge_now", lambda keys: sent.append(sorted(set(keys))))
    return sent


def test_every_comment_change_purges_the_thread(purged, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    thread = [f"thread-{article.pk}"]
    author, moderator = UserFactory(), ModeratorFactory()

    def after(action):
        purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        assert thread in purged, action
        return result

    comment = after(lambda: comment_create(article=article, author=author, body="Erster Satz"))
    after(lambda: comment_edit(comment=comment, user=author, body="Erster Satz, korrigiert"))
    after(lambda: comment_hide(comment=comment, moderator=moderator, reason=HideReason.INSULT))
    after(lambda: comment_restore(comment=comment, moderator=moderator))
    after(lambda: article_close(article=article, actor=moderator))
    after(lambda: article_reopen(article=article, actor=moderator))
    after(lambda: comment_delete(comment=comment, user=author))


def test_nothing_is_purged_before_the_commit(purged, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    purged.clear()
    with django_capture_on_commit_callbacks(execute=False):
        comment_create(article=article, author=UserFactory(), body="Noch nicht")
    assert purged == []


def test_recommendations_purge_once_per_slot(purged, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    comment = comment_create(article=article, author=UserFactory(), body="Empfehlenswert")
    purged.clear()
    for _ in range(3):  # three readers in one slot: one purge
        with django_capture_on_commit_callbacks(execute=True):
            comment_recommend(comment=comment, user=UserFactory())
    assert purged == [[f"thread-{article.pk}"]]


def test_the_article_page_ends_when_its_discussion_closes_by_itself():
    site = ModerationSettings.load()
    site.auto_close_days = 1
    site.save()
    article = ArticleFactory(
        published_at=timezone.now() - timedelta(days=1) + timedelta(seconds=30)
    )
    response = Client().get(article.get_absolute_url())
    s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
    assert s_maxage <= 30


def test_a_kept_open_discussion_does_not_stop_caching():
    site = ModerationSettings.load()
    site.auto_close_days = 1
    site.save()
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    article_reopen(article=article, actor=ModeratorFactory())  # kept open past its period
    response = Client().get(article.get_absolute_url())
    assert "s-maxage=60" in response["Cache-Control"]
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
