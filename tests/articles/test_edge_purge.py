"""Issue 23, purge on write: every anonymous response names what it shows in surrogate keys
(xkey, Surrogate-Key, Cache-Tag, Edge-Cache-Tag), and every change purges its keys through
the configured backend as a task after commit, retried, logged when it fails."""

import http.server
import logging
import threading

import pytest
from django.test import Client

from articles.models import FrontPageSlot
from articles.services import article_save, article_unpublish, correction_add
from newsroom import purge
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Edge(http.server.BaseHTTPRequestHandler):
    """A stand-in Varnish that records xkey purges (the real one: tests/edge)."""

    purges: list
    status = 200

    def do_PURGE(self):
        self.server.purges.append(self.headers.get("xkey-purge"))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Edge)
    server.purges, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EDGE_PURGE_BACKEND = "varnish"
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_address[1]}/"]
    settings.EDGE_PURGE_RETRY_DELAYS = [0, 0]
    yield server
    server.shutdown()
    server.server_close()


def _keys(response) -> list[str]:
    keys = response["xkey"].split()
    assert response["Surrogate-Key"] == " ".join(keys)
    assert response["Cache-Tag"] == ",".join(keys) == response["Edge-Cache-Tag"]
    return keys


def test_every_anonymous_page_names_what_it_shows():
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    article = ArticleFactory(section=section, tags=[tag], authors=[author])
    reader = Client()
    for hit in (False, True):  # rendered, then replayed from the page cache
        page = reader.get(article.get_absolute_url())
        assert (page.get("X-Page-Cache") == "hit") is hit
        assert set(_keys(page)) == {
            "site",
            f"article-{article.pk}",
            f"thread-{article.pk}",
            f"section-{section.pk}",
            f"author-{author.pk}",
            f"topic-{tag.pk}",
        }
    assert _keys(reader.get("/")) == ["site", "front"]
    assert _keys(reader.get(section.get_absolute_url())) == ["site", f"section-{section.pk}"]
    assert _keys(reader.get(tag.get_absolute_url())) == ["site", f"topic-{tag.pk}"]
    assert _keys(reader.get(author.get_absolute_url())) == ["site", f"author-{author.pk}"]
    assert _keys(reader.get(f"{section.get_absolute_url()}feed/")) == [
        "site",
        f"section-{section.pk}",
    ]
    assert _keys(reader.get("/artikel/gibt-es-nicht/")) == ["site"]  # a 404, cached briefly


def test_logged_in_pages_carry_no_keys():
    article = ArticleFactory()
    client = Client()
    client.force_login(UserFactory())
    response = client.get(article.get_absolute_url())
    assert "xkey" not in response and "Surrogate-Key" not in response


def test_no_purge_backend_by_default(settings, django_capture_on_commit_callbacks):
    assert settings.EDGE_PURGE_BACKEND == "none" and not purge.enabled()
    with django_capture_on_commit_callbacks() as callbacks:
        article_save(article=ArticleFactory.build(section=SectionFactory()))
    assert not [c for c in callbacks if "edge_purge" in repr(c)]


def test_article_changes_purge_after_commit(edge, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    edge.purges.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.headline = "Neue Zeile"
        article_save(article=article)
    assert edge.purges == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert "site" in edge.purges
    edge.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        correction_add(article=article, text="Richtig ist: 12 statt 21.")
    assert "site" in edge.purges
    edge.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=article)
    assert "site" in edge.purges


def test_front_page_curation_purges_the_front_page(edge, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    edge.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        FrontPageSlot.objects.create(position=1, article=article)
    assert edge.purges == ["front"]


def test_a_failing_edge_is_retried_then_logged(edge, caplog, django_capture_on_commit_callbacks):
    edge.status = 503
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        purge.purge_after_commit(["thread-1"])
    assert edge.purges == ["thread-1"] * 3  # the first attempt and two retries
    assert any(
        "gave up" in r.getMessage() and "edge_purge" in r.getMessage() for r in caplog.records
    )


def test_an_unreachable_edge_never_breaks_the_write(settings, caplog):
    settings.EDGE_PURGE_BACKEND = "varnish"
    settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]  # discard port: nothing listens
    settings.EDGE_PURGE_RETRY_DELAYS = []
    article = ArticleFactory()
    with caplog.at_level(logging.ERROR):
        article.headline = "Trotzdem gespeichert"
        article_save(article=article)
    article.refresh_from_db()
    assert article.headline == "Trotzdem gespeichert"


def test_ticker_entries_purge_the_article_and_the_live_answers_name_it(
    edge, django_capture_on_commit_callbacks
):
    """Issue 25: an entry is visible at the edge at once, like a comment."""
    from django.urls import reverse

    from articles.services import ticker_entry_create, ticker_entry_delete
    from comments.services import comment_create
    from tests.factories import TickerArticleFactory

    article = TickerArticleFactory()
    edge.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        entry = ticker_entry_create(article=article, body="Eilmeldung")
    with django_capture_on_commit_callbacks(execute=True):
        ticker_entry_delete(entry=entry)
    assert edge.purges == [f"article-{article.pk}", f"article-{article.pk}"]
    edge.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=UserFactory(), body="Und nun?")
    assert f"thread-{article.pk}" in edge.purges
    live = Client().get(reverse("comments:live", args=[article.pk]), {"v": 0, "lang": "de"})
    assert _keys(live) == ["site", f"article-{article.pk}", f"thread-{article.pk}"]
    assert live["Surrogate-Control"] == "max-age=2"
    for url in (
        reverse("articles:ticker-feed", args=[article.slug]),
        reverse("articles:ticker-entries", args=[article.slug]),
    ):
        assert f"article-{article.pk}" in _keys(Client().get(url)), url


@pytest.mark.django_db(transaction=True)
def test_purges_wait_on_a_queue_of_their_own(edge, settings):
    """Issue 23, the spike: a purge queued behind mails and the assistant's training waited
    for them on the one worker. Purges go to the "edge" queue, which `make worker-edge`
    serves alone; `make worker` (every queue) still sends them when no edge worker runs."""
    from django.core.management import call_command
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from accounts import tasks as account_tasks
    from newsroom.jobs import enqueue_after_commit

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "edge"]}
    }
    edge.purges.clear()
    with transaction.atomic():  # a hide: its statement's mail and the purge, one transaction
        enqueue_after_commit(account_tasks.address_in_use, email="a@example.org",
                             base_url="http://testserver/", kind="signup")  # fmt: skip
        purge.purge_after_commit(["thread-1"])
    row = DBTaskResult.objects.get(task_path="newsroom.purge.edge_purge")
    assert (row.queue_name, row.priority) == ("edge", 50)

    def worker(*queues):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                     "--queue-name", ",".join(queues), verbosity=0)  # fmt: skip

    worker("default")  # the mails' worker leaves the purge alone
    assert edge.purges == []
    worker("edge")  # `make worker-edge`
    assert edge.purges == ["thread-1"]
    with transaction.atomic():
        purge.purge_after_commit(["thread-2"])
    worker("*")  # `make worker`: every queue, so no purge goes unserved
    assert edge.purges == ["thread-1", "thread-2"]
