"""Internal complaints (Art. 20 DSA): the reader concerned appeals against a statement, a
notifier against the rejection of their notice, for six months; another moderator decides.

Four-eyes is enforced here, not in the view: `appeal_decide` refuses the moderator who took
the decision under complaint. A reversal undoes the restriction through the moderation
services and amends the statement; the answer names the out-of-court dispute settlement.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification, User
from accounts.notifications import notification_create
from comments import tasks
from comments.models import Comment
from comments.moderation import services as moderation
from comments.moderation.dsa import notices, statements
from comments.moderation.dsa.links import appeal_url
from comments.moderation.dsa.texts import in_site_language
from comments.moderation.models import (
    APPEAL_DAYS,
    Appeal,
    HideReason,
    LegalGround,
    ModerationSettings,
    Notice,
    NotifierSuspension,
    Sanction,
    SourceType,
    Statement,
)
from comments.permissions import can_moderate
from newsroom.jobs import enqueue_after_commit

logger = logging.getLogger(__name__)


def appeal_refusal(
    *,
    user,
    statement: Statement | None = None,
    notice: Notice | None = None,
    notifier_key: bool = False,
):
    """Why `user` may not appeal here (a reader-facing message), or None if they may.

    `notifier_key`: the request carries the signed link mailed to a notifier without an
    account (links.notice_key_valid), which stands in for their login.
    """
    if not ModerationSettings.load().appeals_enabled:
        return _("Complaints are not available on this site. You can take legal action.")
    anonymous_notifier = notifier_key and notice is not None and notice.notifier_id is None
    if (user is None or not user.is_authenticated) and not anonymous_notifier:
        return _("Please log in to complain.")
    if statement is not None:
        if statement.user_id != user.pk:
            return _("Only the person concerned can complain against this decision.")
        decided_at, subject = statement.created_at, {"statement": statement}
        if statement.reversed_at is not None:
            return _("This decision has already been reversed.")
    elif notice is not None:
        is_notifier = anonymous_notifier or notice.notifier_id == getattr(user, "pk", None)
        if not is_notifier or notice.status != Notice.Status.REJECTED:
            return _("Only the notifier can complain against the rejection of a notice.")
        decided_at, subject = notice.decided_at, {"notice": notice}
    else:
        return _("There is nothing to complain against.")
    if decided_at + timezone.timedelta(days=APPEAL_DAYS) < timezone.now():
        return _("The six months for a complaint have passed.")
    if Appeal.objects.filter(**subject).exists():
        return _("You have already complained against this decision.")
    return None


@transaction.atomic
def appeal_create(
    *,
    appellant: User | None,
    text: str,
    statement: Statement | None = None,
    notice: Notice | None = None,
    notifier_key: bool = False,
) -> Appeal:
    """Record a complaint. A notifier without an account (`appellant` None) needs the mailed
    key (`notifier_key`); their answer goes to the notice's e-mail address."""
    refusal = appeal_refusal(
        user=appellant, statement=statement, notice=notice, notifier_key=notifier_key
    )
    if refusal:
        raise ValidationError(refusal, code="refused")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Please explain why the decision is wrong."), code="text")
    if appellant is not None and not appellant.is_authenticated:
        appellant = None
    # The receipt counts against the inbox's mail limit like every DSA mail. A full inbox
    # withholds the receipt but never the complaint: the right to complain (Art. 20) must not
    # depend on how much mail the site sent, and the receipt goes only to the complainant's
    # own inbox (their account's, or the notice's address the complaint link was mailed to).
    answer_to = appellant.email if appellant is not None else notice.email
    receipt = not answer_to or statements.mail_allowed(answer_to)
    appeal = Appeal.objects.create(
        appellant=appellant,
        email="" if appellant is not None else notice.email,
        statement=statement,
        notice=notice,
        text=text[:4000],
    )
    # A receipt with the reference (issue 22); it repeats none of the complaint's text.
    if receipt:
        enqueue_after_commit(tasks.appeal_receipt, appeal_id=appeal.pk)
    else:
        logger.warning("Complaint %s: receipt withheld, the inbox had enough mail", appeal.pk)
    return appeal


def _undo(statement: Statement, moderator: User, note: str) -> None:
    """Lift the restriction a statement describes (whatever is still in force)."""
    kind = statement.restriction
    if kind == Statement.Restriction.HIDE and statement.comment_id:
        comment = Comment.objects.get(pk=statement.comment_id)
        if comment.is_hidden():
            moderation.comment_restore(
                comment=comment,
                moderator=moderator,
                note=note,
                amendment=note,
                notify_author=False,  # the complaint's answer tells them
            )
    elif kind in (Statement.Restriction.SUSPENSION, Statement.Restriction.BAN):
        sanction = Sanction.objects.active().filter(pk=statement.sanction_id).first()
        if sanction is not None:
            moderation.sanction_lift(sanction=sanction, moderator=moderator, note=note)
        if statement.sanction_id:  # the comments a ban hid go with it
            hides = Statement.objects.filter(
                sanction_id=statement.sanction_id,
                restriction=Statement.Restriction.HIDE,
                reversed_at__isnull=True,
            ).exclude(pk=statement.pk)
            for hide in hides:
                _undo(hide, moderator, note)
                statements.statement_reverse(statement=hide, note=note)
    elif kind == Statement.Restriction.PREMODERATION and statement.user_id:
        moderation.user_premoderation_set(user=statement.user, moderator=moderator, enabled=False)
    elif kind == Statement.Restriction.NOTICE_SUSPENSION:
        NotifierSuspension.objects.filter(
            user_id=statement.user_id, ends_at__gt=timezone.now()
        ).update(ends_at=timezone.now())


