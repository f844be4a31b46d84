"""All writes to comments. Views, admin actions, commands and tests call these functions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import Notification, User
from accounts.notifications import notification_create, notification_excerpts_refresh
from articles.models import Article
from comments.cache import thread_version_bump
from comments.locking import tree_lock
from comments.models import Comment, Recommendation, StaffRole, recommendation_slot
from comments.moderation import rules, surge
from comments.permissions import (
    LIVE_STATUSES,
    byline_user_ids,
    can_delete,
    can_edit,
    can_moderate,
    is_editor,
    recommend_refusal,
)
from comments.rendering import cook, mentioned_handles

# Stored with every change to HIDDEN or DELETED: a removed comment loses its editors' pick.
PICK_CLEARED = {"picked_at": None, "picked_by": None, "pick_note": ""}


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Please write something before posting.")}, code="empty")
    limit = settings.COMMENT_MAX_LENGTH
    if len(body) > limit:
        raise ValidationError(
            {
                "body": _(
                    "Your comment is %(length)d characters long; at most %(limit)d are allowed. "
                    "Please shorten it."
                )
                % {"length": len(body), "limit": limit}
            },
            code="too_long",
        )
    mentions = len(mentioned_handles(body))
    if mentions > settings.COMMENT_MAX_MENTIONS:
        raise ValidationError(
            {
                "body": _(
                    "Your comment mentions %(count)d people; at most %(max)d @mentions are "
                    "allowed in one comment. Please remove some."
                )
                % {"count": mentions, "max": settings.COMMENT_MAX_MENTIONS}
            },
            code="too_many_mentions",
        )
    return body


def _excerpt(comment: Comment) -> str:
    """The text notifications quote: what readers see of the comment now, or nothing."""
    if comment.status != Comment.Status.VISIBLE:
        return ""
    return Truncator(comment.body).chars(200)


def comment_excerpts_refresh(comment: Comment) -> None:
    """Bring the notification excerpts of `comment` in line with its text and status.

    Called by every service that edits, hides, deletes or restores a comment, so neither an
    inbox nor a data export keeps text that its author or a moderator took back.
    """
    notification_excerpts_refresh(comment_ids=[comment.pk], excerpt=_excerpt(comment))


def comment_posting_refusal(*, user, article: Article) -> str | None:
    """Return why `user` may not comment on `article` right now (reader-facing), or None."""
    if user is None or not user.is_authenticated:
        return _("Please log in to comment.")
    if not user.is_active:
        return _("Your account is not active.")
    if not article.is_published() or not article.comments_open:
        return _("Comments on this article are closed.")
    if not user.email_verified:
        return _(
            "Please confirm your e-mail address before you comment: "
            "open the link in the e-mail we sent you when you signed up."
        )
    return rules.posting_refusal(user=user, article=article)


def comment_count_change(*, article_id: int, delta: int) -> None:
    """Change the article's count of visible comments inside the caller's transaction."""
    if delta:
        Article.objects.filter(pk=article_id).update(
            comment_count=Greatest(F("comment_count") + delta, 0)
        )


def _notify(comment: Comment, mentions=None, *, notify_parent: bool = True) -> None:
    """Tell the parent's author and every mentioned user about a visible comment, once each."""
    article_title = comment.article.headline
    url = comment.get_absolute_url()
    excerpt = _excerpt(comment)
    recipients: dict[int, tuple[User, str]] = {}
    if notify_parent and comment.parent_id is not None:
        parent_author = comment.parent.author
        recipients[parent_author.pk] = (parent_author, Notification.Kind.REPLY)
    for user in mentions if mentions is not None else comment.mentions.all():
        # A reply that also mentions the parent's author is reported as the mention.
        recipients[user.pk] = (user, Notification.Kind.MENTION)
    for user, kind in recipients.values():
        if user.pk == comment.author_id:
            continue
        notification_create(
            recipient=user,
            actor=comment.author,
            kind=kind,
            url=url,
            title=article_title,
            excerpt=excerpt,
            comment_id=comment.pk,
        )


def comment_publish_side_effects(comment: Comment, *, mentions=None) -> None:
    """Run what follows a comment becoming visible: notifications and cache invalidation.

    comments.moderation.services calls this when it approves a pending comment, in the
    same transaction that
    sets the status; changing `Article.comment_count` stays the caller's job (see
    `comment_count_change`), so that every status change adjusts the count exactly once.
    """
    _notify(comment, mentions=mentions)
    thread_version_bump(comment.article_id, comment.tree_id)


def comment_retried(*, author: User, post_token: str) -> Comment | None:
    """The comment `author` already posted with this one-time token, if any (a retry)."""
    if not post_token or not getattr(author, "is_authenticated", False):
        return None
    return Comment.objects.filter(author=author, post_token=post_token).first()


