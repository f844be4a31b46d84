"""All writes to comments. Views, admin actions, commands and tests call these functions.

Two functions here are the only places where derived state changes:
- `article_thread_bump` changes `Article.comment_count` and `Article.thread_version` (the cache
  key of the rendered thread) with F(), in the caller's transaction;
- `comment_status_set` is the only place a comment's status changes: a conditional update
  that derives the count delta from `Comment.COUNTED` and bumps the thread.
"""

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

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
from comments.cache import article_thread_bump, thread_purge
from comments.locking import tree_lock
from comments.models import Comment, Recommendation, StaffRole, recommendation_slot
from comments.moderation import intake, rules
from comments.moderation.assistant import policy as assistant
from comments.moderation.assistant import records as assistant_records
from comments.moderation.models import ModerationSettings
from comments.permissions import (
    byline_user_ids,
    can_delete,
    can_edit,
    can_moderate,
    is_editor,
    recommend_refusal,
)
from comments.rendering import cook, mentioned_handles
from newsroom.idempotency import resubmission_token, submission_tokens

# Stored with every change to HIDDEN or DELETED (comment_status_set): a removed comment
# loses its editors' pick.
PICK_CLEARED = {"picked_at": None, "picked_by": None, "pick_note": ""}


def _clean_body(body: str) -> str:
    body = _normalized(body)
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
    if not comment.is_visible():
        return ""
    return Truncator(comment.body).chars(200)


def comment_excerpts_refresh(comment: Comment) -> None:
    """Bring the notification excerpts of `comment` in line with its text and status.

    Called by every service that edits, hides, deletes or restores a comment, so neither an
    inbox nor a data export keeps text that its author or a moderator took back.
    """
    notification_excerpts_refresh(comment_ids=[comment.pk], excerpt=_excerpt(comment))


class StatusChange(NamedTuple):
    pk: int
    article_id: int
    tree_id: int
    before: str


def comment_status_set(
    *,
    to: str,
    expect: Iterable[str],
    comment: Comment | None = None,
    pks: Iterable[int] = (),
    **fields,
) -> list[StatusChange]:
    """Move `comment` (or the comments `pks`) to status `to` where the status is in `expect`.

    The only place a status changes. The rows are locked and re-read, so two requests racing
    (two moderators, a moderator and the author) change the count once; the count delta comes
    from the status groups, and the thread version is bumped in the same transaction.
    `fields` are stored with the status (e.g. who hid it and why). Returns what changed.
    """
    expect = frozenset(expect)
    ids = [comment.pk] if comment is not None else list(pks)
    with transaction.atomic():
        changes = [
            StatusChange(*row)
            for row in Comment.objects.select_for_update()
            .filter(pk__in=ids, status__in=expect)
            .order_by("pk")
            .values_list("pk", "article_id", "tree_id", "status")
        ]
        if not changes:
            return []
        if to in Comment.GONE:  # a removed comment loses its editors' pick
            fields = {**PICK_CLEARED, **fields}
        Comment.objects.filter(pk__in=[c.pk for c in changes]).update(status=to, **fields)
        counted_after = to in Comment.COUNTED
        deltas: Counter[int] = Counter()
        trees: dict[int, set[int]] = {}
        for change in changes:
            deltas[change.article_id] += counted_after - (change.before in Comment.COUNTED)
            trees.setdefault(change.article_id, set()).add(change.tree_id)
        for article_id in sorted(deltas):  # a fixed order: two bulk changes never deadlock
            article_thread_bump(
                article_id=article_id,
                tree_ids=trees[article_id],
                count_delta=deltas[article_id],
                comment_ids=[c.pk for c in changes if c.article_id == article_id],
            )
    if comment is not None:
        comment.status = to
        for name, value in fields.items():
            setattr(comment, name, value)
    return changes


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
    """Tell people about a comment that just became visible (its reply and its mentions).

    comments.moderation.services calls this when it approves a pending comment; the count
    and the thread version were changed by `comment_status_set`.
    """
    _notify(comment, mentions=mentions)


def comment_retried(*, author: User, post_token: str, body: str) -> Comment | None:
    """The comment `author` already posted with this token and this text, if any (a retry).

    The same token with another text is a new comment (newsroom.idempotency), never a drop.
    """
    if not post_token or not getattr(author, "is_authenticated", False):
        return None
    text = _normalized(body)
    for comment in Comment.objects.filter(
        author=author, post_token__in=submission_tokens(post_token, text)
    ):
        if comment.body == text:
            return comment
    return None


def _normalized(body: str) -> str:
    """The text as stored (what _clean_body keeps), for comparing a retry with the original."""
    return (body or "").replace("\r\n", "\n").replace("\x00", "").strip()


