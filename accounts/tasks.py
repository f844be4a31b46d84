"""The accounts app's background tasks: each loads its rows and calls the service.

Who gets which mail is decided in accounts/services.py and accounts/notifications.py; the
mails themselves are in accounts/mail.py. newsroom.jobs enqueues these after the commit and
retries them. Queued jobs store these dotted paths: never rename or move them.
"""

from accounts import mail
from accounts.models import User
from newsroom.jobs import retried_task


def _user(user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


@retried_task
def notification_email(*, notification_id: int) -> bool:
    return mail.notification_email_send(notification_id=notification_id)


@retried_task
def email_confirmation(*, user_id: int, email: str, base_url: str, next_url: str = "") -> bool:
    user = _user(user_id)
    return user is not None and mail.email_confirmation_deliver(
        user=user, email=email, base_url=base_url, next_url=next_url
    )


@retried_task
def address_in_use(*, email: str, base_url: str, kind: str) -> bool:
    mail.address_in_use_deliver(email=email, base_url=base_url, kind=kind)
    return True


@retried_task
def password_reset(
    *, user_id: int, email: str, context: dict, subject_template: str, body_template: str
) -> bool:
    user = _user(user_id)
    return user is not None and mail.password_reset_deliver(
        user=user,
        email=email,
        context=context,
        subject_template=subject_template,
        body_template=body_template,
    )
