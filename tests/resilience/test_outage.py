"""A database outage gets the friendly 503 page (or the page's last good copy), never a 500."""

from contextlib import contextmanager
from unittest import mock

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from newsroom import lastgood
from newsroom.resilience import is_database_outage, outage_page, server_error
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error=None):
    """Every query fails as if PostgreSQL were stopped; counts the attempts."""
    error = error or OperationalError("connection refused: is the server running?")
    with mock.patch.object(connection, "_cursor", side_effect=error) as cursor:
        yield cursor


@pytest.fixture(autouse=True)
def _fresh_copies():
    lastgood.forget_local_marks()
    yield
    lastgood.forget_local_marks()


@pytest.fixture
def article(db):
    return ArticleFactory(headline="Der Hafen wird gebaut")


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
        psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
        psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"),
        psycopg.OperationalError("connection refused"),
    ],
)
def test_outage_errors_are_recognised(error):
    assert is_database_outage(error)
    wrapped = OperationalError("wrapped")
    wrapped.__cause__ = error
    assert is_database_outage(wrapped)


@pytest.mark.parametrize(
    "error", [IntegrityError("duplicate key"), DatabaseError("syntax"), ValueError("bug"), None]
)
def test_bugs_are_not_outages(error):
    assert not is_database_outage(error)


def test_article_page_answers_503_with_retry_after_when_database_is_down(client, article):
    url = article.get_absolute_url()
    with database_down() as cursor:
        response = client.get(url)
    assert cursor.called, "the page must really have tried the database"
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "We&#x27;ll be right back" in html or "We'll be right back" in html
    assert "css/site.min.css" in html  # the site's design, not a bare error page
    assert 'href="/"' in html or "site-logo" in html
    assert "Something went wrong" not in html


@pytest.mark.german
def test_outage_page_is_german_by_default(client, article):
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503
    assert "Wir sind gleich wieder da" in response.content.decode()


def test_outage_page_renders_without_any_query(django_assert_num_queries):
    request = RequestFactory().post("/comments/post/1/", {"body": "Text"})
    with database_down() as cursor, django_assert_num_queries(0):
        response = outage_page(request)
    assert response.status_code == 503
    assert not cursor.called


def test_posted_comment_is_echoed_escaped_and_can_be_sent_again(client, article):
    reader = UserFactory()
    client.force_login(reader)
    body = 'Mein langer Text <script>alert("x")</script> & mehr'
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    with database_down():
        response = client.post(url, {"body": body, "parent": "7", "password": "geheim"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "Mein langer Text &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; mehr" in html
    assert f'action="{url}"' in html
    assert '<input type="hidden" name="parent" value="7">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "geheim" not in html  # passwords are never echoed


def test_logged_in_reader_with_session_gets_503_not_500(client, article):
    client.force_login(UserFactory())
    with database_down():
        response = client.get(reverse("accounts:inbox"))
    assert response.status_code == 503


def test_anonymous_reader_keeps_reading_from_the_page_cache(client, article):
    """The full-page cache (newsroom.edge) answers first and needs no database."""
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    with database_down():
        cached = client.get(url)
        other = client.get(reverse("articles:home"))
    assert cached.status_code == 200
    assert "Der Hafen wird gebaut" in cached.content.decode()
    assert other.status_code == 503  # never seen before: nothing to serve


def test_anonymous_reader_gets_the_last_good_copy(client, article, settings):
    """Without the page cache in front (or after it lost the page), the last good copy serves."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("newsroom.edge.")]
    url = article.get_absolute_url()
    fresh = client.get(url)
    assert fresh.status_code == 200 and "X-Newsroom-Copy" not in fresh
    with database_down():
        copy = client.get(url)
        other = client.get(reverse("articles:home"))
    assert copy.status_code == 200
    assert copy["X-Newsroom-Copy"] == "last-good"
    assert "Der Hafen wird gebaut" in copy.content.decode()
    assert "no-cache" in copy["Cache-Control"]
    assert other.status_code == 503  # never seen before: no copy to serve


def test_pages_of_logged_in_readers_are_never_kept(client, article):
    client.force_login(UserFactory())
    assert client.get(article.get_absolute_url()).status_code == 200
    client.logout()
    with database_down():
        assert client.get(article.get_absolute_url()).status_code == 503


def test_pages_showing_a_message_are_never_kept():
    """A message ("Your account is deleted") was for that reader only."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    for used, kept in ((True, False), (False, True)):
        lastgood.forget_local_marks()
        request = RequestFactory().get(f"/seite-{used}/")
        request.user = AnonymousUser()
        request._messages = CookieStorage(request)
        request._messages.used = used
        lastgood.remember(request, HttpResponse("<p>Seite</p>"))
        assert (lastgood.recall(request) is not None) is kept


def test_a_post_never_gets_a_copy(client, article):
    client.get(article.get_absolute_url())
    client.force_login(UserFactory())
    with database_down():
        response = client.post(
            reverse("comments:post", kwargs={"article_pk": article.pk}), {"body": "x"}
        )
    assert response.status_code == 503


def test_outage_outside_a_view_goes_through_handler500(article):
    request = RequestFactory().get(article.get_absolute_url())
    try:
        raise OperationalError("the database system is starting up")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


def test_outage_in_a_middleware_is_a_503(article, settings):
    """A database error before the view (here: session middleware) is still a 503."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503


def test_the_database_gets_timeouts():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout and lock_timeout are PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "10s"
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "5s"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
