"""Privacy in a real browser: every request a page makes goes to our own origin.

The same walk records CSP violations and console errors, so the main pages are also proven to
work under the enforced Content-Security-Policy.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, UserFactory
from tests.security.browser import log_in, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _foreign(requests: list[str], origin: str) -> list[str]:
    ours = urlsplit(origin).netloc
    return [
        url
        for url in requests
        if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != ours
    ]


def _walk(page, rec, live_server, paths):
    for path in paths:
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status == 200, path
        rec.collect_violations(page)


def test_main_pages_only_talk_to_our_origin(page, live_server):
    article = ArticleFactory()
    reader = UserFactory(username="leserin")
    rec = record(page)
    _walk(
        page,
        rec,
        live_server,
        [
            reverse("articles:home"),
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            reverse("login"),
            reverse("accounts:signup"),
            reverse("password_reset"),
            reader.get_absolute_url(),
        ],
    )
    assert len(rec.requests) > 7, "the recorder saw the pages' requests"
    assert any("/static/" in url for url in rec.requests)
    assert _foreign(rec.requests, live_server.url) == []
    assert rec.problems() == [], "\n".join(rec.problems())


def test_logged_in_pages_only_talk_to_our_origin(page, live_server):
    article = ArticleFactory()
    reader = UserFactory(username="leserin")
    rec = record(page)
    log_in(page, live_server, reader)
    _walk(
        page,
        rec,
        live_server,
        [
            article.get_absolute_url(),
            reverse("accounts:settings"),
            reverse("accounts:inbox"),
            reader.get_absolute_url(),
        ],
    )
    # Post a comment, so the page's script and the redirect after posting are covered too.
    page.goto(live_server.url + article.get_absolute_url())
    page.fill("textarea[name=body]", "Ein Kommentar ohne Tracker.")
    page.locator(
        "form.comment-form button[type=submit], form.comment-form input[type=submit]"
    ).first.click()
    page.wait_for_load_state("networkidle")
    assert "Ein Kommentar ohne Tracker." in page.content()
    rec.collect_violations(page)
    assert _foreign(rec.requests, live_server.url) == []
    assert rec.problems() == [], "\n".join(rec.problems())
