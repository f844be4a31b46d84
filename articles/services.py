"""Writes for the articles app. The admin and seed_demo call these; views only read."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from articles.images import clean_upload
from articles.models import Article, Author, Correction, Image, SlugRedirect, TickerEntry
from newsroom import surrogate
from newsroom.purge import purge_after_commit


def _set_publish_time(article: Article, *, was_published: bool, now) -> None:
    """Publishing a draft means "now", unless the editor scheduled it for later.

    A draft's default time is its creation time; without this, an article written in the
    morning and published in the afternoon would be buried under everything in between.
    """
    if article.status == Article.Status.PUBLISHED and not was_published:
        if article.published_at is None or article.published_at <= now:
            article.published_at = now


@transaction.atomic
def article_save(
    *,
    article: Article,
    actor=None,
    substantial: bool = False,
    keep_published_at: bool = False,
) -> Article:
    """Save an article: the one write path for the admin, restores and seed_demo.

    - If a published article's slug changed, the old URL keeps working: the former slug of an
      article that readers could see becomes a SlugRedirect (301). A draft's slug can change
      freely.
    - Publishing a draft sets its time to now (unless scheduled for the future, or
      `keep_published_at` says the editor typed the time on purpose).
    - `substantial` (an editor's tick, not every typo fix) sets the "updated on" time readers
      see, if readers could already see the article.
    - The version kept by django-simple-history records `actor` as who saved it.
    """
    now = timezone.now()
    previous = None
    if article.pk is not None:
        previous = (
            Article.objects.select_for_update()
            .filter(pk=article.pk)
            .only("slug", "status", "published_at")
            .first()
        )
    if not keep_published_at:
        was_published = previous is not None and previous.status == Article.Status.PUBLISHED
        _set_publish_time(article, was_published=was_published, now=now)
    if substantial and previous is not None and previous.is_published():
        article.revised_at = now
    if actor is not None and getattr(actor, "is_authenticated", False):
        article._history_user = actor
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
def article_publish(*, article: Article, actor=None) -> Article:
    """Publish a draft now, or keep a scheduled time that still lies in the future."""
    if article.status == Article.Status.PUBLISHED:
        return article
    article.status = Article.Status.PUBLISHED
    return article_save(article=article, actor=actor)


@transaction.atomic
def article_unpublish(*, article: Article, actor=None) -> Article:
    """Take an article offline; its URL answers 404 until it is published again."""
    if article.status != Article.Status.DRAFT:
        article.status = Article.Status.DRAFT
        article_save(article=article, actor=actor)
    return article


@transaction.atomic
def correction_add(*, article: Article, text: str, at=None) -> Correction:
    """Add a dated correction note; readers see the article as updated at that time."""
    correction = Correction(article=article, text=text.strip(), created_at=at or timezone.now())
    correction.full_clean()
    correction.save()
    # .update(): the correction is its own record; the article's text did not change, so no
    # new version, and readers' "updated on" moves only forward.
    Article.objects.filter(pk=article.pk).update(revised_at=correction.created_at)
    article.revised_at = correction.created_at
    return correction


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


# --- Live ticker --------------------------------------------------------------------------
# Every change readers can see bumps the article's thread_version in the same transaction
# (the page cache and the live updates follow it) and stamps the entry with the new version,
# so "what changed since version N" is one indexed query.


def article_live_version_bump(*, article_id: int, activity: bool = False) -> int:
    """Raise the article's thread_version (as the comment write path does) and return it.

    `activity`: something new arrived (a published entry), which keeps live updates going
    (`Article.live_updates_active`).
    """
    activity_sql = ", live_activity_at = %s" if activity else ""
    params = [timezone.now()] if activity else []
    # The article's page, its ticker feed and the live answers, at the edge, after the commit.
    purge_after_commit([surrogate.article(article_id)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET thread_version = thread_version + 1"
            f"{activity_sql} WHERE id = %s RETURNING thread_version",
            [*params, article_id],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def _ticker_entry_store(entry: TickerEntry, *, new: bool = False) -> TickerEntry:
    entry.full_clean(exclude=["article", "created_by"])
    entry.live_version = article_live_version_bump(
        article_id=entry.article_id, activity=new and entry.is_published()
    )
    entry.save()
    return entry


@transaction.atomic
def ticker_entry_create(
    *,
    article: Article,
    body: str,
    actor=None,
    author: Author | None = None,
    image: Image | None = None,
    is_key: bool = False,
    publish: bool = True,
    published_at=None,
) -> TickerEntry:
    """Add an entry to a live ticker, published at once (default) or as a draft.

    `published_at` is the time readers see; empty means the moment it is published.
    """
    entry = TickerEntry(
        article=article,
        body=body.strip(),
        author=author,
        image=image,
        is_key=is_key,
        published_at=published_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if publish:
        entry.status = TickerEntry.Status.PUBLISHED
        entry.published_at = published_at or timezone.now()
    return _ticker_entry_store(entry, new=True)


@transaction.atomic
def ticker_entry_update(
    *,
    entry: TickerEntry,
    body: str,
    author: Author | None = None,
    image: Image | None = None,
    is_key: bool = False,
    published_at=None,
) -> TickerEntry:
    """Change an entry; a published one shows "updated" from now on."""
    entry = TickerEntry.objects.select_for_update().get(pk=entry.pk)
    changed = (entry.body, entry.author_id, entry.image_id, entry.is_key, entry.published_at) != (
        body.strip(),
        author.pk if author else None,
        image.pk if image else None,
        is_key,
        published_at or entry.published_at,
    )
    if not changed:
        return entry
    entry.body, entry.author, entry.image, entry.is_key = body.strip(), author, image, is_key
    if published_at is not None:
        entry.published_at = published_at
    if entry.is_published():
        entry.edited_at = timezone.now()
    return _ticker_entry_store(entry)


@transaction.atomic
def ticker_entry_publish(*, entry: TickerEntry) -> TickerEntry:
    """Publish a draft with one click: at the time the editor set, else now."""
    entry = TickerEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_draft():
        return entry
    entry.status = TickerEntry.Status.PUBLISHED
    entry.published_at = entry.published_at or timezone.now()
    return _ticker_entry_store(entry, new=True)


@transaction.atomic
def ticker_entry_delete(*, entry: TickerEntry) -> TickerEntry:
    """Take an entry off the ticker; the row stays so open pages learn that it went."""
    entry = TickerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == TickerEntry.Status.DELETED:
        return entry
    entry.status = TickerEntry.Status.DELETED
    return _ticker_entry_store(entry)


@transaction.atomic
def ticker_end(*, article: Article, actor=None) -> Article:
    """End the live coverage now; readers see "ended" and the Live badge goes."""
    if article.is_live():
        article.live_ended_at = timezone.now()
        article_save(article=article, actor=actor, keep_published_at=True)
        article_live_version_bump(article_id=article.pk)
    return article


@transaction.atomic
def ticker_resume(*, article: Article, actor=None) -> Article:
    """Mark an article as a running live ticker (again)."""
    if not article.is_live():
        article.is_liveticker = True
        article.live_ended_at = None
        if article.live_started_at is None and article.is_published():
            article.live_started_at = timezone.now()
        article_save(article=article, actor=actor, keep_published_at=True)
        article_live_version_bump(article_id=article.pk)
    return article
