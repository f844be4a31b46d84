"""Recommendations, picks, badges and mutes cost no query per comment, and caches follow them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Mute
from articles.models import Article
from comments import threads
from comments.models import Comment, Recommendation, recommendation_slot
from comments.seeding import seed_article
from comments.services import comment_recommend
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm-up: singletons
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_recommendations_and_picks_cost_no_queries(client, settings, logged_in):
    """300 comments with and without recommendations, picks and mutes: the same queries."""
    settings.COMMENT_THREADS_PER_PAGE = 1000
    plain, busy = ArticleFactory(), ArticleFactory()
    seed_article(article=plain, count=300, seed=3)
    seed_article(article=busy, count=300, seed=3)
    viewer = UserFactory()
    comments = list(Comment.objects.filter(article=busy, status="visible").order_by("pk"))
    fans = [UserFactory() for _ in range(3)]
    rows = [Recommendation(comment=c, user=u) for c in comments[::7] for u in fans]
    rows += [Recommendation(comment=c, user=viewer) for c in comments[::11]]
    Recommendation.objects.bulk_create(rows)
    for comment in comments[::7]:
        Comment.objects.filter(pk=comment.pk).update(recommendation_count=3)
    Comment.objects.filter(pk__in=[c.pk for c in comments[::50]]).update(
        picked_at="2026-01-01T00:00:00Z", pick_note="Gut", staff_role="editor"
    )
    for author_id in {c.author_id for c in comments[:5]} - {viewer.pk}:
        Mute.objects.create(user=viewer, muted_id=author_id)
    if logged_in:
        client.force_login(viewer)
    for sort in ("", "?sort=recommended", "?sort=newest"):
        assert _queries(client, busy.get_absolute_url() + sort) == _queries(
            client, plain.get_absolute_url() + sort
        ), sort
    # The picks tab: one pick or twenty, the same queries (an empty tab skips the fetch).
    Comment.objects.filter(pk=Comment.objects.filter(article=plain, level=0).first().pk).update(
        picked_at="2026-01-01T00:00:00Z"
    )
    assert _queries(client, busy.get_absolute_url() + "?sort=picks") == _queries(
        client, plain.get_absolute_url() + "?sort=picks"
    )
    html = client.get(busy.get_absolute_url()).content.decode()
    assert html.count('class="comment__pick"') == len(comments[::50])
    if logged_in:
        assert html.count('aria-pressed="true"') == len(comments[::11])
        assert "Comment by a muted person" in html


def test_counts_key_is_the_slot_only_right_after_recommendations(settings, monkeypatch):
    settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS = 10
    now = 1_000_005.0  # slot 100000
    monkeypatch.setattr(threads.time, "time", lambda: now)
    article = Article(recommendations_epoch=0)
    assert threads.recommendation_counts_key(article) == 0  # never recommended: stable
    article.recommendations_epoch = recommendation_slot(now)  # just recommended: this slot
    assert threads.recommendation_counts_key(article) == 100000
    article.recommendations_epoch = recommendation_slot(now) - 1  # the slot before: still hot
    assert threads.recommendation_counts_key(article) == 100000
    article.recommendations_epoch = recommendation_slot(now) - 2  # calm again: stable
    assert threads.recommendation_counts_key(article) == 99998


def test_a_wave_of_recommendations_does_not_rerender_the_cached_thread(client, settings):
    """Within one slot the anonymous page is served from the cache; the next slot shows it."""
    settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS = 3600  # one slot for the whole test
    article = ArticleFactory()
    comment = Comment.objects.create(
        article=article, author=UserFactory(), body="x", body_html="<p>Ein Beitrag</p>"
    )
    Comment.objects.filter(pk=comment.pk).update(lft=1, rght=2, tree_id=1, level=0)
    comment_recommend(comment=comment, user=UserFactory())  # the wave starts: slot written
    url = article.get_absolute_url()
    assert "1 recommendation" in client.get(url).content.decode()
    for _ in range(3):
        comment_recommend(comment=comment, user=UserFactory())
    html = client.get(url).content.decode()
    assert "1 recommendation" in html  # served from the cache within the slot
    assert Comment.objects.get(pk=comment.pk).recommendation_count == 4
    settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS = 1  # time moves on: later slots
    Article.objects.filter(pk=article.pk).update(recommendations_epoch=0)
    # The whole-page copy (newsroom/edge.py) expires by the clock after one slot; this test
    # moves slots by settings, so it looks past that copy at the thread fragments.
    client.cookies["past-the-page-cache"] = "1"
    assert "4 recommendations" in client.get(url).content.decode()
