"""System checks for the project as a whole (registered in NewsroomConfig.ready)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

# Backends that keep their data in one process: every worker would count on its own.
PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=False)
def check_limits_store(app_configs=None, **kwargs):
    """Warn when rate limits and lockouts would live in a per-process or evictable cache."""
    alias = getattr(settings, "RATE_LIMIT_CACHE", "ratelimit")
    config = settings.CACHES.get(alias)
    if config is None:
        return [
            Warning(
                f'CACHES has no "{alias}" alias: rate limits would fail.',
                hint="Keep the alias from newsroom/settings.py.",
                id="newsroom.W001",
            )
        ]
    if settings.DEBUG:
        return []
    backend = import_string(config["BACKEND"])
    per_process = tuple(import_string(path) for path in PER_PROCESS_BACKENDS)
    if issubclass(backend, per_process):
        return [
            Warning(
                f"Rate limits and lockouts use a per-process cache ({config['BACKEND']}).",
                hint=(
                    "Each worker would count on its own and a restart forgets every lockout. "
                    "Leave NEWSROOM_RATE_LIMIT_CACHE_URL empty (database) or point it at a "
                    "Redis with maxmemory-policy noeviction."
                ),
                id="newsroom.W002",
            )
        ]
    if alias != "default" and config == settings.CACHES.get("default"):
        return [
            Warning(
                "Rate limits share the default cache, which readers can fill and evict.",
                hint="Give the limits their own store (see the README, production checklist).",
                id="newsroom.W003",
            )
        ]
    return []


@register(deploy=True)
def per_process_cache(app_configs, **kwargs):
    """With several workers, a per-process cache cannot see the other workers' writes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        Warning(
            f"The default cache is per-process ({backend.rsplit('.')[-1]}) while DEBUG is off.",
            hint=(
                "Set CACHE_URL=redis://... : cache versions, the page cache and the thread "
                "fragments must be shared by every worker, or each worker serves pages up to "
                "NEWSROOM_PAGE_CACHE_SECONDS old after another worker's write."
            ),
            id="newsroom.W004",
        )
    ]


@register(deploy=True)
def tasks_in_process(app_configs, **kwargs):
    """In production, mails and renditions belong on a worker, with retries that persist."""
    backend = settings.TASKS["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("ImmediateBackend"):
        return []
    return [
        Warning(
            "Background tasks run inside the web workers (ImmediateBackend) while DEBUG is off.",
            hint=(
                "Set TASKS_BACKEND=database and run `make worker`: tasks are then stored with "
                "the write and retries survive a restart; in-process retries die with the "
                "worker and renditions cost the uploading request."
            ),
            id="newsroom.W005",
        )
    ]


@register(deploy=True)
def public_address(app_configs, **kwargs):
    """NEWSROOM_SITE_URL: the only source of absolute URLs in mails and legal records."""
    value = (getattr(settings, "SITE_URL", "") or "").strip()
    if not value:
        return [
            Error(
                "NEWSROOM_SITE_URL is not set.",
                hint=(
                    "Set it to the public address (https://news.example): every link in an "
                    "e-mail (password reset, confirmation, statements of reasons) and every "
                    "location in a legal record is built from it, never from the request."
                ),
                id="newsroom.E001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return [
            Error(
                f"NEWSROOM_SITE_URL is not an http(s) address: {value!r}.",
                hint="Scheme and host only, e.g. https://news.example",
                id="newsroom.E002",
            )
        ]
    if parts.scheme != "https" and not settings.DEBUG:
        return [
            Warning(
                "NEWSROOM_SITE_URL uses plain http while DEBUG is off.",
                hint="Reset and confirmation links would travel unencrypted; use https://.",
                id="newsroom.W006",
            )
        ]
    return []
