"""Issue 23: time is a dependency. A page that could list a scheduled article is not served
past its publication by any layer: this process's copy, the shared cache, or the edge."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _s_maxage(response) -> int:
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


@pytest.fixture
def world():
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    ArticleFactory(section=section, tags=[tag], authors=[author], headline="Schon da A1")
    return section, tag, author


def _pages(section, tag, author) -> list[str]:
    return [
        "/",
        section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        "/feed/",
        f"{section.get_absolute_url()}feed/",
        f"{tag.get_absolute_url()}feed/",
        f"{author.get_absolute_url()}feed/",
    ]


def test_a_scheduled_article_appears_everywhere_within_two_seconds_without_a_write(world):
    """The anonymous front page kept the old lead for 13 minutes after the scheduled time."""
    section, tag, author = world
    reader = Client()
    pages = _pages(section, tag, author)
    when = timezone.now() + timedelta(seconds=1.5)
    ArticleFactory(
        section=section, tags=[tag], authors=[author], headline="Geplant Z7", published_at=when
    )
    for url in pages:  # cached before the time, in this process and the shared cache
        first = reader.get(url)
        assert first.status_code == 200 and b"Geplant Z7" not in first.content, url
        assert _s_maxage(first) <= 2, (url, first["Cache-Control"])
        assert "stale-while-revalidate=0" in first["Surrogate-Control"], url
        if url.endswith("/") and "feed" not in url:
            assert reader.get(url)["X-Page-Cache"] == "hit", url
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)
    for url in pages:
        assert b"Geplant Z7" in reader.get(url).content, url


def test_a_browser_copy_from_before_the_publication_gets_no_304():
    when = timezone.now() + timedelta(seconds=1)
    ArticleFactory(headline="Vorher B1")
    ArticleFactory(headline="Geplant B2", published_at=when)
    reader = Client()
    etag = reader.get("/")["ETag"]
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 304
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)
    again = reader.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 200 and b"Geplant B2" in again.content


def test_the_embargoed_article_answers_404_only_until_its_time():
    when = timezone.now() + timedelta(seconds=1)
    article = ArticleFactory(headline="Sperrfrist E1", published_at=when)
    reader = Client()
    before = reader.get(article.get_absolute_url())
    assert before.status_code == 404
    assert _s_maxage(before) <= 1
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)
    assert reader.get(article.get_absolute_url()).status_code == 200


def test_a_page_without_anything_scheduled_keeps_the_configured_times(world):
    response = Client().get("/")
    assert _s_maxage(response) == 60
    assert "stale-while-revalidate=30" in response["Surrogate-Control"]


def test_a_scheduled_article_far_ahead_bounds_but_does_not_stop_caching(world):
    section, _tag, _author = world
    ArticleFactory(section=section, published_at=timezone.now() + timedelta(seconds=40))
    response = Client().get(section.get_absolute_url())
    assert 38 <= _s_maxage(response) <= 40
    # s-maxage plus stale-while-revalidate never reach past the moment either
    swr = int(re.search(r"stale-while-revalidate=(\d+)", response["Surrogate-Control"]).group(1))
    assert _s_maxage(response) + swr <= 40


def test_listing_pages_ask_no_extra_query_for_the_moment(world, django_assert_num_queries):
    """The moment rides in the listing's own query (a scalar subquery)."""
    section, _tag, _author = world
    client = Client()
    client.cookies["render"] = "1"  # outside the page cache: this measures the render
    client.get(section.get_absolute_url())
    with django_assert_num_queries(5):  # section, count, page+subquery, bylines, nav path
        client.get(section.get_absolute_url())


def test_drafts_are_no_scheduled_articles(world):
    section, _tag, _author = world
    ArticleFactory(
        section=section,
        status=Article.Status.DRAFT,
        published_at=timezone.now() + timedelta(seconds=5),
    )
    assert _s_maxage(Client().get(section.get_absolute_url())) == 60


def test_a_front_page_slot_ends_by_the_clock():
    from articles.models import FrontPageSlot

    newest = ArticleFactory(headline="Neueste S2", published_at=timezone.now())
    pinned = ArticleFactory(
        headline="Angepinnt S1", published_at=timezone.now() - timedelta(days=2)
    )
    when = timezone.now() + timedelta(seconds=1)
    FrontPageSlot.objects.create(position=1, article=pinned, ends_at=when)
    reader = Client()
    first = reader.get("/")
    assert first.context["front"].lead == pinned
    assert _s_maxage(first) <= 1
    time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)
    assert reader.get("/").context["front"].lead == newest
