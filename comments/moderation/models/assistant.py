"""The moderation assistant's tables: trained models, per-comment scores, settings.

The model files live in the database (`AssistantVersion.blob`), so every app server and
worker uses the same one and nothing is downloaded at run time. The code that trains and
scores is comments/moderation/assistant/ (docs/decisions.md "Moderation assistant").
"""

from bisect import bisect_left

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.moderation.models.moderation import SingletonModel


class AssistantVersionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_history(self):
        return self.select_related("activated_by").defer("blob").order_by("-number")


class AssistantVersion(models.Model):
    """One trained model: its blob, what it was trained on and how it did on the hold-out."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Replaced or rolled back")
        REJECTED = "rejected", _("Not better than the active model")

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly training")
        DECISIONS = "decisions", _("New decisions")
        MANUAL = "manual", _("Started by an operator")
        DEMO = "demo", _("Demo data")

    number = models.PositiveIntegerField(_("version"), unique=True)
    trained_at = models.DateTimeField(_("trained"), default=timezone.now)
    trigger = models.CharField(_("trained after"), max_length=20, choices=Trigger)
    data_size = models.PositiveIntegerField(_("decisions"), default=0)
    holds = models.PositiveIntegerField(_("of them hidden"), default=0)
    data_until = models.DateTimeField(_("newest decision"), null=True, blank=True)
    metrics = models.JSONField(
        _("hold-out metrics"),
        default=dict,
        help_text=_("Precision and recall of `hold` on the most recent decisions, held out."),
    )
    comparison = models.JSONField(_("comparison with the active model"), default=dict)
    blob = models.BinaryField(_("model"), editable=False)
    blob_sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    is_active = models.BooleanField(_("active"), default=False)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activated by"),
    )

    objects = AssistantVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistant model")
        verbose_name_plural = _("assistant models")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="comments_assistant_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def cache_key(self) -> str:
        """What a process caches the loaded model under: a new blob is a new key."""
        return f"{self.pk}:{self.blob_sha256[:16]}"

    def precision_at(self, threshold: float) -> float | None:
        """Hold-out precision of `hold` at `threshold` (None if the hold-out has no scores)."""
        pairs = self.metrics.get("holdout_scores") or []
        if not pairs:
            return None
        scores = sorted(score for score, _label in pairs)
        start = bisect_left(scores, threshold)
        held = [label for score, label in pairs if score >= threshold]
        if start >= len(scores) or not held:
            return None
        return sum(held) / len(held)

    def recall_at(self, threshold: float) -> float | None:
        pairs = self.metrics.get("holdout_scores") or []
        positives = [score for score, label in pairs if label]
        if not positives:
            return None
        return sum(1 for score in positives if score >= threshold) / len(positives)


class AssistantEvent(models.Model):
    """The history of the active model: who activated or rolled back which version, and why."""

    class Kind(models.TextChoices):
        TRAINED = "trained", _("Trained")
        ACTIVATED = "activated", _("Activated")
        REJECTED = "rejected", _("Not activated")
        ROLLED_BACK = "rolled_back", _("Rolled back to")

    version = models.ForeignKey(
        AssistantVersion,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("version"),
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("assistant event")
        verbose_name_plural = _("assistant history")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version.number}"


class AssistantScore(models.Model):
    """The assistant's score of one comment (the last version of its text) and why."""

    comment = models.OneToOneField(
        "comments.Comment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="assistant_score",
        verbose_name=_("comment"),
    )
    version = models.ForeignKey(
        AssistantVersion,
        on_delete=models.SET_NULL,
        null=True,
        related_name="scores",
        verbose_name=_("model"),
    )
    score = models.FloatField(_("risk"), db_index=True)
    threshold = models.FloatField(
        _("section threshold"),
        null=True,
        blank=True,
        help_text=_("The threshold in force for the comment's section; empty when holding is off."),
    )
    held = models.BooleanField(
        _("held by the assistant"),
        default=False,
        help_text=_("The assistant's score was the reason the comment waited for review."),
    )
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    scored_at = models.DateTimeField(_("scored"), default=timezone.now)

    class Meta:
        verbose_name = _("assistant score")
        verbose_name_plural = _("assistant scores")

    def __str__(self) -> str:
        return f"{self.score:.2f}"


class AssistantSettings(SingletonModel):
    min_precision = models.FloatField(
        _("precision needed before holding"),
        default=0.8,
        help_text=_(
            "A section's assistant holds comments only while the active model's precision on "
            "its hold-out, at the section's threshold, reaches this value (0 to 1)."
        ),
    )
    default_threshold = models.FloatField(
        _("default threshold"),
        default=0.5,
        help_text=_(
            "Scores from this value (0 to 1) count as `hold` unless a section sets its own."
        ),
    )
    retrain_after = models.PositiveIntegerField(
        _("train after this many new decisions"),
        default=200,
        help_text=_("0 trains only nightly (manage.py assistant_train from cron)."),
    )

    class Meta:
        verbose_name = _("assistant settings")
        verbose_name_plural = _("assistant settings")

    def __str__(self) -> str:
        return str(_("Assistant settings"))


class SectionAssistant(models.Model):
    """Whether the assistant holds comments in one section, and from which score."""

    section = models.OneToOneField(
        "articles.Section",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("section"),
    )
    enabled = models.BooleanField(
        _("hold risky comments"),
        default=False,
        help_text=_(
            "Off by default. Even when on, comments are held only while the active model "
            "reaches the site's required precision at this threshold."
        ),
    )
    threshold = models.FloatField(
        _("threshold"),
        null=True,
        blank=True,
        help_text=_("Empty: the site's default threshold."),
    )

    class Meta:
        verbose_name = _("assistant in a section")
        verbose_name_plural = _("assistant per section")

    def __str__(self) -> str:
        return str(self.section)
