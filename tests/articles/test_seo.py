"""Share and search-engine metadata, read with extruct as crawlers read it."""

import re

import extruct
import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    parent = SectionFactory(slug="politik", name="Politik")
    section = SectionFactory(slug="ausland", name="Ausland", parent=parent)
    return ArticleFactory(
        headline="Wahl in Taiwan",
        kicker="Asien",
        section=section,
        hero_image=_big_image(),
        authors=[AuthorFactory(name="Katrin Albers", slug="katrin-albers")],
        tags=[TagFactory(name="Taiwan")],
    )


def _big_image():
    from django.core.files.base import ContentFile

    from tests.factories import image_bytes

    return ImageFactory(file=ContentFile(image_bytes(1600, 900), name="hero.jpg"))


def extract(html):
    return extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"],
                           uniform=True)  # fmt: skip


def test_article_json_ld_and_open_graph(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    data = extract(html)
    (news,) = [d for d in data["json-ld"] if d["@type"] == "NewsArticle"]
    assert news["headline"] == "Wahl in Taiwan"
    assert news["inLanguage"] == "de"
    assert (
        news["datePublished"]
        == timezone.localtime(article.published_at).replace(microsecond=0).isoformat()
    )
    assert news["dateModified"] >= news["datePublished"]
    assert news["author"] == [{"@type": "Person", "name": "Katrin Albers",
                               "url": "http://testserver/autor/katrin-albers/"}]  # fmt: skip
    assert news["publisher"]["name"] and news["publisher"]["logo"]["url"].endswith("logo.png")
    assert news["articleSection"] == "Ausland"
    assert news["commentCount"] == 0 and news["isAccessibleForFree"] is True
    (image,) = news["image"]
    assert image["url"].endswith("/1200.jpg") and image["width"] == 1200
    assert image["height"] == 675
    (crumbs,) = [d for d in data["json-ld"] if d["@type"] == "BreadcrumbList"]
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Newsroom", "Politik", "Ausland", "Wahl in Taiwan"
    ]  # fmt: skip
    (og,) = data["opengraph"]
    assert og["@type"] == "article" and og["og:locale"] == "de_DE"
    assert og["article:section"] == "Ausland" and og["article:tag"] == "Taiwan"
    assert og["og:url"] == "http://testserver" + article.get_absolute_url()
    assert og["og:image"].endswith("/1200.jpg")
    assert og["og:image:width"] == "1200" and og["og:image:height"] == "675"
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="description" content="' in html


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory(
        headline="</script><script>alert(1)</script>", lead="<!-- & </SCRIPT >", kicker="x"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S | re.I)
    assert len(blocks) == 2
    assert all("<" not in block for block in blocks)
    (news,) = [d for d in extract(html)["json-ld"] if d["@type"] == "NewsArticle"]
    assert news["headline"] == "</script><script>alert(1)</script>"


def test_section_pages_have_breadcrumbs_and_feeds(client):
    parent = SectionFactory(slug="politik", name="Politik")
    SectionFactory(slug="ausland", name="Ausland", parent=parent)
    html = client.get("/ressort/ausland/").content.decode()
    (crumbs,) = extract(html)["json-ld"]
    assert [i["item"] for i in crumbs["itemListElement"]] == [
        "http://testserver/", "http://testserver/ressort/politik/",
        "http://testserver/ressort/ausland/",
    ]  # fmt: skip
    assert 'href="/ressort/ausland/feed/"' in html and 'href="/ressort/ausland/feed/atom/"' in html


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def test_every_page_has_one_canonical_link(client, article):
    urls = ["/", "/?page=2", "/ressort/ausland/", "/thema/" + article.tags.get().slug + "/",
            "/autor/katrin-albers/", "/suche/?q=x", "/impressum/", "/accounts/login/"]  # fmt: skip
    for url in urls:
        html = client.get(url).content.decode()
        assert html.count('rel="canonical"') == 1, url
    assert canonical(client.get("/?page=1&utm=x").content.decode()) == "http://testserver/"
    assert canonical(client.get("/?page=2").content.decode()) == "http://testserver/?page=2"


def test_comment_pages_and_sort_orders_point_at_the_article(client, article):
    expected = "http://testserver" + article.get_absolute_url()
    for query in ["", "?page=2", "?order=newest", "?page=3&order=oldest", "?reply_to=1"]:
        html = client.get(article.get_absolute_url() + query).content.decode()
        assert canonical(html) == expected, query


def test_article_text_is_marked_german_in_an_english_frame(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html  # the test client chose English with the cookie
    assert '<h1 id="article-headline" class="article__headline" lang="de">' in html
    assert '<div class="article__body" lang="de">' in html
    assert '<p class="teaser__lead" lang="de">' in client.get("/").content.decode()


def test_time_elements_have_no_microseconds(client, article):
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now().replace(microsecond=123456) - timezone.timedelta(hours=1)
    )
    for url in ["/", article.get_absolute_url()]:
        values = re.findall(r'<time datetime="([^"]+)"', client.get(url).content.decode())
        assert values
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", v) for v in values)
