"""A committed write is answered as a success, whatever fails after the commit."""

import logging
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from accounts.models import Notification
from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_failing_mail_after_commit_does_not_turn_the_post_into_an_error(client, caplog):
    article = ArticleFactory()
    parent_author = UserFactory(notify_email_reply=True)
    parent = comment_create(article=article, author=parent_author, body="Frage")
    client.force_login(UserFactory())
    with (
        mock.patch(
            "accounts.mail.notification_email_send",
            side_effect=DatabaseError("mail queue unavailable"),
        ) as send,
        caplog.at_level(logging.ERROR),
    ):
        response = client.post(
            reverse("comments:post", kwargs={"article_pk": article.pk}),
            {"body": "Antwort", "parent": str(parent.pk)},
        )
    assert send.called
    assert response.status_code == 302
    reply = Comment.objects.get(body="Antwort")
    assert Notification.objects.filter(comment_id=reply.pk).count() == 1
    assert send.call_count == 4  # retried (at once in tests), then given up with a log line
    assert any("gave up after 4 attempts" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_post_lands_on_the_permalink_when_the_page_lookup_fails_after_commit(client):
    """The comment is stored; the database failing for the page number is no error."""
    from django.db import OperationalError

    article = ArticleFactory()
    client.force_login(UserFactory())
    with mock.patch(
        "comments.views.comment_page_url",
        side_effect=OperationalError("the database system is shutting down"),
    ):
        response = client.post(
            reverse("comments:post", kwargs={"article_pk": article.pk}),
            {"body": "Gespeichert", "parent": ""},
        )
    comment = Comment.objects.get(body="Gespeichert")
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
