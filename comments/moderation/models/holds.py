"""What the posting path records: the surge breaker's state, why a comment is held
(HoldExplanation) and refused comments kept for the moderators (RefusedComment)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleSurge(models.Model):
    """An article the surge breaker switched to pre-moderation, until when and why."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="surge",
        verbose_name=_("article"),
    )
    until = models.DateTimeField(_("pre-moderated until"))
    reason = models.CharField(_("why"), max_length=300)
    triggered_at = models.DateTimeField(_("triggered"), default=timezone.now)

    class Meta:
        verbose_name = _("surge of an article")
        verbose_name_plural = _("surges")

    def __str__(self) -> str:
        return self.reason


# --- Explainable filters ------------------------------------------------------------------


class HoldRule(models.TextChoices):
    """Why a new comment waits for review (moderators see the rule, authors a plain sentence)."""

    WATCHED_WORD = "watched_word", _("Watched word")
    BLOCKED_WORD = "blocked_word", _("Blocked word: the comment was refused")
    USER_PREMODERATED = "user_premoderated", _("The account is pre-moderated")
    GRADUATED_TRUST = "graduated_trust", _("Graduated trust: many hidden comments lately")
    SURGE = "surge", _("Surge breaker")
    NIGHT = "night", _("Night mode")
    ARTICLE_ALL = "premod_all", _("All comments are pre-moderated")
    NEW_USER = "new_user", _("First comments of a new user")
    ASSISTANT = "assistant", _("Moderation assistant: high risk score")


# The rules that refuse a comment outright (the others hold it for review).
REFUSING_RULES = frozenset({HoldRule.BLOCKED_WORD})


class HoldExplanation(models.Model):
    """Which rule held a comment for review, and for a word rule the entry and the text matched."""

    comment = models.OneToOneField(
        "comments.Comment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="hold_explanation",
        verbose_name=_("comment"),
    )
    rule = models.CharField(_("rule"), max_length=30, choices=HoldRule)
    phrase = models.CharField(_("word-list entry"), max_length=100, blank=True)
    matched_text = models.CharField(_("matched text"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("why a comment was held")
        verbose_name_plural = _("why comments were held")

    def __str__(self) -> str:
        return self.get_rule_display()


class RefusedCommentQuerySet(models.QuerySet):
    def for_queue(self):
        return self.select_related("author", "article", "article__section").order_by(
            "-created_at", "-pk"
        )

    def erasable(self, *, days: int):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.filter(created_at__lte=cutoff).exclude(body="", matched_text="")


class RefusedComment(models.Model):
    """A comment (or edit) a filter refused, kept so moderators can see which rule refused it.

    Not a Comment: it never enters a thread, a count or a cache, and no reader sees it. Its
    text is kept for ModerationSettings.refused_retention_days only (`dsa_erase_hidden` erases
    it); the rule, the word-list entry and the time stay for the user card.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="refused_comments",
        verbose_name=_("author"),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )
    parent = models.ForeignKey(
        "comments.Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reply to"),
    )
    edit_of = models.ForeignKey(
        "comments.Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edit of"),
        help_text=_("Set when an edit of this comment was refused."),
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Erased after the retention period.")
    )
    rule = models.CharField(_("rule"), max_length=30, choices=HoldRule)
    phrase = models.CharField(_("word-list entry"), max_length=100, blank=True)
    matched_text = models.CharField(_("matched text"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("refused at"), default=timezone.now, db_index=True)

    objects = RefusedCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("refused comment")
        verbose_name_plural = _("refused comments")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="comments_refused_author_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.phrase}"

    def is_erased(self) -> bool:
        return not self.body


# --- The desk ------------------------------------------------------------------------------