@transaction.atomic
def comment_create(
    *,
    article: Article,
    author: User,
    body: str,
    parent: Comment | None = None,
    ip_hash: str = "",
    is_question: bool = False,
    as_moderator: bool = False,
    post_token: str = "",
) -> Comment:
    """Validate and store a new comment or reply; raise ValidationError with the reason.

    `is_question`: a question to the article's authors (their own tab, if the editors opened
    it). `as_moderator`: a moderator writes as such and the comment carries that badge.
    A `post_token` (newsroom.idempotency) this author posted with before returns that
    comment instead of a second one: the post was retried.
    """
    earlier = comment_retried(author=author, post_token=post_token)
    if earlier is not None:
        return earlier
    body = _clean_body(body)
    refusal = comment_posting_refusal(user=author, article=article)
    if refusal:
        raise ValidationError(refusal, code="refused")
    if is_question and (parent is not None or not article.questions_open):
        raise ValidationError(
            _("Questions to the authors are not open for this article."), code="questions_closed"
        )
    if parent is not None and parent.article_id != article.pk:
        raise ValidationError(
            _("You can only reply to comments on this article."), code="parent_article"
        )
    # Everything that reads (word lists, moderation settings, mention lookups) happens
    # before the thread's lock: the lock lasts until commit and serialises the thread.
    status = rules.initial_status(author=author, article=article, body=body)
    cooked = cook(body)
    if parent is not None:
        # Serialise writers within this thread: mptt renumbers lft/rght of the whole tree.
        # tree_id never changes (we never move comments), so the pre-read value is safe.
        tree_lock(parent.tree_id)
        parent = Comment.objects.select_related("author").filter(pk=parent.pk).first()
        if parent is None:
            raise ValidationError(
                _("The comment you are replying to no longer exists."), code="parent_missing"
            )
        if parent.status != Comment.Status.VISIBLE:
            raise ValidationError(
                _("The comment you are replying to has been removed; replies are closed."),
                code="parent_hidden",
            )
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        body=body,
        body_html=cooked.html,
        status=status,
        ip_hash=ip_hash,
        staff_role=comment_staff_role(author=author, as_moderator=as_moderator),
        is_question=is_question,
        post_token=post_token,
    )
    if post_token:
        try:
            with transaction.atomic():  # a savepoint: a lost race must not end our transaction
                comment.save()
        except IntegrityError:
            # A parallel retry of the same form committed first (it held the unique index).
            earlier = comment_retried(author=author, post_token=post_token)
            if earlier is None:
                raise
            return earlier
    else:
        comment.save()
    if parent is not None and author.pk in byline_user_ids(article):
        # An author's reply anywhere in a question's thread answers the question.
        Comment.objects.filter(
            tree_id=parent.tree_id, level=0, is_question=True, answered_at__isnull=True
        ).update(answered_at=timezone.now())
    if cooked.mentions:
        # add(), not set(): a new row has no mentions to diff against, so one query fewer.
        comment.mentions.add(*cooked.mentions)
    if status == Comment.Status.VISIBLE:
        comment_publish_side_effects(comment, mentions=cooked.mentions)
        # Last statement: the article row lock is held for as short a time as possible.
        comment_count_change(article_id=article.pk, delta=1)
    # DSA: the surge breaker counts the comment; a held comment records which rule held it.
    surge.comment_received(comment=comment)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    """Replace the text of the user's own comment within the edit window."""
    if not can_edit(comment, user):
        raise ValidationError(
            _("You can only edit your own comments, within %(minutes)d minutes of posting.")
            % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            code="not_editable",
        )
    body = _clean_body(body)
    article = comment.article
    refusal = comment_posting_refusal(user=user, article=article)
    if refusal:
        raise ValidationError(refusal, code="refused")
    new_status = rules.initial_status(author=user, article=article, body=body)
    was_visible = comment.status == Comment.Status.VISIBLE
    # An edit may send a visible comment back to review (e.g. a watched word), never the
    # other way round: a pending comment stays pending until a moderator approves it.
    status = Comment.Status.PENDING if new_status == Comment.Status.PENDING else comment.status
    cooked = cook(body)
    old_mentions = set(comment.mentions.values_list("pk", flat=True))
    now = timezone.now()
    # .update(): an edit never touches the tree fields, so it needs no tree lock.
    Comment.objects.filter(pk=comment.pk).update(
        body=body, body_html=cooked.html, edited_at=now, status=status
    )
    comment.body, comment.body_html, comment.edited_at, comment.status = (
        body,
        cooked.html,
        now,
        status,
    )
    comment.mentions.set(cooked.mentions)
    if status == Comment.Status.VISIBLE:
        new_mentions = [u for u in cooked.mentions if u.pk not in old_mentions]
        if new_mentions:
            # The parent's author heard of the reply when it was published.
            _notify(comment, new_mentions, notify_parent=False)
    comment_excerpts_refresh(comment)
    thread_version_bump(comment.article_id, comment.tree_id)
    if was_visible and status != Comment.Status.VISIBLE:
        comment_count_change(article_id=comment.article_id, delta=-1)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> Comment:
    """Soft-delete the user's own comment: the row stays so its replies keep their place."""
    if not can_delete(comment, user):
        raise ValidationError(_("You can only delete your own comments."), code="not_deletable")
    # Re-read under a row lock so two deletes (or a delete racing a moderator) count once.
    current = Comment.objects.select_for_update().filter(pk=comment.pk).values("status").first()
    if current is None or current["status"] not in LIVE_STATUSES:
        raise ValidationError(_("This comment has already been removed."), code="gone")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.DELETED, **PICK_CLEARED)
    comment.status = Comment.Status.DELETED
    comment_excerpts_refresh(comment)
    thread_version_bump(comment.article_id, comment.tree_id)
    if current["status"] == Comment.Status.VISIBLE:
        comment_count_change(article_id=comment.article_id, delta=-1)
    return comment


