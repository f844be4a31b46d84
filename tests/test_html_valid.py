"""The main pages are valid HTML: html5lib's strict parser and unique ids."""

import re
from collections import Counter

import html5lib
import pytest

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client):
    section = SectionFactory(slug="politik", name="Politik")
    tag = TagFactory(slug="taiwan")
    author = AuthorFactory(slug="katrin-albers", photo=ImageFactory())
    article = ArticleFactory(section=section, tags=[tag], authors=[author],
                             hero_image=ImageFactory())  # fmt: skip
    for _ in range(3):
        ArticleFactory(section=section, tags=[tag], authors=[author])
    reader = UserFactory(username="leserin")
    return [
        "/", "/?page=1", article.get_absolute_url(), "/ressort/politik/", "/thema/taiwan/",
        "/autor/katrin-albers/", "/suche/", "/suche/?q=Schlagzeile", "/suche/?q=" + "x" * 300,
        "/impressum/", "/datenschutz/", "/kontakt/", "/comments/rules/", "/accounts/login/",
        "/accounts/signup/", reader.get_absolute_url(),
    ]  # fmt: skip


def strict_errors(html: str) -> list[str]:
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(html)
    return [f"line {pos[0]}: {code} {data}" for pos, code, data in parser.errors]


def duplicate_ids(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(i for i, n in ids.items() if n > 1)


def test_main_pages_parse_without_errors_and_have_unique_ids(client, pages):
    problems = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        html = response.content.decode()
        errors = strict_errors(html) + [f"duplicate id {i}" for i in duplicate_ids(html)]
        if errors:
            problems[url] = errors
    assert problems == {}


def test_logged_in_article_page_is_valid_too(client, pages):
    client.force_login(UserFactory())
    html = client.get(pages[2]).content.decode()
    assert strict_errors(html) == [] and duplicate_ids(html) == []


def test_strict_parsing_detects_errors():
    """The checker must be able to fail."""
    assert strict_errors("<!doctype html><html><body><p>x</div></body></html>")
    assert duplicate_ids('<p id="a"></p><p id="a"></p>') == ["a"]


def test_moderation_user_card_has_unique_ids(client):
    from tests.factories import ModeratorFactory

    member = UserFactory()
    client.force_login(ModeratorFactory())
    response = client.get(f"/moderation/users/{member.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert duplicate_ids(html) == []
    assert 'id="id_suspend_reason"' in html and 'id="id_ban_reason"' in html
