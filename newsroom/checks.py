"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
def per_process_cache(app_configs, **kwargs):
    """With several workers, a per-process cache cannot see the other workers' writes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache is per-process ({backend.rsplit('.')[-1]}) while DEBUG is off.",
            hint=(
                "Set CACHE_URL=redis://... : cache versions, the page cache and the thread "
                "fragments must be shared by every worker, or each worker serves pages up to "
                "NEWSROOM_PAGE_CACHE_SECONDS old after another worker's write."
            ),
            id="newsroom.W001",
        )
    ]
