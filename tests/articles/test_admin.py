import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Image, SlugRedirect
from articles.services import article_save
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def article_form(section, author, **overrides):
    now = timezone.localtime()
    data = {
        "kicker": "Haushalt",
        "headline": "Einigung in der Nacht",
        "slug": "einigung-in-der-nacht",
        "lead": "Die Koalition legt den Etat vor.",
        "body": "Erster Absatz.\n\n## Zweiter Teil\n\nMehr Text.",
        "genre": "news",
        "status": "published",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": (now - timezone.timedelta(minutes=5)).strftime("%H:%M:%S"),
        "section": section.pk,
        "comments_open": "on",
        "live_updates": "on",  # a ticked box by default, as the browser sends it
        "new_image_alt_text": "",
        "new_image_caption": "",
        "new_image_credit": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": author.pk,
        "bylines-0-position": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        "slug_redirects-TOTAL_FORMS": "0",
        "slug_redirects-INITIAL_FORMS": "0",
        "slug_redirects-MIN_NUM_FORMS": "0",
        "slug_redirects-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_groups_from_the_data_migration():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "preview_article", "add_image", "change_section",
            "change_supportbox", "add_author", "add_tag"} <= codenames  # fmt: skip
    assert "delete_user" not in codenames
    moderators = Group.objects.get(name="Moderators")
    assert "view_article" in set(moderators.permissions.values_list("codename", flat=True))
    assert "change_article" not in set(moderators.permissions.values_list("codename", flat=True))


@pytest.mark.parametrize(
    "name",
    [
        "article",
        "image",
        "section",
        "tag",
        "author",
        "supportbox",
        "slugredirect",
        "frontpageslot",
        "correction",
    ],  # fmt: skip
)
def test_admin_pages_load_for_editors(client, editor, name):
    ArticleFactory(hero_image=ImageFactory())
    assert client.get(reverse(f"admin:articles_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:articles_{name}_add")).status_code == 200


def test_article_changelist_filters_search_and_preview_link(client, editor):
    draft = ArticleFactory(headline="Ein Entwurf", status=Article.Status.DRAFT)
    ArticleFactory(headline="Veröffentlicht")
    url = reverse("admin:articles_article_changelist")
    html = client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Ein Entwurf" in html and "Veröffentlicht" not in html
    html = client.get(url, {"q": "Entwurf"}).content.decode()
    assert "Ein Entwurf" in html and "Veröffentlicht" not in html
    assert f'href="{draft.get_absolute_url()}"' in html  # staff preview of the draft
    change = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert draft.get_absolute_url() in change.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200  # editors may preview


def test_editor_writes_an_article_with_a_new_image(client, editor, settings):
    section, author = SectionFactory(), AuthorFactory()
    upload = SimpleUploadedFile("hafen.jpg", image_bytes(1200, 700), "image/jpeg")
    data = article_form(section, author, new_image=upload,
                        new_image_alt_text="Schiffe im Hafen", new_image_credit="dpa")  # fmt: skip
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="einigung-in-der-nacht")
    assert article.hero_image.alt_text == "Schiffe im Hafen"
    assert article.hero_image.credit == "dpa"
    assert [b.author for b in article.bylines.all()] == [author]
    assert "<h2>Zweiter Teil</h2>" in article.body_html
    assert article.headline in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "bild.svg", "not a valid image"),
        (b"%PDF-1.4 nope", "bild.jpg", "not a valid image"),
        (image_bytes(120, 90), "klein.jpg", "too small"),
    ],
)
def test_invalid_upload_gives_a_form_error_and_stores_nothing(
    client, editor, settings, data, name, message
):
    section, author = SectionFactory(), AuthorFactory()
    upload = SimpleUploadedFile(name, data, "image/jpeg")
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(section, author, new_image=upload, new_image_alt_text="Ein Bild"),
    )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["new_image"])
    assert not Article.objects.exists()
    assert not Image.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_new_image_needs_alt_text(client, editor):
    upload = SimpleUploadedFile("hafen.jpg", image_bytes(), "image/jpeg")
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(SectionFactory(), AuthorFactory(), new_image=upload),
    )
    assert response.status_code == 200
    assert "new_image_alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


