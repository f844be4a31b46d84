"""Moderators see new work arrive: a small private endpoint with the queues' counts."""

import json

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_create, comment_status_set
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "moderation:live-counts"


def test_only_moderators_get_the_counts(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL)).status_code == 403


def test_counts_are_private_and_follow_new_work(client):
    client.force_login(ModeratorFactory())
    first = json.loads(client.get(reverse(URL)).content)
    assert set(first) >= {"pending", "reported", "notices", "appeals"}
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body="Bitte prüfen")
    comment_status_set(comment=comment, expect=Comment.COUNTED, to=Comment.Status.PENDING)
    response = client.get(reverse(URL))
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content)["pending"] == first["pending"] + 1
    assert client.post(reverse(URL)).status_code == 405


def test_moderation_pages_carry_the_live_counts(client):
    client.force_login(ModeratorFactory())
    for name in ("moderation:pending", "moderation:desk"):
        html = client.get(reverse(name)).content.decode()
        assert f'data-live-counts-url="{reverse(URL)}"' in html, name
        assert 'data-live-count="pending"' in html and 'id="mod-live-notice"' in html
        assert "js/moderation-live.js" in html
