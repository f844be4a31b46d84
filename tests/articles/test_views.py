import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, SupportBox
from newsroom.context_processors import NAV_CACHE_KEY
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # new sections invalidate the cached navigation: warm it first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


class TestHome:
    def test_lead_story_is_the_newest_and_larger(self, client):
        older = ArticleFactory(headline="Ältere Meldung")
        newest = ArticleFactory(headline="Neueste Meldung", published_at=timezone.now())
        html = client.get("/").content.decode()
        assert html.index(newest.headline) < html.index(older.headline)
        assert html.count("teaser--lead") == 1
        lead_block = html[html.index("teaser--lead") : html.index("Ältere Meldung")]
        assert newest.headline in lead_block

    def test_teasers_are_article_elements_with_kicker_byline_and_comment_count(self, client):
        author = AuthorFactory(name="Katrin Albers")
        article = ArticleFactory(kicker="Wahl in Taiwan", authors=[author], genre="commentary")
        Article.objects.filter(pk=article.pk).update(comment_count=7)
        ArticleFactory()  # the lead story
        html = client.get("/").content.decode()
        assert html.count("<article") == 2
        assert "Wahl in Taiwan" in html
        assert "Katrin Albers" in html
        assert f'{article.get_absolute_url()}#comments">7' in html

    def test_paginated(self, client):
        for _ in range(14):
            ArticleFactory()
        first = client.get("/")
        second = client.get("/?page=2")
        assert first.context["page_obj"].paginator.num_pages == 2
        assert len(second.context["page_obj"].object_list) == 2
        assert 'rel="next"' in first.content.decode()
        assert client.get("/?page=999").status_code == 200
        assert client.get("/?page=abc").status_code == 200

    def test_query_count_does_not_grow_with_articles(self, client, django_assert_max_num_queries):
        """Guards against N+1 on teasers: bylines, sections and images are fetched in bulk."""
        for _ in range(8):  # more than the top slots, so the section blocks are not empty
            ArticleFactory(hero_image=ImageFactory(), tags=[TagFactory()])
        few = count_queries(client, "/")
        for _ in range(27):
            ArticleFactory(
                hero_image=ImageFactory(),
                authors=[AuthorFactory(), AuthorFactory()],
                section=SectionFactory(),
            )
        many = count_queries(client, "/")
        assert few == many
        # count, top + bylines, section blocks + bylines, most read, most commented
        with django_assert_max_num_queries(7):
            client.get("/")


class TestArticleDetail:
    def test_shows_everything_a_reader_needs(self, client):
        author = AuthorFactory(name="Sven Beispiel", role="Auslandsredakteur (Asien)",
                               bio="Schreibt über Ostasien.", photo=ImageFactory())  # fmt: skip
        image = ImageFactory(caption="Wahllokal in Taipeh", credit="kcna/yna/dpa")
        tag = TagFactory(name="Taiwan")
        article = ArticleFactory(
            genre="commentary", authors=[author], hero_image=image, tags=[tag],
            kicker="Wahl", headline="Die Demokratie hält", lead="Ein Vorspann.",
        )  # fmt: skip
        related = ArticleFactory(headline="Mehr aus Taiwan", tags=[tag])
        ArticleFactory(headline="Nichts mit Taiwan")
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count("<h1") == 1
        assert "Die Demokratie hält" in html and "Ein Vorspann." in html
        assert "Wahllokal in Taipeh" in html and "kcna/yna/dpa" in html
        assert 'class="byline__genre"' in html
        assert "Auslandsredakteur (Asien)" in html and "Schreibt über Ostasien." in html
        assert author.get_absolute_url() in html
        assert related.headline in html
        assert "Nichts mit Taiwan" not in html
        assert 'id="comments"' in html
        assert "<strong>Fettdruck</strong>" in html

    def test_support_box_when_active(self, client):
        article = ArticleFactory()
        box = SupportBox.objects.create(
            title="Unterstützen Sie uns", text="Bitte.", link_url="/x/", link_label="Los",
            is_active=False,
        )  # fmt: skip
        assert "Unterstützen Sie uns" not in client.get(article.get_absolute_url()).content.decode()
        box.is_active = True  # saved as the admin does: the signal outdates cached pages
        box.save()
        assert "Unterstützen Sie uns" in client.get(article.get_absolute_url()).content.decode()

    @pytest.mark.parametrize("state", ["draft", "scheduled", "unknown"])
    def test_invisible_articles_are_404_in_the_site_design(self, client, state):
        if state == "unknown":
            url = "/artikel/gibt-es-nicht/"
        else:
            kwargs = (
                {"status": Article.Status.DRAFT}
                if state == "draft"
                else {"published_at": timezone.now() + timezone.timedelta(hours=2)}
            )
            url = ArticleFactory(**kwargs).get_absolute_url()
        response = client.get(url)
        assert response.status_code == 404
        assert 'class="site-header"' in response.content.decode()

    def test_staff_with_preview_permission_see_drafts(self, client):
        draft = ArticleFactory(status=Article.Status.DRAFT, headline="Geheimer Entwurf")
        plain_staff = UserFactory(is_staff=True)
        client.force_login(plain_staff)
        assert client.get(draft.get_absolute_url()).status_code == 404
        editor = UserFactory(is_staff=True)
        editor.user_permissions.add(Permission.objects.get(codename="preview_article"))
        client.force_login(editor)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "Geheimer Entwurf" in response.content.decode()
        assert "alert-warning" in response.content.decode()  # the preview notice

    def test_query_count_does_not_grow_with_authors_tags_and_related(
        self, client, django_assert_max_num_queries
    ):
        """Guards against N+1 on the byline, author boxes, topics and "More on this topic"."""
        small = ArticleFactory(tags=[TagFactory()])
        ArticleFactory(tags=list(small.tags.all()))
        few = count_queries(client, small.get_absolute_url())
        tags = [TagFactory() for _ in range(5)]
        big = ArticleFactory(
            tags=tags, hero_image=ImageFactory(),
            authors=[AuthorFactory(photo=ImageFactory()) for _ in range(4)],
        )  # fmt: skip
        for _ in range(6):
            ArticleFactory(tags=tags, hero_image=ImageFactory(),
                           authors=[AuthorFactory(), AuthorFactory()])  # fmt: skip
        many = count_queries(client, big.get_absolute_url())
        assert few == many
        with django_assert_max_num_queries(15):  # articles' own share is 7; the rest: comments
            client.get(big.get_absolute_url())


