"""Creating notifications. Other apps call `notification_create`; accounts owns delivery."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts import tasks
from accounts.models import Notification, User
from newsroom import public_url
from newsroom.jobs import enqueue_after_commit


def notification_create(
    *,
    recipient: User,
    actor: User | None,
    kind: str,
    url: str,
    title: str = "",
    excerpt: str = "",
    comment_id: int | None = None,
) -> Notification | None:
    """Record a notification once per (recipient, comment); never notify people about themselves.

    Returns None when nothing was created. E-mail delivery, where the recipient chose it,
    is a task enqueued after the commit (accounts.tasks), so it never runs inside the
    posting request's transaction and a failing mail is retried, never an error.
    """
    if actor is not None and recipient.pk == actor.pk:
        return None
    if not recipient.is_active or recipient.is_deleted:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                actor=actor,
                kind=kind,
                url=url,
                title=title[:300],
                excerpt=excerpt[:300],
                comment_id=comment_id,
            )
    except IntegrityError:  # already notified about this comment
        return None
    if wants_email(recipient, kind):
        enqueue_after_commit(tasks.notification_email, notification_id=notification.pk)
    return notification


def wants_email(user: User, kind: str) -> bool:
    if not user.email or not user.email_verified:
        return False
    if kind == Notification.Kind.MENTION:
        return user.notify_email_mention
    if kind == Notification.Kind.REPLY:
        return user.notify_email_reply
    return False


def notification_email_send(*, notification_id: int) -> bool:
    """Mail one notification (the task accounts.tasks.notification_email runs this).

    Returns False when there is nothing to send (read meanwhile, e-mail switched off); a
    failing mail server raises, and the task tries again later.
    """
    notification = (
        Notification.objects.select_related("recipient", "actor")
        .filter(pk=notification_id, read_at__isnull=True)
        .first()
    )
    if notification is None or not wants_email(notification.recipient, notification.kind):
        return False
    site_url = public_url.site_url()
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "actor_name": notification.actor.public_name if notification.actor else "",
        "link": site_url + notification.url if notification.url.startswith("/") else site_url,
        "settings_link": site_url + reverse("accounts:settings"),
        "SITE_NAME": settings.SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/notification_subject.txt", context)
        body = render_to_string("accounts/email/notification_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [notification.recipient.email])
    return True


def notification_excerpts_refresh(*, comment_ids, excerpt: str) -> int:
    """Replace the excerpt of every notification about these comments; "" blanks it.

    The comments app calls this when a comment is edited (new text), hidden or deleted
    (blank), so neither the inbox nor the data export keeps text its author took back.
    Returns the number of notifications changed.
    """
    return Notification.objects.filter(comment_id__in=list(comment_ids)).update(
        excerpt=excerpt[:300]
    )
