"""Cache invalidation only: the navigation, the page cache's site version, the edge.

Whatever an editor changes that readers see on many pages (an article's teaser or
publication, a correction, a byline, a section, a topic, an image, the support box, an
imprint page) renews the site version (every cached page of this server) and purges the
`site` surrogate key at the edge once the transaction commits; front-page curation purges
`front` (newsroom.surrogate, newsroom.purge). An article published by its schedule needs no
write: pages that could list it expire at that moment (articles.schedule). An image's
renditions are derived copies of its file, made by a task after the upload committed, and
the search vocabulary (articles.search) is derived from published articles the same way.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles import tasks
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    FrontPageSlot,
    Image,
    Section,
    SupportBox,
    Tag,
)
from articles.pages.models import Page
from newsroom import surrogate
from newsroom.context_processors import NAV_CACHE_KEY
from newsroom.edge import site_version_bump
from newsroom.jobs import enqueue_after_commit
from newsroom.purge import purge_after_commit


@receiver(post_save, sender=Section, dispatch_uid="articles_nav_sections_saved")
@receiver(post_delete, sender=Section, dispatch_uid="articles_nav_sections_deleted")
def invalidate_nav_sections(**kwargs):
    cache.delete(NAV_CACHE_KEY)


SHOWN_ON_MANY_PAGES = (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Image,
    Page,
    Section,
    SupportBox,
    Tag,
)


def bump_site_version(**kwargs):
    """Teasers, bylines, the support box and the navigation appear on many cached pages.

    Bumped at once and again after the commit: a page rendered in between from the old rows
    would otherwise be stored under the new version.
    """
    site_version_bump()
    transaction.on_commit(site_version_bump, robust=True)
    purge_after_commit([surrogate.SITE])


def front_page_changed(**kwargs):
    """Only the front page shows the slots."""
    site_version_bump()
    transaction.on_commit(site_version_bump, robust=True)
    purge_after_commit([surrogate.FRONT])


def article_topics_changed(action: str = "", **kwargs):
    if action.startswith("post_"):
        bump_site_version()


for _model in SHOWN_ON_MANY_PAGES:
    post_save.connect(bump_site_version, sender=_model, dispatch_uid=f"edge-{_model.__name__}-s")
    post_delete.connect(bump_site_version, sender=_model, dispatch_uid=f"edge-{_model.__name__}-d")
post_save.connect(front_page_changed, sender=FrontPageSlot, dispatch_uid="edge-frontpageslot-s")
post_delete.connect(front_page_changed, sender=FrontPageSlot, dispatch_uid="edge-frontpageslot-d")
m2m_changed.connect(
    article_topics_changed, sender=Article.tags.through, dispatch_uid="edge-article-tags"
)


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
