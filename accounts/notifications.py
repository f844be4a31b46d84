"""Creating notifications. Other apps call `notification_create`; accounts owns delivery."""

from django.db import IntegrityError, transaction

from accounts import tasks
from accounts.mail import wants_email
from accounts.models import Notification, User
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


def notification_excerpts_refresh(*, comment_ids, excerpt: str) -> int:
    """Replace the excerpt of every notification about these comments; "" blanks it.

    The comments app calls this when a comment is edited (new text), hidden or deleted
    (blank), so neither the inbox nor the data export keeps text its author took back.
    Returns the number of notifications changed.
    """
    return Notification.objects.filter(comment_id__in=list(comment_ids)).update(
        excerpt=excerpt[:300]
    )
