"""Statements of reasons (Art. 17 DSA): the one place a restriction's statement is written.

Every moderation service that restricts a reader's content or account (hide, pre-moderation of
a person, suspension, ban, suspension from notifying) calls `statement_create` in its own
transaction. The statement is immutable; a successful appeal amends it once through
`statement_reverse`. The affected reader hears of it in the inbox and by e-mail, after commit.

This module imports no moderation services, so those services can import it.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Notification, User
from accounts.notifications import notification_create
from comments import tasks
from comments.moderation.dsa_models import (
    ACCOUNT_SUSPENDED,
    ACCOUNT_TERMINATED,
    GROUND_ILLEGAL,
    GROUND_INCOMPATIBLE,
    LEGAL_GROUND_CATEGORY,
    NETIQUETTE_CATEGORY,
    PROVISION_PARTIAL_SUSPENSION,
    VISIBILITY_DISABLED,
    VISIBILITY_REMOVED,
    AutomatedDecision,
    LegalGround,
    SourceType,
    Statement,
)
from comments.moderation.models import HideReason, ModerationSettings
from newsroom.jobs import enqueue_after_commit

logger = logging.getLogger(__name__)

Restriction = Statement.Restriction

# What each restriction is in the schema's terms: (decision_visibility, decision_account,
# decision_provision).
RESTRICTION_CODES = {
    Restriction.HIDE: (VISIBILITY_REMOVED, "", ""),
    Restriction.PREMODERATION: (VISIBILITY_DISABLED, "", PROVISION_PARTIAL_SUSPENSION),
    Restriction.SUSPENSION: ("", ACCOUNT_SUSPENDED, ""),
    Restriction.BAN: ("", ACCOUNT_TERMINATED, ""),
    Restriction.NOTICE_SUSPENSION: ("", "", PROVISION_PARTIAL_SUSPENSION),
}

# Facts moderators can start from in the hide form (templates for common cases).
FACT_TEMPLATES = {
    "insult": gettext_lazy(
        "The comment insults another reader personally instead of arguing the point."
    ),
    "spam": gettext_lazy(
        "The comment advertises a product or service and has nothing to do with the article."
    ),
    "hate": gettext_lazy(
        "The comment attacks people for their origin, religion, gender or sexuality."
    ),
    "threat": gettext_lazy("The comment threatens violence against a person."),
    "privacy": gettext_lazy(
        "The comment publishes personal data of a person without their consent."
    ),
}


def fact_template_choices():
    return [("", "—")] + list(FACT_TEMPLATES.items())


def dispute_settlement_text(site: ModerationSettings | None = None) -> str:
    site = site or ModerationSettings.load()
    if site.dispute_settlement:
        return _(
            "You can also turn to an out-of-court dispute settlement body (Art. 21 DSA): %(body)s."
        ) % {"body": site.dispute_settlement}
    return _(
        "You can also turn to an out-of-court dispute settlement body certified under Art. 21 "
        "DSA; the Bundesnetzagentur lists them."
    )


def redress_text(*, site: ModerationSettings | None = None, appealable: bool = True) -> str:
    """The redress options as the statement states them (Art. 17(3)(f) DSA)."""
    site = site or ModerationSettings.load()
    parts = []
    if appealable and site.appeals_enabled:
        parts.append(
            _(
                "You can complain against this decision within six months, on the page of this "
                "statement; another moderator will decide."
            )
        )
        parts.append(dispute_settlement_text(site))
    parts.append(_("You can always take legal action before the courts."))
    return " ".join(parts)


def _in_site_language(build) -> str:
    """The statement is written once, in the site's language, whoever's request wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(build())


# Art. 23(1) DSA speaks of manifestly illegal content: a breach of the netiquette is never that.
MANIFEST_NEEDS_ILLEGAL = gettext_lazy(
    "Only illegal content can be manifestly illegal: choose the legal provision, or untick "
    "“manifestly illegal”."
)


