"""Production mode: `check --deploy` is clean, and unsafe configurations refuse to start."""

import os

import pytest

from tests.security.prod import PRODUCTION_HOST, run, run_django

DATABASES = {"sqlite (default)": None}
if os.environ.get("DATABASE_URL", "").strip():
    DATABASES["DATABASE_URL"] = os.environ["DATABASE_URL"]


@pytest.mark.parametrize("database_url", DATABASES.values(), ids=DATABASES.keys())
def test_check_deploy_reports_nothing_in_production(database_url):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], DATABASE_URL=database_url
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_warns_about_a_per_process_cache():
    result = run(["manage.py", "check", "--deploy"], DATABASE_URL=None, CACHE_URL=None)
    assert "newsroom.W004" in result.stdout + result.stderr


def test_check_deploy_warns_about_tasks_in_the_web_process():
    result = run(["manage.py", "check", "--deploy"], DATABASE_URL=None, TASKS_BACKEND=None)
    assert "newsroom.W005" in result.stdout + result.stderr


def test_an_unknown_tasks_backend_refuses_to_start():
    result = run(["manage.py", "check"], DATABASE_URL=None, TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be" in result.stderr


def test_check_deploy_stays_clean_when_operator_opts_out_of_hsts_preload():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL=None,
        DJANGO_HSTS_PRELOAD="false",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret",
    [
        None,  # unset
        "dev-insecure-newsroom-key-do-not-use-in-production",  # the development secret
        "short-secret-of-39-characters-xxxxxxxxx",
        "a" * 80,  # long but trivially guessable
        "django-insecure-" + "k3j4h5g6f7d8s9a0" * 4,  # Django's startproject placeholder
    ],
    ids=["unset", "dev-secret", "short", "one-char", "django-insecure"],
)
def test_production_refuses_to_start_with_a_weak_secret(secret):
    result = run(["manage.py", "check"], DATABASE_URL=None, DJANGO_SECRET_KEY=secret)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_on_a_public_host_refuses_to_start():
    result = run(["manage.py", "check"], DATABASE_URL=None, DJANGO_DEBUG="true")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG" in result.stderr


def test_debug_on_localhost_starts_for_development():
    result = run(
        ["manage.py", "check"],
        DATABASE_URL=None,
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY=None,
        DJANGO_ALLOWED_HOSTS=None,
    )
    assert result.returncode == 0, result.stderr


def test_production_security_settings():
    values = run_django(
        """
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SAMESITE", "X_FRAME_OPTIONS",
    "ALLOWED_HOSTS",
]}))
""",
        DATABASE_URL=None,
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert values[f"{cookie}_COOKIE_SAMESITE"] in {"Lax", "Strict"}, cookie
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["LANGUAGE_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["ALLOWED_HOSTS"] == [PRODUCTION_HOST]


def test_hsts_is_configurable_by_environment():
    values = run_django(
        "from django.conf import settings as s\nprint(json.dumps(s.SECURE_HSTS_SECONDS))",
        DATABASE_URL=None,
        DJANGO_HSTS_SECONDS="600",
    )
    assert values == 600


def test_media_storage_comes_from_the_environment():
    code = "from django.conf import settings\nprint(json.dumps(settings.STORAGES['default']))\n"
    local = run_django(code, DATABASE_URL=None)
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    bucket = run_django(
        code,
        DATABASE_URL=None,
        NEWSROOM_MEDIA_BUCKET="newsroom-media",
        NEWSROOM_MEDIA_ENDPOINT_URL="https://s3.example",
        NEWSROOM_MEDIA_DOMAIN="media.news.example",
    )
    assert bucket["BACKEND"] == "storages.backends.s3.S3Storage"
    options = bucket["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example"
    assert options["custom_domain"] == "media.news.example"
    assert options["querystring_auth"] is False
    assert "immutable" in options["object_parameters"]["CacheControl"]
