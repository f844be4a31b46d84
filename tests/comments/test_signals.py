import pytest
from django.urls import reverse

from accounts.services import user_update_profile
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_renaming_a_commenter_refreshes_the_cached_thread_for_anonymous_readers(client):
    """Guards against a stale display name in the anonymous thread cache."""
    article = ArticleFactory()
    author = UserFactory(display_name="Alter Name")
    comment_create(article=article, author=author, body="Ein Beitrag zur Debatte.")
    assert "Alter Name" in client.get(article.get_absolute_url()).content.decode()

    user_update_profile(
        user=author,
        display_name="Neuer Name",
        bio="",
        notify_email_mention=False,
        notify_email_reply=False,
        avatar=None,
    )

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Neuer Name" in html
    assert "Alter Name" not in html


def test_deleting_an_account_refreshes_the_cached_thread(client):
    from accounts.services import user_delete

    article = ArticleFactory()
    author = UserFactory(display_name="Bald Weg")
    comment_create(article=article, author=author, body="Ich gehe bald.")
    assert "Bald Weg" in client.get(article.get_absolute_url()).content.decode()

    user_delete(user=author)

    html = client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()
    assert "Bald Weg" not in html
    assert "deleted account" in html
