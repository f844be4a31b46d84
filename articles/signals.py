"""Cache invalidation only: the navigation lists top-level sections from the cache."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Section
from newsroom.context_processors import NAV_CACHE_KEY


@receiver(post_save, sender=Section, dispatch_uid="articles_nav_sections_saved")
@receiver(post_delete, sender=Section, dispatch_uid="articles_nav_sections_deleted")
def invalidate_nav_sections(**kwargs):
    cache.delete(NAV_CACHE_KEY)
