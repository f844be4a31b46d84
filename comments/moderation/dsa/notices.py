"""Notices of illegal content (Art. 16 DSA), their decision, and misuse (Art. 23 DSA).

Anyone may notify, signed in or not. The notifier gets a receipt with the reference and later
the decision with the redress options. A decision to act hides the comment through
`comment_hide`, which writes the statement of reasons.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import mail_recipient_check
from comments import tasks
from comments.models import Comment
from comments.moderation import intake
from comments.moderation import services as moderation
from comments.moderation.dsa import statements
from comments.moderation.dsa.texts import misuse_warning
from comments.moderation.models import (
    ANONYMOUS_GROUNDS,
    HideReason,
    LegalGround,
    ModerationSettings,
    Notice,
    NotifierSuspension,
    SourceType,
    Statement,
    TrustedFlagger,
)
from comments.permissions import can_moderate
from newsroom.idempotency import resubmission_token, submission_tokens
from newsroom.jobs import enqueue_after_commit
from newsroom.ratelimit import digest


def is_trusted_flagger(user, site: ModerationSettings | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    site = site or ModerationSettings.load()
    return (
        site.trusted_flaggers_enabled
        and TrustedFlagger.objects.filter(user_id=user.pk, active=True).exists()
    )


def notifier_suspension(*, user=None, email: str = "") -> NotifierSuspension | None:
    """The suspension from notifying that applies to this account or address, if any.

    Misuse is counted per account only (notifier_misuse_check), so a suspension always has
    one; its address stops the same person sending while logged out. An address alone,
    typed by anyone, never suspended anybody.
    """
    match = Q()
    if user is not None and user.is_authenticated:
        match |= Q(user_id=user.pk)
    if email:
        match |= Q(email__ci=email, user__isnull=False)
    if not match:
        return None
    return NotifierSuspension.objects.filter(match, ends_at__gt=timezone.now()).first()


def sender_token(post_token: str, *, notifier=None, ip_hash: str = "") -> str:
    """The form token as stored: scoped to its sender (their account, else their address).

    Tokens were unique site-wide, so resending someone else's token showed their receipt,
    with their e-mail address, and dropped the new notice (issue 22). Scoped, the same token
    from another sender is simply another notice.
    """
    if not post_token:
        return ""
    sender = f"u{notifier.pk}" if notifier is not None and notifier.is_authenticated else ip_hash
    return digest(f"notice-token|{sender}|{post_token}")[:32]


def notice_retried(*, post_token: str, comment: Comment, explanation: str) -> Notice | None:
    """The notice already sent with this token, for this comment and text (a resent form).

    The same token with another explanation is a new notice, never dropped
    (newsroom.idempotency).
    """
    if not post_token:
        return None
    text = (explanation or "").strip()[:4000]
    for notice in Notice.objects.filter(post_token__in=submission_tokens(post_token, text)):
        if notice.comment_id == comment.pk and notice.explanation == text:
            return notice
    return None


def _sender(notifier, name: str, email: str):
    """Who sends the notice: a signed-in notifier's account fills the name and address."""
    if notifier is not None and notifier.is_authenticated:
        return notifier, name or notifier.public_name, email or notifier.email
    return None, name, email


def _save_once(notice: Notice, retry: dict) -> Notice | None:
    """Store the notice; if a parallel resend of the same form won the unique token, return
    that one instead."""
    try:
        with transaction.atomic():  # a savepoint: a lost race must not end our transaction
            notice.save()
    except IntegrityError:
        earlier = notice_retried(post_token=notice.post_token, **retry)
        if earlier is None:
            raise
        return earlier
    return None


def _notice_check(*, legal_ground, other_provision, explanation, bona_fide, name, email):
    """Refuse an incomplete notice (Art. 16(2) DSA names what a notice must contain)."""
    if legal_ground not in LegalGround.values:
        raise ValidationError(_("Choose the legal provision."), code="legal_ground")
    if legal_ground == LegalGround.OTHER and not other_provision.strip():
        raise ValidationError(_("Name the provision the content breaks."), code="other")
    if not explanation.strip():
        raise ValidationError(_("Explain why the content is illegal."), code="explanation")
    if not bona_fide:
        raise ValidationError(
            _("Please confirm that your notice is accurate and complete."), code="bona_fide"
        )
    if legal_ground not in ANONYMOUS_GROUNDS and not (name.strip() and email.strip()):
        raise ValidationError(_("Please give your name and e-mail address."), code="identity")


