import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Image, SlugRedirect
from articles.services import article_publish, article_save, article_unpublish, image_create
from tests.factories import ArticleFactory, image_bytes

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    return article_save(article=article)


class TestSlugHistory:
    def test_renaming_a_published_article_keeps_the_old_url(self, client):
        article = ArticleFactory(slug="alter-titel")
        rename(article, "neuer-titel")
        assert SlugRedirect.objects.get(old_slug="alter-titel").article == article
        response = client.get("/artikel/alter-titel/")
        assert response.status_code == 301
        assert response["Location"] == "/artikel/neuer-titel/"
        assert client.get(response["Location"]).status_code == 200

    def test_renaming_twice_redirects_every_former_slug_to_the_current_one(self, client):
        article = ArticleFactory(slug="eins")
        rename(article, "zwei")
        rename(article, "drei")
        for old in ("eins", "zwei"):
            response = client.get(f"/artikel/{old}/")
            assert response.status_code == 301
            assert response["Location"] == "/artikel/drei/"

    def test_renaming_back_removes_the_redirect_that_would_shadow_nothing(self):
        article = ArticleFactory(slug="a")
        rename(article, "b")
        rename(article, "a")
        assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["b"]

    def test_a_draft_can_change_its_slug_without_leaving_history(self):
        article = ArticleFactory(slug="entwurf", status=Article.Status.DRAFT)
        rename(article, "entwurf-2")
        assert not SlugRedirect.objects.exists()

    def test_a_scheduled_article_was_never_public(self):
        article = ArticleFactory(
            slug="geplant", published_at=timezone.now() + timezone.timedelta(days=1)
        )
        rename(article, "geplant-2")
        assert not SlugRedirect.objects.exists()

    def test_old_url_of_an_unpublished_article_is_404_not_a_redirect(self, client):
        article = ArticleFactory(slug="weg")
        rename(article, "weg-2")
        article_unpublish(article=article)
        assert client.get("/artikel/weg/").status_code == 404

    def test_saving_without_a_slug_change_records_nothing(self):
        article = ArticleFactory()
        article.headline = "Andere Schlagzeile"
        article_save(article=article)
        assert not SlugRedirect.objects.exists()


class TestPublishing:
    def test_publishing_a_draft_sets_the_time_to_now(self):
        old = timezone.now() - timezone.timedelta(days=3)
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=old)
        article_publish(article=article)
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at > old + timezone.timedelta(days=2)
        assert article.is_published()

    def test_publishing_keeps_a_future_schedule(self):
        later = timezone.now() + timezone.timedelta(days=2)
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=later)
        article_publish(article=article)
        article.refresh_from_db()
        assert article.published_at == later
        assert not article.is_published()

    def test_unpublish(self):
        article = ArticleFactory()
        article_unpublish(article=article)
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT


class TestImageCreate:
    def test_stores_a_clean_copy_with_renditions(self, django_capture_on_commit_callbacks):
        upload = SimpleUploadedFile("foto.jpg", image_bytes(1200, 800), "image/jpeg")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            image = image_create(upload=upload, alt_text="  Ein Bild  ", credit="dpa")
            assert image.renditions == {}  # the task runs once the upload committed
        # One task (the renditions); the other callback renews the page cache's site version.
        assert [c for c in callbacks if "image_renditions" in repr(c)] != []
        assert len(callbacks) == 2
        assert image.alt_text == "Ein Bild"
        assert (image.width, image.height) == (1200, 800)
        image.refresh_from_db()
        assert "1200" in image.renditions

    def test_invalid_upload_stores_nothing(self, settings):
        upload = SimpleUploadedFile("x.svg", b"<svg></svg>", "image/svg+xml")
        with pytest.raises(ValidationError):
            image_create(upload=upload, alt_text="x")
        assert not Image.objects.exists()
        media = settings.MEDIA_ROOT
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))

    def test_alt_text_is_required(self):
        upload = SimpleUploadedFile("foto.jpg", image_bytes(), "image/jpeg")
        with pytest.raises(ValidationError):
            image_create(upload=upload, alt_text="   ")
