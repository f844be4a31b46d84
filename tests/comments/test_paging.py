"""Paging that readers notice: "Page 2 of 3" above and below the threads, a link per page."""

import re

import pytest

from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(settings):
    settings.COMMENT_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    reader = UserFactory()
    for n in range(5):
        comment_create(article=article, author=reader, body=f"Beitrag Nummer {n}")
    return article


def test_page_status_above_and_below_the_threads_with_a_link_to_each_page(client, discussion):
    html = client.get(discussion.get_absolute_url() + "?page=2").content.decode()
    section = html[html.index('id="comments"') :]
    assert section.count("Page 2 of 3") == 2
    top, bottom = section.index("comments__pages--top"), section.index("comments__pages--bottom")
    assert top < section.index("Beitrag Nummer 2") < bottom
    link = r'<a href="([^"]+)"(?: aria-current="page")?(?: aria-label="[^"]+")?>(\d)</a>'
    links = re.findall(link, section[top:])
    assert {n for _url, n in links} == {"1", "2", "3"}
    for url, number in links:
        assert url.endswith("#comments")  # the reader lands on the discussion, not the top
        if number != "1":
            assert f"page={number}" in url
    assert 'aria-current="page">2</a>' in section


def test_a_single_page_has_no_pager(client, settings):
    settings.COMMENT_THREADS_PER_PAGE = 50
    article = ArticleFactory()
    comment_create(article=article, author=UserFactory(), body="Nur einer")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "comments__pages" not in html


def test_the_order_is_kept_in_the_page_links(client, discussion):
    html = client.get(discussion.get_absolute_url() + "?sort=newest").content.decode()
    assert "sort=newest&amp;page=2#comments" in html


def test_anonymous_readers_get_a_sign_up_link_that_returns_to_the_discussion(client, discussion):
    html = client.get(discussion.get_absolute_url()).content.decode()
    expected = f"/accounts/signup/?next={discussion.get_absolute_url()}%23comments"
    assert f'href="{expected}"' in html
