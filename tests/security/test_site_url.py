"""Absolute URLs in mails come from NEWSROOM_SITE_URL only, never from the request (issue 22)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, signup_data
from tests.security.prod import run, run_django

pytestmark = pytest.mark.django_db

PUBLIC = "https://news.example"


@pytest.fixture
def public_address(settings):
    settings.SITE_URL = PUBLIC
    # A second name the server answers to (or a Host header a proxy passes through).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "attacker.example"]


def links(message) -> list[str]:
    return re.findall(r"\bhttps?://\S+", message.body)


def test_password_reset_link_takes_host_and_scheme_from_the_public_address(
    public_address, mailoutbox
):
    UserFactory(email="anna@example.org")
    Client().post(
        reverse("password_reset"),
        {"email": "anna@example.org"},
        HTTP_HOST="attacker.example",
        HTTP_X_FORWARDED_PROTO="https",
    )
    (message,) = mailoutbox
    (link,) = links(message)
    assert link.startswith(PUBLIC + "/accounts/passwort/neu/")


@pytest.mark.parametrize("kind", ["signup-new", "signup-taken"])
def test_account_mails_link_to_the_public_address(public_address, mailoutbox, kind):
    if kind == "signup-taken":
        UserFactory(email="anna@example.org")
    Client().post(
        reverse("accounts:signup"),
        signup_data(
            email="anna@example.org",
            username="anna_neu",
            display_name="Anna Neu",
            password="Brand-new-lamp-77",
        ),
        HTTP_HOST="attacker.example",
    )
    (message,) = mailoutbox
    assert links(message)
    assert all(link.startswith(PUBLIC + "/") for link in links(message))


def test_x_forwarded_proto_is_trusted_only_behind_a_configured_proxy():
    code = "from django.conf import settings\nprint(json.dumps(settings.SECURE_PROXY_SSL_HEADER))"
    assert run_django(code, DATABASE_URL=None) is None
    behind = run_django(code, DATABASE_URL=None, NEWSROOM_TRUSTED_PROXY_COUNT="1")
    assert behind == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_check_deploy_requires_the_public_address():
    result = run(["manage.py", "check", "--deploy"], DATABASE_URL=None, NEWSROOM_SITE_URL=None)
    assert result.returncode != 0
    assert "newsroom.E001" in result.stdout + result.stderr


@pytest.mark.parametrize("value", ["news.example", "ftp://news.example", "https://"])
def test_check_deploy_refuses_a_malformed_public_address(value):
    result = run(["manage.py", "check", "--deploy"], DATABASE_URL=None, NEWSROOM_SITE_URL=value)
    assert result.returncode != 0
    assert "newsroom.E002" in result.stdout + result.stderr


def test_check_deploy_warns_about_a_plain_http_public_address():
    result = run(
        ["manage.py", "check", "--deploy"],
        DATABASE_URL=None,
        NEWSROOM_SITE_URL="http://news.example",
    )
    assert "newsroom.W006" in result.stdout + result.stderr