def ground_fields(
    *, ground: str, legal_ground: str = "", explanation: str = "", manifestly_illegal: bool = False
) -> dict:
    """The statement's ground fields: illegal content with its provision, or a netiquette clause.

    `legal_ground` (a LegalGround value) makes it illegal content; otherwise `ground` must be a
    HideReason value (a clause of the discussion rules). Only illegal content can be
    `manifestly_illegal` (what counts towards a poster's misuse, notices.poster_misuse_check).
    """
    if legal_ground:
        if legal_ground not in LegalGround.values:
            raise ValidationError(_("Choose the legal provision."), code="legal_ground")
        return {
            "decision_ground": GROUND_ILLEGAL,
            "category": LEGAL_GROUND_CATEGORY[legal_ground],
            "illegal_content_legal_ground": str(LegalGround(legal_ground).label),
            "illegal_content_explanation": explanation,
            "ground_code": legal_ground,
            "manifestly_illegal": manifestly_illegal,
        }
    if manifestly_illegal:
        raise ValidationError(MANIFEST_NEEDS_ILLEGAL, code="manifest")
    if ground == HideReason.UNLAWFUL:
        raise ValidationError(
            _("For unlawful content, choose the legal provision."), code="legal_ground"
        )
    if ground not in HideReason.values:
        raise ValidationError(_("Choose a reason."), code="ground")
    return {
        "decision_ground": GROUND_INCOMPATIBLE,
        "category": NETIQUETTE_CATEGORY[ground],
        "incompatible_content_ground": str(HideReason(ground).label),
        "incompatible_content_explanation": explanation,
        "ground_code": ground,
    }


def statement_create(
    *,
    restriction: str,
    user: User | None,
    decided_by: User | None,
    facts: str,
    ground: str = HideReason.OTHER,
    legal_ground: str = "",
    explanation: str = "",
    manifestly_illegal: bool = False,
    source_type: str = SourceType.VOLUNTARY,
    automated_detection: bool = False,
    automated_decision: str = AutomatedDecision.NOT_AUTOMATED,
    comment=None,
    sanction=None,
    notice=None,
    end_date=None,
    notify: bool = True,
) -> Statement:
    """Write the statement of reasons for one restriction and tell the person concerned."""
    facts = (facts or "").strip()
    if not facts:
        raise ValidationError(_("Describe the facts and circumstances."), code="facts")
    visibility, account, provision = RESTRICTION_CODES[restriction]
    with translation.override(settings.LANGUAGE_CODE):  # labels as the statement states them
        grounds = ground_fields(
            ground=ground,
            legal_ground=legal_ground,
            explanation=explanation.strip(),
            manifestly_illegal=manifestly_illegal,
        )
    statement = Statement(
        restriction=restriction,
        user=user,
        decided_by=decided_by,
        comment=comment,
        sanction=sanction,
        notice=notice,
        decision_visibility=visibility,
        decision_account=account,
        decision_provision=provision,
        decision_facts=facts[:4000],
        source_type=source_type,
        automated_detection=automated_detection,
        automated_decision=automated_decision,
        content_date=comment.created_at if comment is not None else None,
        territorial_scope=["DE"],
        application_date=timezone.now(),
        end_date=end_date,
        redress=_in_site_language(redress_text),
        **grounds,
    )
    statement.save()
    if notify and user is not None:
        statement_id = statement.pk
        notification_create(
            recipient=user,
            actor=None,
            kind=Notification.Kind.MODERATION,
            url=statement.get_absolute_url(),
            title=_("Statement of reasons %(reference)s") % {"reference": statement.reference},
            excerpt=str(statement.get_restriction_display()),
        )
        enqueue_after_commit(tasks.statement_email, statement_id=statement_id)
    return statement


def statement_reverse(*, statement: Statement, note: str) -> bool:
    """Amend a statement once after a successful appeal; return False if it already was."""
    return bool(
        Statement.objects.filter(pk=statement.pk, reversed_at__isnull=True).update(
            reversed_at=timezone.now(), reversal_note=note[:4000]
        )
    )


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")


def mail(*, to: str, template: str, context: dict) -> bool:
    """Send one DSA mail in the site's language now; a failing server raises.

    Only tasks (comments/tasks.py) call this, after the decision committed: they retry.
    """
    if not to:
        return False
    context = {**context, "SITE_NAME": settings.SITE_NAME, "site_url": site_url()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"comments/moderation/email/{template}_subject.txt", context)
        body = render_to_string(f"comments/moderation/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
    return True


def statement_email_send(*, statement_id: int, to: str = "") -> bool:
    """E-mail a statement to the reader concerned (a task, after commit).

    `to` sends it to an address without an account (a notifier who has no inbox), without
    the link to the statement's page.
    """
    statement = Statement.objects.select_related("user").filter(pk=statement_id).first()
    if statement is None:
        return False
    if to:
        return mail(to=to, template="statement", context={"statement": statement, "link": ""})
    if statement.user is None or statement.user.is_deleted:
        return False
    return mail(
        to=statement.user.email,
        template="statement",
        context={
            "statement": statement,
            "link": site_url() + statement.get_absolute_url(),
        },
    )


def statement_url(statement: Statement) -> str:
    return reverse("discussion:statement", kwargs={"reference": statement.reference})
