"""Account writes: sign-up, e-mail confirmation, profile changes, export and deletion."""

from __future__ import annotations

import io
import logging
import secrets
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps

from accounts.models import Notification, User
from accounts.signals import public_identity_changed
from accounts.validators import DELETED_HANDLE_PREFIX

logger = logging.getLogger(__name__)

CONFIRM_SALT = "accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600
AVATAR_SIZE = 256
AVATAR_MAX_BYTES = 5 * 1024 * 1024
STAFF_GROUPS = {"Editors": True, "Moderators": False}  # group name -> gets is_staff


# --- Sign-up and e-mail confirmation ------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    display_name: str,
    password: str | None,
    email_verified: bool = False,
    group: str | None = None,
) -> User:
    """Create an account; callers have validated the handle, address and password."""
    user = User(
        username=username,
        email=email.strip().lower(),
        display_name=display_name,
        email_verified=email_verified,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if group:
        group_obj, _created = Group.objects.get_or_create(name=group)
        user.groups.add(group_obj)
        if STAFF_GROUPS.get(group):
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user


def email_confirmation_token(*, user: User, email: str) -> str:
    """A signed, expiring token binding the account to the address it proves."""
    # "c" pins the address the account had when the link was made: once the address changes,
    # older change links cannot switch it back.
    payload = {"u": user.pk, "e": email.lower(), "c": user.email.lower()}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def email_confirmation_send(*, user: User, email: str, base_url: str, next_url: str = "") -> bool:
    """Mail a confirmation link for `email` (the current or a new address); False if it failed.

    `next_url` (a path on this site, already checked by the caller) rides along on the link,
    so confirming returns the reader to the article they signed up from; the confirmation
    view checks it again, since anyone can edit a link.
    """
    token = email_confirmation_token(user=user, email=email)
    link = base_url.rstrip("/") + reverse("accounts:confirm-email", kwargs={"token": token})
    if next_url:
        link += "?" + urlencode({"next": next_url})
    context = {
        "user": user,
        "link": link,
        "email": email,
        "is_change": email != user.email,
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = render_to_string("accounts/email/confirm_subject.txt", context).strip()
    body = render_to_string("accounts/email/confirm_body.txt", context)
    try:
        send_mail(subject, body, None, [email])
    except Exception:  # SMTP outage: the account exists, the reader can resend later
        logger.exception("Could not send the confirmation e-mail to user %s", user.pk)
        return False
    return True


@transaction.atomic
def email_confirm(*, token: str) -> User:
    """Confirm the address in the token (switching to it for a change); raise ValidationError."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Request a new one."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from None
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_deleted=False).first()
    if user is None:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid")
    email = data["e"]
    if user.email.lower() != email:
        if data.get("c") != user.email.lower():
            raise ValidationError(
                _("This link is out of date: your address has changed since."), code="stale"
            )
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise ValidationError(
                _("Another account uses this e-mail address now."), code="email_taken"
            )
        user.email = email
    user.email_verified = True
    user.save(update_fields=["email", "email_verified"])
    return user


# --- Profile ------------------------------------------------------------------------------


def avatar_process(upload) -> ContentFile:
    """Validate an upload and return a square, resized, metadata-free JPEG."""
    from articles.images import validate_image_file

    size = getattr(upload, "size", None)
    if size is not None and size > AVATAR_MAX_BYTES:
        raise ValidationError(
            _("The file is too large; at most %(max)d MB are allowed.")
            % {"max": AVATAR_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    image = validate_image_file(upload)  # real image, allowed format, no bomb, not tiny
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        image = PILImage.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = ImageOps.fit(image.convert("RGB"), (AVATAR_SIZE, AVATAR_SIZE), PILImage.LANCZOS)
    # Pillow carries `info` (EXIF, comments, ICC) through crops and saves it again; a fresh
    # image built from the pixels alone carries nothing from the original file.
    clean = PILImage.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=86, optimize=True)
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(8)}.jpg")


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    display_name: str,
    bio: str,
    notify_email_mention: bool,
    notify_email_reply: bool,
    avatar: ContentFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Save the settings form; `avatar` is the output of avatar_process."""
    old_name = user.display_name
    old_avatar = user.avatar.name if user.avatar else ""
    user.display_name = display_name
    user.bio = bio
    user.notify_email_mention = notify_email_mention
    user.notify_email_reply = notify_email_reply
    if avatar is not None:
        user.avatar.save(avatar.name, avatar, save=False)
    elif remove_avatar:
        user.avatar = ""
    user.save()
    new_avatar = user.avatar.name if user.avatar else ""
    if old_avatar and old_avatar != new_avatar:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    if old_name != display_name or old_avatar != new_avatar:
        public_identity_changed.send(sender=User, user_id=user.pk)
    return user


# --- Notifications ------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications as read."""
    qs = Notification.objects.filter(recipient=user)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.mark_read()


# --- Export and deletion ------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def user_export(*, user: User) -> dict:
    """Everything we store about the user, as JSON-ready data."""
    Comment = apps.get_model("comments", "Comment")
    comments = (
        Comment.objects.filter(author=user).select_related("article").order_by("created_at", "pk")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "handle": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "email_verified": user.email_verified,
            "bio": user.bio,
            "avatar": user.avatar.url if user.avatar else None,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "notify_email_mention": user.notify_email_mention,
            "notify_email_reply": user.notify_email_reply,
        },
        "comments": [
            {
                "id": c.pk,
                "article": c.article.headline,
                "article_url": c.article.get_absolute_url(),
                "parent_id": c.parent_id,
                "body": c.body,
                "status": c.status,
                "created_at": _iso(c.created_at),
                "edited_at": _iso(c.edited_at),
            }
            for c in comments
        ],
        "notifications": [
            {
                "kind": n.kind,
                "from": n.actor.public_name if n.actor else None,
                "title": n.title,
                "excerpt": n.excerpt,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.for_inbox(user)
        ],
    }


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase personal data but keep an anonymous row, so comment threads keep their replies.

    Comments point at their author with PROTECT; deleting the row would mean deleting or
    re-parenting whole threads that other people replied to.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    avatar_name = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    Notification.objects.filter(recipient=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"{DELETED_HANDLE_PREFIX}{user.pk}"
    user.email = ""
    user.email_verified = False
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.bio = ""
    user.avatar = ""
    user.notify_email_mention = False
    user.notify_email_reply = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_deleted = True
    user.last_login = None
    user.set_unusable_password()
    user.save()
    public_identity_changed.send(sender=User, user_id=user.pk)
    # Sessions elsewhere die with the password hash change (session auth hash check).
    if avatar_name:
        transaction.on_commit(lambda: storage.delete(avatar_name))
