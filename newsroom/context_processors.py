from django.apps import apps
from django.conf import settings
from django.core.cache import cache

NAV_CACHE_KEY = "newsroom:nav-sections"


def site(request):
    """Site-wide template context: the site name and the top-level sections for the nav."""
    nav_sections = cache.get(NAV_CACHE_KEY)
    if nav_sections is None:
        Section = apps.get_model("articles", "Section")
        nav_sections = list(Section.objects.filter(parent=None).order_by("tree_id"))
        cache.set(NAV_CACHE_KEY, nav_sections, 300)
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": nav_sections}
