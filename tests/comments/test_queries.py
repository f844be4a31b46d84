"""Guards against N+1 on the comment thread and on the reply write path."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.seeding import PlannedComment, demo_readers, seed_article, thread_insert
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm-up: singletons such as the moderation settings are created once
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_article_page_queries_do_not_grow_with_comments(client, settings, logged_in):
    """10 or 1,000 comments: the same number of queries (whole thread on one page, too)."""
    settings.COMMENT_THREADS_PER_PAGE = 1000
    small, big = ArticleFactory(), ArticleFactory()
    seed_article(article=small, count=10, seed=1)
    seed_article(article=big, count=1000, seed=1)
    # Some state a viewer sees differently: pending, hidden with replies, deleted.
    for article in (small, big):
        roots = list(Comment.objects.filter(article=article, level=0, rght__gt=2)[:2])
        Comment.objects.filter(pk=roots[0].pk).update(status="hidden")
        Comment.objects.filter(pk=roots[1].pk).update(status="deleted")
    if logged_in:
        client.force_login(UserFactory())
    small_count = _queries(client, small.get_absolute_url())
    big_count = _queries(client, big.get_absolute_url())
    assert big_count == small_count
    html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('class="comment ') >= 990


def test_article_page_has_a_small_fixed_query_budget(client, django_assert_max_num_queries):
    article = ArticleFactory()
    seed_article(article=article, count=300, seed=2)
    with django_assert_max_num_queries(15):
        client.get(article.get_absolute_url())


def _reply_queries(parent, author) -> int:
    with CaptureQueriesContext(connection) as ctx:
        comment_create(
            article=parent.article, author=author, body="Antwort @mkeller", parent=parent
        )
    return len(ctx.captured_queries)


def test_reply_costs_the_same_queries_in_a_thread_of_10_or_10000():
    readers = demo_readers()
    author = UserFactory()
    counts = []
    for size in (10, 10_000):
        article = ArticleFactory()
        nodes = [PlannedComment(author=readers[0], body="Wurzel", parent=None)]
        for n in range(1, size):
            nodes.append(PlannedComment(author=readers[n % 5], body="x", parent=(n - 1) // 3))
            nodes[(n - 1) // 3].children.append(n)
        saved = thread_insert(article=article, nodes=nodes)
        _reply_queries(saved[1], author)  # warm-up: one-time singletons
        counts.append(_reply_queries(saved[size // 2], author))
    assert counts[0] == counts[1]
