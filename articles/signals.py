"""Cache invalidation: the navigation lists top-level sections from the cache, pages show
teasers and bylines, and an image's renditions and the search vocabulary are derived."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import tasks
from articles.models import Article, ArticleAuthor, Author, Image, Section, SupportBox, Tag
from newsroom.context_processors import NAV_CACHE_KEY
from newsroom.edge import site_version_bump
from newsroom.jobs import enqueue_after_commit


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


@receiver(post_save, sender=Image, dispatch_uid="articles_image_renditions")
def image_renditions_follow_the_file(sender, instance: Image, raw=False, **kwargs):
    """Renditions follow the file: a task derives them once the upload has committed
    (articles.images.renditions_update); pages show the original until then."""
    if not raw and instance.renditions_stale():
        enqueue_after_commit(tasks.image_renditions, image_id=instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="articles_search_words")
def search_words_follow_published_articles(sender, instance: Article, raw=False, **kwargs):
    """A published article's words join the search vocabulary once its save has committed
    (articles.search.search_words_add; `search_words_rebuild` after bulk loads)."""
    if not raw and instance.status == Article.Status.PUBLISHED:
        enqueue_after_commit(tasks.search_words_add, article_id=instance.pk)
