"""Settings for the system-check test: the limits store misconfigured as a per-process cache."""

from newsroom.settings import *  # noqa: F403

CACHES = {**CACHES, "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
