"""Who may do what: who moderates, what an author may do with their own comment, and who
recommends and picks; small predicates shared by views, templates, admin actions and
services. Each question has its one function here."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comments.models import Comment
from comments.moderation.models import Sanction

# --- Who moderates ---------------------------------------------------------------------

# Django's own permission system, so active superusers and the Moderators group (given the
# permission by migration comments/0004) qualify, and ModelBackend caches the answer on the
# user per request. The codename is stored in the database: never rename it.
MODERATE_PERMISSION = "comments.moderate_comments"


def can_moderate(user, *, acting: bool = False) -> bool:
    """The one answer to "may this account moderate?": views, templates (the `can_moderate`
    filter), admin actions and services all ask it.

    `acting=True` (every service that decides something) also refuses a moderator who is
    suspended or banned from the discussions themselves (issue 22): one query. Pages only ask
    the permission (no query).
    """
    allowed = bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(MODERATE_PERMISSION)
    )
    if not (allowed and acting):
        return allowed
    return not Sanction.objects.active().filter(user_id=user.pk).exists()


def edit_deadline(comment):
    return comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def can_edit(comment: Comment, user, now=None) -> bool:
    """Authors may edit their own live comment for a few minutes after posting."""
    if not (user and user.is_authenticated and comment.author_id == user.pk):
        return False
    if not comment.is_live():
        return False
    return (now or timezone.now()) <= edit_deadline(comment)


def can_delete(comment: Comment, user) -> bool:
    """Authors may delete their own comment at any time, unless it is already gone."""
    if not (user and user.is_authenticated and comment.author_id == user.pk):
        return False
    return comment.is_live()


# --- Recommendations, picks and badges (issue 15) ----------------------------------------

# Editors are the accounts that may change articles (the Editors group, superusers): the
# permission check is cached by Django's ModelBackend on the user, so it costs one query at most.
EDITOR_PERMISSION = "articles.change_article"


def is_editor(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(EDITOR_PERMISSION)
    )


def can_pick(user) -> bool:
    """Editors and moderators mark comments as editors' picks."""
    return is_editor(user) or can_moderate(user)


def recommend_refusal(comment, user, *, posting_refusal: str | None) -> str | None:
    """Why `user` may not recommend `comment` (reader-facing), or None.

    Only readers who may comment here recommend (`posting_refusal` is the write path's answer
    for this user and article, so sanctioned or unconfirmed readers and closed discussions are
    refused); never one's own comment, never a comment readers cannot see.
    """
    from django.utils.translation import gettext as _

    if user is None or not user.is_authenticated:
        return _("Please log in to recommend comments.")
    if comment.author_id == user.pk:
        return _("You cannot recommend your own comment.")
    if not comment.is_visible():
        return _("This comment cannot be recommended.")
    return posting_refusal


def byline_user_ids(article) -> frozenset[int]:
    """The accounts linked to an author in the article's byline ("Autor:in" badge).

    Uses `article.bylines` as prefetched by Article.objects.for_detail(): no query then.
    """
    return frozenset(
        byline.author.user_id for byline in article.bylines.all() if byline.author.user_id
    )
