"""The live ticker: services, the readers' page, the feed, JSON-LD and the editors' desk."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, TickerEntry
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    SectionFactory,
    TickerArticleFactory,
    TickerEntryFactory,
    UserFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db


def _entries(article, count, *, start=None, **kwargs):
    start = start or timezone.now() - timedelta(hours=count)
    return [
        TickerEntryFactory(article=article, published_at=start + timedelta(minutes=i), **kwargs)
        for i in range(count)
    ]


def _version(article) -> int:
    return Article.objects.values_list("thread_version", flat=True).get(pk=article.pk)


# --- Services -----------------------------------------------------------------------------


def test_create_publishes_now_and_raises_the_version():
    article = TickerArticleFactory()
    before = _version(article)
    entry = services.ticker_entry_create(article=article, body=" Erste **Meldung** ")
    assert entry.is_published() and entry.published_at is not None
    assert entry.body_html == "<p>Erste <strong>Meldung</strong></p>"
    assert _version(article) == before + 1 == entry.live_version


def test_a_draft_is_not_shown_until_published_with_one_click():
    article = TickerArticleFactory()
    draft = services.ticker_entry_create(article=article, body="Noch geheim", publish=False)
    assert draft.is_draft() and draft.published_at is None
    assert "Noch geheim" not in Client().get(article.get_absolute_url()).content.decode()
    published = services.ticker_entry_publish(entry=draft)
    assert published.is_published() and published.published_at is not None
    assert "Noch geheim" in Client().get(article.get_absolute_url()).content.decode()


def test_editing_a_published_entry_marks_it_updated_but_a_draft_not():
    article = TickerArticleFactory()
    entry = services.ticker_entry_create(article=article, body="Alt")
    draft = services.ticker_entry_create(article=article, body="Entwurf", publish=False)
    entry = services.ticker_entry_update(entry=entry, body="Neu")
    draft = services.ticker_entry_update(entry=draft, body="Entwurf 2")
    assert entry.edited_at is not None and entry.body_html == "<p>Neu</p>"
    assert draft.edited_at is None
    unchanged = services.ticker_entry_update(entry=entry, body="Neu")
    assert unchanged.live_version == entry.live_version  # nothing changed: no new version


def test_delete_keeps_the_row_for_open_pages_and_hides_it():
    article = TickerArticleFactory()
    entry = services.ticker_entry_create(article=article, body="Falsch gemeldet")
    services.ticker_entry_delete(entry=entry)
    entry.refresh_from_db()
    assert entry.status == TickerEntry.Status.DELETED
    assert entry.live_version == _version(article)
    assert "Falsch gemeldet" not in Client().get(article.get_absolute_url()).content.decode()


def test_end_and_resume_the_ticker():
    article = TickerArticleFactory()
    services.ticker_end(article=article)
    article.refresh_from_db()
    assert article.live_ended_at is not None and not article.is_live()
    services.ticker_resume(article=article)
    article.refresh_from_db()
    assert article.is_live()
    plain = ArticleFactory()
    services.ticker_resume(article=plain)
    plain.refresh_from_db()
    assert plain.is_liveticker and plain.live_started_at is not None


# --- Readers ------------------------------------------------------------------------------


def test_ticker_page_shows_summary_key_events_and_entries_newest_first(client):
    article = TickerArticleFactory()
    old, key, new = _entries(article, 3)
    TickerEntry.objects.filter(pk=key.pk).update(is_key=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The essentials in brief" in html and "<strong>Sturm</strong>" in html
    key_events = html[html.index("Key events") : html.index('id="ticker-entries"')]
    assert f"#eintrag-{key.pk}" in key_events and f"#eintrag-{old.pk}" not in key_events
    positions = [html.index(f'id="eintrag-{e.pk}"') for e in (new, key, old)]
    assert positions == sorted(positions)
    assert html.index("The essentials in brief") < html.index("Key events")
    assert 'id="comments"' in html  # the comments stay under the ticker


def test_entry_has_a_permalink_that_finds_its_page(client, settings):
    settings.LIVETICKER_PAGE_SIZE = 3
    article = TickerArticleFactory()
    entries = _entries(article, 8)  # pages: 7 6 5 | 4 3 2 | 1 0
    newest = client.get(reverse("articles:ticker-entry", args=[article.slug, entries[7].pk]))
    assert newest.status_code == 302
    assert newest["Location"] == f"{article.get_absolute_url()}#eintrag-{entries[7].pk}"
    oldest = client.get(reverse("articles:ticker-entry", args=[article.slug, entries[0].pk]))
    assert oldest["Location"].endswith(f"?vor={entries[2].pk}#eintrag-{entries[0].pk}")
    page = client.get(oldest["Location"].split("#")[0]).content.decode()
    assert f'id="eintrag-{entries[0].pk}"' in page
    middle = client.get(reverse("articles:ticker-entry", args=[article.slug, entries[4].pk]))
    assert middle["Location"].endswith(f"?vor={entries[5].pk}#eintrag-{entries[4].pk}")
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("articles:ticker-entry", args=[article.slug, entries[7].pk]) in html


def test_older_entries_page_without_javascript_and_as_fragment(client, settings):
    settings.LIVETICKER_PAGE_SIZE = 3
    article = TickerArticleFactory()
    entries = _entries(article, 5)
    html = client.get(article.get_absolute_url()).content.decode()
    shown = [int(pk) for pk in re.findall(r'id="eintrag-(\d+)"', html)]
    assert shown == [entries[4].pk, entries[3].pk, entries[2].pk]
    assert f'href="{article.get_absolute_url()}?vor={entries[2].pk}#ticker-entries"' in html
    assert "Load older entries" in html
    older = client.get(f"{article.get_absolute_url()}?vor={entries[2].pk}").content.decode()
    assert [int(pk) for pk in re.findall(r'id="eintrag-(\d+)"', older)] == [
        entries[1].pk,
        entries[0].pk,
    ]
    assert "Load older entries" not in older and "Back to the newest entries" in older
    fragment = client.get(
        reverse("articles:ticker-entries", args=[article.slug]) + f"?vor={entries[2].pk}"
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert f'id="eintrag-{entries[1].pk}"' in fragment.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "1" * 30])
def test_a_bad_cursor_is_a_400_with_a_message(client, value):
    article = TickerArticleFactory()
    for url in (
        article.get_absolute_url(),
        reverse("articles:ticker-entries", args=[article.slug]),
    ):
        response = client.get(url, {"vor": value})
        assert response.status_code == 400
        assert b"must be the number of an entry" in response.content


def test_ticker_endpoints_of_unknown_or_unpublished_articles_are_404(client):
    draft = TickerArticleFactory(status=Article.Status.DRAFT)
    plain = ArticleFactory()
    for article in (draft, plain):
        assert (
            client.get(reverse("articles:ticker-entries", args=[article.slug])).status_code == 404
        )
        assert client.get(reverse("articles:ticker-feed", args=[article.slug])).status_code == 404


def test_status_says_when_it_started_and_whether_it_is_live(client):
    article = TickerArticleFactory(live_started_at=timezone.now() - timedelta(hours=3))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Live ticker since" in html and 'class="live-badge"' in html
    services.ticker_end(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The live ticker ran from" in html and 'class="live-badge"' not in html


@pytest.mark.german
def test_the_ticker_speaks_german(client):
    article = TickerArticleFactory()
    entries = _entries(article, 3)
    TickerEntry.objects.filter(pk=entries[0].pk).update(is_key=True, edited_at=timezone.now())
    html = client.get(article.get_absolute_url()).content.decode()
    for text in ("Das Wichtigste in Kürze", "Liveticker seit", "Wichtige Ereignisse", "Wichtig",
                 "aktualisiert", "Ticker als RSS-Feed"):  # fmt: skip
        assert text in html, text


def test_json_ld_is_a_live_blog_posting(client):
    started = timezone.now() - timedelta(hours=2)
    article = TickerArticleFactory(live_started_at=started)
    entries = _entries(article, 2, author=AuthorFactory(name="Jana Beispiel"))
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = next(json.loads(b) for b in blocks if '"LiveBlogPosting"' in b)
    assert data["coverageStartTime"].startswith(timezone.localtime(started).strftime("%Y-%m-%dT%H"))
    assert data["coverageEndTime"]  # expected end while running
    updates = data["liveBlogUpdate"]
    assert [u["url"].rsplit("#", 1)[1] for u in updates] == [
        f"eintrag-{e.pk}" for e in entries[::-1]
    ]
    assert updates[0]["@type"] == "BlogPosting" and updates[0]["author"]["name"] == "Jana Beispiel"
    services.ticker_end(article=article)
    article.refresh_from_db()
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = next(json.loads(b) for b in blocks if '"LiveBlogPosting"' in b)
    assert data["coverageEndTime"].startswith(
        timezone.localtime(article.live_ended_at).strftime("%Y-%m-%dT%H:%M")
    )


def test_a_plain_article_stays_a_news_article(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert '"NewsArticle"' in html and "LiveBlogPosting" not in html and 'id="ticker"' not in html


@pytest.mark.parametrize("name", ["articles:ticker-feed", "articles:ticker-feed-atom"])
def test_feed_of_entries_is_valid(client, name):
    article = TickerArticleFactory()
    entries = _entries(article, 3)
    services.ticker_entry_create(article=article, body="Entwurf", publish=False)
    TickerEntry.objects.filter(pk=entries[0].pk).update(is_key=True)
    response = client.get(reverse(name, args=[article.slug]))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 3
    assert feed.entries[0].link.endswith(
        reverse("articles:ticker-entry", args=[article.slug, entries[2].pk])
    )
    assert feed.entries[2].title.startswith("Wichtig: ")  # feeds are German
    etag = response["ETag"]
    assert (
        client.get(reverse(name, args=[article.slug]), HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    services.ticker_entry_create(article=article, body="Neu")
    assert (
        client.get(reverse(name, args=[article.slug]), HTTP_IF_NONE_MATCH=etag).status_code == 200
    )


def test_front_page_and_section_page_mark_a_running_ticker(client):
    section = SectionFactory(slug="politik", name="Politik")
    live = TickerArticleFactory(section=section)
    ended = TickerArticleFactory(section=section, live_ended_at=timezone.now())
    ArticleFactory(section=section)
    for url in ("/", section.get_absolute_url()):
        html = client.get(url).content.decode()
        assert html.count('class="live-badge"') == 1, url
        badge = html.index('class="live-badge"')
        assert html.index(live.headline) > badge
        assert ended.headline in html


def test_an_entry_reaches_a_cached_anonymous_page_at_once(client):
    article = TickerArticleFactory()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    services.ticker_entry_create(article=article, body="Eilmeldung")
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response and "Eilmeldung" in response.content.decode()


def _ticker_queries(client, url) -> list[str]:
    client.get(url)  # warm-up: one-time singletons
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_ticker_page_queries_are_constant_and_pinned(client, settings):
    """Guards against N+1 on the entries (picture, author, permalink) and the key events."""
    settings.LIVETICKER_PAGE_SIZE = 20
    small, big = TickerArticleFactory(), TickerArticleFactory()
    author = AuthorFactory()
    for article, count in ((small, 3), (big, 60)):
        entries = _entries(article, count, author=author)
        TickerEntry.objects.filter(pk__in=[e.pk for e in entries[::2]]).update(is_key=True)
    plain = ArticleFactory()
    plain_queries = _ticker_queries(client, plain.get_absolute_url())
    small_queries = _ticker_queries(client, small.get_absolute_url())
    big_queries = _ticker_queries(client, big.get_absolute_url())
    assert len(small_queries) == len(big_queries)
    # Exactly two more than any article page: the key events and the page of entries.
    assert len(big_queries) == len(plain_queries) + 2
    ticker_queries = [q for q in big_queries if "articles_tickerentry" in q]
    assert len(ticker_queries) == 2


def test_plain_article_page_costs_no_ticker_query(client):
    article = ArticleFactory()
    queries = _ticker_queries(client, article.get_absolute_url())
    assert not [q for q in queries if "articles_tickerentry" in q]


# --- The desk -----------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    editor = EditorFactory()
    AuthorFactory(user=editor, name="Eva Redakteurin")
    client.force_login(editor)
    return client


def test_desk_needs_login_and_permission(client):
    article = TickerArticleFactory()
    url = reverse("articles:ticker-desk", args=[article.slug])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "x"}).status_code == 403
    assert not TickerEntry.objects.exists()


def test_desk_refuses_a_post_without_csrf_token():
    article = TickerArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(EditorFactory())
    response = client.post(reverse("articles:ticker-desk", args=[article.slug]), {"body": "x"})
    assert response.status_code == 403
    assert not TickerEntry.objects.exists()


def test_editor_publishes_an_entry_with_picture_credit_and_byline(editor_client):
    article = TickerArticleFactory()
    url = reverse("articles:ticker-desk", args=[article.slug])
    page = editor_client.get(url).content.decode()
    assert "Eva Redakteurin" in page and "selected>Eva Redakteurin" in page
    upload = SimpleUploadedFile("sturm.jpg", image_bytes(), content_type="image/jpeg")
    response = editor_client.post(
        url,
        {
            "body": "Der **Deich** hält.",
            "is_key": "on",
            "author": re.search(r'value="(\d+)" selected>Eva', page).group(1),
            "new_image": upload,
            "image_alt_text": "Ein Deich im Sturm",
            "image_credit": "dpa",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    entry = TickerEntry.objects.get()
    assert entry.is_published() and entry.is_key and entry.author.name == "Eva Redakteurin"
    assert entry.image.credit == "dpa" and entry.image.alt_text == "Ein Deich im Sturm"
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "<strong>Deich</strong>" in html and "Photo: dpa" in html and "Eva Redakteurin" in html


def test_desk_answers_fetch_with_the_panel_and_keeps_drafts(editor_client):
    article = TickerArticleFactory()
    url = reverse("articles:ticker-desk", args=[article.slug])
    response = editor_client.post(
        url, {"body": "Vorbereitet", "action": "draft"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ticker-desk-panel"' in html and "<html" not in html and "Draft saved." in html
    entry = TickerEntry.objects.get()
    assert entry.is_draft()
    publish = reverse("articles:ticker-entry-publish", args=[article.slug, entry.pk])
    assert editor_client.get(publish).status_code == 405
    assert editor_client.post(publish).status_code == 302
    entry.refresh_from_db()
    assert entry.is_published()


def test_desk_shows_errors_with_a_400(editor_client):
    article = TickerArticleFactory()
    url = reverse("articles:ticker-desk", args=[article.slug])
    response = editor_client.post(url, {"body": "   ", "action": "publish"})
    assert response.status_code == 400
    assert b"The entry was not saved" in response.content
    bad_image = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = editor_client.post(
        url, {"body": "Text", "new_image": bad_image, "action": "publish"}
    )
    assert response.status_code == 400
    assert b"not a valid image" in response.content
    response = editor_client.post(url, {"body": "Text", "published_at": "gestern"})
    assert response.status_code == 400
    assert not TickerEntry.objects.exists()


def test_edit_and_delete_from_the_desk(editor_client):
    article = TickerArticleFactory()
    entry = TickerEntryFactory(
        article=article, body="Erstmeldung", published_at=timezone.now().replace(second=42)
    )
    edit = reverse("articles:ticker-entry-edit", args=[article.slug, entry.pk])
    form = editor_client.get(edit).content.decode()
    assert "Erstmeldung" in form
    shown = re.search(r'name="published_at" value="([^"]+)"', form).group(1)
    assert (
        editor_client.post(edit, {"body": "Korrigiert", "published_at": shown}).status_code == 302
    )
    # The form shows minutes: an untouched time keeps its seconds (and the entry its place).
    assert TickerEntry.objects.get(pk=entry.pk).published_at == entry.published_at
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Korrigiert" in html and "ticker-entry__edited" in html
    delete = reverse("articles:ticker-entry-delete", args=[article.slug, entry.pk])
    assert b"Delete this entry?" in editor_client.get(delete).content
    assert editor_client.post(delete).status_code == 302
    assert "Korrigiert" not in Client().get(article.get_absolute_url()).content.decode()
    assert editor_client.get(edit).status_code == 404  # deleted: gone from the desk too
    other = TickerArticleFactory()
    wrong = reverse("articles:ticker-entry-edit", args=[other.slug, entry.pk])
    assert editor_client.get(wrong).status_code == 404


def test_desk_starts_and_ends_a_ticker(editor_client):
    article = ArticleFactory()
    url = reverse("articles:ticker-status", args=[article.slug])
    assert editor_client.post(url, {"action": "start"}).status_code == 302
    article.refresh_from_db()
    assert article.is_live()
    assert editor_client.post(url, {"action": "end"}).status_code == 302
    article.refresh_from_db()
    assert not article.is_live() and article.live_ended_at is not None
    response = editor_client.post(url, {"action": "explode"})
    assert response.status_code == 400 and b"start or to end" in response.content


def test_desk_edits_the_summary(editor_client):
    article = TickerArticleFactory()
    url = reverse("articles:ticker-summary", args=[article.slug])
    assert editor_client.post(url, {"summary-body": "Neue **Lage**"}).status_code == 302
    assert "<strong>Lage</strong>" in Client().get(article.get_absolute_url()).content.decode()
    assert editor_client.post(url, {"summary-body": ""}).status_code == 400


def test_readers_page_links_editors_to_the_desk(editor_client):
    article = TickerArticleFactory()
    desk = reverse("articles:ticker-desk", args=[article.slug])
    assert desk in editor_client.get(article.get_absolute_url()).content.decode()
    assert desk not in Client().get(article.get_absolute_url()).content.decode()


def test_ticker_page_and_desk_are_valid_html(client, editor_client):
    from tests.test_html_valid import duplicate_ids, strict_errors

    article = TickerArticleFactory()
    entries = _entries(article, 4)
    TickerEntry.objects.filter(pk=entries[1].pk).update(is_key=True, edited_at=timezone.now())
    services.ticker_entry_create(article=article, body="Entwurf", publish=False)
    urls = [
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?vor={entries[2].pk}",
        reverse("articles:ticker-desk", args=[article.slug]),
        reverse("articles:ticker-entry-edit", args=[article.slug, entries[0].pk]),
        reverse("articles:ticker-entry-delete", args=[article.slug, entries[0].pk]),
    ]
    for url in urls:
        html = editor_client.get(url).content.decode()
        assert strict_errors(html) + duplicate_ids(html) == [], url


def test_admin_links_the_desk_and_lists_entries(admin_client):
    article = TickerArticleFactory()
    TickerEntryFactory(article=article, body="Im Admin sichtbar")
    change = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert reverse("articles:ticker-desk", args=[article.slug]) in change.content.decode()
    listing = admin_client.get(reverse("admin:articles_tickerentry_changelist"))
    assert "Im Admin sichtbar" in listing.content.decode()


TICKER = [
    "articles_tickerentry",  # the page of entries with pictures and authors (one more than shown)
    "articles_tickerentry",  # the key events with pictures and authors
]


@pytest.mark.parametrize("cached", ["uncached", "cached"])
@pytest.mark.parametrize("viewer", ["anonymous", "logged-in"])
def test_ticker_page_queries_are_pinned_exactly(client, viewer, cached):
    """The article page's pinned queries (tests/comments/test_queries.py) plus exactly the
    ticker's two, after the article's own prefetches; for 60 entries as for one."""
    from comments.seeding import seed_article
    from tests.comments.test_queries import ARTICLE, EXPECTED, PERMISSIONS, SESSION, _tables

    article = TickerArticleFactory()
    seed_article(article=article, count=30, seed=2)
    entries = _entries(article, 60, author=AuthorFactory(), image=None)
    TickerEntry.objects.filter(pk__in=[e.pk for e in entries[::3]]).update(is_key=True)
    if viewer == "logged-in":
        client.force_login(UserFactory())
    client.get(article.get_absolute_url())  # warm-up: one-time singletons
    if cached == "uncached":
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    expected = list(EXPECTED[(viewer, cached)])
    if not (viewer == "anonymous" and cached == "cached"):  # the replay asks one version only
        added = TICKER
        if viewer == "logged-in":
            # The desk link asks for the reader's permissions while the view runs: the same
            # session and permission queries as on any article page, only earlier.
            for query in SESSION + PERMISSIONS:
                expected.remove(query)
            added = TICKER + SESSION + PERMISSIONS
        at = expected.index(ARTICLE[3]) + 1  # after the corrections, the last prefetch
        expected[at:at] = added
    assert _tables(ctx.captured_queries) == expected, " ".join(_tables(ctx.captured_queries))


def test_ticker_changes_since_a_version():
    from articles.ticker import ticker_changes

    article = TickerArticleFactory()
    assert ticker_changes(ArticleFactory(), 0) is None
    kept = services.ticker_entry_create(article=article, body="Bleibt")
    gone = services.ticker_entry_create(article=article, body="Geht")
    since = _version(article)
    assert ticker_changes(article, since) == {"entries": [], "removed": [], "live": True}
    new = services.ticker_entry_create(article=article, body="Neu", is_key=True)
    services.ticker_entry_create(article=article, body="Entwurf", publish=False)
    services.ticker_entry_update(entry=kept, body="Bleibt, geändert")
    services.ticker_entry_delete(entry=gone)
    changes = ticker_changes(article, since)
    assert [e["id"] for e in changes["entries"]] == [kept.pk, new.pk]  # oldest first
    assert f'id="eintrag-{new.pk}"' in changes["entries"][1]["html"]
    assert changes["entries"][1]["key"] is True
    assert "ticker-entry__edited" in changes["entries"][0]["html"]
    assert changes["removed"] == [gone.pk]


def test_live_updates_switch_off_site_wide_per_article_and_when_idle(settings):
    settings.LIVE_UPDATES, settings.LIVE_IDLE_HOURS = True, 24
    now = timezone.now()
    fresh = ArticleFactory(published_at=now - timedelta(hours=2))
    old = ArticleFactory(published_at=now - timedelta(days=3))
    assert fresh.live_updates_active() and not old.live_updates_active()
    Article.objects.filter(pk=old.pk).update(live_activity_at=now - timedelta(hours=1))
    old.refresh_from_db()
    assert old.live_updates_active()  # a comment an hour ago
    assert not old.live_updates_active(now=now + timedelta(hours=24))
    running = TickerArticleFactory(published_at=now - timedelta(days=30))
    assert running.live_updates_active()  # a running ticker stays live
    fresh.live_updates = False
    assert not fresh.live_updates_active()
    settings.LIVE_UPDATES = False
    assert not running.live_updates_active() and not old.live_updates_active()


def test_a_published_entry_is_live_activity_a_draft_is_not():
    article = TickerArticleFactory()
    draft = services.ticker_entry_create(article=article, body="Entwurf", publish=False)
    article.refresh_from_db()
    assert article.live_activity_at is None
    services.ticker_entry_publish(entry=draft)
    article.refresh_from_db()
    assert article.live_activity_at is not None
    article.headline = "Neue Überschrift"
    services.article_save(article=article)  # a full save never writes the counters back
    stamp = Article.objects.values_list("live_activity_at", flat=True).get(pk=article.pk)
    assert stamp == article.live_activity_at
