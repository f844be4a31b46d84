"""The keys a cache holds, for tests that prove a request made no new entry.

Django's cache API cannot list keys, so this asks the store itself: the dictionary of a
local-memory cache, or a SCAN of the prefix in Redis. Tests run against both (CI uses local
memory; `CACHE_URL=redis://...` runs the same suite against Redis).
"""

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache


def cache_keys(alias: str = "default") -> set[str]:
    backend = caches[alias]
    if isinstance(backend, LocMemCache):
        return set(backend._cache)
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=False)
        pattern = backend.make_key("*")
        return {key.decode() for key in client.scan_iter(match=pattern)}
    raise NotImplementedError(f"cannot list the keys of {type(backend).__name__}")
