"""Who may do what with a comment; small predicates shared by views, templates and services."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comments.models import Comment
from comments.moderation import rules

# Statuses in which a comment is still its author's: editable, deletable, counted once gone.
LIVE_STATUSES = frozenset({Comment.Status.VISIBLE, Comment.Status.PENDING})


def can_moderate(user) -> bool:
    return rules.is_moderator(user)


def edit_deadline(comment):
    return comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def can_edit(comment, user, now=None) -> bool:
    """Authors may edit their own live comment for a few minutes after posting."""
    if not (user and user.is_authenticated and comment.author_id == user.pk):
        return False
    if comment.status not in LIVE_STATUSES:
        return False
    return (now or timezone.now()) <= edit_deadline(comment)


def can_delete(comment, user) -> bool:
    """Authors may delete their own comment at any time, unless it is already gone."""
    if not (user and user.is_authenticated and comment.author_id == user.pk):
        return False
    return comment.status in LIVE_STATUSES
