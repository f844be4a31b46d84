"""Each documented rate-limit scope protects its endpoint, configured through the overrides
that NEWSROOM_RATE_LIMITS fills (settings.RATE_LIMIT_OVERRIDES)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from comments.models import Comment
from tests.factories import ArticleFactory, UserFactory, signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMIT_MULTIPLIER = 1

    def set_limits(**scopes):
        settings.RATE_LIMIT_OVERRIDES = {k.replace("_", "-"): v for k, v in scopes.items()}

    return set_limits


def _assert_friendly_429(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "<h1" in response.content.decode()


def test_comment_posting_per_reader(limits):
    limits(comment_post_user="2/60")
    article = ArticleFactory()
    client = Client()
    client.force_login(UserFactory())
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    for i in range(2):
        assert client.post(url, {"body": f"Kommentar {i}"}).status_code == 302
    response = client.post(url, {"body": "Der dritte"})
    _assert_friendly_429(response)
    assert "Der dritte" in response.content.decode(), "the reader's text is kept"
    assert Comment.objects.count() == 2


def test_comment_posting_per_address(limits):
    limits(comment_post_ip="3/60")
    article = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    statuses = []
    for i in range(4):  # four accounts, one address
        client = Client(REMOTE_ADDR="198.51.100.9")
        client.force_login(UserFactory())
        statuses.append(client.post(url, {"body": f"Kommentar {i}"}).status_code)
    assert statuses == [302, 302, 302, 429]
    other = Client(REMOTE_ADDR="198.51.100.10")
    other.force_login(UserFactory())
    assert other.post(url, {"body": "Anderswo"}).status_code == 302


def test_reports(limits):
    limits(comment_report="1/3600")
    article = ArticleFactory()
    author = UserFactory()
    first, second = (Comment.objects.create(article=article, author=author, body=b) for b in "ab")
    client = Client()
    client.force_login(UserFactory())
    data = {"reason": "spam", "text": "Werbung"}
    assert client.post(reverse("discussion:report", args=[first.pk]), data).status_code < 400
    _assert_friendly_429(client.post(reverse("discussion:report", args=[second.pk]), data))


def _signup(client, n):
    return client.post(
        reverse("accounts:signup"),
        signup_data(username=f"neu_{n}", email=f"neu_{n}@example.org", display_name=f"Neu {n}"),
    )


def test_signups_per_address(limits):
    limits(signup="1/3600")
    assert _signup(Client(), 1).status_code == 302
    _assert_friendly_429(_signup(Client(), 2))
    assert not User.objects.filter(username="neu_2").exists()


def test_password_resets_per_address_and_per_target(limits):
    limits(password_reset="2/3600", password_reset_email="1/3600")
    UserFactory(email="anna@example.org")
    UserFactory(email="bert@example.org")
    url = reverse("password_reset")
    assert Client().post(url, {"email": "anna@example.org"}).status_code == 302
    # The same inbox again, from elsewhere: refused, nobody floods an inbox.
    _assert_friendly_429(Client(REMOTE_ADDR="10.0.0.2").post(url, {"email": "anna@example.org"}))
    assert Client().post(url, {"email": "bert@example.org"}).status_code == 302
    _assert_friendly_429(Client().post(url, {"email": "carla@example.org"}))
    assert len(mail.outbox) == 2


def test_login_lockout_after_repeated_failures(limits):
    limits(login_fail_account="3/900")
    user = UserFactory()
    client = Client()
    for _ in range(3):
        response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
        assert response.status_code == 400
    response = client.post(
        reverse("login"), {"username": user.username, "password": "correct-horse-42"}
    )
    assert response.status_code == 429, "locked: even the right password waits"
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_load_test_switch_turns_limits_off(limits, settings):
    limits(comment_post_user="1/60", comment_post_ip="1/60")
    settings.RATE_LIMIT_MULTIPLIER = 0
    article = ArticleFactory()
    client = Client()
    client.force_login(UserFactory())
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    for i in range(5):
        assert client.post(url, {"body": f"Last {i}"}).status_code == 302
