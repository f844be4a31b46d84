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
            "accounts.notifications.notification_email_send",
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
    assert any("on_commit" in r.getMessage() for r in caplog.records)  # logged, not lost
