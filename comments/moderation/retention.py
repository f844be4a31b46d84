"""Retention: the text of long-hidden comments is erased; rows, tree and statements stay.
The text of refused comments (kept so moderators see which rule refused them) goes sooner."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comments.cache import article_thread_bump
from comments.models import Comment, Recommendation
from comments.moderation.models import (
    Appeal,
    AssistantScore,
    ModerationSettings,
    Notice,
    NotifierSuspension,
    RefusedComment,
    Report,
    Sanction,
    Statement,
)


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


# --- The DSA records of a person: export and erasure (issue 22) ---------------------------


def _day(value):
    return value.isoformat() if value else None


def dsa_records_export(*, user) -> dict:
    """What the moderation and DSA records hold about `user`, for their data export: notices
    they sent (by account or by their address), complaints, statements of reasons, reports,
    sanctions and recommendations."""
    return {
        "notices_sent": _notices_sent(user),
        "complaints": _complaints(user),
        "statements": _statements(user),
        "reports": [
            {
                "comment_id": r.comment_id,
                "reason": r.reason,
                "text": r.text,
                "status": r.status,
                "reported_at": _day(r.created_at),
            }
            for r in Report.objects.filter(reporter=user).order_by("created_at", "pk")
        ],
        "sanctions": [
            {
                "kind": s.kind,
                "reason": s.reason,
                "starts_at": _day(s.starts_at),
                "ends_at": _day(s.ends_at),
                "lifted_at": _day(s.lifted_at),
            }
            for s in Sanction.objects.filter(user=user).order_by("starts_at", "pk")
        ],
        "recommendations": [
            {"comment_id": r.comment_id, "recommended_at": _day(r.created_at)}
            for r in Recommendation.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


def _notices_sent(user) -> list[dict]:
    sent = Notice.objects.filter(notifier=user)
    if user.email:
        sent = sent | Notice.objects.filter(email__ci=user.email)
    return [
        {
            "reference": n.reference,
            "comment_id": n.comment_id,
            "legal_ground": n.legal_ground,
            "other_provision": n.other_provision,
            "explanation": n.explanation,
            "name": n.name,
            "email": n.email,
            "status": n.status,
            "received_at": _day(n.created_at),
            "decided_at": _day(n.decided_at),
            "decision": n.decision_text,
        }
        for n in sent.distinct().order_by("created_at", "pk")
    ]


def _complaints(user) -> list[dict]:
    return [
        {
            "reference": a.reference,
            "statement": a.statement.reference if a.statement_id else None,
            "notice": a.notice.reference if a.notice_id else None,
            "text": a.text,
            "status": a.status,
            "received_at": _day(a.created_at),
            "decided_at": _day(a.decided_at),
            "answer": a.decision_text,
        }
        for a in Appeal.objects.filter(appellant=user)
        .select_related("statement", "notice")
        .order_by("created_at", "pk")
    ]


def _statements(user) -> list[dict]:
    return [
        {
            "reference": s.reference,
            "restriction": s.restriction,
            "comment_id": s.comment_id,
            "facts": s.decision_facts,
            "ground": str(s.ground_label()),
            "created_at": _day(s.created_at),
            "end_date": _day(s.end_date),
            "reversed_at": _day(s.reversed_at),
            "amendment": s.reversal_note,
            "url": s.get_absolute_url(),
        }
        for s in Statement.objects.filter(user=user).order_by("created_at", "pk")
    ]


@transaction.atomic
def dsa_records_erase(*, user, email: str) -> None:
    """Anonymise a deleted account in the DSA records (accounts.signals.user_erasing).

    The records stay (the decisions happened and other people's complaints depend on them)
    but no longer name the person or their address: notices they sent by account or by
    address lose name, address and account (so no decision mail reaches the old address and
    no moderator sees the name), complaints lose the account and address, and a notifier
    suspension keeps its dates only. Statements and reports point at the anonymised account.
    """
    sent = Notice.objects.filter(notifier=user)
    if email:
        sent = sent | Notice.objects.filter(email__ci=email)
    Notice.objects.filter(pk__in=sent.values("pk")).update(name="", email="", notifier=None)
    complaints = Appeal.objects.filter(appellant=user)
    if email:
        complaints = complaints | Appeal.objects.filter(email__ci=email)
    Appeal.objects.filter(pk__in=complaints.values("pk")).update(appellant=None, email="")
    suspensions = NotifierSuspension.objects.filter(user=user)
    if email:
        suspensions = suspensions | NotifierSuspension.objects.filter(email__ci=email)
    NotifierSuspension.objects.filter(pk__in=suspensions.values("pk")).update(email="")
