"""Writes for the articles app. The admin and seed_demo call these; views only read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from articles.images import clean_upload
from articles.models import Article, Image, SlugRedirect


@transaction.atomic
def article_save(*, article: Article) -> Article:
    """Save an article; if a published article's slug changed, keep the old URL working.

    This is the one place that knows the slug-history rule: the former slug of an article that
    readers could see becomes a SlugRedirect (301). A draft's slug can change freely.
    """
    previous = None
    if article.pk is not None:
        previous = (
            Article.objects.select_for_update()
            .filter(pk=article.pk)
            .only("slug", "status", "published_at")
            .first()
        )
    article.save()
    if previous is not None and previous.slug != article.slug:
        # The article owns its new slug again (renamed back and forth): drop that redirect.
        SlugRedirect.objects.filter(old_slug=article.slug).delete()
        if previous.is_published():
            SlugRedirect.objects.update_or_create(
                old_slug=previous.slug, defaults={"article": article}
            )
    return article


@transaction.atomic
def article_publish(*, article: Article) -> Article:
    """Publish a draft now, or keep a scheduled time that still lies in the future."""
    if article.status == Article.Status.PUBLISHED:
        return article
    now = timezone.now()
    if article.published_at is None or article.published_at <= now:
        # A draft's default time is its creation; readers expect "published at" to mean now.
        article.published_at = now
    article.status = Article.Status.PUBLISHED
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take an article offline; its URL answers 404 until it is published again."""
    if article.status != Article.Status.DRAFT:
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
    return article


@transaction.atomic
def image_create(*, upload, alt_text: str, caption: str = "", credit: str = "") -> Image:
    """Validate an upload, store a metadata-free copy and its renditions.

    Raises ValidationError (nothing stored) when the upload is not an acceptable image.
    """
    image = Image(
        file=clean_upload(upload), alt_text=alt_text.strip(), caption=caption, credit=credit
    )
    image.full_clean()
    image.save()
    return image
