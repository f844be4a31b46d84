"""Rate limits: configuration, counting, and the friendly 429 page."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.ratelimit import (
    RateLimited,
    check_rate,
    check_rate_for,
    configured_rate,
    parse_rate,
    parse_rates,
)
from tests.security.prod import run_django

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("10/60", (10, 60)), (" 3 / 3600 ", (3, 3600)), ("5/1m", (5, 60)), ("2/2h", (2, 7200))],
)
def test_parse_rate(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "10", "ten/60", "10/0", "-1/60", "10/60x", "10/60/2"])
def test_parse_rate_refuses_nonsense(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


def test_parse_rates_from_environment_string():
    assert parse_rates("comment-post-user=10/60, signup=2/3600,") == {
        "comment-post-user": "10/60",
        "signup": "2/3600",
    }
    with pytest.raises(ImproperlyConfigured):
        parse_rates("comment-post-user:10/60")
    with pytest.raises(ImproperlyConfigured):
        parse_rates("signup=lots")


def test_every_default_scope_parses(settings):
    documented = {
        "comment-post-user",
        "comment-post-ip",
        "comment-report",
        "signup",
        "password-reset",
        "password-reset-email",
        "login-fail-account",
        "login-fail-ip",
    }
    assert documented <= set(settings.RATE_LIMITS)
    for rate in settings.RATE_LIMITS.values():
        parse_rate(rate)


def test_precedence_environment_then_caller_then_defaults(settings):
    settings.RATE_LIMITS = {"scope": "3/30"}
    settings.RATE_LIMIT_OVERRIDES = {}
    assert configured_rate("scope") == (3, 30)
    assert configured_rate("scope", 7, 70) == (7, 70)
    settings.RATE_LIMIT_OVERRIDES = {"scope": "1/10"}
    assert configured_rate("scope", 7, 70) == (1, 10)
    with pytest.raises(ImproperlyConfigured):
        configured_rate("unknown-scope")


def test_limit_counts_per_scope_and_key(settings):
    settings.RATE_LIMIT_MULTIPLIER = 1
    for _ in range(3):
        check_rate("a", "reader-1", limit=3, window=60)
    with pytest.raises(RateLimited) as caught:
        check_rate("a", "reader-1", limit=3, window=60)
    assert caught.value.scope == "a"
    assert 1 <= caught.value.retry_after <= 60
    check_rate("a", "reader-2", limit=3, window=60)  # another key has its own budget
    check_rate("b", "reader-1", limit=3, window=60)  # and so has another scope


def test_old_signature_still_works_and_check_rate_for_reads_settings(settings):
    settings.RATE_LIMITS = {"test-scope": "1/60"}
    settings.RATE_LIMIT_OVERRIDES = {}
    check_rate_for("test-scope", "k")
    with pytest.raises(RateLimited):
        check_rate_for("test-scope", "k")


def test_environment_override_beats_the_limit_the_code_passes(settings):
    settings.RATE_LIMIT_OVERRIDES = {"signup": "1/60"}
    check_rate("signup", "k", limit=100, window=3600)
    with pytest.raises(RateLimited):
        check_rate("signup", "k", limit=100, window=3600)


def test_multiplier_raises_limits_for_load_tests(settings):
    settings.RATE_LIMIT_MULTIPLIER = 3
    for _ in range(6):
        check_rate("m", "k", limit=2, window=60)
    with pytest.raises(RateLimited):
        check_rate("m", "k", limit=2, window=60)


def test_multiplier_zero_switches_limits_off(settings):
    settings.RATE_LIMIT_MULTIPLIER = 0
    for _ in range(50):
        check_rate("off", "k", limit=1, window=60)


def test_limits_come_from_the_environment():
    values = run_django(
        "from django.conf import settings as s\n"
        "from newsroom.ratelimit import configured_rate\n"
        "print(json.dumps([s.RATE_LIMIT_MULTIPLIER, configured_rate('comment-post-user'),"
        " configured_rate('signup', 10, 3600)]))",
        DJANGO_DEBUG="true",
        DJANGO_ALLOWED_HOSTS=None,
        DJANGO_SECRET_KEY=None,
        DATABASE_URL=None,
        NEWSROOM_RATE_LIMITS="comment-post-user=2/30,signup=1/86400",
        NEWSROOM_RATE_LIMIT_MULTIPLIER="50",
    )
    assert values == [50.0, [2, 30], [1, 86400]]


@pytest.mark.urls("tests.security.ratelimit_urls")
@pytest.mark.django_db
class TestTooManyRequestsPage:
    @pytest.fixture(autouse=True)
    def _limit(self, settings):
        settings.RATE_LIMITS = {"test-scope": "2/60"}
        settings.RATE_LIMIT_OVERRIDES = {}

    def test_friendly_page_with_retry_after(self, client):
        assert client.get("/__limited__/").status_code == 200
        assert client.get("/__limited__/").status_code == 200
        response = client.get("/__limited__/")
        assert response.status_code == 429
        retry_after = int(response["Retry-After"])
        assert 1 <= retry_after <= 60
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        assert "<h1>" in html
        assert str(retry_after) in html
        assert 'class="site-header"' in html  # the normal site frame, not a bare error

    def test_json_for_script_requests(self, client):
        for _ in range(2):
            client.get("/__limited__/")
        response = client.get("/__limited__/", headers={"accept": "application/json"})
        assert response.status_code == 429
        assert response.json()["retry_after"] == int(response["Retry-After"])
        assert response.json()["error"]

    def test_other_clients_are_not_affected(self, client):
        for _ in range(3):
            client.get("/__limited__/")
        assert client.get("/__limited__/", REMOTE_ADDR="10.9.8.7").status_code == 200


def _request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return type("Request", (), {"META": meta})()


def test_client_ip_ignores_forwarded_for_unless_proxies_are_configured(settings):
    from newsroom.ratelimit import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="1.2.3.4")) == "10.0.0.1"  # spoofed header ignored


def test_client_ip_behind_trusted_proxies(settings):
    from newsroom.ratelimit import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the real address last.
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.5, 10.0.0.9")) == "203.0.113.5"
    # Fewer entries than proxies: the header is not what our proxies write; fall back.
    assert client_ip(_request(forwarded="203.0.113.5")) == "10.0.0.1"
