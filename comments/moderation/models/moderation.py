"""Moderation data: reports, the audit log, sanctions, notes, word lists and settings.

These are models of the comments app (app label `comments`: Django derives it from the
package). The package's __init__ names them, and comments/models.py imports the package, which
is what registers them; the services that write them live in comments/moderation/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HideReason(models.TextChoices):
    """The rule a hidden comment broke; shown to its author."""

    SPAM = "spam", _("Spam or advertising")
    INSULT = "insult", _("Insults, hate or discrimination")
    OFF_TOPIC = "off_topic", _("Off topic")
    PRIVACY = "privacy", _("Personal data of others")
    UNLAWFUL = "unlawful", _("Unlawful content")
    OTHER = "other", _("Other breach of the discussion rules")


def hide_reason_label(value: str) -> str:
    """The label of a HideReason value; any other text is shown as it is."""
    return HideReason(value).label if value in HideReason.values else value


class PreModeration(models.TextChoices):
    OFF = "off", _("Off: comments appear at once")
    NEW_USERS = "new_users", _("First comments of new users")
    ALL = "all", _("All comments")


class SingletonModel(models.Model):
    """A settings row with pk=1, edited in the admin."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The saved row, or an unsaved one with the defaults: reads never write."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ModerationSettings(SingletonModel):
    premoderation = models.CharField(
        _("pre-moderation"),
        max_length=20,
        choices=PreModeration,
        default=PreModeration.OFF,
        help_text=_("Which comments wait for a moderator before readers see them."),
    )
    new_user_approved_comments = models.PositiveSmallIntegerField(
        _("approved comments before a user is trusted"),
        default=3,
        help_text=_(
            'With "first comments of new users": comments wait until this many are visible.'
        ),
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("reports before a comment is queued"),
        default=1,
        help_text=_("A comment enters the Reported queue once this many readers have reported it."),
    )
    auto_close_days = models.PositiveSmallIntegerField(
        _("close discussions after (days)"),
        default=0,
        help_text=_("Comments close automatically this many days after publication; 0 = never."),
    )

    # --- DSA (comments/moderation/models/ and friends) -----------------------------------
    # The parts the DSA asks only of online platforms can be switched off by a mere host.
    appeals_enabled = models.BooleanField(
        _("internal complaints (Art. 20 DSA)"),
        default=True,
        help_text=_("Readers can appeal against a statement of reasons for six months."),
    )
    trusted_flaggers_enabled = models.BooleanField(
        _("trusted flaggers first (Art. 22 DSA)"),
        default=True,
        help_text=_("Notices of trusted flaggers are handled before all others."),
    )
    misuse_enabled = models.BooleanField(
        _("measures against misuse (Art. 23 DSA)"),
        default=True,
        help_text=_(
            "Warn, then suspend notifiers with many manifestly unfounded notices and readers "
            "repeatedly posting manifestly illegal content."
        ),
    )
    misuse_window_days = models.PositiveSmallIntegerField(
        _("misuse: look back (days)"), default=180
    )
    misuse_warn_after = models.PositiveSmallIntegerField(_("misuse: warn after"), default=2)
    misuse_suspend_after = models.PositiveSmallIntegerField(_("misuse: suspend after"), default=4)
    misuse_suspension_days = models.PositiveSmallIntegerField(
        _("misuse: suspension (days)"), default=30
    )
    dispute_settlement = models.CharField(
        _("out-of-court dispute settlement body (Art. 21 DSA)"),
        max_length=300,
        blank=True,
        help_text=_("Name and address of the body named in answers; empty: a general sentence."),
    )
    surge_comments_per_minute = models.PositiveSmallIntegerField(
        _("surge breaker: comments per minute"),
        default=0,
        help_text=_("More new comments on one article in a minute pre-moderate it; 0 = off."),
    )
    surge_reports_per_minute = models.PositiveSmallIntegerField(
        _("surge breaker: reports per minute"), default=0, help_text=_("0 = off.")
    )
    surge_minutes = models.PositiveSmallIntegerField(
        _("surge breaker: pre-moderate for (minutes)"), default=60
    )
    night_mode_start = models.TimeField(
        _("night mode from"), null=True, blank=True, help_text=_("Empty: no night mode.")
    )
    night_mode_end = models.TimeField(_("night mode until"), null=True, blank=True)
    trust_hidden_threshold = models.PositiveSmallIntegerField(
        _("graduated trust: hidden comments"),
        default=0,
        help_text=_("Readers with this many hidden comments are pre-moderated; 0 = off."),
    )
    trust_window_days = models.PositiveSmallIntegerField(
        _("graduated trust: in the last (days)"), default=30
    )
    retention_days = models.PositiveSmallIntegerField(
        _("erase the text of hidden comments after (days)"), default=365
    )
    refused_retention_days = models.PositiveSmallIntegerField(
        _("erase the text of refused comments after (days)"),
        default=30,
        help_text=_(
            "Moderators see which rule refused a comment; its text is kept only this long."
        ),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))


