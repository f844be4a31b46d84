"""Reads for the moderation pages: the queues, the user card and the list of discussions."""

from django.db.models import Count, Prefetch, Q

from articles.models import Article
from comments.models import Comment
from comments.moderation import desk, rules
from comments.moderation.models import (
    ArticleDiscussionSettings,
    ModerationAction,
    ModerationSettings,
    Report,
    Sanction,
    UserModeration,
    UserNote,
)


def queue_queryset(queue: str):
    """A queue's comments. Pending and Reported are worked in the desk's order (priority, then
    the longest waiting, with `waiting_since`); Recently hidden is a log, newest first."""
    base = Comment.objects.select_related(
        "author",
        "article",
        "article__section",
        "parent",
        "parent__author",
        "hidden_by",
        "hold_explanation",
        "assistant_score",
    )
    if queue == "hidden":
        return base.filter(status=Comment.Status.HIDDEN).order_by("-hidden_at", "-pk")
    if queue == "pending":
        return desk.prioritised(base.filter(status=Comment.Status.PENDING))
    site = ModerationSettings.load()
    return (
        desk.prioritised(base.filter(status__in=Comment.LIVE), site)
        .filter(open_reports__gte=desk.report_threshold(site))
        .prefetch_related(
            Prefetch(
                "reports", queryset=Report.objects.open().order_by("-created_at"), to_attr="open"
            )
        )
    )


def queue_counts() -> dict[str, int]:
    from comments.moderation.models import Appeal, Notice

    return {
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "reported": queue_queryset("reported").count(),
        "notices": Notice.objects.open().count(),
        "appeals": Appeal.objects.open().count(),
    }


def user_card(member) -> dict:
    """What a moderator's card of one user shows (template context)."""
    stats = Comment.objects.filter(author=member).aggregate(
        total=Count("pk", filter=~Q(status=Comment.Status.DELETED)),  # all they still own
        hidden=Count("pk", filter=Q(status=Comment.Status.HIDDEN)),
        pending=Count("pk", filter=Q(status=Comment.Status.PENDING)),
    )
    flags = UserModeration.objects.filter(user=member).first()
    return {
        "member": member,
        "stats": stats,
        "open_reports": Report.objects.open().filter(comment__author=member).count(),
        "sanction": rules.active_sanction(member),
        "sanctions": Sanction.objects.filter(user=member).select_related("created_by", "lifted_by")[
            :20
        ],
        "recent_comments": Comment.objects.filter(author=member)
        .select_related("article", "hidden_by", "hold_explanation")
        .order_by("-created_at")[:20],
        "notes": UserNote.objects.filter(user=member).select_related("author")[:50],
        "actions": ModerationAction.objects.filter(target_user=member).select_related(
            "actor", "comment", "article"
        )[:50],
        "always_premoderate": bool(flags and flags.always_premoderate),
        "premoderated_automatically": bool(flags and flags.premoderated_automatically),
        "refused": refused_queue().filter(author=member)[:20],
    }


def discussions(*, query: str = ""):
    """Published articles for the discussions page, newest first, with their pending count."""
    articles = (
        Article.objects.published()
        .select_related("section")
        .annotate(
            pending=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)),
        )
        .order_by("-published_at", "-pk")
    )
    if query:
        articles = articles.filter(headline__icontains=query)
    return articles


def annotate_discussion_settings(articles, *, site: ModerationSettings) -> None:
    """Set `premoderation_override` and `discussion` (its state) on each article (one query)."""
    overrides = {
        row.article_id: row
        for row in ArticleDiscussionSettings.objects.filter(article_id__in=[a.pk for a in articles])
    }
    for article in articles:
        override = overrides.get(article.pk)
        article.premoderation_override = override.premoderation if override else ""
        article.discussion = rules.discussion_state(
            article, site=site, keep_open=bool(override and override.keep_open)
        )


# --- DSA queues (comments/moderation/dsa/views.py) -----------------------------------------


def notice_queue():
    """Open notices: trusted flaggers first (where switched on), then the oldest."""
    from comments.moderation.models import Notice

    queryset = Notice.objects.open().select_related(
        "comment", "comment__author", "comment__article", "notifier"
    )
    if ModerationSettings.load().trusted_flaggers_enabled:
        return queryset.order_by("-trusted_flagger", "created_at", "pk")
    return queryset.order_by("created_at", "pk")


def appeal_queue():
    """Open complaints, oldest first, with what they are about."""
    from comments.moderation.models import Appeal

    return (
        Appeal.objects.open()
        .select_related(
            "appellant",
            "statement",
            "statement__comment",
            "statement__decided_by",
            "notice",
            "notice__comment",
            "notice__decided_by",
        )
        .order_by("created_at", "pk")
    )


def refused_queue():
    """Comments a filter refused, newest first: which rule, entry and text (while kept)."""
    from comments.moderation.models import RefusedComment

    return RefusedComment.objects.for_queue()
