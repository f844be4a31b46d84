"""Issue 23: a real edge. Varnish with deploy/varnish/newsroom.vcl in front of the app (the
live server), purged by the app's writes through NEWSROOM_EDGE_PURGE_URL's backend."""

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from comments.moderation.models import HideReason
from comments.moderation.services import comment_hide
from comments.services import comment_create
from tests.edge.varnish import Varnish
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def edge(live_server, settings):
    app = live_server.url.removeprefix("http://")
    varnish = Varnish(app)
    settings.EDGE_PURGE_BACKEND = "varnish"
    settings.EDGE_PURGE_URLS = [varnish.url]
    settings.EDGE_CACHE_S_MAXAGE = 3600  # long: only purges and the clock end a copy
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    yield varnish
    varnish.close()


def _until(check, seconds: float) -> float | None:
    """Seconds until check() held, or None if it did not within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def test_a_hidden_comment_is_gone_from_the_edge_within_a_second(edge):
    article = ArticleFactory()
    comment = comment_create(article=article, author=UserFactory(), body="Adresse H0me")
    url = article.get_absolute_url()
    edge.request(url)
    status, headers, body = edge.request(url)
    assert status == 200 and headers["x-edge-cache"] == "hit" and b"Adresse H0me" in body
    comment_hide(comment=comment, moderator=ModeratorFactory(), reason=HideReason.PRIVACY)
    gone = _until(lambda: b"Adresse H0me" not in edge.request(url)[2], 1.0)
    assert gone is not None, "the hidden comment was still served by the edge after 1 s"
    # and the page is cached again afterwards
    edge.request(url)
    assert edge.request(url)[1]["x-edge-cache"] == "hit"


def test_a_new_comment_reaches_the_edge_within_a_second(edge):
    article = ArticleFactory()
    url = article.get_absolute_url()
    edge.request(url)
    assert edge.request(url)[1]["x-edge-cache"] == "hit"
    comment_create(article=article, author=UserFactory(), body="Frisch K1")
    assert _until(lambda: b"Frisch K1" in edge.request(url)[2], 1.0) is not None


def test_a_scheduled_article_appears_on_the_edge_front_page_within_two_seconds(edge):
    ArticleFactory(headline="Bisher L0")
    when = timezone.now() + timedelta(seconds=2)
    ArticleFactory(headline="Geplant L1", published_at=when)
    status, _headers, body = edge.request("/")
    assert status == 200 and b"Geplant L1" not in body
    assert edge.request("/")[1]["x-edge-cache"] == "hit"
    wait = (when - timezone.now()).total_seconds()
    time.sleep(max(0.0, wait))
    late = _until(lambda: b"Geplant L1" in edge.request("/")[2], 2.0)
    assert late is not None, "the scheduled article was not on the edge's front page after 2 s"


def test_a_logged_in_reader_never_gets_a_cached_page(edge, client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    edge.request(url)
    assert edge.request(url)[1]["x-edge-cache"] == "hit"
    reader = UserFactory(display_name="Angemeldet R1")
    client.force_login(reader)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    for _ in range(3):
        status, headers, body = edge.request(url, cookies={"sessionid": session})
        assert status == 200 and headers["x-edge-cache"] == "miss"
        assert b"Angemeldet R1" in body and "private" in headers["cache-control"]
    # and the anonymous copy never got the reader's page
    assert b"Angemeldet R1" not in edge.request(url)[2]


def test_an_anonymous_page_never_carries_a_cookie(edge):
    article = ArticleFactory()
    for url in ("/", article.get_absolute_url(), article.section.get_absolute_url(), "/feed/"):
        for _ in range(2):
            status, headers, _body = edge.request(url, cookies={"tracking": "x", "csrftoken": "y"})
            assert status == 200 and "set-cookie" not in headers, url
            assert "xkey" not in headers and "surrogate-control" not in headers
    # A response that sets a cookie (the login form's CSRF cookie) is never cached.
    for _ in range(2):
        status, headers, _body = edge.request("/accounts/login/")
        assert "set-cookie" in headers and headers["x-edge-cache"] == "miss"


def test_purges_are_accepted_from_the_app_only(edge):
    article = ArticleFactory()
    url = article.get_absolute_url()
    edge.request(url)
    purge = {"xkey-purge": f"article-{article.pk}"}
    status, _headers, _body = edge.request("/", method="PURGE", headers=purge, source="127.0.0.3")
    assert status == 403
    assert edge.request(url)[1]["x-edge-cache"] == "hit"
    status, _headers, body = edge.request("/", method="PURGE", headers=purge)
    assert status == 200 and b"Purged 1" in body
    assert edge.request(url)[1]["x-edge-cache"] == "miss"
