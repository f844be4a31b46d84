"""Live updates: "what changed since version N", the same answer for every reader."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import ticker_entry_create
from comments.models import Comment
from comments.services import comment_create, comment_edit, comment_recommend, comment_status_set
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    TickerArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _version(article) -> int:
    return Article.objects.values_list("thread_version", flat=True).get(pk=article.pk)


def _live(client, article, since, *, epoch=None, lang="en", status=200):
    params = {"v": since, "lang": lang}
    if epoch is not None:
        params["e"] = epoch
    response = client.get(reverse("comments:live", args=[article.pk]), params)
    assert response.status_code == status, response.content
    return response


def _answer(client, article, since, **kwargs) -> dict:
    return json.loads(_live(client, article, since, **kwargs).content)


@pytest.fixture
def people():
    return UserFactory(display_name="Anna Kühn"), UserFactory(display_name="Bernd Krause")


def test_the_page_carries_what_the_script_needs(client, settings):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-live-version="{_version(article)}"' in html
    assert reverse("comments:live", args=[article.pk]) + "?lang=en" in html
    assert 'data-live-roots="bottom"' in html  # oldest first: new threads at the end
    assert 'data-text-comments-other="{n} new comments – show"' in html
    assert '<template id="live-footer"><footer class="comment__actions">' in html
    assert 'aria-live="polite"' in html and "js/live.js" in html
    newest = client.get(article.get_absolute_url() + "?sort=newest").content.decode()
    assert 'data-live-roots="top"' in newest


@pytest.mark.german
def test_the_announcements_speak_german(client):
    html = Client().get(ArticleFactory().get_absolute_url()).content.decode()
    assert 'data-text-comments-one="{n} neuer Kommentar – anzeigen"' in html
    assert 'data-text-comments-other="{n} neue Kommentare – anzeigen"' in html
    assert 'data-text-replies-one="{n} neue Antwort"' in html
    assert 'data-text-entries-other="{n} neue Einträge – anzeigen"' in html
    assert "?lang=de" in html


def test_live_updates_switch_off_site_wide_and_per_article(client, settings):
    article = ArticleFactory(live_updates=False)
    assert "data-live-url" not in client.get(article.get_absolute_url()).content.decode()
    settings.LIVE_UPDATES = False
    other = ArticleFactory()
    html = client.get(other.get_absolute_url()).content.decode()
    assert "data-live-url" not in html and "js/live.js" not in html
    assert _answer(client, other, 0)["live"] is False  # open pages stop asking


def test_a_new_comment_and_a_reply_come_as_the_page_renders_them(client, people):
    anna, bernd = people
    article = ArticleFactory()
    first = comment_create(article=article, author=anna, body="Erster Gedanke.")
    since = _version(article)
    assert _answer(client, article, since) == {
        "version": since,
        "epoch": _answer(client, article, since)["epoch"],
        "live": True,
        "poll": 3.0,
    }
    new = comment_create(article=article, author=bernd, body="Ein neuer **Gedanke**.")
    reply = comment_create(article=article, author=anna, body="Genau.", parent=new)
    answer = _answer(client, article, since)
    assert answer["version"] == _version(article) > since
    items = {item["id"]: item for item in answer["comments"]}
    assert set(items) == {new.pk, reply.pk}
    assert items[new.pk]["parent"] is None and items[reply.pk]["parent"] == new.pk
    assert items[reply.pk]["under"] == new.pk and items[reply.pk]["name"] == "Anna Kühn"
    assert items[new.pk]["html"].startswith('<li class="comment-thread">')
    assert items[reply.pk]["html"].startswith('<li class="comment-reply">')
    assert "@Bernd Krause:" in items[reply.pk]["html"]
    assert answer["count"] == {"n": 3, "label": "3 comments"}
    # The article part is the page's own HTML for an anonymous reader, to the footer.
    page = Client().get(article.get_absolute_url()).content.decode()
    for item in items.values():
        article_html = (
            item["html"].split("<article", 1)[1].split('<footer class="comment__actions">')[0]
        )
        assert article_html in page
    assert first.pk not in items


def test_deep_replies_join_the_list_of_the_deepest_indented_ancestor(client, people):
    from comments.threads import MAX_VISUAL_DEPTH

    anna, bernd = people
    article = ArticleFactory()
    chain = [comment_create(article=article, author=anna, body="Wurzel")]
    for n in range(MAX_VISUAL_DEPTH + 1):
        chain.append(comment_create(article=article, author=(bernd, anna)[n % 2],
                                    body=f"Ebene {n + 1}", parent=chain[-1]))  # fmt: skip
    items = {i["id"]: i for i in _answer(client, article, 0)["comments"]}
    assert items[chain[MAX_VISUAL_DEPTH].pk]["under"] == chain[MAX_VISUAL_DEPTH - 1].pk
    assert items[chain[MAX_VISUAL_DEPTH + 1].pk]["under"] == chain[MAX_VISUAL_DEPTH - 1].pk


def test_hidden_edited_and_pending_comments(client, people, settings):
    anna, bernd = people
    article = ArticleFactory()
    keep = comment_create(article=article, author=anna, body="Bleibt stehen.")
    gone = comment_create(article=article, author=bernd, body="Wird entfernt.")
    placeholder = comment_create(article=article, author=bernd, body="Mit Antwort.")
    comment_create(article=article, author=anna, body="Die Antwort.", parent=placeholder)
    since = _version(article)
    comment_edit(comment=keep, user=anna, body="Bleibt stehen, geändert.")
    moderator = ModeratorFactory()
    for comment in (gone, placeholder):
        comment_status_set(comment=comment, expect=Comment.COUNTED, to=Comment.Status.HIDDEN,
                           hidden_by=moderator, hidden_reason="insult")  # fmt: skip
    answer = _answer(client, article, since)
    edited = {i["id"]: i for i in answer["comments"]}
    assert "Bleibt stehen, geändert." in edited[keep.pk]["html"]
    assert 'class="comment__edited"' in edited[keep.pk]["html"]
    hidden = {i["id"]: i["html"] for i in answer["hidden"]}
    assert hidden[gone.pk] == ""  # nothing stays in its place
    assert "Removed by the moderators." in hidden[placeholder.pk]  # replies keep it there
    assert "Wird entfernt" not in json.dumps(answer) and "Mit Antwort." not in json.dumps(answer)


def test_recommendation_counts_when_the_slot_moved(client, people):
    anna, bernd = people
    article = ArticleFactory()
    comment = comment_create(article=article, author=anna, body="Empfehlenswert.")
    since = _version(article)
    epoch = _answer(client, article, since)["epoch"]
    assert "counts" not in _answer(client, article, since, epoch=epoch)
    comment_recommend(comment=comment, user=bernd)
    answer = _answer(client, article, _version(article), epoch=0)  # a page of an older slot
    assert answer["counts"] == {str(comment.pk): "1 recommendation"}


def test_ticker_entries_come_with_the_comments(client):
    article = TickerArticleFactory()
    since = _version(article)
    entry = ticker_entry_create(article=article, body="Der Pegel steigt.")
    answer = _answer(client, article, since)
    assert [e["id"] for e in answer["ticker"]["entries"]] == [entry.pk]
    assert f'id="eintrag-{entry.pk}"' in answer["ticker"]["entries"][0]["html"]
    assert answer["comments"] == [] and answer["hidden"] == []


def test_an_idle_article_tells_pages_to_stop(client, settings):
    settings.LIVE_IDLE_HOURS = 24
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    assert _answer(client, article, 0)["live"] is False
    comment_create(article=article, author=UserFactory(), body="Noch jemand da?")
    assert _answer(client, article, 0)["live"] is True


def test_the_answer_is_the_same_for_everyone_and_edge_cacheable(client, people):
    anna, _bernd = people
    article = ArticleFactory()
    comment_create(article=article, author=anna, body="Hallo.")
    anonymous = _live(client, article, 0)
    logged_in = Client()
    logged_in.force_login(ModeratorFactory())
    theirs = _live(logged_in, article, 0)
    assert anonymous.content == theirs.content
    for response in (anonymous, theirs):
        assert response["Cache-Control"] == "public, max-age=1, s-maxage=2"
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"lang": "en"}, "must be the version"),
        ({"v": "abc", "lang": "en"}, "must be the version"),
        ({"v": "1", "lang": "xx"}, "site's languages"),
        ({"v": "1", "e": "x", "lang": "en"}, '"e" must be a number'),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, params, message):
    article = ArticleFactory()
    response = client.get(reverse("comments:live", args=[article.pk]), params)
    assert response.status_code == 400
    assert message in json.loads(response.content)["error"]


def test_unknown_and_unpublished_articles_are_404(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    _live(client, draft, 0, status=404)
    response = client.get(reverse("comments:live", args=[987654]), {"v": 0, "lang": "en"})
    assert response.status_code == 404


def test_too_many_changes_offer_a_reload(client, settings, monkeypatch):
    from comments import live

    monkeypatch.setattr(live, "MAX_CHANGES", 3)
    article = ArticleFactory()
    author = UserFactory()
    for n in range(4):
        comment_create(article=article, author=author, body=f"Nummer {n}")
    assert _answer(client, article, 0)["reload"] is True


def _queries(client, article, since) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        _live(client, article, since)
    return [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries]


LIVE_QUERIES = [
    "articles_article",  # the article with the versions (published only)
    "comments_comment",  # what changed since the version: (id, thread)
    "comments_comment",  # those threads' comments, as the page reads them
    "articles_articleauthor",  # the bylines with their authors: the author badge
    "articles_tickerentry",  # the ticker's changes (only for a ticker)
]


@pytest.mark.parametrize("changes", [1, 25])
def test_the_answer_costs_the_same_queries_for_1_or_25_changes(client, people, changes):
    """Guards against a query per changed comment (author, reply-to, recommendation)."""
    anna, bernd = people
    article = TickerArticleFactory()
    root = comment_create(article=article, author=anna, body="Wurzel")
    since = _version(article)
    for n in range(changes):
        comment_create(article=article, author=(anna, bernd)[n % 2], body=f"Antwort {n}",
                       parent=root if n % 3 else None)  # fmt: skip
    ticker_entry_create(article=article, body="Eintrag")
    assert _queries(client, article, since) == LIVE_QUERIES
    # Nothing changed: the article alone.
    assert _queries(client, article, _version(article)) == LIVE_QUERIES[:1]
