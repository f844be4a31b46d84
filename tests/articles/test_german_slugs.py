"""German slugs (ä -> ae, ö -> oe, ü -> ue, ß -> ss) and permanent redirects from old slugs."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Author, FormerSlug, Section, SlugRedirect, Tag
from articles.slugs import german_slugify
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Wir müssen reden", "wir-muessen-reden"),
        ("Größere Straßen für Äpfel", "groessere-strassen-fuer-aepfel"),
        ("ÖPNV: Über 10 % teurer!", "oepnv-ueber-10-teurer"),
        ("Café Español", "cafe-espanol"),
        ("  --  ", ""),
    ],
)
def test_german_slugify_writes_umlauts_as_german_urls_do(text, slug):
    assert german_slugify(text) == slug


def test_german_slugify_keeps_to_the_length_without_a_trailing_dash():
    assert german_slugify("Überschrift " * 20, max_length=25) == "ueberschrift-ueberschrift"


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_an_article_saved_without_a_slug_gets_a_german_one(client, editor):
    data = article_form(SectionFactory(), AuthorFactory(), headline="Wir müssen reden", slug="")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get(headline="Wir müssen reden").slug == "wir-muessen-reden"


def test_a_taken_slug_gets_a_number(client, editor):
    ArticleFactory(slug="wir-muessen-reden")
    data = article_form(SectionFactory(), AuthorFactory(), headline="Wir müssen reden", slug="")
    client.post(reverse("admin:articles_article_add"), data)
    assert Article.objects.filter(slug="wir-muessen-reden-2").exists()


@pytest.mark.parametrize(
    ("model", "url_name", "data", "slug"),
    [
        (Section, "admin:articles_section_add", {"name": "Süddeutschland"}, "sueddeutschland"),
        (Tag, "admin:articles_tag_add", {"name": "Straßenbahn"}, "strassenbahn"),
        (Author, "admin:articles_author_add", {"name": "Jörg Müller"}, "joerg-mueller"),
    ],
)
def test_sections_topics_and_authors_get_german_slugs(client, editor, model, url_name, data, slug):
    editor.is_superuser = True
    editor.save()
    response = client.post(reverse(url_name), {**data, "slug": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert model.objects.get(name=data["name"]).slug == slug


def test_the_admin_fills_the_slug_field_with_german_slugs_as_you_type(client, editor):
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "js/admin-german-slugs.js" in html
    assert html.index("admin/js/urlify.js") < html.index("js/admin-german-slugs.js")


@pytest.mark.parametrize(
    ("factory", "route"),
    [(SectionFactory, "articles:section"), (TagFactory, "articles:tag"),
     (AuthorFactory, "articles:author")],
)  # fmt: skip
def test_a_renamed_section_topic_or_author_redirects_permanently(client, factory, route):
    thing = factory(slug="alt")
    thing.slug = "neu"
    thing.save()
    assert FormerSlug.objects.filter(old_slug="alt").count() == 1
    response = client.get(reverse(route, kwargs={"slug": "alt"}))
    assert response.status_code == 301
    assert response["Location"] == reverse(route, kwargs={"slug": "neu"})
    # renamed back: the slug belongs to it again, no redirect loop
    thing.slug = "alt"
    thing.save()
    assert client.get(reverse(route, kwargs={"slug": "alt"})).status_code == 200
    assert client.get(reverse(route, kwargs={"slug": "neu"})).status_code == 301


def test_the_command_rewrites_umlaut_dropping_slugs_and_keeps_the_old_urls(client):
    article = ArticleFactory(headline="Wir müssen reden", slug="wir-mussen-reden")
    draft = ArticleFactory(headline="Über alles", slug="uber-alles", status="draft")
    tag = TagFactory(name="Straßenbahn", slug="straenbahn")  # Django drops the ß
    tram = TagFactory(name="Tram über Land", slug="tram")  # chosen by hand
    section = SectionFactory(name="Süden", slug="suden")
    mine = ArticleFactory(headline="Grüße", slug="gruesse-aus-berlin")  # chosen by hand
    call_command("slugs_germanize")  # a dry run by default
    article.refresh_from_db()
    assert article.slug == "wir-mussen-reden"
    call_command("slugs_germanize", "--apply")
    for obj in (article, draft, tag, tram, section, mine):
        obj.refresh_from_db()
    assert article.slug == "wir-muessen-reden" and draft.slug == "ueber-alles"
    assert section.slug == "sueden" and tag.slug == "strassenbahn"
    assert tram.slug == "tram" and mine.slug == "gruesse-aus-berlin"
    assert SlugRedirect.objects.filter(old_slug="wir-mussen-reden", article=article).exists()
    response = client.get("/artikel/wir-mussen-reden/")
    assert response.status_code == 301 and response["Location"] == "/artikel/wir-muessen-reden/"
    assert client.get("/ressort/suden/")["Location"] == "/ressort/sueden/"
