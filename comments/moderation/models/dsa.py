"""The Digital Services Act records: notices (Art. 16), statements of reasons (Art. 17),
internal complaints (Art. 20), trusted flaggers (Art. 22), misuse suspensions (Art. 23) and
misuse suspensions.

Field names and value codes of `Statement` are those of the DSA Transparency Database's
statement schema (https://transparency.dsa.ec.europa.eu/page/api-documentation), so the
export in comments/moderation/dsa/transparency.py is a mapping, not a translation.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.moderation.models.moderation import hide_reason_label

# --- Value codes of the Transparency Database schema --------------------------------------

VISIBILITY_REMOVED = "DECISION_VISIBILITY_CONTENT_REMOVED"
VISIBILITY_DISABLED = "DECISION_VISIBILITY_CONTENT_DISABLED"
ACCOUNT_SUSPENDED = "DECISION_ACCOUNT_SUSPENDED"
ACCOUNT_TERMINATED = "DECISION_ACCOUNT_TERMINATED"
PROVISION_PARTIAL_SUSPENSION = "DECISION_PROVISION_PARTIAL_SUSPENSION"
GROUND_ILLEGAL = "DECISION_GROUND_ILLEGAL_CONTENT"
GROUND_INCOMPATIBLE = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
CONTENT_TYPE_TEXT = "CONTENT_TYPE_TEXT"
CATEGORY_SPEECH = "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
CATEGORY_VIOLENCE = "STATEMENT_CATEGORY_VIOLENCE"
CATEGORY_PUBLIC_SECURITY = "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"
CATEGORY_PRIVACY = "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS"
# The Transparency Database schema of 2025-07-01 renamed SCOPE_OF_PLATFORM_SERVICE to this.
CATEGORY_SCOPE = "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
LEGACY_CATEGORIES = {"STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE": CATEGORY_SCOPE}
CATEGORY_SCAMS = "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"


class SourceType(models.TextChoices):
    NOTICE = "SOURCE_ARTICLE_16", _("Notice of illegal content (Art. 16 DSA)")
    TRUSTED_FLAGGER = "SOURCE_TRUSTED_FLAGGER", _("Notice of a trusted flagger (Art. 22 DSA)")
    OTHER_NOTIFICATION = "SOURCE_TYPE_OTHER_NOTIFICATION", _("Report of a reader")
    VOLUNTARY = "SOURCE_VOLUNTARY", _("Own initiative of the moderators")


class AutomatedDecision(models.TextChoices):
    FULLY = "AUTOMATED_DECISION_FULLY", _("Fully automated")
    PARTIALLY = "AUTOMATED_DECISION_PARTIALLY", _("Partially automated")
    NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED", _("Not automated")


class LegalGround(models.TextChoices):
    """The German offences a notice or a hide names (StGB); "other" needs an explanation."""

    STGB_86A = "stgb_86a", _("§ 86a StGB: symbols of unconstitutional organisations")
    STGB_111 = "stgb_111", _("§ 111 StGB: public incitement to crime")
    STGB_130 = "stgb_130", _("§ 130 StGB: incitement to hatred (Volksverhetzung)")
    STGB_131 = "stgb_131", _("§ 131 StGB: depiction of violence")
    STGB_184B = "stgb_184b", _("§ 184b StGB: child sexual abuse material")
    STGB_140 = "stgb_140", _("§ 140 StGB: rewarding and approving of crimes")
    STGB_185 = "stgb_185", _("§ 185 StGB: insult")
    STGB_186 = "stgb_186", _("§ 186 StGB: defamation")
    STGB_187 = "stgb_187", _("§ 187 StGB: intentional defamation")
    STGB_241 = "stgb_241", _("§ 241 StGB: threat")
    OTHER = "other", _("Another provision (please explain)")


# Art. 16(2)(c) DSA: a notifier may stay anonymous only for these offences (Directive 2011/93).
ANONYMOUS_GROUNDS = frozenset({LegalGround.STGB_184B})

# The Transparency Database's category for each ground (legal provision or netiquette clause).
LEGAL_GROUND_CATEGORY = {
    LegalGround.STGB_86A: CATEGORY_SPEECH,
    LegalGround.STGB_111: CATEGORY_PUBLIC_SECURITY,
    LegalGround.STGB_130: CATEGORY_SPEECH,
    LegalGround.STGB_131: CATEGORY_VIOLENCE,
    LegalGround.STGB_140: CATEGORY_VIOLENCE,
    LegalGround.STGB_184B: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    LegalGround.STGB_185: CATEGORY_SPEECH,
    LegalGround.STGB_186: CATEGORY_SPEECH,
    LegalGround.STGB_187: CATEGORY_SPEECH,
    LegalGround.STGB_241: CATEGORY_VIOLENCE,
    LegalGround.OTHER: CATEGORY_SPEECH,
}
NETIQUETTE_CATEGORY = {
    "spam": CATEGORY_SCAMS,
    "insult": CATEGORY_SPEECH,
    "off_topic": CATEGORY_SCOPE,
    "privacy": CATEGORY_PRIVACY,
    "unlawful": CATEGORY_SPEECH,
    "other": CATEGORY_SCOPE,
}


def new_reference(prefix: str) -> str:
    """A stable, unguessable reference readers can quote: "S-7KQ2-M9XD"."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{prefix}-{raw[:4]}-{raw[4:]}"