@transaction.atomic
def notice_create(
    *,
    comment: Comment,
    legal_ground: str,
    explanation: str,
    location: str,
    bona_fide: bool,
    notifier: User | None = None,
    name: str = "",
    email: str = "",
    other_provision: str = "",
    ip_hash: str = "",
    post_token: str = "",
) -> Notice:
    """Record a notice and mail the receipt; raise ValidationError with the reason otherwise.

    A `post_token` seen before returns that notice (a resent form), without a second receipt.
    """
    retry = {"comment": comment, "explanation": explanation}
    earlier = notice_retried(post_token=post_token, **retry)
    if earlier is not None:
        return earlier
    site = ModerationSettings.load()  # once: the trusted flaggers and the surge breaker
    if post_token and Notice.objects.filter(post_token=post_token).exists():
        # The form's token is taken by another text: a new notice, with its own token.
        post_token = resubmission_token(post_token, explanation.strip()[:4000])
    notifier, name, email = _sender(notifier, name, email)
    _notice_check(
        legal_ground=legal_ground, other_provision=other_provision, explanation=explanation,
        bona_fide=bona_fide, name=name, email=email,
    )  # fmt: skip
    if notifier_suspension(user=notifier, email=email) is not None:
        raise ValidationError(
            _("You are suspended from sending notices for a while."), code="suspended"
        )
    if not comment.is_visible():
        raise ValidationError(_("This comment is no longer visible."), code="state")
    if email.strip():  # the receipt counts against the inbox's mail limit, like account mails
        mail_recipient_check(email)
    notice = Notice(
        comment=comment,
        legal_ground=legal_ground,
        other_provision=other_provision.strip()[:200],
        explanation=explanation.strip()[:4000],
        location=location[:500],
        bona_fide=True,
        notifier=notifier,
        name=name.strip()[:120],
        email=email.strip(),
        trusted_flagger=is_trusted_flagger(notifier, site),
        ip_hash=ip_hash,
        post_token=post_token,
    )
    earlier = _save_once(notice, retry)
    if earlier is not None:
        return earlier
    intake.report_received(article=comment.article, site=site)
    notice_id = notice.pk
    enqueue_after_commit(tasks.notice_receipt, notice_id=notice_id)
    return notice


def _lock_open(notice: Notice) -> Notice:
    locked = Notice.objects.select_for_update().filter(pk=notice.pk).first()
    if locked is None or locked.status != Notice.Status.OPEN:
        raise ValidationError(_("This notice has already been decided."), code="state")
    return locked


FOUR_EYES_NOTICE = gettext_lazy(
    "You sent this notice yourself (by your account or your e-mail address): another "
    "moderator must decide it."
)


def sent_by(notice: Notice, user) -> bool:
    """Whether `user` sent this notice, by account or by address (four eyes by identity)."""
    if user is None or not user.is_authenticated:
        return False
    if notice.notifier_id == user.pk:
        return True
    return bool(notice.email and user.email and notice.email.casefold() == user.email.casefold())


def _notice_act(*, notice, moderator, decision_text, legal_ground, facts, manifest, now):
    """Act on a notice: hide the comment (with the statement of reasons) and answer every
    open notice on it with this decision; return the other notices' ids."""
    comment = notice.comment
    legal_ground = legal_ground or notice.legal_ground
    source = SourceType.TRUSTED_FLAGGER if notice.trusted_flagger else SourceType.NOTICE
    if comment.is_live():
        moderation.comment_hide(
            comment=comment,
            moderator=moderator,
            reason=HideReason.UNLAWFUL,
            legal_ground=legal_ground,
            facts=facts,
            note=decision_text,
            source_type=source,
            notice=notice,
            manifestly_illegal=manifest,  # the hide counts towards the author's misuse
        )
    # Other open notices on the same comment are answered by the same decision.
    siblings = list(
        Notice.objects.open()
        .filter(comment=comment)
        .exclude(pk=notice.pk)
        .values_list("pk", flat=True)
    )
    Notice.objects.filter(pk__in=[notice.pk, *siblings]).update(
        status=Notice.Status.ACTIONED,
        decided_by=moderator,
        decided_at=now,
        decision_text=decision_text.strip(),
        manifestly_illegal=manifest,
    )
    return siblings


