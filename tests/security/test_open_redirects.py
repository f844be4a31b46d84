"""Every next/redirect parameter accepts only our own paths."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, UserFactory, signup_data
from tests.security.world import build_world, resolve_all

pytestmark = pytest.mark.django_db

EVIL = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http://evil.example/login",
    "/\\\\evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:evil.example",
    "///evil.example",
    "//evil.example@testserver",
    "https://testserver@evil.example",
    "/%2F%2Fevil.example",
    "\t//evil.example",
    "/\t/evil.example",
]


def leaves_the_site(location: str) -> bool:
    # Browsers drop tabs and newlines in URLs and read a backslash as a slash.
    loc = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    parts = urlsplit(loc)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return True
    if parts.scheme and parts.netloc != "testserver":  # "https:evil.example" included
        return True
    if parts.netloc and parts.netloc != "testserver":
        return True
    return loc.startswith("//")


@pytest.mark.parametrize(
    "location",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "https:evil.example",
        "javascript:x",
    ],
)
def test_the_checker_spots_evil_locations(location):
    assert leaves_the_site(location)


def test_the_checker_allows_our_paths():
    assert not leaves_the_site("/artikel/x/?next=https://evil.example")
    assert not leaves_the_site("http://testserver/accounts/login/")


def _assert_stays(response, label):
    location = response.get("Location")
    if location:
        assert not leaves_the_site(location), (label, location)


@pytest.mark.parametrize("evil", EVIL)
def test_login_next(client, evil):
    user = UserFactory()
    url = reverse("login")
    _assert_stays(client.get(url, {"next": evil}), "GET login")
    response = client.post(
        f"{url}?next={evil}",
        {"username": user.username, "password": "correct-horse-42", "next": evil},
    )
    assert response.status_code == 302, "the login itself must work"
    _assert_stays(response, "POST login")
    # Already logged in: the login page redirects right away.
    _assert_stays(client.get(url, {"next": evil}), "GET login when logged in")


@pytest.mark.parametrize("evil", EVIL)
def test_logout_next(client, evil):
    client.force_login(UserFactory())
    response = client.post(f"{reverse('logout')}?next={evil}", {"next": evil})
    assert response.status_code == 302
    _assert_stays(response, "logout")


@pytest.mark.parametrize("evil", EVIL)
def test_set_language_next_and_referer(client, evil):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": evil}, headers={"referer": evil}
    )
    _assert_stays(response, "set_language")
    response = client.post(reverse("set_language"), {"language": "en"}, headers={"referer": evil})
    _assert_stays(response, "set_language via Referer")


@pytest.mark.parametrize("evil", EVIL[:6])
def test_signup_next(client, evil):
    data = signup_data(next=evil)
    response = client.post(f"{reverse('accounts:signup')}?next={evil}", data)
    _assert_stays(response, "signup")
    assert response.status_code in {200, 302}


@pytest.mark.parametrize("evil", EVIL[:6])
def test_comment_post_next(client, evil):
    article = ArticleFactory()
    client.force_login(UserFactory())
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    response = client.post(f"{url}?next={evil}", {"body": "Ein Kommentar", "next": evil})
    assert response.status_code == 302
    _assert_stays(response, "comment post")


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_no_endpoint_redirects_off_site(who):
    """Every URL of the site, GET and POST, with evil next/Referer: never a foreign Location."""
    world = build_world()
    urls = resolve_all(world)
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(world, who))
    for evil in ["https://evil.example", "/\\evil.example"]:
        for name, url in urls.items():
            if name in {"logout", "admin:logout"}:
                continue  # would end the session for the rest of the loop; tested above
            params = {"next": evil, "redirect_to": evil, "return_to": evil, "url": evil}
            _assert_stays(client.get(url, params, headers={"referer": evil}), f"GET {name}")
            _assert_stays(
                client.post(f"{url}?next={evil}", params, headers={"referer": evil}),
                f"POST {name}",
            )
