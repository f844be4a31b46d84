"""Most read and most commented: counting without cookies or writes, flushing in batches."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import popularity, view_counts
from articles.models import Article, ArticleViewCount
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Safari/537.36"  # noqa: E501


@pytest.fixture(autouse=True)
def _no_background_flush(settings):
    # Tests flush explicitly; a background thread would race the test's transaction.
    settings.VIEW_FLUSH_EVERY = 0


def read(client, article, ua=BROWSER, **headers):
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=ua, **headers)
    assert response.status_code == 200
    return response


def views_of(article):
    return sum(ArticleViewCount.objects.filter(article=article).values_list("views", flat=True))


@pytest.mark.parametrize(
    "ua",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 HeadlessChrome/120.0",
    ],
)
def test_bots_and_scripts_are_not_readers(ua):
    assert popularity.is_bot(ua)


def test_a_browser_is_a_reader():
    assert not popularity.is_bot(BROWSER)


def test_an_article_view_writes_nothing_to_the_database(client, settings):
    """The counter lives in the cache: the request path has no INSERT or UPDATE at all."""
    article = ArticleFactory()
    read(client, article)  # warm the navigation cache
    settings.VIEW_FLUSH_EVERY = 0
    with CaptureQueriesContext(connection) as counted:
        read(client, article)
    with CaptureQueriesContext(connection) as bot:
        read(client, article, ua="Googlebot/2.1")
    # Both were replays from the page cache: no write, only the check of the page's thread
    # version (Article.thread_version, issue 9), and the view still counted.
    for ctx in (counted, bot):
        assert [q["sql"] for q in ctx.captured_queries] == [
            q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")
        ]
        assert len(ctx.captured_queries) == 1
    client.cookies["render"] = "1"  # keeps the page cache out: the view renders
    with CaptureQueriesContext(connection) as counted:
        read(client, article)
    with CaptureQueriesContext(connection) as bot:
        read(client, article, ua="Googlebot/2.1")
    sql = [q["sql"].split()[0].upper() for q in counted.captured_queries]
    assert sql and set(sql) == {"SELECT"}
    assert len(counted.captured_queries) == len(bot.captured_queries)  # counting adds none
    view_counts.views_flush()
    view_counts.views_flush()
    assert views_of(article) == 3  # warm-up, replay, render; the bots not


def test_views_reach_the_database_after_the_generation_has_rested(client):
    article, other = ArticleFactory(), ArticleFactory()
    for _ in range(3):
        read(client, article)
    read(client, other)
    read(client, article, ua="Googlebot/2.1")  # not counted
    assert view_counts.views_flush() == 0  # closes the generation; it rests one flush
    read(client, article)  # lands in the next generation
    assert view_counts.views_flush() == 4
    assert views_of(article) == 3 and views_of(other) == 1
    assert view_counts.views_flush() == 1
    assert views_of(article) == 4
    row = ArticleViewCount.objects.get(article=article)
    assert row.hour.minute == 0 and row.hour.second == 0  # per hour: nothing about the reader


def test_prefetches_previews_posts_and_staff_are_not_counted(client):
    article = ArticleFactory()
    read(client, article, HTTP_SEC_PURPOSE="prefetch")
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    read(client, article)
    client.logout()
    draft = ArticleFactory(status=Article.Status.DRAFT)
    editor = UserFactory()
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="preview_article"))
    client.force_login(editor)
    read(client, draft)
    assert view_counts.views_flush_all() == 0


def test_counting_sets_no_cookie_of_its_own(client):
    article = ArticleFactory()
    counted = read(client, article)
    client.cookies.clear()
    uncounted = read(client, article, ua="Googlebot/2.1")
    assert set(counted.cookies) == set(uncounted.cookies)
    assert not any("view" in name.lower() for name in counted.cookies)


def test_flush_command_writes_everything_with_all(client):
    article = ArticleFactory()
    read(client, article)
    read(client, article)
    call_command("flush_article_views", "--all")
    assert views_of(article) == 2


def test_counts_for_a_deleted_article_are_dropped(client):
    article = ArticleFactory()
    read(client, article)
    Article.objects.filter(pk=article.pk).delete()
    assert view_counts.views_flush_all() == 0


def test_a_concurrent_flush_does_nothing(client):
    from django.core.cache import cache

    read(client, ArticleFactory())
    cache.add(view_counts.KEY_LOCK, 1, 60)
    assert view_counts.views_flush() == 0
    cache.delete(view_counts.KEY_LOCK)
    assert view_counts.views_flush_all() == 1


def test_background_flush_after_n_views_runs_off_the_request(monkeypatch, client, settings):
    started = []
    monkeypatch.setattr(popularity, "_flush_in_background", lambda: started.append(1))
    settings.VIEW_FLUSH_EVERY = 3
    article = ArticleFactory()
    for _ in range(7):
        read(client, article)
    assert len(started) == 2


def test_most_read_counts_the_last_24_hours_only():
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    old_hit, fresh, middle = ArticleFactory(), ArticleFactory(), ArticleFactory()
    ArticleFactory()  # never read: not listed
    ArticleViewCount.objects.create(article=old_hit, hour=now - timezone.timedelta(hours=30),
                                    views=1000)  # fmt: skip
    ArticleViewCount.objects.create(article=old_hit, hour=now, views=1)
    ArticleViewCount.objects.create(article=fresh, hour=now, views=40)
    ArticleViewCount.objects.create(article=fresh, hour=now - timezone.timedelta(hours=2), views=5)
    ArticleViewCount.objects.create(article=middle, hour=now, views=20)
    ranked = popularity.most_read()
    assert ranked == [fresh, middle, old_hit]
    assert ranked[0].recent_views == 45


def test_most_read_leaves_out_drafts():
    draft = ArticleFactory(status=Article.Status.DRAFT)
    ArticleViewCount.objects.create(article=draft, hour=timezone.now(), views=10)
    assert popularity.most_read() == []


def test_most_commented_is_of_the_last_week():
    a = ArticleFactory(comment_count=0)
    Article.objects.filter(pk=a.pk).update(comment_count=3)
    b = ArticleFactory()
    Article.objects.filter(pk=b.pk).update(comment_count=9)
    old = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=9))
    Article.objects.filter(pk=old.pk).update(comment_count=99)
    ArticleFactory()  # no comments: not listed
    assert [x.pk for x in popularity.most_commented()] == [b.pk, a.pk]


def test_boxes_on_home_and_article_pages(client):
    article = ArticleFactory(headline="Viel gelesen")
    other = ArticleFactory(headline="Viel diskutiert")
    Article.objects.filter(pk=other.pk).update(comment_count=4)
    ArticleViewCount.objects.create(article=article, hour=timezone.now(), views=7)
    for url in ["/", other.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert 'id="most-read-title"' in html and 'id="most-commented-title"' in html
        box = html[html.index('id="most-read-title"') :]
        assert "Viel gelesen" in box
        assert f'{other.get_absolute_url()}#comments"' in html


def test_a_cache_outage_loses_the_count_not_the_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(popularity, "current_generation", broken)
    read(client, ArticleFactory())  # 200, asserted in read()
