"""XSS: every payload in every displayed user-controlled field renders inert.

The check parses the page the way a browser does (html5lib) and looks for scripts that are not
ours, on* attributes, javascript:/data: URLs, style injection and frames
(tests/security/html_checks.py). Markers prove each payload was actually on the page.
"""

import contextlib
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.validators import handle_validator
from tests.factories import UserFactory
from tests.security.html_checks import injections
from tests.security.xss_payloads import PAYLOADS
from tests.security.xss_world import build_xss_world, marker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.COMMENT_THREADS_PER_PAGE = 500
    settings.RATE_LIMIT_MULTIPLIER = 0
    return build_xss_world()


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _assert_inert(html: str, url: str) -> None:
    assert injections(html) == [], url


@pytest.mark.parametrize(
    "html",
    [
        "<p><script>alert(1)</script></p>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<div style="x">',
        '<iframe srcdoc="x">',
        '<a title="" onmouseover="alert(1)">',
    ],
)
def test_the_checker_finds_injections(html):
    """If a template dropped its escaping, this is what the checks below would see."""
    assert injections(html)


def test_our_own_pages_pass_the_checker(client):
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    for url in [reverse("articles:home"), article.get_absolute_url(), reverse("login")]:
        _assert_inert(_page(client, url), url)


def test_comments_display_names_and_mentions_render_inert(world):
    client = Client()
    for who in [None, world.reader, world.authors[0]]:
        if who:
            client.force_login(who)
        html = _page(client, world.comment_article.get_absolute_url())
        _assert_inert(html, "article with comments")
    for i in range(len(world.comments)):
        assert marker("C", i) in html, f"comment {i} not on the page"
        assert marker("N", i) in html, f"author name {i} not on the page"


def test_profiles_render_names_and_bios_inert(world):
    client = Client()
    for i, author in enumerate(world.authors):
        html = _page(client, author.get_absolute_url())
        _assert_inert(html, author.get_absolute_url())
        assert marker("BIO", i) in html


def test_own_settings_page_and_header_render_the_name_inert(world):
    client = Client()
    for author in world.authors[:20]:
        client.force_login(author)
        for url in [reverse("accounts:settings"), reverse("articles:home")]:
            _assert_inert(_page(client, url), url)


def test_mention_notifications_render_inert(world):
    client = Client()
    client.force_login(world.reader)  # payloads mentioning @leserin notify her
    html = _page(client, reverse("accounts:inbox"))
    _assert_inert(html, "inbox")


def test_report_texts_render_inert_for_moderators(world):
    client = Client()
    client.force_login(world.moderator)
    html = _page(client, reverse("moderation:reported"))
    _assert_inert(html, "reported queue")
    shown = [i for i in range(len(world.comments)) if marker("R", i) in html]
    assert shown, "report texts are not shown at all"
    for author in world.authors[:10]:
        url = reverse("moderation:user", kwargs={"pk": author.pk})
        _assert_inert(_page(client, url), url)


def test_article_fields_render_inert_on_every_reader_page(world, client):
    for i, article in enumerate(world.payload_articles):
        html = _page(client, article.get_absolute_url())
        _assert_inert(html, article.get_absolute_url())
        assert marker("H", i) in html and marker("B", i) in html
    pages = [reverse("articles:home"), world.comment_article.section.get_absolute_url()]
    for url in pages:
        for page in range(1, 8):
            response = client.get(url, {"page": page})
            _assert_inert(response.content.decode(), f"{url}?page={page}")


def test_admin_lists_and_forms_render_payloads_inert(world):
    client = Client()
    client.force_login(world.moderator)
    article = world.payload_articles[0]
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[world.authors[0].pk]),
    ]
    for model in ["comment", "report"]:
        with contextlib.suppress(NoReverseMatch):  # not every model has an admin
            urls.append(reverse(f"admin:comments_{model}_changelist"))
    for url in urls:
        _assert_inert(_page(client, url), url)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_handle_refuses_every_payload(payload):
    with pytest.raises(ValidationError):
        handle_validator(payload)
    with pytest.raises(ValidationError):
        handle_validator(payload.strip()[:30])


def _search_urls() -> list[str]:
    from tests.security.world import endpoints

    names = [e.name for e in endpoints() if "search" in e.name and not e.params]
    return [reverse(name) for name in names if not name.startswith("admin:")]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_queries_render_inert(client, payload):
    """The reader search (when the site has one) and the editors' admin search."""
    from tests.factories import ArticleFactory

    ArticleFactory(headline="Suche")
    for url in _search_urls():
        for param in ("q", "query", "s"):
            response = client.get(url, {param: payload})
            assert response.status_code < 500
            _assert_inert(response.content.decode(), f"{url}?{param}=")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:articles_article_changelist")
    _assert_inert(_page(client, f"{url}?{urlencode({'q': payload})}"), url)
