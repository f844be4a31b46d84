"""Cache invalidation only: the navigation lists top-level sections from the cache."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, ArticleAuthor, Author, Image, Section, SupportBox, Tag
from newsroom.context_processors import NAV_CACHE_KEY
from newsroom.edge import site_version_bump


@receiver(post_save, sender=Section, dispatch_uid="articles_nav_sections_saved")
@receiver(post_delete, sender=Section, dispatch_uid="articles_nav_sections_deleted")
def invalidate_nav_sections(**kwargs):
    cache.delete(NAV_CACHE_KEY)


SHOWN_ON_MANY_PAGES = (Article, ArticleAuthor, Author, Image, Section, SupportBox, Tag)


def bump_site_version(**kwargs):
    """Teasers, bylines, the support box and the navigation appear on many cached pages."""
    site_version_bump()


for _model in SHOWN_ON_MANY_PAGES:
    post_save.connect(bump_site_version, sender=_model, dispatch_uid=f"edge-{_model.__name__}-s")
    post_delete.connect(bump_site_version, sender=_model, dispatch_uid=f"edge-{_model.__name__}-d")
