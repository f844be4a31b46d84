"""Every endpoint refuses a POST without CSRF token, and no GET changes anything.

The URLs come from the URLconf itself (tests/security/world.py), so an endpoint added later
is covered without touching this file.
"""

import pytest
from django.test import Client

from tests.security.world import build_world, db_fingerprint, resolve_all, unnamed_endpoints

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def urls(world):
    return resolve_all(world)


def test_the_walk_finds_the_site(urls):
    """Guards the enumeration itself: if it silently found nothing, the tests would pass."""
    for name in ["login", "logout", "set_language", "accounts:signup", "comments:post"]:
        assert name in urls
    assert any(name.startswith("admin:") for name in urls)
    assert len(urls) > 60


def test_only_the_admin_catch_all_is_unnamed():
    assert [e.route for e in unnamed_endpoints() if not e.route.startswith("admin/")] == []


# A POST that may go without a CSRF token, and why.
CSRF_EXEMPT_ALLOWED: dict[str, str] = {
    "set_language": (
        "Only sets the interface language cookie (a forged switch changes nothing else), and a "
        "token in the footer form would put a cookie on every anonymous page, which then "
        "could not be cached (newsroom/edge.py)."
    ),
}


@pytest.mark.parametrize("who", ["anonymous", "reader", "superuser"])
def test_post_without_csrf_token_is_refused_everywhere(world, urls, who):
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    before = db_fingerprint()
    accepted = {}
    for name, url in urls.items():
        response = client.post(url, {"body": "Hallo", "next": "/", "language": "en"})
        if name in CSRF_EXEMPT_ALLOWED:
            assert response.status_code == 302, name  # and the fingerprint below is unchanged
            continue
        if response.status_code != 403:
            accepted[name] = (url, response.status_code)
    assert accepted == {}
    assert db_fingerprint() == before


# A GET that may legitimately write, and why.
GET_WRITES_ALLOWED: dict[str, str] = {
    "accounts:notification-open": (
        "Following one's own notification marks it read, as opening an e-mail does: "
        "idempotent, and only the recipient's read flag changes."
    ),
}


def _get_all(client, urls) -> None:
    for name, url in urls.items():
        assert client.get(url).status_code < 500, (name, url)


@pytest.mark.parametrize("who", ["anonymous", "other", "superuser"])
def test_get_changes_nothing_and_never_fails(world, urls, who):
    """`other` is a reader with notifications, a note and a suspension: the richest pages."""
    client = Client(raise_request_exception=True)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    allowed = {name: url for name, url in urls.items() if name in GET_WRITES_ALLOWED}
    _get_all(client, allowed)  # their one-time writes happen before we take the fingerprint
    before = db_fingerprint()
    _get_all(client, urls)
    if db_fingerprint() == before:
        return
    writers = {}  # find the culprits one by one
    for name, url in urls.items():
        if name in GET_WRITES_ALLOWED:
            continue
        before = db_fingerprint()
        client.get(url)
        after = db_fingerprint()
        changed = sorted(label for label, value in after.items() if before[label] != value)
        if changed:
            writers[name] = (url, changed)
    assert writers == {}