class TestListPages:
    def test_section_page_includes_subsections(self, client):
        politik = SectionFactory(name="Politik", slug="politik")
        ausland = SectionFactory(name="Ausland", slug="ausland", parent=politik)
        asien = SectionFactory(name="Asien", slug="asien", parent=ausland)
        ArticleFactory(section=asien, headline="Aus Asien")
        ArticleFactory(section=politik, headline="Aus der Politik")
        ArticleFactory(headline="Woanders")
        html = client.get(politik.get_absolute_url()).content.decode()
        assert "Aus Asien" in html and "Aus der Politik" in html and "Woanders" not in html
        html = client.get(asien.get_absolute_url()).content.decode()
        assert "Aus Asien" in html and "Aus der Politik" not in html
        assert ausland.get_absolute_url() in html  # breadcrumb to the parent

    def test_tag_page(self, client):
        tag = TagFactory(name="Energiewende")
        ArticleFactory(headline="Windräder", tags=[tag])
        ArticleFactory(headline="Fußball")
        ArticleFactory(headline="Entwurf", tags=[tag], status=Article.Status.DRAFT)
        html = client.get(tag.get_absolute_url()).content.decode()
        assert "Windräder" in html and "Fußball" not in html and "Entwurf" not in html

    def test_author_page_shows_bio_and_articles(self, client):
        author = AuthorFactory(name="Leonie Beispiel", bio="Liest viel.")
        other = AuthorFactory()
        article = ArticleFactory(headline="Ihre Kritik", authors=[other, author])
        ArticleFactory(headline="Nicht von ihr")
        html = client.get(author.get_absolute_url()).content.decode()
        assert "Liest viel." in html and article.headline in html
        assert "Nicht von ihr" not in html
        assert ArticleAuthor.objects.filter(author=author).count() == 1

    @pytest.mark.parametrize("prefix", ["ressort", "thema", "autor"])
    def test_unknown_items_are_404(self, client, prefix):
        assert client.get(f"/{prefix}/gibt-es-nicht/").status_code == 404


def test_nav_sections_cache_is_invalidated_on_section_changes(client):
    SectionFactory(name="Politik", slug="politik")
    client.get("/")
    assert [s.name for s in cache.get(NAV_CACHE_KEY)] == ["Politik"]
    kultur = SectionFactory(name="Kultur", slug="kultur")
    assert cache.get(NAV_CACHE_KEY) is None
    assert "Kultur" in client.get("/").content.decode()
    kultur.name = "Feuilleton"
    kultur.save()
    assert "Feuilleton" in client.get("/").content.decode()
    kultur.delete()
    assert "Feuilleton" not in client.get("/").content.decode()


def test_home_url_name():
    assert reverse("articles:home") == "/"


def test_rss_feed_lists_published_articles(client):
    article = ArticleFactory(kicker="Wahl", headline="Ergebnis steht fest")
    ArticleFactory(headline="Noch ein Entwurf", status=Article.Status.DRAFT)
    response = client.get(reverse("articles:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "Wahl: Ergebnis steht fest" in body
    assert article.get_absolute_url() in body
    assert "Noch ein Entwurf" not in body
    assert reverse("articles:feed") in client.get("/").content.decode()


def test_sitemap_lists_public_pages_only(client):
    article = ArticleFactory(section=SectionFactory(slug="kultur"))
    draft = ArticleFactory(status=Article.Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver([^<]+)</loc>", index)
    body = "".join(client.get(loc).content.decode() for loc in locations)
    assert article.get_absolute_url() in body
    assert "/ressort/kultur/" in body
    assert draft.get_absolute_url() not in body


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_list_pages_query_count_does_not_grow_with_articles(client, kind):
    """Guards against N+1 on section, topic and author pages."""
    parent = SectionFactory(slug="politik")
    section = SectionFactory(slug="ausland", parent=parent)
    tag, author = TagFactory(), AuthorFactory(photo=ImageFactory())
    url = {"section": parent, "tag": tag, "author": author}[kind].get_absolute_url()

    def add(n):
        for _ in range(n):
            ArticleFactory(section=section, tags=[tag], hero_image=ImageFactory(),
                           authors=[author, AuthorFactory()])  # fmt: skip

    add(2)
    few = count_queries(client, url)
    add(13)  # more than a page
    assert count_queries(client, url) == few
