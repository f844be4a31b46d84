import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_comment_list_search_and_filters(admin_client, article, reader):
    comment_create(article=article, author=reader, body="Suchbarer Kommentar")
    comment_create(article=article, author=reader, body="Anderes")
    url = reverse("admin:comments_comment_changelist")
    html = admin_client.get(url, {"q": "suchbar"}).content.decode()
    assert "Suchbarer Kommentar" in html and "Anderes" not in html
    assert "Anderes" in admin_client.get(url, {"q": "anna"}).content.decode()
    assert admin_client.get(url, {"status__exact": "visible"}).status_code == 200
    assert 'value="delete_selected"' not in admin_client.get(url).content.decode()


def test_change_page_is_read_only(admin_client, article, reader):
    comment = comment_create(article=article, author=reader, body="Fest")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="lft"' not in html and 'name="parent"' not in html and 'name="body"' not in html
    admin_client.post(url, {"body": "Geändert", "lft": 5})
    comment.refresh_from_db()
    assert (comment.body, comment.lft) == ("Fest", 1)
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 403
    delete_url = reverse("admin:comments_comment_delete", args=[comment.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()
