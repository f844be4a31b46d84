"""Sign-up keeps the reader's article: next survives the form, the mail and the confirmation."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/signup/"


def form(**extra):
    return {
        "email": "neu@example.org",
        "username": "neu_leser",
        "display_name": "Neu",
        "password1": "a-Quiet-river-71",
        "password2": "a-Quiet-river-71",
        "accept_rules": "on",
        **extra,
    }


def confirmation_link():
    return re.search(r"http://testserver(/accounts/bestaetigen/\S+)", mail.outbox[-1].body)[1]


def test_the_link_in_the_header_and_on_the_login_page_carries_next(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/accounts/signup/?next={article.get_absolute_url()}"' in html.replace("%2F", "/")
    login = client.get(f"/accounts/login/?next={article.get_absolute_url()}").content.decode()
    assert f"/accounts/signup/?next={article.get_absolute_url()}" in login.replace("%2F", "/")


def test_confirming_returns_the_reader_to_the_article(client):
    article = ArticleFactory()
    target = article.get_absolute_url() + "#comments"
    page = client.get(URL, {"next": target}).content.decode()
    assert 'name="next"' in page
    response = client.post(URL, form(next=target))
    assert response.status_code == 302
    assert "next=" in response["Location"]
    done = client.get(response["Location"]).content.decode()
    assert article.get_absolute_url() in done  # "back to where you were" and the login link
    link = confirmation_link()
    assert "next=" in link
    response = client.get(link)  # sign-up signs nobody in: confirming leads to the login
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert User.objects.get(username="neu_leser").email_verified
    login = client.get(response["Location"]).content.decode()
    assert 'name="next"' in login
    response = client.post(
        response["Location"],
        {"username": "neu_leser", "password": "a-Quiet-river-71", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == target


def test_confirming_in_another_browser_asks_to_log_in_and_then_returns(client):
    article = ArticleFactory()
    client.post(URL, form(next=article.get_absolute_url()))
    client.logout()
    response = client.get(confirmation_link())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert article.get_absolute_url().replace("/", "%2F") in response["Location"]


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "\\\\evil.example"]
)
def test_foreign_next_is_ignored_everywhere(client, evil):
    page = client.get(URL, {"next": evil}).content.decode()
    assert 'type="hidden" name="next"' not in page  # not carried in the form
    response = client.post(URL, form(next=evil))
    assert "evil" not in response["Location"]
    assert "evil" not in mail.outbox[-1].body and "javascript" not in mail.outbox[-1].body
    token_link = confirmation_link().split("?")[0]
    # A link edited by hand is checked again on confirmation.
    response = client.get(token_link, {"next": evil})
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
