"""The Redis backend of the limits store, against a real redis-server when one is installed."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.core.cache import caches

from newsroom.cache_backends import LimitsRedisCache
from newsroom.ratelimit import RateLimited, check_rate, counter_hit

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")


@pytest.fixture(scope="module")
def redis_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory-policy", "noeviction"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_limits(settings, redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "newsroom.cache_backends.LimitsRedisCache", "LOCATION": redis_url},
    }
    store = caches["ratelimit"]
    store.clear()
    yield store
    store.clear()


def test_hits_count_and_carry_a_ttl(redis_limits):
    assert isinstance(redis_limits, LimitsRedisCache)
    assert [counter_hit("k", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert counter_hit("k", timeout=60, delta=-1) == 2
    client = redis_limits._cache.get_client()
    ttl = client.ttl(redis_limits.make_key("k"))
    assert 0 < ttl <= 60  # never a counter without expiry (Django's incr can make one)
    assert redis_limits.get("k") == 2


def test_parallel_hits_are_not_lost(redis_limits):
    barrier = threading.Barrier(8)

    def work():
        barrier.wait()
        for _ in range(25):
            counter_hit("parallel", timeout=600)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_limits.get("parallel") == 200


def test_rate_limits_work_on_redis(redis_limits):
    for _ in range(3):
        check_rate("redis-scope", "reader", limit=3, window=60)
    with pytest.raises(RateLimited):
        check_rate("redis-scope", "reader", limit=3, window=60)


@pytest.mark.django_db
def test_lockouts_work_on_redis(redis_limits, client, settings):
    from tests.factories import UserFactory

    settings.RATE_LIMIT_OVERRIDES = {"login-fail-account-ip": "2/900"}
    UserFactory(username="anna_k")
    for _ in range(2):
        client.post("/accounts/login/", {"username": "anna_k", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "anna_k", "password": "nope"})
    assert response.status_code == 429
