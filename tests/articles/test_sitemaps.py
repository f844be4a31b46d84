"""Sitemaps that never lose an article: 12,000 articles over many months, built once."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Tag
from tests.factories import AuthorFactory, ImageFactory, SectionFactory, TagFactory

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
PUBLISHED, DRAFTS, SCHEDULED = 12_000, 40, 40
FULL_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        section = SectionFactory(slug="politik")
        image = ImageFactory()
        now = timezone.now()
        rows = [
            Article(headline=f"Nachricht {i}", slug=f"nachricht-{i}", lead="x", body="y",
                    section=section, status=Article.Status.PUBLISHED,
                    hero_image=image if i % 100 == 0 else None,
                    # spread over ~3 years, including exact month boundaries
                    published_at=now - timedelta(hours=2 + i * 2.2))
            for i in range(PUBLISHED)
        ] + [
            Article(headline=f"Entwurf {i}", slug=f"entwurf-{i}", lead="x", body="y",
                    section=section, status=Article.Status.DRAFT)
            for i in range(DRAFTS)
        ] + [
            Article(headline=f"Geplant {i}", slug=f"geplant-{i}", lead="x", body="y",
                    section=section, status=Article.Status.PUBLISHED,
                    published_at=now + timedelta(hours=1 + i))
            for i in range(SCHEDULED)
        ]  # fmt: skip
        Article.objects.bulk_create(rows, batch_size=2000)
        author = AuthorFactory(slug="autorin")
        first = Article.objects.order_by("pk").first()
        ArticleAuthor.objects.create(article=first, author=author)
        first.tags.add(TagFactory(slug="thema"))
        client = Client()
        index = ET.fromstring(client.get("/sitemap.xml").content)
        sitemaps = {}
        for node in index.findall("sm:sitemap", NS):
            loc = node.find("sm:loc", NS).text
            lastmod = node.find("sm:lastmod", NS)
            sitemaps[loc] = (ET.fromstring(client.get(loc).content),
                             lastmod.text if lastmod is not None else None)  # fmt: skip
        news = client.get("/sitemap-news.xml")
        yield {"sitemaps": sitemaps, "news": news, "now": now}
        # Committed outside the tests' transactions: remove everything for the next module.
        Article.objects.all().delete()
        author.delete()
        Tag.objects.filter(slug="thema").delete()
        section.delete()
        image.delete()


def locations(tree):
    return [n.text for n in tree.findall("sm:url/sm:loc", NS)]


@pytest.mark.django_db
def test_every_published_article_is_in_exactly_one_sitemap(world):
    seen = {}
    for loc, (tree, _lastmod) in world["sitemaps"].items():
        for url in locations(tree):
            if "/artikel/" in url:
                seen.setdefault(url, []).append(loc)
    assert len(seen) == PUBLISHED
    assert all(len(where) == 1 for where in seen.values())
    slugs = {url.rsplit("/", 2)[-2] for url in seen}
    assert slugs == {f"nachricht-{i}" for i in range(PUBLISHED)}  # no draft, no scheduled one


@pytest.mark.django_db
def test_index_pages_by_month_with_full_timestamps(world):
    names = list(world["sitemaps"])
    assert any(n.endswith("/sitemap-home.xml") for n in names)
    for kind in ("sections", "topics", "authors", "pages"):
        assert any(n.endswith(f"/sitemap-{kind}.xml") for n in names), kind
    months = [n for n in names if "/sitemap-articles-" in n]
    assert len(months) >= 36
    for tree, lastmod in world["sitemaps"].values():
        assert lastmod is None or FULL_TIMESTAMP.fullmatch(lastmod)
        for node in tree.findall("sm:url/sm:lastmod", NS):
            assert FULL_TIMESTAMP.fullmatch(node.text), node.text
        assert len(locations(tree)) <= 5000


@pytest.mark.django_db
def test_hero_images_are_listed(world):
    images = [
        n.text
        for tree, _ in world["sitemaps"].values()
        for n in tree.findall("sm:url/image:image/image:loc", NS)
    ]
    assert len(images) == PUBLISHED // 100
    assert all(i.startswith("http://testserver/media/") for i in images)


@pytest.mark.django_db
def test_news_sitemap_has_the_last_two_days(world):
    response = world["news"]
    assert response["Content-Type"].startswith("application/xml")
    tree = ET.fromstring(response.content)
    urls = tree.findall("sm:url", NS)
    # published every 2.2 hours, starting 2 hours ago: 48 hours hold 21 or 22 articles
    assert 20 <= len(urls) <= 23
    for url in urls:
        news = url.find("news:news", NS)
        assert news.find("news:publication/news:name", NS).text == "Newsroom"
        assert news.find("news:publication/news:language", NS).text == "de"
        assert FULL_TIMESTAMP.fullmatch(news.find("news:publication_date", NS).text)
        assert news.find("news:title", NS).text.startswith("Nachricht ")


@pytest.mark.django_db
def test_unknown_sitemap_and_page_are_404(client, world):
    assert client.get("/sitemap-nix.xml").status_code == 404
    assert client.get("/sitemap-sections.xml?p=99").status_code == 404