def _same_address(a: str, b: str) -> bool:
    return bool(a and b and a.casefold() == b.casefold())


def decision_triggered_by(statement: Statement) -> set[int]:
    """Who made or triggered the decision a statement records.

    The moderator who decided it; for an automated decision, the moderators whose decisions
    set the rule off: the decision on the notice that completed a notifier's misuse, or the
    hides that made graduated trust pre-moderate a reader.
    """
    deciders = {statement.decided_by_id} - {None}
    if statement.decided_by_id is None:
        if statement.notice_id and statement.notice.decided_by_id:
            deciders.add(statement.notice.decided_by_id)
        if statement.restriction == Statement.Restriction.PREMODERATION and statement.user_id:
            window = timezone.timedelta(days=ModerationSettings.load().trust_window_days)
            deciders |= set(
                Statement.objects.filter(
                    user_id=statement.user_id,
                    restriction=Statement.Restriction.HIDE,
                    created_at__lte=statement.created_at,
                    created_at__gte=statement.created_at - window,
                    decided_by__isnull=False,
                ).values_list("decided_by_id", flat=True)
            )
    return deciders


def appeal_excluded(*, appeal: Appeal, moderator: User) -> bool:
    """Four eyes by identity: whoever sent the notice or the complaint (by account or by
    address) and whoever made or triggered the decision under complaint may not decide it."""
    if moderator.pk == appeal.appellant_id or _same_address(appeal.email, moderator.email):
        return True
    if appeal.statement_id:
        return moderator.pk in decision_triggered_by(appeal.statement)
    notice = appeal.notice
    return moderator.pk == notice.decided_by_id or notices.sent_by(notice, moderator)


def _notice_upheld_on_complaint(notice: Notice, *, moderator: User, text: str) -> None:
    """A complaint showed that a rejected notice was right: hide the comment now, and the
    notice no longer counts towards its sender's misuse."""
    comment = notice.comment
    if comment.is_live():
        moderation.comment_hide(
            comment=comment,
            moderator=moderator,
            reason=HideReason.UNLAWFUL,
            legal_ground=notice.legal_ground,
            # A template in the moderators' words: never the notifier's explanation,
            # nor the answer written to them (both may identify the notifier).
            facts=in_site_language(
                lambda: (
                    _(
                        "After a complaint against the rejection of a notice, another "
                        "moderator found the comment illegal (%(ground)s)."
                    )
                    % {"ground": LegalGround(notice.legal_ground).label}
                )
            ),
            note=text,
            source_type=SourceType.TRUSTED_FLAGGER if notice.trusted_flagger else SourceType.NOTICE,
            notice=notice,
        )
    # The notice was right after all: it no longer counts towards misuse (Art. 23).
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.ACTIONED, manifestly_unfounded=False
    )


@transaction.atomic
def appeal_decide(*, appeal: Appeal, moderator: User, reverse_decision: bool, text: str) -> Appeal:
    """Uphold or reverse; the moderator must not be the one who took the original decision."""
    if not can_moderate(moderator, acting=True):
        raise ValidationError(_("Only moderators can do this."), code="not_moderator")
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("statement", "notice", "appellant")
        .get(pk=appeal.pk)
    )
    if appeal.status != Appeal.Status.OPEN:
        raise ValidationError(_("This complaint has already been decided."), code="state")
    if appeal_excluded(appeal=appeal, moderator=moderator):
        raise ValidationError(
            _("Another moderator must decide this complaint (four-eyes principle)."),
            code="four_eyes",
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the answer to the complaint."), code="text")
    if reverse_decision:
        note = _("Reversed after complaint %(reference)s: %(text)s") % {
            "reference": appeal.reference,
            "text": text,
        }
        if appeal.statement_id:
            _undo(appeal.statement, moderator, note)
            statements.statement_reverse(statement=appeal.statement, note=note)
        else:  # a rejected notice was right after all: act on it now
            _notice_upheld_on_complaint(appeal.notice, moderator=moderator, text=text)
    appeal.status = Appeal.Status.REVERSED if reverse_decision else Appeal.Status.UPHELD
    appeal.decided_by = moderator
    appeal.decided_at = timezone.now()
    appeal.decision_text = text
    # The answer is owed (Art. 20(5) DSA): a full inbox withholds its mail, recorded here.
    answer_to = appeal.answer_email()
    mailed = not answer_to or statements.mail_allowed(answer_to)
    if not mailed:
        appeal.mail_withheld_at = appeal.decided_at
    appeal.save(
        update_fields=["status", "decided_by", "decided_at", "decision_text", "mail_withheld_at"]
    )
    if appeal.appellant_id:  # a notifier without an account hears by mail only
        notification_create(
            recipient=appeal.appellant,
            actor=None,
            kind=Notification.Kind.MODERATION,
            url=appeal_url(appeal),
            title=_("Decision on your complaint %(reference)s") % {"reference": appeal.reference},
            excerpt=appeal.get_status_display(),
        )
    if mailed:
        enqueue_after_commit(tasks.appeal_decision, appeal_id=appeal.pk)
    return appeal
