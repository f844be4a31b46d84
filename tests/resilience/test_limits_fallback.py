"""Rate limits and lockouts stay in force while their Redis is gone: the database store counts."""

import pytest

from newsroom.ratelimit import RateLimited, check_rate_for, limits_store
from newsroom.resilient_cache import reset_breakers
from tests.factories import UserFactory
from tests.faults.servers import free_port, release_port

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOOSE = {"login-fail-account": "100/900", "login-fail-ip": "100/900"}


@pytest.fixture
def limits_redis_down(settings):
    """CACHES["ratelimit"] on a Redis that is not there, with the production fallback."""
    port = free_port()
    reset_breakers()
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "newsroom.cache_backends.LimitsRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
                "FALLBACK": "ratelimit-fallback",
            },
        },
        "ratelimit-fallback": {
            "BACKEND": "newsroom.cache_backends.LimitsDatabaseCache",
            "LOCATION": "newsroom_ratelimit",
        },
    }
    yield
    reset_breakers()
    release_port(port)


def test_rate_limits_count_in_the_database_while_redis_is_down(limits_redis_down, settings):
    settings.RATE_LIMIT_OVERRIDES = {"comment-post-user": "2/60"}
    check_rate_for("comment-post-user", "user:1")
    check_rate_for("comment-post-user", "user:1")
    with pytest.raises(RateLimited):
        check_rate_for("comment-post-user", "user:1")
    assert type(limits_store()).__name__ == "LimitsRedisCache"


def test_login_lockout_holds_while_redis_is_down(client, limits_redis_down, settings):
    UserFactory(username="Anna_K", email="anna@example.org")
    settings.RATE_LIMIT_OVERRIDES = {**LOOSE, "login-fail-account-ip": "3/900"}
    for _ in range(3):
        assert client.post(LOGIN, {"username": "anna_k", "password": "nope"}).status_code == 400
    response = client.post(LOGIN, {"username": "Anna_K", "password": "correct-horse-42"})
    assert response.status_code == 429  # fails closed: the lockout was counted, not skipped
    assert "_auth_user_id" not in client.session