class DiscussionRules(SingletonModel):
    """The netiquette: a short version above every comment form, the full text on its page."""

    summary = models.TextField(
        _("short version"),
        blank=True,
        help_text=_("Shown above every comment form. Plain text; empty: a built-in summary."),
    )
    body = models.TextField(
        _("full text"),
        blank=True,
        help_text=_("Plain text; blank lines separate paragraphs. Empty: built-in rules."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("discussion rules")
        verbose_name_plural = _("discussion rules")

    def __str__(self) -> str:
        return str(_("Discussion rules"))


class ArticleDiscussionSettings(models.Model):
    """Per-article moderation settings; kept here so that articles never imports comments."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="discussion_settings",
        verbose_name=_("article"),
    )
    premoderation = models.CharField(
        _("pre-moderation"),
        max_length=20,
        choices=PreModeration,
        blank=True,
        help_text=_("Empty: use the site-wide setting."),
    )
    keep_open = models.BooleanField(
        _("exempt from automatic closing"),
        default=False,
        help_text=_("Set when a moderator reopens a discussion that closed automatically."),
    )

    class Meta:
        verbose_name = _("discussion settings of an article")
        verbose_name_plural = _("discussion settings of articles")

    def __str__(self) -> str:
        return str(self.article)


class WordRule(models.Model):
    class Kind(models.TextChoices):
        BLOCK = "block", _("Blocked: the comment is refused")
        WATCH = "watch", _("Watched: the comment waits for review")

    phrase = models.CharField(
        _("word or phrase"),
        max_length=100,
        help_text=_("Matched as whole words, ignoring case."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.BLOCK)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("word rule")
        verbose_name_plural = _("word lists")
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "kind"], name="comments_wordrule_unique")
        ]

    def __str__(self) -> str:
        return self.phrase


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        INSULT = "insult", _("Insult or hate")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Comment hidden")

    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("comment"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    text = models.CharField(_("details"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    post_token = models.CharField(
        _("form token"),
        max_length=32,
        blank=True,
        default="",
        editable=False,
        help_text=_("The one-time token of the form it was sent with; a retry finds it."),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="comments_report_once_per_reader"
            ),
            # A resent report form (same token) is the report already made, not an error.
            models.UniqueConstraint(
                fields=["reporter", "post_token"],
                condition=~models.Q(post_token=""),
                name="comments_report_unique_post_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → #{self.comment_id}"


class ModerationAction(models.Model):
    """The audit log: one row for everything a moderator does."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hid a comment")
        RESTORE = "restore", _("Restored a comment")
        APPROVE = "approve", _("Approved a comment")
        DISMISS_REPORTS = "dismiss", _("Dismissed reports")
        SUSPEND = "suspend", _("Suspended a user")
        BAN = "ban", _("Banned a user")
        LIFT = "lift", _("Lifted a sanction")
        PREMODERATE_ON = "premod_on", _("Set a user to always pre-moderate")
        PREMODERATE_OFF = "premod_off", _("Stopped pre-moderating a user")
        NOTE = "note", _("Added a note on a user")
        CLOSE = "close", _("Closed a discussion")
        REOPEN = "reopen", _("Reopened a discussion")
        ARTICLE_PREMODERATION = "article_premod", _("Changed an article's pre-moderation")
        PICK = "pick", _("Made a comment an editors' pick")
        UNPICK = "unpick", _("Took back an editors' pick")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_actions",
        verbose_name=_("moderator"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind)
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("comment"),
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_history",
        verbose_name=_("user concerned"),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_comments", _("Can moderate comments and readers"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_reason_display(self) -> str:
        return hide_reason_label(self.reason)


class SanctionQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at), lifted_at__isnull=True, starts_at__lte=at
        )


class Sanction(models.Model):
    class Kind(models.TextChoices):
        SUSPENSION = "suspension", _("Suspension")
        BAN = "ban", _("Ban")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sanctions",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    reason = models.CharField(
        _("reason"), max_length=500, help_text=_("Shown to the user above the comment form.")
    )
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: a ban."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imposed by"),
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"

    def is_active(self) -> bool:
        now = timezone.now()
        return (
            self.lifted_at is None
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )


class UserModeration(models.Model):
    """Per-user moderation flags; a row exists only for users a moderator has touched."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="moderation",
        verbose_name=_("user"),
    )
    always_premoderate = models.BooleanField(
        _("always pre-moderate"),
        default=False,
        help_text=_("Every comment of this user waits for a moderator."),
    )
    premoderated_automatically = models.BooleanField(
        _("pre-moderated by graduated trust"),
        default=False,
        editable=False,
        help_text=_("Set when graduated trust, not a moderator, switched pre-moderation on."),
    )

    class Meta:
        verbose_name = _("moderation flags of a user")
        verbose_name_plural = _("moderation flags of users")

    def __str__(self) -> str:
        return str(self.user)


class UserNote(models.Model):
    """A private note moderators leave on a user; never shown to the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderator_notes",
        verbose_name=_("user"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("moderator note")
        verbose_name_plural = _("moderator notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