def test_image_admin_refuses_bad_files_and_requires_alt_text(
    client, editor, django_capture_on_commit_callbacks
):
    url = reverse("admin:articles_image_add")
    svg = SimpleUploadedFile("x.svg", b"<svg/>", "image/svg+xml")
    response = client.post(url, {"file": svg, "alt_text": "Logo"})
    assert response.status_code == 200
    assert "file" in response.context["adminform"].form.errors
    good = SimpleUploadedFile("x.jpg", image_bytes(), "image/jpeg")
    response = client.post(url, {"file": good, "alt_text": "   "})
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()
    good.seek(0)
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task
        response = client.post(url, {"file": good, "alt_text": "Ein Bild", "credit": "dpa"})
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions and image.file.name.endswith(".jpg")


def test_changing_the_slug_in_the_admin_records_a_redirect(client, editor):
    article = ArticleFactory(slug="alt", section=SectionFactory())
    author = article.bylines.get().author
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(article.section, author, slug="neu", headline=article.headline)
    data.update({"bylines-INITIAL_FORMS": "1", "bylines-0-id": article.bylines.get().pk,
                 "bylines-0-article": article.pk})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert SlugRedirect.objects.get().old_slug == "alt"
    assert client.get("/artikel/alt/").status_code == 301


def test_a_change_form_that_does_not_validate_links_to_the_stored_address(client, editor):
    """The form comes back with the typed values (an empty slug, a missing headline); the
    links to the article and its ticker desk still point where the article is (no 500)."""
    article = ArticleFactory(slug="gespeichert", is_liveticker=True)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(article.section, article.bylines.get().author, slug="", headline="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "headline" in response.context["adminform"].form.errors
    html = response.content.decode()
    assert 'href="/artikel/gespeichert/"' in html
    assert reverse("articles:ticker-desk", args=["gespeichert"]) in html
    assert client.post(url, {}).status_code == 200  # nothing at all: errors, no 500


def test_a_new_article_has_no_address_yet(client, editor):
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    response = client.post(reverse("admin:articles_article_add"), {"slug": ""})
    assert response.status_code == 200


def test_slug_of_another_articles_redirect_is_refused(client, editor):
    first = ArticleFactory(slug="frei")
    first.slug = "vergeben"
    article_save(article=first)
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(SectionFactory(), AuthorFactory(), slug="frei"),
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


def test_publish_and_unpublish_actions(client, editor):
    drafts = [ArticleFactory(status=Article.Status.DRAFT) for _ in range(2)]
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish_selected",
                      "_selected_action": [a.pk for a in drafts]})  # fmt: skip
    assert Article.objects.published().count() == 2
    client.post(url, {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]})
    assert Article.objects.published().count() == 1


def test_readers_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302


def test_author_photo_upload(client, editor):
    upload = SimpleUploadedFile("portrait.png", image_bytes(400, 400, fmt="PNG"), "image/png")
    response = client.post(
        reverse("admin:articles_author_add"),
        {"name": "Katrin Albers", "slug": "katrin-albers", "role": "Asien", "bio": "",
         "new_photo": upload, "new_photo_credit": "privat"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    author = Author.objects.get(slug="katrin-albers")
    assert author.photo.alt_text == "Katrin Albers"
    assert author.photo.credit == "privat"
    bad = SimpleUploadedFile("portrait.jpg", b"<html>", "image/jpeg")
    response = client.post(
        reverse("admin:articles_author_add"),
        {"name": "X", "slug": "x", "new_photo": bad},
    )
    assert response.status_code == 200
    assert "new_photo" in response.context["adminform"].form.errors
    assert Image.objects.count() == 1
