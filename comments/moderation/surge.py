"""The surge breaker, night mode, graduated trust and the explanation of held comments.

- Surge breaker: more than `surge_comments_per_minute` new comments (or
  `surge_reports_per_minute` reports and notices) on one article within a minute switch that
  article to pre-moderation for `surge_minutes`; the dashboard shows why (ArticleSurge).
- Night mode: between `night_mode_start` and `night_mode_end` (local time) new comments wait.
- Graduated trust: a reader with `trust_hidden_threshold` hidden comments in the last
  `trust_window_days` is pre-moderated automatically, with a statement of reasons.
- Explanations: a held comment records which rule held it (HoldExplanation); a refused one
  is kept as a RefusedComment with the rule, for a bounded time (retention.py erases it).

`hold_rule` is a read the write path asks (rules.hold_reason); the rest write.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comments.moderation.dsa_models import (
    ArticleSurge,
    HoldExplanation,
    HoldRule,
    RefusedComment,
)
from comments.moderation.models import ModerationSettings, Report

# What the reader is told about their held comment: plain sentences, no rule internals.
READER_SENTENCES = {
    HoldRule.WATCHED_WORD: gettext_lazy("Your comment contains a word the moderators check first."),
    HoldRule.USER_PREMODERATED: gettext_lazy(
        "The moderators review your comments before they appear."
    ),
    HoldRule.GRADUATED_TRUST: gettext_lazy(
        "Several of your comments were removed recently, so the moderators review your "
        "comments before they appear."
    ),
    HoldRule.SURGE: gettext_lazy(
        "Many readers are commenting right now; the moderators review every comment."
    ),
    HoldRule.NIGHT: gettext_lazy("At night the moderators review comments before they appear."),
    HoldRule.ARTICLE_ALL: gettext_lazy("The moderators review all comments on this article."),
    HoldRule.NEW_USER: gettext_lazy("The moderators review the first comments of new readers."),
}


def reader_sentence(rule: str) -> str:
    return str(READER_SENTENCES.get(rule, READER_SENTENCES[HoldRule.ARTICLE_ALL]))


def active_surge(article) -> ArticleSurge | None:
    return ArticleSurge.objects.filter(article_id=article.pk, until__gt=timezone.now()).first()


def is_night(site: ModerationSettings, at=None) -> bool:
    start, end = site.night_mode_start, site.night_mode_end
    if start is None or end is None or start == end:
        return False
    now = timezone.localtime(at).time()
    if start < end:
        return start <= now < end
    return now >= start or now < end  # the night crosses midnight


def hold_rule(*, article, site: ModerationSettings) -> str | None:
    """The surge or night rule that holds new comments on `article` right now, or None."""
    if active_surge(article) is not None:
        return HoldRule.SURGE
    if is_night(site):
        return HoldRule.NIGHT
    return None


def reviewing_notice(article, site: ModerationSettings | None = None) -> str:
    """What the readers' form says while comments on `article` wait for review ("" if not)."""
    rule = hold_rule(article=article, site=site or ModerationSettings.load())
    return reader_sentence(rule) if rule else ""


def _trip(*, article, reason: str, site: ModerationSettings) -> ArticleSurge:
    until = timezone.now() + timezone.timedelta(minutes=site.surge_minutes)
    surge, _created = ArticleSurge.objects.update_or_create(
        article_id=article.pk,
        defaults={"until": until, "reason": reason, "triggered_at": timezone.now()},
    )
    from comments.services import article_thread_bump  # comments.services imports this module

    # The form's "comments wait for review" notice; the threads' HTML stays (tree_ids=()).
    article_thread_bump(article_id=article.pk, tree_ids=())
    return surge


def hold_explain(*, comment) -> HoldExplanation | None:
    """Record which rule holds a pending comment (after a post or an edit sent it to review)."""
    if not comment.is_pending():
        return None
    held = _hold_reason(comment)
    if held is None:
        return None
    rule, phrase, matched = held
    explanation, _created = HoldExplanation.objects.update_or_create(
        comment=comment,
        defaults={"rule": rule, "phrase": phrase[:100], "matched_text": matched[:200]},
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


def comment_received(*, comment) -> None:
    """After a new comment: count it for the surge breaker, explain it if it was held."""
    from comments.models import Comment

    site = ModerationSettings.load()
    hold_explain(comment=comment)
    limit = site.surge_comments_per_minute
    if not limit or active_surge(comment.article) is not None:
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


def _hold_reason(comment):
    from comments.moderation import rules

    return rules.hold_reason(author=comment.author, article=comment.article, body=comment.body)


def report_received(*, article) -> None:
    """After a report or notice: trip the breaker when reports come in too fast."""
    from comments.moderation.dsa_models import Notice

    site = ModerationSettings.load()
    limit = site.surge_reports_per_minute
    if not limit or active_surge(article) is not None:
        return
    minute_ago = timezone.now() - timezone.timedelta(minutes=1)
    count = (
        Report.objects.filter(comment__article_id=article.pk, created_at__gte=minute_ago).count()
        + Notice.objects.filter(comment__article_id=article.pk, created_at__gte=minute_ago).count()
    )
    if count > limit:
        _trip(
            article=article,
            reason=_("%(count)s reports within a minute (limit %(limit)s)")
            % {"count": count, "limit": limit},
            site=site,
        )


@transaction.atomic
def graduated_trust_check(*, user) -> bool:
    """Pre-moderate `user` automatically when many of their comments were hidden lately."""
    from comments.models import Comment
    from comments.moderation import rules
    from comments.moderation import services as moderation
    from comments.moderation.models import UserModeration

    site = ModerationSettings.load()
    threshold = site.trust_hidden_threshold
    if not threshold or user.has_perm(rules.MODERATE_PERMISSION):
        return False
    if UserModeration.objects.filter(user=user, always_premoderate=True).exists():
        return False
    since = timezone.now() - timezone.timedelta(days=site.trust_window_days)
    hidden = Comment.objects.filter(
        author=user, status=Comment.Status.HIDDEN, hidden_at__gte=since
    ).count()
    if hidden < threshold:
        return False
    moderation.user_premoderation_set(
        user=user,
        moderator=None,
        enabled=True,
        automated=True,
        facts=_(
            "%(count)s of your comments were hidden in the last %(days)s days, so the moderators "
            "now review your comments before they appear."
        )
        % {"count": hidden, "days": site.trust_window_days},
    )
    return True


def reader_hold_sentence(comment) -> str:
    """The plain sentence that tells an author why their comment waits ("" if unknown)."""
    held = HoldExplanation.objects.filter(comment_id=comment.pk).first()
    return reader_sentence(held.rule) if held is not None else ""
