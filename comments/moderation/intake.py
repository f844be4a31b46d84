"""Bookkeeping on the posting path: what happened, recorded after a comment, a report or a
notice arrived. It writes only its own records and returns; it never calls up into the write
path or the moderators' services (the layer order in comments/moderation/__init__.py).

- Surge breaker: more than `surge_comments_per_minute` new comments (or
  `surge_reports_per_minute` reports and notices) on one article within a minute switch that
  article to pre-moderation for `surge_minutes`; the dashboard shows why (ArticleSurge).
  Whether a surge or the night holds comments right now is policy (rules.hold_rule).
- Explanations: a held comment records which rule held it (HoldExplanation); a refused one
  is kept as a RefusedComment with the rule, for a bounded time (retention.py erases it).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from comments.cache import article_thread_bump
from comments.models import Comment
from comments.moderation import rules
from comments.moderation.models import (
    ArticleSurge,
    HoldExplanation,
    ModerationSettings,
    Notice,
    RefusedComment,
    Report,
)


def _trip(*, article, reason: str, site: ModerationSettings) -> ArticleSurge:
    until = timezone.now() + timezone.timedelta(minutes=site.surge_minutes)
    surge, _created = ArticleSurge.objects.update_or_create(
        article_id=article.pk,
        defaults={"until": until, "reason": reason, "triggered_at": timezone.now()},
    )
    # The form's "comments wait for review" notice; the threads' HTML stays (tree_ids=()).
    article_thread_bump(article_id=article.pk, tree_ids=())
    return surge


def hold_explain(*, comment, held: "rules.Hold | None") -> HoldExplanation | None:
    """Record which rule holds a pending comment (after a post or an edit sent it to review).

    `held` is the write path's own hold decision (rules.hold_reason), asked once per write.
    """
    if held is None or not comment.is_pending():
        return None
    explanation, _created = HoldExplanation.objects.update_or_create(
        comment=comment,
        defaults={
            "rule": held.rule,
            "phrase": held.phrase[:100],
            "matched_text": held.matched_text[:200],
        },
    )
    return explanation


REFUSAL_REPEAT_MINUTES = 10  # the same text refused again this soon is not recorded twice


def refusal_record(
    *, author, article, body: str, refused, parent=None, edit_of=None
) -> RefusedComment | None:
    """Keep a refused comment for the moderators: the rule, the entry and the text matched.

    `refused` is the rules.WordRefused raised. Called outside the refused write's own
    transaction (that one rolled back). A resent form records the attempt once.
    """
    body = (body or "").strip()
    since = timezone.now() - timezone.timedelta(minutes=REFUSAL_REPEAT_MINUTES)
    if RefusedComment.objects.filter(
        author_id=author.pk, article_id=article.pk, body=body, created_at__gte=since
    ).exists():
        return None
    return RefusedComment.objects.create(
        author=author,
        article=article,
        parent=parent,
        edit_of=edit_of,
        body=body,
        rule=refused.rule,
        phrase=refused.phrase[:100],
        matched_text=refused.matched_text[:200],
    )


def comment_received(*, comment, held: "rules.Hold | None", site: ModerationSettings) -> None:
    """After a new comment: count it for the surge breaker, explain it if it was held."""
    hold_explain(comment=comment, held=held)
    limit = site.surge_comments_per_minute
    if not limit or rules.active_surge(comment.article) is not None:
        return
    minute_ago = timezone.now() - timezone.timedelta(minutes=1)
    recent = Comment.objects.filter(article_id=comment.article_id, created_at__gte=minute_ago)
    count = recent.count()
    if count > limit:
        _trip(
            article=comment.article,
            reason=_("%(count)s comments within a minute (limit %(limit)s)")
            % {"count": count, "limit": limit},
            site=site,
        )


def report_received(*, article, site: ModerationSettings | None = None) -> None:
    """After a report or notice: trip the breaker when reports come in too fast."""
    site = site or ModerationSettings.load()
    limit = site.surge_reports_per_minute
    if not limit or rules.active_surge(article) is not None:
        return
    minute_ago = timezone.now() - timezone.timedelta(minutes=1)
    # Distinct notifiers per comment (issue 22): one visitor sending six notices against one
    # comment is one voice, not six. A notifier is their account, else their client address.
    reports = (
        Report.objects.filter(comment__article_id=article.pk, created_at__gte=minute_ago)
        .values("comment_id", "reporter_id")
        .distinct()
        .count()
    )
    senders = {
        (comment_id, f"u{notifier_id}" if notifier_id else f"a{address or pk}")
        for pk, comment_id, notifier_id, address in Notice.objects.filter(
            comment__article_id=article.pk, created_at__gte=minute_ago
        ).values_list("pk", "comment_id", "notifier_id", "ip_hash")
    }
    count = reports + len(senders)
    if count > limit:
        _trip(
            article=article,
            reason=_("%(count)s reports within a minute (limit %(limit)s)")
            % {"count": count, "limit": limit},
            site=site,
        )