def comment_count_recompute(*, article_id: int | None = None) -> int:
    """Recount visible comments per article; return how many articles were corrected."""
    from django.db.models import Count, Q

    articles = Article.objects.all()
    if article_id is not None:
        articles = articles.filter(pk=article_id)
    fixed = 0
    rows = articles.annotate(
        real=Count("comments", filter=Q(comments__status=Comment.Status.VISIBLE))
    ).values_list("pk", "comment_count", "real")
    for pk, stored, real in rows:
        if stored != real:
            with transaction.atomic():
                Article.objects.filter(pk=pk).update(comment_count=real)
                thread_version_bump(pk)
            fixed += 1
    return fixed


def comment_recook(*, comment: Comment) -> bool:
    """Render the stored text again with the current rules; return True if it changed."""
    cooked = cook(comment.body)
    changed = cooked.html != comment.body_html
    with transaction.atomic():
        if changed:
            Comment.objects.filter(pk=comment.pk).update(body_html=cooked.html)
            comment.body_html = cooked.html
            thread_version_bump(comment.article_id, comment.tree_id)
        # A deleted account's handle no longer resolves; its old mention stays recorded.
        kept = list(comment.mentions.filter(is_deleted=True))
        comment.mentions.set([*cooked.mentions, *kept])
    return changed


def comment_staff_role(*, author: User, as_moderator: bool = False) -> str:
    """The badge a new comment carries, from the account (never from the display name)."""
    if as_moderator and can_moderate(author):
        return StaffRole.MODERATOR
    if is_editor(author):
        return StaffRole.EDITOR
    return ""


# --- Reader recommendations ("Leserempfehlungen") -------------------------------------------


def recommendations_changed(*, article_id: int) -> None:
    """Let cached pages show new counts soon, without re-rendering them for every click.

    Writes the current time slot into the article at most once per slot (the condition makes
    the other updates of a slot touch no row), so a wave of recommendations on a hot article
    costs one article write per COMMENT_RECOMMENDATION_REFRESH_SECONDS, and the anonymous
    thread cache is re-rendered at most once per slot. Last statement of the transaction.
    """
    slot = recommendation_slot()
    Article.objects.filter(pk=article_id, recommendations_epoch__lt=slot).update(
        recommendations_epoch=slot
    )


def _recommend_check(comment: Comment, user: User) -> None:
    refusal = recommend_refusal(
        comment, user, posting_refusal=comment_posting_refusal(user=user, article=comment.article)
    )
    if refusal:
        raise ValidationError(refusal, code="refused")


def _count_of(comment: Comment) -> int:
    count = Comment.objects.filter(pk=comment.pk).values_list("recommendation_count", flat=True)
    comment.recommendation_count = count.first() or 0
    return comment.recommendation_count


@transaction.atomic
def comment_recommend(*, comment: Comment, user: User) -> int:
    """Recommend `comment` once (a second time changes nothing); return the new count."""
    _recommend_check(comment, user)
    try:
        with transaction.atomic():  # a savepoint: the duplicate must not spoil the outer one
            Recommendation.objects.create(comment=comment, user=user)
    except IntegrityError:  # already recommended (a double click, a second tab)
        return _count_of(comment)
    # Conditional on visibility: a comment hidden meanwhile takes no recommendation.
    if not Comment.objects.filter(pk=comment.pk, status=Comment.Status.VISIBLE).update(
        recommendation_count=F("recommendation_count") + 1
    ):
        raise ValidationError(_("This comment cannot be recommended."), code="gone")
    recommendations_changed(article_id=comment.article_id)
    return _count_of(comment)


@transaction.atomic
def comment_unrecommend(*, comment: Comment, user: User) -> int:
    """Take back the user's recommendation (if any); return the new count."""
    deleted, _rows = Recommendation.objects.filter(comment=comment, user=user).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(
            recommendation_count=Greatest(F("recommendation_count") - 1, 0)
        )
        recommendations_changed(article_id=comment.article_id)
    return _count_of(comment)


@transaction.atomic
def recommendations_withdraw(*, user: User) -> int:
    """Remove all of a (banned) reader's recommendations and lower the counts; return how many."""
    rows = list(
        Recommendation.objects.filter(user=user).values_list("comment_id", "comment__article_id")
    )
    if not rows:
        return 0
    Recommendation.objects.filter(user=user).delete()
    # Each comment had at most one recommendation of this reader (unique), hence -1.
    Comment.objects.filter(pk__in=[pk for pk, _a in rows]).update(
        recommendation_count=Greatest(F("recommendation_count") - 1, 0)
    )
    for article_id in sorted({a for _pk, a in rows}):
        recommendations_changed(article_id=article_id)
    return len(rows)
