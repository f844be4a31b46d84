"""In a real browser, none of the XSS payloads runs: no dialog, no error, no CSP report.

Every payload from tests/security/xss_payloads.py is on these pages (comments, author names,
bios, report texts, article fields). An injected script would open a dialog, throw, or be
blocked by the CSP and reported; all three are recorded.
"""

import pytest
from django.urls import reverse

from tests.security.browser import log_in, record
from tests.security.xss_world import build_xss_world, marker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings):
    settings.COMMENT_THREADS_PER_PAGE = 500
    settings.RATE_LIMIT_MULTIPLIER = 0
    return build_xss_world()


def _visit(page, rec, url):
    response = page.goto(url, wait_until="load")
    assert response.status == 200, url
    # Give autofocus/onload/ontoggle/animation handlers a moment to fire.
    page.wait_for_timeout(150)
    rec.collect_violations(page)


def test_no_payload_executes_for_readers(page, live_server, world):
    rec = record(page)
    _visit(page, rec, live_server.url + world.comment_article.get_absolute_url())
    assert page.get_by_text(marker("C", 0), exact=False).count() >= 1
    # Hover and focus everything an injected handler could hang on.
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    for article in world.payload_articles:
        _visit(page, rec, live_server.url + article.get_absolute_url())
    for author in world.authors[::3]:
        _visit(page, rec, live_server.url + author.get_absolute_url())
    _visit(page, rec, live_server.url + reverse("articles:home"))
    assert rec.problems() == [], "\n".join(rec.problems())


def test_no_payload_executes_for_moderators(page, live_server, world):
    rec = record(page)
    log_in(page, live_server, world.moderator)
    _visit(page, rec, live_server.url + reverse("moderation:reported"))
    _visit(page, rec, live_server.url + world.comment_article.get_absolute_url())
    _visit(page, rec, live_server.url + reverse("admin:articles_article_changelist"))
    assert rec.problems() == [], "\n".join(rec.problems())


def test_the_recorder_would_notice_an_injection(page, live_server):
    """Negative control: a payload that does run is recorded (dialog, and a CSP report)."""
    rec = record(page)
    page.set_content("<img src=x onerror=alert(1)>")
    page.wait_for_timeout(200)
    assert any("alert" in d or "1" in d for d in rec.dialogs)
    # Under our CSP the same payload is blocked and reported. (A second tab: the suite-wide
    # guard in tests/conftest.py fails any test whose `page` logs a CSP violation.)
    other = page.context.new_page()
    rec2 = record(other)
    other.goto(live_server.url + reverse("login"))
    other.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(2)>')")
    other.wait_for_timeout(200)
    rec2.collect_violations(other)
    assert rec2.csp_violations, "the CSP did not report the blocked handler"
    assert rec2.dialogs == []
