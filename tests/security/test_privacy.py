"""Reader IP addresses are never stored in the clear; cookies are few and locked down."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from newsroom.ratelimit import ip_hash
from tests.cache_keys import cache_keys
from tests.factories import ArticleFactory, UserFactory, signup_data
from tests.security.prod import run_django

pytestmark = pytest.mark.django_db

IPV4 = "203.0.113.77"
IPV6 = "2001:db8:85a3::8a2e:370:7334"


def _every_stored_value() -> list[tuple[str, str, str]]:
    rows = []
    for model in apps.get_models(include_auto_created=True):
        for values in model._base_manager.values_list():
            rows.extend((model._meta.label, str(i), str(v)) for i, v in enumerate(values))
    return rows


@pytest.mark.parametrize("address", [IPV4, IPV6])
def test_no_raw_ip_address_is_stored_anywhere(settings, address):
    settings.RATE_LIMIT_MULTIPLIER = 1
    article = ArticleFactory()
    victim = UserFactory(username="zweiter", email="zweiter@example.org")
    target = Comment.objects.create(article=article, author=victim, body="Ziel")
    client = Client(REMOTE_ADDR=address)
    signup = signup_data()
    assert client.post(reverse("accounts:signup"), signup).status_code == 302
    client.logout()
    client.post(reverse("login"), {"username": "neue_leserin", "password": "falsch"})
    client.post(reverse("login"), {"username": "neue_leserin", "password": signup["password1"]})
    from accounts.models import User

    User.objects.filter(username="neue_leserin").update(email_verified=True)
    post = reverse("comments:post", kwargs={"article_pk": article.pk})
    assert client.post(post, {"body": "Mein Kommentar"}).status_code == 302
    report = reverse("discussion:report", kwargs={"pk": target.pk})
    client.post(report, {"reason": "spam", "text": "Werbung"})
    client.logout()
    client.post(reverse("password_reset"), {"email": "zweiter@example.org"})

    comment = Comment.objects.get(body="Mein Kommentar")
    request = type("R", (), {"META": {"REMOTE_ADDR": address}})()
    assert comment.ip_hash == ip_hash(request), "the keyed hash is stored instead"
    assert address not in comment.ip_hash
    leaks = [row for row in _every_stored_value() if address in row[2]]
    assert leaks == []
    assert [k for k in cache_keys() if address in k] == []


def test_ip_hash_is_keyed(settings):
    request = type("R", (), {"META": {"REMOTE_ADDR": IPV4}})()
    first = ip_hash(request)
    settings.IP_HASH_KEY = "another-key"
    assert ip_hash(request) != first, "without the key, a hash of 4 billion addresses is no secret"


def test_only_session_csrf_and_language_cookies(client):
    user = UserFactory()
    article = ArticleFactory()
    names = set()
    for response in [
        client.get(reverse("articles:home")),
        client.get(article.get_absolute_url()),
        client.get(reverse("login")),
        client.post(reverse("login"), {"username": user.username, "password": "correct-horse-42"}),
        client.get(article.get_absolute_url()),
        client.post(reverse("set_language"), {"language": "en", "next": "/"}),
        client.get(reverse("accounts:settings")),
    ]:
        names |= set(response.cookies)
    assert names <= {"sessionid", "csrftoken", "django_language"}
    assert {"sessionid", "csrftoken", "django_language"} <= names


def test_cookie_flags_in_production(tmp_path):
    """Production mode, in a fresh interpreter: every cookie is Secure, HttpOnly and SameSite."""
    cookies = run_django(
        """
from django.conf import settings
# No collectstatic here: serve static URLs without the production manifest.
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
from django.core.management import call_command
from django.test import Client
from accounts.models import User
call_command("migrate", verbosity=0)
User.objects.create_user(
    username="leserin", email="l@example.org", password="ein-sehr-gutes-Passwort-7",
    display_name="Lea", email_verified=True,
)
client = Client(HTTP_HOST="news.example")
found = {}
for method, path, data in [
    ("get", "/accounts/login/", None),
    ("post", "/accounts/login/", {"username": "leserin", "password": "ein-sehr-gutes-Passwort-7"}),
    ("post", "/i18n/setlang/", {"language": "en", "next": "/"}),
]:
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    response = getattr(client, method)(
        path, data, secure=True, headers={"x-csrftoken": token, "referer": "https://news.example/"}
    )
    for name, morsel in response.cookies.items():
        found[name] = {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }
print(json.dumps(found))
""",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        DJANGO_SECURE_SSL_REDIRECT="true",
    )
    assert set(cookies) == {"sessionid", "csrftoken", "django_language"}
    for name, flags in cookies.items():
        assert flags["secure"], name
        assert flags["httponly"], name
        assert flags["samesite"] in {"Lax", "Strict"}, name