@transaction.atomic
def notice_decide(
    *,
    notice: Notice,
    moderator: User,
    act: bool,
    decision_text: str,
    legal_ground: str = "",
    facts: str = "",
    manifest: bool = False,
) -> Notice:
    """Decide a notice: `act` hides the comment with a statement; otherwise the notice is
    rejected (`manifest`: manifestly unfounded, which counts towards misuse). For an action,
    `manifest` means manifestly illegal content, which counts against the comment's author."""
    if not can_moderate(moderator, acting=True):
        raise ValidationError(_("Only moderators can do this."), code="not_moderator")
    if not decision_text.strip():
        raise ValidationError(_("Give the reasons of your decision."), code="decision_text")
    if sent_by(notice, moderator):
        raise ValidationError(FOUR_EYES_NOTICE, code="four_eyes")
    if act and not facts.strip():  # the moderator's words, never the notifier's (issue 22)
        raise ValidationError(statements.FACTS_NEEDED, code="facts")
    notice = _lock_open(notice)
    now = timezone.now()
    if act:
        siblings = _notice_act(
            notice=notice, moderator=moderator, decision_text=decision_text,
            legal_ground=legal_ground, facts=facts, manifest=manifest, now=now,
        )  # fmt: skip
    else:
        siblings = []
        Notice.objects.filter(pk=notice.pk).update(
            status=Notice.Status.REJECTED,
            decided_by=moderator,
            decided_at=now,
            decision_text=decision_text.strip(),
            manifestly_unfounded=manifest,
        )
        if manifest:
            notifier_misuse_check(notice=notice)
    # The decision is owed to each notifier (Art. 16(5) DSA) and counts against their inbox's
    # mail limit: a full inbox withholds the mail, and the notice records it.
    withheld = []
    for pk, email in Notice.objects.filter(pk__in=[notice.pk, *siblings]).values_list(
        "pk", "email"
    ):
        if email and not statements.mail_allowed(email):
            withheld.append(pk)
        else:
            enqueue_after_commit(tasks.notice_decision, notice_id=pk)
    if withheld:
        Notice.objects.filter(pk__in=withheld).update(mail_withheld_at=now)
    notice.refresh_from_db()
    return notice


# --- Misuse (Art. 23 DSA) -----------------------------------------------------------------


def notifier_misuse_check(*, notice: Notice) -> NotifierSuspension | None:
    """Warn, then suspend a notifier whose notices were often manifestly unfounded.

    Counted per confirmed identity only: a registered account. An address typed into the
    form proves nothing about who sent it (four junk notices under a reader's address barred
    that reader for 30 days, issue 22), so notices without an account are never counted; the
    per-address rate limit and the single-use form are what hold such a sender back.
    """
    site = ModerationSettings.load()
    if not site.misuse_enabled or not notice.notifier_id:
        return None
    since = timezone.now() - timezone.timedelta(days=site.misuse_window_days)
    match = Q(notifier_id=notice.notifier_id)
    unfounded = Notice.objects.filter(match, manifestly_unfounded=True, decided_at__gte=since)
    count = unfounded.count()
    if count >= site.misuse_suspend_after:
        if notifier_suspension(user=notice.notifier, email=notice.email) is not None:
            return None
        ends = timezone.now() + timezone.timedelta(days=site.misuse_suspension_days)
        suspension = NotifierSuspension.objects.create(
            user=notice.notifier, email=notice.email, ends_at=ends
        )
        statements.statement_create(
            restriction=Statement.Restriction.NOTICE_SUSPENSION,
            user=notice.notifier,
            decided_by=None,
            facts=_(
                "%(count)s of your notices in the last %(days)s days were manifestly unfounded."
            )
            % {"count": count, "days": site.misuse_window_days},
            automated_detection=True,
            automated_decision=statements.AutomatedDecision.FULLY,
            notice=notice,
            end_date=ends,
        )  # to the account's inbox, and by mail within the inbox's mail limit
        return suspension
    if count >= site.misuse_warn_after:
        # To the account's inbox. No warning or statement is ever mailed to an address typed
        # into the form: only accounts are counted, so nobody else is ever warned.
        title, text = misuse_warning()
        moderation.misuse_warn(notice.notifier, title, text)
    return None
