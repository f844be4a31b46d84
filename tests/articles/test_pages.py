import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_only(client):
    visible = ArticleFactory(headline="Sichtbar")
    ArticleFactory(headline="Entwurf", status=Article.Status.DRAFT)
    ArticleFactory(headline="Geplant", published_at=timezone.now() + timezone.timedelta(days=1))
    html = client.get(reverse("articles:home")).content.decode()
    assert visible.headline in html
    assert "Entwurf" not in html
    assert "Geplant" not in html


def test_draft_is_404_for_readers(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