# --- Statements of reasons (Art. 17) ------------------------------------------------------


class StatementQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(created_at__gte=start, created_at__lt=end)

    def for_user(self, user):
        return self.filter(user=user).order_by("-created_at", "-pk")


class Statement(models.Model):
    """One restriction and why: written once, never changed (a reversal is recorded on it by a
    conditional update of the `reversed_*` fields only, see statements.statement_reverse)."""

    class Restriction(models.TextChoices):
        HIDE = "hide", _("Comment hidden")
        PREMODERATION = "premoderation", _("Comments of the account pre-moderated")
        SUSPENSION = "suspension", _("Account suspended from commenting")
        BAN = "ban", _("Account banned from commenting")
        NOTICE_SUSPENSION = "notice_suspension", _("Suspended from sending notices")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    restriction = models.CharField(_("restriction"), max_length=20, choices=Restriction)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dsa_statements",
        verbose_name=_("user concerned"),
    )
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("comment"),
    )
    sanction = models.ForeignKey(
        "comments.Sanction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("sanction"),
    )
    notice = models.ForeignKey(
        "comments.Notice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("notice"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The schema's fields, with its names and codes.
    decision_visibility = models.CharField(max_length=60, blank=True)
    decision_account = models.CharField(max_length=60, blank=True)
    decision_provision = models.CharField(max_length=60, blank=True)
    decision_ground = models.CharField(max_length=60)
    category = models.CharField(max_length=80)
    illegal_content_legal_ground = models.CharField(max_length=200, blank=True)
    illegal_content_explanation = models.TextField(blank=True)
    incompatible_content_ground = models.CharField(max_length=200, blank=True)
    incompatible_content_explanation = models.TextField(blank=True)
    decision_facts = models.TextField()
    source_type = models.CharField(max_length=40, choices=SourceType)
    automated_detection = models.BooleanField(default=False)
    automated_decision = models.CharField(
        max_length=40, choices=AutomatedDecision, default=AutomatedDecision.NOT_AUTOMATED
    )
    content_type = models.CharField(max_length=40, default=CONTENT_TYPE_TEXT)
    content_date = models.DateTimeField(null=True, blank=True)
    territorial_scope = models.JSONField(default=list)
    application_date = models.DateTimeField(default=timezone.now)
    end_date = models.DateTimeField(null=True, blank=True)
    # Our own: the ground's code (LegalGround or HideReason value) and the redress text as sent.
    ground_code = models.CharField(max_length=30)
    # Our own, for illegal content only (statements.ground_fields refuses it otherwise).
    manifestly_illegal = models.BooleanField(
        _("manifestly illegal content"),
        default=False,
        help_text=_(
            "The moderator found the content manifestly illegal: counts against the author "
            "(Art. 23(1) DSA)."
        ),
    )
    redress = models.TextField(_("redress options"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # The amendment after a successful appeal: set once, by statement_reverse.
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    reversal_note = models.TextField(_("amendment"), blank=True)
    # Issue 22: DSA mails count against the per-inbox mail limit. A statement is owed by law,
    # so a full inbox never drops it: it stays in the reader's inbox and on its page, and
    # these say when its mail (or the amendment's) was withheld. Set once, by an update.
    mail_withheld_at = models.DateTimeField(
        _("e-mail withheld"),
        null=True,
        blank=True,
        help_text=_("The statement was not mailed: the inbox had reached the mail limit."),
    )
    amendment_mail_withheld_at = models.DateTimeField(
        _("amendment e-mail withheld"),
        null=True,
        blank=True,
        help_text=_("The amendment was not mailed: the inbox had reached the mail limit."),
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement of reasons")
        verbose_name_plural = _("statements of reasons")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_restriction_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A statement of reasons cannot be changed."), code="immutable")
        if not self.reference:
            self.reference = new_reference("S")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("discussion:statement", kwargs={"reference": self.reference})

    def is_illegal(self) -> bool:
        return self.decision_ground == GROUND_ILLEGAL

    def ground_label(self) -> str:
        if self.is_illegal():
            return self.illegal_content_legal_ground
        return hide_reason_label(self.ground_code)

    def appealable_until(self):
        return self.created_at + timezone.timedelta(days=APPEAL_DAYS)


APPEAL_DAYS = 183  # six months (Art. 20(1) DSA)


# --- Notices (Art. 16) --------------------------------------------------------------------


class NoticeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Notice.Status.OPEN)


class Notice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Content restricted")
        REJECTED = "rejected", _("No action taken")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("comment"),
    )
    location = models.CharField(_("exact location"), max_length=500)
    legal_ground = models.CharField(_("legal ground"), max_length=20, choices=LegalGround)
    other_provision = models.CharField(_("other provision"), max_length=200, blank=True)
    explanation = models.TextField(_("why the content is illegal"), max_length=4000)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dsa_notices",
        verbose_name=_("notifier's account"),
    )
    bona_fide = models.BooleanField(_("bona fide confirmed"), default=False)
    trusted_flagger = models.BooleanField(_("from a trusted flagger"), default=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    manifestly_unfounded = models.BooleanField(_("manifestly unfounded"), default=False)
    manifestly_illegal = models.BooleanField(
        _("manifestly illegal content"),
        default=False,
        help_text=_("Set when acting on it: counts against the author (Art. 23(1) DSA)."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_text = models.TextField(_("reasons of the decision"), blank=True)
    mail_withheld_at = models.DateTimeField(
        _("e-mail withheld"),
        null=True,
        blank=True,
        help_text=_("The decision was not mailed: the inbox had reached the mail limit."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    post_token = models.CharField(
        _("form token"),
        max_length=32,
        blank=True,
        default="",
        editable=False,
        help_text=_("The one-time token of the form it was sent with; a retry finds it."),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice of illegal content")
        verbose_name_plural = _("notices of illegal content")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Strangers send notices, so the token alone is unique: a resent form (double
            # click, retry after an outage) shows the receipt of the notice already made.
            models.UniqueConstraint(
                fields=["post_token"],
                condition=~models.Q(post_token=""),
                name="comments_notice_unique_post_token",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference("N")
        super().save(*args, **kwargs)

    def ground_label(self) -> str:
        if self.legal_ground == LegalGround.OTHER and self.other_provision:
            return self.other_provision
        return LegalGround(self.legal_ground).label


# --- Internal complaints (Art. 20) --------------------------------------------------------


class AppealQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Appeal.Status.OPEN)


class Appeal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Decision upheld")
        REVERSED = "reversed", _("Decision reversed")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("statement of reasons"),
    )
    notice = models.ForeignKey(
        Notice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("rejected notice"),
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dsa_appeals",
        verbose_name=_("appellant"),
        help_text=_("Empty for a notifier without an account (they complain by the mailed link)."),
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Where the answer goes when the appellant has no account."),
    )
    text = models.TextField(_("complaint"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_text = models.TextField(_("answer"), blank=True)
    mail_withheld_at = models.DateTimeField(
        _("e-mail withheld"),
        null=True,
        blank=True,
        help_text=_("The answer was not mailed: the inbox had reached the mail limit."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statement__isnull=False) | models.Q(notice__isnull=False),
                name="comments_appeal_has_subject",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference("B")
        super().save(*args, **kwargs)

    def appellant_name(self) -> str:
        if self.appellant_id:
            return self.appellant.public_name
        return (self.notice.name if self.notice_id else "") or str(_("anonymous"))

    def answer_email(self) -> str:
        return self.appellant.email if self.appellant_id else self.email

    def original_decider_id(self):
        """Who took the decision under complaint: they may not decide the complaint."""
        if self.statement_id:
            return self.statement.decided_by_id
        return self.notice.decided_by_id


# --- Trusted flaggers (Art. 22) and misuse (Art. 23) --------------------------------------


class TrustedFlagger(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="trusted_flagger",
        verbose_name=_("account"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("awarded on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("trusted flagger")
        verbose_name_plural = _("trusted flaggers")

    def __str__(self) -> str:
        return self.organisation


class NotifierSuspension(models.Model):
    """Art. 23(2): a notifier whose notices were often manifestly unfounded may not notify."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    ends_at = models.DateTimeField(_("until"))
    created_at = models.DateTimeField(_("from"), default=timezone.now)

    class Meta:
        verbose_name = _("suspension from notifying")
        verbose_name_plural = _("suspensions from notifying")

    def __str__(self) -> str:
        return str(self.user or self.email)


# --- The surge breaker --------------------------------------------------------------------
