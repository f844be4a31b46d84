"""Anonymous pages a CDN can cache; everyone else's pages private; the full-page cache."""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(db):
    return ArticleFactory()


def test_anonymous_article_page_is_publicly_cacheable(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies, "no Set-Cookie (no CSRF or session cookie) for anonymous"
    control = response["Cache-Control"]
    # Issue 23: browsers revalidate (a cheap 304), shared caches hold for s-maxage; the stale
    # windows only in the headers browsers ignore (Chromium honours stale-while-revalidate).
    assert control == "public, max-age=0, s-maxage=60"
    assert response["Surrogate-Control"] == (
        "max-age=60, stale-while-revalidate=30, stale-if-error=86400"
    )
    assert response["CDN-Cache-Control"] == response["Surrogate-Control"]
    assert response["ETag"].startswith('W/"') and response["Last-Modified"]
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert "cookie" in vary
    assert b"csrfmiddlewaretoken" not in response.content


def test_shared_cache_times_are_configurable(client, article, settings):
    settings.EDGE_CACHE_S_MAXAGE = 600
    settings.EDGE_CACHE_STALE_WHILE_REVALIDATE = 15
    settings.EDGE_CACHE_STALE_IF_ERROR = 3600
    settings.EDGE_CACHE_BROWSER_MAX_AGE = 0
    response = Client().get(reverse("articles:corrections"))
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=600"
    assert response["Surrogate-Control"] == (
        "max-age=600, stale-while-revalidate=15, stale-if-error=3600"
    )


def test_conditional_get_answers_304_until_the_thread_changes(
    client, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=UserFactory(), body="Neuer Beitrag Z9")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and b"Neuer Beitrag Z9" in response.content
    assert response["ETag"] != etag


def test_a_cached_page_is_replayed_with_one_version_query(client, article):
    """Issue 9: the page's thread version is Article.thread_version, so a replay asks the
    database for it (one primary-key query) and a copy in any process follows a commit."""
    url = article.get_absolute_url()
    first = client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert [q["sql"] for q in ctx.captured_queries if "thread_version" in q["sql"]] == [
        q["sql"] for q in ctx.captured_queries
    ]
    assert len(ctx.captured_queries) == 1
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "public" in again["Cache-Control"] and not again.cookies


def test_an_outdated_page_is_replayed_while_another_request_renders_it(
    client, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=UserFactory(), body="Spaeter Q5")
    from newsroom.edge import _page_key

    request = client.get(url).wsgi_request  # renders the new version (took the lock)
    key = _page_key(request)
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=UserFactory(), body="Noch spaeter Q6")
    cache.add(key + ":lock", 1, timeout=30)  # someone else is rendering it
    response = client.get(url)
    assert b"Spaeter Q5" in response.content and b"Noch spaeter Q6" not in response.content
    cache.delete(key + ":lock")
    assert b"Noch spaeter Q6" in client.get(url).content


def test_gzip_for_fresh_and_replayed_pages(client, article):
    url = article.get_absolute_url()
    for hit in (False, True):
        response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip"
        assert b"<!doctype html>" in gzip.decompress(response.content)
        assert "accept-encoding" in response["Vary"].lower()
        assert (response.get("X-Page-Cache") == "hit") is hit  # stored from a gzip request
    plain = client.get(url)
    assert plain.get("X-Page-Cache") == "hit" and b"<!doctype html>" in plain.content


def test_pages_outside_the_page_cache_are_gzipped_too(client):
    client.cookies["other"] = "1"  # any other cookie: not for the shared page cache
    response = client.get(reverse("login"), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_logged_in_pages_are_private_and_not_replayed(client, article):
    url = article.get_absolute_url()
    client.get(url)  # fills the page cache
    reader = UserFactory(display_name="Leserin Privat")
    client.force_login(reader)
    response = client.get(url)
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert "X-Page-Cache" not in response and b"Leserin Privat" in response.content
    settings_page = client.get(reverse("accounts:settings"))
    assert "private" in settings_page["Cache-Control"]


def test_pages_that_set_a_cookie_are_private(client):
    response = client.get(reverse("login"))  # the login form sets the CSRF cookie
    assert response.cookies
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_language_switch_works_without_a_csrf_cookie(article):
    client = Client(enforce_csrf_checks=True)
    url = article.get_absolute_url()
    response = client.post(reverse("set_language"), {"language": "de", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["django_language"].value == "de"
    assert "private" in response["Cache-Control"]


def test_the_language_is_part_of_the_page_cache_key(article):
    url = article.get_absolute_url()
    english = Client()
    english.cookies["django_language"] = "en"
    german = Client()
    german.cookies["django_language"] = "de"
    assert b'lang="en"' in english.get(url).content
    assert b'lang="de"' in german.get(url).content
    assert b'lang="en"' in english.get(url).content
