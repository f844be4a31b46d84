from django.conf import settings
from django.core.cache import cache

from articles.models import Section

NAV_CACHE_KEY = "newsroom:nav-sections"


def nav_sections() -> list:
    """The top-level sections in the paper's order, cached (invalidated by articles.signals)."""
    sections = cache.get(NAV_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.filter(parent=None).order_by("tree_id"))
        cache.set(NAV_CACHE_KEY, sections, 300)
    return sections


def site(request):
    """Site-wide template context: the site name and the top-level sections for the nav."""
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": nav_sections()}
