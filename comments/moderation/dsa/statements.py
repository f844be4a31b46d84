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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Notification, User
from accounts.notifications import notification_create
from accounts.services import mail_recipient_check
from comments import tasks
from comments.moderation.dsa.texts import in_site_language, redress_text
from comments.moderation.models import (
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
    HideReason,
    LegalGround,
    SourceType,
    Statement,
)
from newsroom.jobs import enqueue_after_commit
from newsroom.ratelimit import RateLimited

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


FACTS_NEEDED = gettext_lazy(
    "Describe the facts in your own words or choose a template. The notifier's text is never "
    "used: it could identify them to the author."
)


def fact_template_choices():
    return [("", "—")] + list(FACT_TEMPLATES.items())


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
    `manifestly_illegal` (what counts towards a poster's misuse:
    moderation.services.poster_misuse_check).
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
        redress=in_site_language(redress_text),
        **grounds,
    )
    statement.save()
    if notify and user is not None:
        _statement_notify(statement, user)
    return statement


def mail_allowed(email: str) -> bool:
    """Count one DSA mail the site owes by law to this inbox; False if the inbox had enough.

    Every DSA mail counts against the per-inbox limit (accounts.services.mail_recipient_check,
    issue 22), so nobody can have them sent to someone else's inbox again and again. A mail
    the law requires (a statement, its amendment, a decision) is then withheld, never
    dropped silently: the caller records it on the notice, statement or complaint, where the
    moderators and the statement's page show it. A complaint's receipt is withheld the same
    way (the complaint is taken); only the notice form, where a stranger may type any
    address, calls mail_recipient_check itself and refuses (RateLimited).
    """
    try:
        mail_recipient_check(email)
    except RateLimited:
        return False
    return True


def _inbox(user: User | None) -> str:
    if user is None or user.is_deleted:
        return ""
    return user.email


def _statement_notify(statement: Statement, user: User) -> None:
    """Tell the person concerned: in their inbox now, by mail after the commit."""
    notification_create(
        recipient=user,
        actor=None,
        kind=Notification.Kind.MODERATION,
        url=statement.get_absolute_url(),
        title=_("Statement of reasons %(reference)s") % {"reference": statement.reference},
        excerpt=str(statement.get_restriction_display()),
    )
    email = _inbox(user)
    if email and not mail_allowed(email):
        statement.mail_withheld_at = timezone.now()
        Statement.objects.filter(pk=statement.pk).update(
            mail_withheld_at=statement.mail_withheld_at
        )
        return
    enqueue_after_commit(tasks.statement_email, statement_id=statement.pk)


def statement_reverse(*, statement: Statement, note: str, notify: bool = False) -> bool:
    """Amend a statement once: the restriction it describes was lifted (a restore, a
    successful complaint). Return False if it already was.

    `note` is what the person concerned reads on the statement's page. `notify` mails them
    the amendment (a complaint's answer tells them itself). The statement page then offers no
    complaint any more, and the export gives the restriction its end date.
    """
    amended = bool(
        Statement.objects.filter(pk=statement.pk, reversed_at__isnull=True).update(
            reversed_at=timezone.now(), reversal_note=note[:4000]
        )
    )
    if amended and notify and statement.user_id is not None:
        notification_create(
            recipient=statement.user,
            actor=None,
            kind=Notification.Kind.MODERATION,
            url=statement.get_absolute_url(),
            title=_("Statement of reasons %(reference)s amended")
            % {"reference": statement.reference},
            excerpt=note[:300],
        )
        email = _inbox(statement.user)
        if email and not mail_allowed(email):
            Statement.objects.filter(pk=statement.pk).update(
                amendment_mail_withheld_at=timezone.now()
            )
        else:
            enqueue_after_commit(tasks.statement_amended, statement_id=statement.pk)
    return amended


def restore_note() -> str:
    """The amendment readers see when the moderators restore a hidden comment."""
    return in_site_language(
        lambda: _(
            "Reversed: the moderators looked at the comment again and restored it. The "
            "restriction has ended."
        )
    )
