"""The accounts app's mails, each sent now by one task in accounts/tasks.py after the commit
(a failing mail server raises and the task tries again). The services decide who gets which
mail and enqueue the task; the links are made here, when the mail goes out, so no live token
waits in the task queue."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Notification, User
from accounts.tokens import email_confirmation_token
from newsroom import public_url


def _send(template: str, context: dict, email: str) -> None:
    """Render and mail one account e-mail now; a failing mail server raises (tasks retry)."""
    context = {**context, "SITE_NAME": settings.SITE_NAME}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])


def email_confirmation_deliver(
    *, user: User, email: str, base_url: str, next_url: str = ""
) -> bool:
    """Mail the confirmation link now; False when the request is no longer wanted.

    A newer change request (another pending address) or a confirmation in the meantime
    replaced this one: its link would be dead or, made now, would outlive the rule that a
    newer request kills older links.
    """
    is_change = email.lower() != user.email.lower()
    if user.is_deleted or (user.email_pending.lower() != email.lower() if is_change
                           else user.email_verified):  # fmt: skip
        return False
    token = email_confirmation_token(user=user, email=email)
    link = base_url.rstrip("/") + reverse("accounts:confirm-email", kwargs={"token": token})
    if next_url:
        link += "?" + urlencode({"next": next_url})
    context = {"user": user, "link": link, "email": email, "is_change": is_change}
    _send("confirm", context, email)
    return True


def address_in_use_deliver(*, email: str, base_url: str, kind: str) -> None:
    base = base_url.rstrip("/")
    context = {
        "kind": kind,
        "login_link": base + reverse("login"),
        "reset_link": base + reverse("password_reset"),
    }
    _send("address_in_use", context, email)


def password_reset_deliver(
    *, user: User, email: str, context: dict, subject_template: str, body_template: str
) -> bool:
    """Mail a reset link now (Django's token and sending); False for a closed account."""
    if not user.is_active or user.is_deleted or user.email.lower() != email.lower():
        return False
    # Host and scheme of the link: the configured public address, whatever Host header or
    # X-Forwarded-Proto the request that asked for the reset carried (issue 22).
    protocol, domain = public_url.site_parts()
    context = {
        **context,
        "protocol": protocol,
        "domain": domain,
        "site_url": public_url.site_url(),
        "email": email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    # Django's own sending step: renders subject and body, raises when the server fails.
    DjangoPasswordResetForm.send_mail(None, subject_template, body_template, context, None, email)
    return True


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