def _retry_or_token(*, author: User, post_token: str, body: str) -> tuple[Comment | None, str]:
    """One query for both questions about a form's one-time token: the comment this very
    submission already made (a retry: same author, token and text), or else the token to
    store (the form's, or a derived one when another text already used the form's)."""
    if not post_token or not getattr(author, "is_authenticated", False):
        return None, post_token
    text = _normalized(body)
    taken = False
    for comment in Comment.objects.filter(
        author=author, post_token__in=submission_tokens(post_token, text)
    ):
        if comment.body == text:
            return comment, post_token
        taken = taken or comment.post_token == post_token
    return None, resubmission_token(post_token, text) if taken else post_token


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
    comment instead of a second one: the post was retried. A text a blocked word refuses is
    kept for the moderators (intake.refusal_record), outside the write's rolled-back transaction.
    """
    try:
        return _comment_create(
            article=article,
            author=author,
            body=body,
            parent=parent,
            ip_hash=ip_hash,
            is_question=is_question,
            as_moderator=as_moderator,
            post_token=post_token,
        )
    except rules.WordRefused as refused:
        intake.refusal_record(
            author=author, article=article, body=body, refused=refused, parent=parent
        )
        raise


def _posting_check(*, author, article, parent, question: bool, site) -> None:
    """Refuse a post that may not be made here, whatever its text (reader-facing reasons)."""
    refusal = rules.posting_refusal(user=author, article=article, site=site)
    if refusal:
        raise ValidationError(refusal, code="refused")
    if question and (parent is not None or not rules.questions_open(article)):
        raise ValidationError(
            _("Questions to the authors are not open for this article."), code="questions_closed"
        )
    if parent is not None and parent.article_id != article.pk:
        raise ValidationError(
            _("You can only reply to comments on this article."), code="parent_article"
        )


def _locked_parent(parent: Comment) -> Comment:
    """Take the thread's lock and re-read the parent under it; refuse a reply to a comment
    that is gone or no longer visible."""
    # Serialise writers within this thread: mptt renumbers lft/rght of the whole tree.
    # tree_id never changes (we never move comments), so the pre-read value is safe.
    tree_lock(parent.tree_id)
    parent = Comment.objects.select_related("author").filter(pk=parent.pk).first()
    if parent is None:
        raise ValidationError(
            _("The comment you are replying to no longer exists."), code="parent_missing"
        )
    if not parent.is_visible():
        raise ValidationError(
            _("The comment you are replying to has been removed; replies are closed."),
            code="parent_hidden",
        )
    return parent


def _save_once(comment: Comment) -> Comment | None:
    """Insert the new comment; if a parallel retry of the same form (same post token)
    committed first, return that comment instead and store nothing."""
    if not comment.post_token:
        comment.save()
        return None
    try:
        with transaction.atomic():  # a savepoint: a lost race must not end our transaction
            comment.save()
    except IntegrityError:
        # The other request held the unique index of (author, post_token) first.
        earlier = comment_retried(
            author=comment.author, post_token=comment.post_token, body=comment.body
        )
        if earlier is None:
            raise
        return earlier
    return None


def _inserted_side_effects(comment: Comment, *, mentions) -> None:
    """What a new comment's row brings along in the same transaction: the question it
    answers, its mentions, and for a visible one the notifications."""
    parent = comment.parent
    if parent is not None and comment.author_id in byline_user_ids(comment.article):
        # An author's reply anywhere in a question's thread answers the question.
        Comment.objects.filter(
            tree_id=parent.tree_id, level=0, is_question=True, answered_at__isnull=True
        ).update(answered_at=timezone.now())
    if mentions:
        # add(), not set(): a new row has no mentions to diff against, so one query fewer.
        comment.mentions.add(*mentions)
    if comment.is_visible():
        comment_publish_side_effects(comment, mentions=mentions)


@transaction.atomic
def _comment_create(
    *,
    article: Article,
    author: User,
    body: str,
    parent: Comment | None,
    ip_hash: str,
    is_question: bool,
    as_moderator: bool,
    post_token: str,
) -> Comment:
    earlier, post_token = _retry_or_token(author=author, post_token=post_token, body=body)
    if earlier is not None:
        return earlier
    body = _clean_body(body)
    site = ModerationSettings.load()  # once per write: the refusal and the hold rules share it
    _posting_check(author=author, article=article, parent=parent, question=is_question, site=site)
    # Everything that reads (word lists, moderation settings, mention lookups, the moderation
    # assistant's score) happens before the thread's lock: the lock lasts until commit and
    # serialises the thread.
    assessment = assistant.assess(article=article, body=body)
    held = rules.intake_hold(
        author=author, article=article, body=body, site=site, assessment=assessment
    )
    status = Comment.Status.PENDING if held is not None else Comment.Status.VISIBLE
    cooked = cook(body)
    if parent is not None:
        parent = _locked_parent(parent)
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
    earlier = _save_once(comment)
    if earlier is not None:
        return earlier
    _inserted_side_effects(comment, mentions=cooked.mentions)
    # DSA: the surge breaker counts the comment; a held comment records which rule held it.
    intake.comment_received(comment=comment, held=held, site=site)
    assistant_records.score_record(comment=comment, assessment=assessment, held=held)
    # Last statement: the article row lock is held for as short a time as possible.
    article_thread_bump(
        article_id=article.pk,
        tree_ids=[comment.tree_id],
        count_delta=int(comment.status in Comment.COUNTED),
        comment_ids=[comment.pk],
        activity=True,
    )
    return comment


def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    """Replace the text of the user's own comment within the edit window.

    An edit a blocked word refuses is kept for the moderators, as a refused new comment is.
    """
    try:
        return _comment_edit(comment=comment, user=user, body=body)
    except rules.WordRefused as refused:
        intake.refusal_record(
            author=user, article=comment.article, body=body, refused=refused, edit_of=comment
        )
        raise


@transaction.atomic
def _comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    if not can_edit(comment, user):
        raise ValidationError(
            _("You can only edit your own comments, within %(minutes)d minutes of posting.")
            % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            code="not_editable",
        )
    body = _clean_body(body)
    article = comment.article
    site = ModerationSettings.load()  # once per edit: the refusal and the hold rules share it
    refusal = rules.posting_refusal(user=user, article=article, site=site)
    if refusal:
        raise ValidationError(refusal, code="refused")
    assessment = assistant.assess(article=article, body=body)
    held = rules.intake_hold(
        author=user, article=article, body=body, site=site, assessment=assessment
    )
    cooked = cook(body)
    old_mentions = set(comment.mentions.values_list("pk", flat=True))
    now = timezone.now()
    # .update(): an edit never touches the tree fields, so it needs no tree lock.
    Comment.objects.filter(pk=comment.pk).update(body=body, body_html=cooked.html, edited_at=now)
    comment.body, comment.body_html, comment.edited_at = body, cooked.html, now
    comment.mentions.set(cooked.mentions)
    # An edit may send a visible comment back to review (e.g. a watched word), never the
    # other way round: a pending comment stays pending until a moderator approves it.
    moved = held is not None and comment_status_set(
        comment=comment, expect=Comment.COUNTED, to=Comment.Status.PENDING
    )
    if not moved:  # comment_status_set bumped the thread already when it moved
        article_thread_bump(
            article_id=comment.article_id, tree_ids=[comment.tree_id], comment_ids=[comment.pk]
        )
    else:  # back in review: the moderators see which rule sent it there
        intake.hold_explain(comment=comment, held=held)
    assistant_records.score_record(
        comment=comment,
        assessment=assessment,
        held=held if comment.is_pending() else None,
        new=False,
    )
    if comment.is_visible():
        new_mentions = [u for u in cooked.mentions if u.pk not in old_mentions]
        if new_mentions:
            # The parent's author heard of the reply when it was published.
            _notify(comment, new_mentions, notify_parent=False)
    comment_excerpts_refresh(comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> Comment:
    """Soft-delete the user's own comment: the row stays so its replies keep their place."""
    if not can_delete(comment, user):
        raise ValidationError(_("You can only delete your own comments."), code="not_deletable")
    # Conditional on a live status: two deletes (or a delete racing a moderator) count once.
    if not comment_status_set(comment=comment, expect=Comment.LIVE, to=Comment.Status.DELETED):
        raise ValidationError(_("This comment has already been removed."), code="gone")
    comment_excerpts_refresh(comment)
    return comment


def comment_count_recompute(*, article_id: int | None = None) -> int:
    """Recount visible comments per article; return how many articles were corrected."""
    from django.db.models import Count, Q

    articles = Article.objects.all()
    if article_id is not None:
        articles = articles.filter(pk=article_id)
    fixed = 0
    rows = articles.annotate(
        real=Count("comments", filter=Q(comments__status__in=Comment.COUNTED))
    ).values_list("pk", "comment_count", "real")
    for pk, stored, real in rows:
        if stored != real:
            with transaction.atomic():
                article_thread_bump(article_id=pk, count=real)
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
            article_thread_bump(
                article_id=comment.article_id, tree_ids=[comment.tree_id], comment_ids=[comment.pk]
            )
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
    moved = Article.objects.filter(pk=article_id, recommendations_epoch__lt=slot).update(
        recommendations_epoch=slot
    )
    if moved:  # once per slot: the edge's copies show the new counts after the commit
        thread_purge(article_id=article_id)


def _recommend_check(comment: Comment, user: User) -> None:
    refusal = recommend_refusal(
        comment, user, posting_refusal=rules.posting_refusal(user=user, article=comment.article)
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
