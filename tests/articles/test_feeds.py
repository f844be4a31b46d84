"""Every feed parses with feedparser without bozo and carries what aggregators need."""

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_save
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    politik = SectionFactory(slug="politik", name="Politik")
    ausland = SectionFactory(slug="ausland", name="Ausland", parent=politik)
    tag = TagFactory(slug="taiwan", name="Taiwan")
    author = AuthorFactory(slug="katrin-albers", name="Katrin Albers")
    article = ArticleFactory(section=ausland, tags=[tag], authors=[author],
                             hero_image=ImageFactory(), kicker="Asien")  # fmt: skip
    ArticleFactory(status=Article.Status.DRAFT, section=ausland, tags=[tag], authors=[author])
    ArticleFactory(section=ausland, authors=[author],
                   published_at=timezone.now() + timezone.timedelta(hours=2))  # fmt: skip
    return {"article": article, "section": politik, "tag": tag, "author": author}


FEEDS = ["/feed/", "/ressort/politik/feed/", "/thema/taiwan/feed/", "/autor/katrin-albers/feed/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("url", FEEDS + [u + "atom/" for u in FEEDS])
def test_every_feed_is_well_formed_and_complete(client, world, url):
    response, feed = parse(client, url)
    atom = url.endswith("atom/")
    assert feed.version == ("atom10" if atom else "rss20")
    assert feed.feed.language == "de" if not atom else response.content.count(b'xml:lang="de"')
    assert feed.feed.link.startswith("http://testserver/")
    assert (
        (feed.feed.get("image") or {}).get("href", feed.feed.get("logo", "")).endswith("logo.png")
    )
    (entry,) = feed.entries  # no draft, no scheduled article
    article = world["article"]
    assert entry.link == "http://testserver" + article.get_absolute_url()
    assert entry.id == f"tag:testserver,2026:article:{article.pk}"
    assert entry.title == f"Asien: {article.headline}"
    assert entry.author == "Katrin Albers"
    assert {t.term for t in entry.tags} == {"Ausland", "Taiwan"}
    (media,) = entry.media_content
    assert media["url"].startswith("http://testserver/media/renditions/")
    assert media["medium"] == "image"


def test_feeds_are_german_even_for_english_readers(client, world):
    _response, feed = parse(client, "/ressort/politik/feed/")
    assert feed.feed.description == "Die neuesten Artikel im Ressort Politik."


def test_guid_survives_a_slug_change(client, world):
    article = world["article"]
    _, before = parse(client, "/feed/")
    article.slug = "ganz-neuer-slug"
    article_save(article=article)
    _, after = parse(client, "/feed/")
    assert before.entries[0].id == after.entries[0].id
    assert after.entries[0].link.endswith("/artikel/ganz-neuer-slug/")


def test_conditional_get_answers_304(client, world):
    response = client.get("/thema/taiwan/feed/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/thema/taiwan/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/thema/taiwan/feed/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    ArticleFactory(tags=[world["tag"]], authors=[world["author"]])
    assert client.get("/thema/taiwan/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_unknown_scope_is_404(client, world):
    for url in ["/ressort/nix/feed/", "/thema/nix/feed/atom/", "/autor/nix/feed/"]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("listing", "feeds"),
    [
        ("/", ["/feed/", "/feed/atom/"]),
        ("/ressort/politik/", ["/ressort/politik/feed/", "/ressort/politik/feed/atom/"]),
        ("/thema/taiwan/", ["/thema/taiwan/feed/", "/thema/taiwan/feed/atom/"]),
        ("/autor/katrin-albers/", ["/autor/katrin-albers/feed/"]),
    ],
)
def test_autodiscovery_links(client, world, listing, feeds):
    html = client.get(listing).content.decode()
    for feed in feeds:
        assert 'rel="alternate" type="application/' in html
        assert f'href="{feed}"' in html, (listing, feed)
    article_html = client.get(world["article"].get_absolute_url()).content.decode()
    assert 'href="/ressort/ausland/feed/"' in article_html


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_the_lead_reaches_feed_readers_exactly_as_written(client, url):
    """Issue 22: Atom declared the plain-text lead type="html", so `&amp;` or `<3` in a lead
    was read as markup (escaped once too often, or not at all)."""
    import html
    import re

    lead = 'Tom & Jerry <3 "Zitat" &amp; <b>kein Fett</b>'
    ArticleFactory(lead=lead)
    _response, feed = parse(client, url)
    (entry,) = feed.entries
    detail = entry.summary_detail
    if detail.type == "text/plain":
        shown = entry.summary
    else:  # HTML: what a reader displays is the text of the markup
        shown = html.unescape(re.sub(r"<[^>]+>", "", entry.summary))
    assert shown == lead
