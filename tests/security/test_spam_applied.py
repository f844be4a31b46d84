"""The honeypot and the minimum fill-in time protect sign-up, password reset and comments."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from comments.models import Comment
from tests.factories import ArticleFactory, UserFactory, signup_data
from tests.security.test_spam import _age

pytestmark = pytest.mark.django_db

SIGNUP = signup_data()


def _rendered_timestamp(html: str) -> str:
    return re.search(r'name="form_rendered" value="([^"]+)"', html).group(1)


def test_signup_form_carries_both_traps(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert re.search(r'<div class="d-none">.*?name="website"', html, re.S)
    assert _rendered_timestamp(html).startswith("form-")


def test_signup_honeypot(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "website": "http://x.example"})
    assert response.status_code in {200, 400}
    assert not User.objects.filter(username="neue_leserin").exists()
    assert "automated" in response.content.decode()
    assert "neu@example.org" in response.content.decode()  # typed values are kept


def test_signup_too_fast_then_fine(client, settings):
    settings.SPAM_MIN_SECONDS = 3
    token = _rendered_timestamp(client.get(reverse("accounts:signup")).content.decode())
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "form_rendered": token})
    assert not User.objects.filter(username="neue_leserin").exists()
    assert "very fast" in response.content.decode()
    client.post(reverse("accounts:signup"), {**SIGNUP, "form_rendered": _age(10)})
    assert User.objects.filter(username="neue_leserin").exists()


def test_password_reset_honeypot_and_time(client, settings):
    UserFactory(email="anna@example.org")
    url = reverse("password_reset")
    html = client.get(url).content.decode()
    assert 'name="website"' in html
    client.post(url, {"email": "anna@example.org", "website": "spam"})
    assert len(mail.outbox) == 0
    settings.SPAM_MIN_SECONDS = 3
    client.post(url, {"email": "anna@example.org", "form_rendered": _rendered_timestamp(html)})
    assert len(mail.outbox) == 0
    client.post(url, {"email": "anna@example.org", "form_rendered": _age(10)})
    assert len(mail.outbox) == 1


def test_comment_honeypot_and_time(client, settings):
    article = ArticleFactory()
    client.force_login(UserFactory())
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="website"' in page
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    response = client.post(url, {"body": "Kauft Pillen", "website": "http://x.example"})
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert "Kauft Pillen" in response.content.decode()
    settings.SPAM_MIN_SECONDS = 3
    response = client.post(url, {"body": "Schnell!", "form_rendered": _rendered_timestamp(page)})
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    response = client.post(url, {"body": "Bedacht.", "form_rendered": _age(10)})
    assert response.status_code == 302
    assert Comment.objects.get().body == "Bedacht."
