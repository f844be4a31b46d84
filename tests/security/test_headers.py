"""Security headers on every response, including errors and redirects."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _responses(client):
    article = ArticleFactory()
    return {
        "home": client.get(reverse("articles:home")),
        "article": client.get(article.get_absolute_url()),
        "login": client.get(reverse("login")),
        "404": client.get("/does-not-exist/"),
        "redirect": client.get("/admin/"),
    }


def test_every_response_carries_the_security_headers(client):
    for name, response in _responses(client).items():
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert "camera=()" in response["Permissions-Policy"], name
        assert "geolocation=()" in response["Permissions-Policy"], name
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], name


def test_hsts_on_https_responses_is_configurable(client, settings):
    settings.SECURE_HSTS_SECONDS = 1234
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    response = client.get(reverse("articles:home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=1234; includeSubDomains"


def test_no_hsts_over_plain_http(client, settings):
    # Browsers ignore it there, and sending it from a development server would pin localhost.
    settings.SECURE_HSTS_SECONDS = 1234
    assert "Strict-Transport-Security" not in client.get(reverse("articles:home"))


def test_permissions_policy_is_configurable(client, settings):
    settings.PERMISSIONS_POLICY = {"camera": "(self)"}
    assert client.get(reverse("articles:home"))["Permissions-Policy"] == "camera=(self)"
