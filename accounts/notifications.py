"""Creating notifications. Other apps call `notification_create`; accounts owns delivery."""

from django.db import IntegrityError, transaction

from accounts.models import Notification, User


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
    is scheduled with transaction.on_commit so it never runs inside the posting request's
    transaction.
    """
    if actor is not None and recipient.pk == actor.pk:
        return None
    if not recipient.is_active:
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
    return notification
