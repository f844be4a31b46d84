"""Retention: the text of long-hidden comments is erased; rows, tree and statements stay.
The text of refused comments (kept so moderators see which rule refused them) goes sooner."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comments.cache import article_thread_bump
from comments.models import Comment
from comments.moderation.models import AssistantScore, ModerationSettings, RefusedComment


def erasable(*, days: int):
    cutoff = timezone.now() - timezone.timedelta(days=days)
    return Comment.objects.filter(
        status=Comment.Status.HIDDEN, hidden_at__lte=cutoff, hidden_at__isnull=False
    ).exclude(body="")


@transaction.atomic
def hidden_comments_erase(*, days: int | None = None, dry_run: bool = False) -> int:
    """Erase body, cooked text and mentions of comments hidden more than `days` ago."""
    days = ModerationSettings.load().retention_days if days is None else days
    if days < 0:
        raise ValidationError("The retention period cannot be negative.")
    targets = list(erasable(days=days).values_list("pk", "article_id", "tree_id"))
    if dry_run or not targets:
        return len(targets)
    ids = [pk for pk, _article, _tree in targets]
    Comment.objects.filter(pk__in=ids).update(body="", body_html="")
    Comment.mentions.through.objects.filter(comment_id__in=ids).delete()
    # The assistant's explanation quotes the reader's words; the score itself stays.
    AssistantScore.objects.filter(comment_id__in=ids).update(explanation={})
    # Moderators see hidden texts in the threads: the erased ones must go from every cache.
    trees: dict[int, set[int]] = {}
    for _pk, article_id, tree_id in targets:
        trees.setdefault(article_id, set()).add(tree_id)
    for article_id in sorted(trees):
        article_thread_bump(article_id=article_id, tree_ids=trees[article_id])
    return len(ids)


@transaction.atomic
def refused_comments_erase(*, days: int | None = None, dry_run: bool = False) -> int:
    """Erase the text of refused comments older than `days` (default: the site's setting).

    The rule and the word-list entry stay: they are ours, not the reader's words.
    """
    days = ModerationSettings.load().refused_retention_days if days is None else days
    if days < 0:
        raise ValidationError("The retention period cannot be negative.")
    targets = RefusedComment.objects.erasable(days=days)
    if dry_run:
        return targets.count()
    return targets.update(body="", matched_text="")


def refused_comments_of_user_erase(*, user_id: int) -> int:
    """Erase the refused texts of a deleted account at once (comments.signals calls it)."""
    return (
        RefusedComment.objects.filter(author_id=user_id)
        .exclude(body="", matched_text="")
        .update(body="", matched_text="")
    )


def refused_comments_export(*, user) -> list[dict]:
    """A reader's refused comments for their data export (what is still kept of them)."""
    return [
        {
            "article": item.article.headline,
            "refused_at": item.created_at.isoformat(),
            "rule": item.rule,
            "body": item.body,
        }
        for item in RefusedComment.objects.filter(author=user)
        .select_related("article")
        .order_by("created_at", "pk")
    ]
