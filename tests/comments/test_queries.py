"""Guards against N+1 on the comment thread and on the reply write path."""

import re

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


def _tables(queries) -> list[str]:
    """Name each query by its table ("... count" for COUNT queries), in order."""
    names = []
    for query in queries:
        sql = query["sql"]
        table = re.search(r'FROM "(\w+)"', sql).group(1)
        names.append(f"{table} count" if sql.startswith("SELECT COUNT(") else table)
    return names


# The article page, query by query. Pinned exactly: a new query anywhere fails the test
# below and must be named here. The same lists hold for 10 or 1,000 comments (see above).
ARTICLE = [
    "articles_article",  # the article with its section and hero image (thread_version too)
    "articles_articleauthor",  # the byline, prefetched with authors and their photos
    "articles_tag",  # the topics, prefetched
    "articles_correction",  # the article's corrections
    "articles_article",  # related articles (shared topics, then the same section)
    "articles_supportbox",  # the support box under the article
    "articles_article",  # the most-read box
    "articles_article",  # the most-commented box
]
PAGE_CHECK = ["articles_article"]  # the page cache: is the stored copy's thread_version current?
NAVIGATION = ["articles_section"]  # the navigation's sections; cached for 5 minutes
SECTION = ["articles_section"]  # the article's section path (active section, breadcrumbs)
ROOT_COUNT = ["comments_comment count"]  # threads listed; cached under the thread version
# Read once per page (Thread.site): discussion_state's auto-close period, and for the
# compose form the night-mode hours.
SITE_SETTINGS = ["comments_moderationsettings"]
THREAD_IDS = ["comments_comment"]  # this page's thread ids with their tree_version (the keys)
THREAD = [*THREAD_IDS, "comments_comment"]  # + every comment of the threads to render
SESSION = [
    "django_session",  # the session
    "accounts_user",  # the logged-in reader
]
UNREAD = ["accounts_notification count"]  # the unread count in the header
PERMISSIONS = [
    "auth_permission",  # the reader's own permissions (has_perm, cached on the user)
    "auth_permission",  # the permissions of the reader's groups
]
SANCTION = ["comments_sanction"]  # participation_refusal: a sanction in force?
SURGE = ["comments_articlesurge"]  # the form's "comments wait for review" notice
RULES = ["comments_discussionrules"]  # the short discussion rules above the form
OWN = [
    "accounts_mute",  # the readers this reader muted
    "comments_recommendation",  # which comments on the page this reader recommended
]

EXPECTED = {
    # Anonymous, nothing cached: the threads are rendered and stored in the cache.
    ("anonymous", "uncached"): PAGE_CHECK
    + ARTICLE
    + SECTION
    + NAVIGATION
    + ROOT_COUNT
    + SITE_SETTINGS
    + THREAD,
    # Anonymous, threads cached under their roots' tree_version (read with the page's thread
    # ids): no query for the comments, none for a version.
    # Anonymous, the whole page cached (newsroom.edge): one query, the article's
    # thread_version, so a copy in any process is outdated by the commit of a change.
    ("anonymous", "cached"): PAGE_CHECK,
    # Logged in: the shared fragments, with the reader's own bits on top.
    ("logged-in", "uncached"): ARTICLE
    + SECTION
    + SESSION
    + NAVIGATION
    + UNREAD
    + PERMISSIONS
    + ROOT_COUNT
    + SITE_SETTINGS
    + SANCTION
    + SURGE
    + RULES
    + THREAD
    + OWN,
    ("logged-in", "cached"): ARTICLE
    + SESSION
    + SECTION
    + UNREAD
    + PERMISSIONS
    + SITE_SETTINGS
    + SANCTION
    + SURGE
    + RULES
    + THREAD_IDS
    + OWN,
}


@pytest.mark.parametrize("cached", ["uncached", "cached"])
@pytest.mark.parametrize("viewer", ["anonymous", "logged-in"])
def test_article_page_queries_are_pinned_exactly(client, viewer, cached):
    """Guards against N+1 and against any extra query, e.g. for the thread's cache version."""
    article = ArticleFactory()
    seed_article(article=article, count=300, seed=2)
    if viewer == "logged-in":
        client.force_login(UserFactory())
    client.get(article.get_absolute_url())  # warm-up: one-time singletons
    if cached == "uncached":
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert _tables(ctx.captured_queries) == EXPECTED[(viewer, cached)]


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
