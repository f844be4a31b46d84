"""Account writes: sign-up, e-mail confirmation, profile changes, export and deletion."""

from __future__ import annotations

import io
import logging
import secrets
import warnings

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image as PILImage
from PIL import ImageOps

from accounts import tasks
from accounts.models import Mute, Notification, RetiredHandle, RulesAcceptance, User
from accounts.signals import public_identity_changed, user_data_requested, user_erasing
from accounts.tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, token_state
from accounts.validators import DELETED_HANDLE_PREFIX, retired_handle_digest
from newsroom.jobs import enqueue_after_commit
from newsroom.ratelimit import check_rate

logger = logging.getLogger(__name__)

AVATAR_SIZE = 256
AVATAR_MAX_BYTES = 5 * 1024 * 1024
# Decoded pixels an avatar may have (after a JPEG's draft scaling): 12 MP is a phone photo;
# as RGBA it is 48 MB of memory, not the 600 MB a 40 MP image takes.
AVATAR_MAX_PIXELS = 12_000_000
AVATAR_DRAFT_EDGE = 512  # JPEGs decode at the smallest scale that keeps this many pixels
STAFF_GROUPS = {"Editors": True, "Moderators": False}  # group name -> gets is_staff


# --- Discussion rules ----------------------------------------------------------------------


def rules_accepted(user) -> bool:
    """Return True if the reader accepted the current version of the discussion rules."""
    return getattr(user, "rules_version", None) == settings.DISCUSSION_RULES_VERSION


@transaction.atomic
def rules_accept(*, user, version: str | None = None) -> RulesAcceptance:
    """Record that the reader accepted the rules (the current version); once per version."""
    version = version or settings.DISCUSSION_RULES_VERSION
    acceptance, _created = RulesAcceptance.objects.get_or_create(user=user, version=version)
    User.objects.filter(pk=user.pk).update(rules_version=version)
    user.rules_version = version
    return acceptance


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


def mail_recipient_check(email: str) -> None:
    """Count one account mail to this inbox; raise RateLimited when it had enough.

    Keyed by the recipient, whoever asks and whether or not an account has the address, so
    nobody can have branded mail sent to someone else's inbox again and again.
    """
    check_rate("mail-recipient", email.strip().lower())


def email_confirmation_send(*, user: User, email: str, base_url: str, next_url: str = "") -> None:
    """Have a confirmation link for `email` mailed (a task, after the commit).

    `next_url` (a path on this site, already checked by the caller) rides along on the link,
    so confirming returns the reader to the article they signed up from; the confirmation
    view checks it again, since anyone can edit a link. The link itself is made when the mail
    goes out (email_confirmation_deliver), so no token waits in the task queue.
    """
    enqueue_after_commit(
        tasks.email_confirmation,
        user_id=user.pk,
        email=email,
        base_url=base_url,
        next_url=next_url,
    )


def address_in_use_send(*, email: str, base_url: str, kind: str) -> None:
    """Tell the owner of `email` that someone tried to use it, instead of telling the stranger.

    `kind` is "signup" or "change". The owner gets the login and reset links; the person who
    typed the address sees the same answer as for a free address. Mailed by a task.
    """
    enqueue_after_commit(tasks.address_in_use, email=email, base_url=base_url, kind=kind)


def password_reset_send(
    *, user: User, email: str, context: dict, subject_template: str, body_template: str
) -> None:
    """Have Django's password-reset mail sent to `email` (a task, after the commit).

    `context` is what Django's PasswordResetForm gives its templates; only its plain parts
    travel (domain, site name, protocol): the uid and token are made when the mail goes out,
    so no live reset link waits in the task queue.
    """
    plain = {k: context[k] for k in ("domain", "site_name", "protocol") if k in context}
    enqueue_after_commit(
        tasks.password_reset,
        user_id=user.pk,
        email=email,
        context=plain,
        subject_template=subject_template,
        body_template=body_template,
    )


def email_change_request(*, user: User, email: str, base_url: str) -> None:
    """Start an address change; the answer is the same whether the address is free or not.

    A free address gets the confirmation link, and replaces any earlier request (its link
    dies). An address another account uses gets a note for its owner and nothing changes.
    The mail is a task: a mail outage delays it (retried), it never fails the request.
    """
    email = email.strip().lower()
    mail_recipient_check(email)
    if User.objects.with_email(email).exclude(pk=user.pk).exists():
        address_in_use_send(email=email, base_url=base_url, kind="change")
        return
    if user.email_pending != email:
        user.email_pending = email
        user.save(update_fields=["email_pending"])
    email_confirmation_send(user=user, email=email, base_url=base_url)


def signup_request(*, data: dict, base_url: str, next_url: str = "") -> None:
    """Create the account and mail its link, or tell the address's owner; the same outside.

    When the address belongs to an account already, its owner gets a note with the login and
    reset links and nothing is created. The mail is a task (retried when the server fails).
    """
    email = data["email"].strip().lower()
    mail_recipient_check(email)
    if User.objects.with_email(email).exists():
        make_password(data["password1"])  # the same work as creating an account
        address_in_use_send(email=email, base_url=base_url, kind="signup")
        return
    user = user_create(
        username=data["username"],
        email=email,
        display_name=data["display_name"],
        password=data["password1"],
    )
    if data.get("accept_rules"):
        rules_accept(user=user)
    email_confirmation_send(user=user, email=email, base_url=base_url, next_url=next_url)


LINK_INVALID = gettext_noop("This confirmation link is not valid.")
LINK_STALE = gettext_noop(
    "This link is out of date: it was used already, or your password, your address or a "
    "newer request replaced it. Request a new one."
)


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
        raise ValidationError(_(LINK_INVALID), code="invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise ValidationError(_(LINK_INVALID), code="invalid")
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_deleted=False).first()
    if user is None:
        raise ValidationError(_(LINK_INVALID), code="invalid")
    email = data["e"]
    if not constant_time_compare(str(data.get("s", "")), token_state(user, email)):
        raise ValidationError(_(LINK_STALE), code="stale")
    if user.email.lower() != email:
        if User.objects.with_email(email).exclude(pk=user.pk).exists():
            raise ValidationError(
                _("Another account uses this e-mail address now."), code="email_taken"
            )
        user.email = email
    user.email_pending = ""
    user.email_verified = True
    user.save(update_fields=["email", "email_pending", "email_verified"])
    return user


# --- Profile ------------------------------------------------------------------------------


def _avatar_decode(upload) -> PILImage.Image:
    """Decode an avatar upload without ever holding more than AVATAR_MAX_PIXELS.

    The size is read from the header before any pixel is decoded: a 1.5 KB lossless WebP can
    claim 6000 x 6600 pixels and take 600 MB to decode. Large JPEGs (phone photos) are
    decoded at 1/2 to 1/8 scale with draft(), which costs a fraction of a full decode; other
    formats must fit the limit as they are.
    """
    from articles.images import ALLOWED_FORMATS, MIN_EDGE

    too_many = ValidationError(
        _("The image has too many pixels for an avatar (at most %(max)d megapixels).")
        % {"max": AVATAR_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data))  # reads the header only
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF image."), code="invalid_format"
                )
            if min(image.size) < MIN_EDGE:
                raise ValidationError(
                    _("The image is too small; each side needs at least %(min)d pixels.")
                    % {"min": MIN_EDGE},
                    code="too_small",
                )
            if image.format == "JPEG":
                image.draft("RGB", (AVATAR_DRAFT_EDGE, AVATAR_DRAFT_EDGE))
            if image.width * image.height > AVATAR_MAX_PIXELS:
                raise too_many
            image.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise too_many from None
    except Exception:  # Pillow raises many types for broken input
        raise ValidationError(
            _("The file is not a valid image or it is damaged."), code="invalid_image"
        ) from None
    return image


def avatar_process(upload, *, user: User | None = None) -> ContentFile:
    """Validate an upload and return a square, resized, metadata-free JPEG.

    With `user`, each decode counts against the avatar-upload limit first: decoding is the
    expensive part, so even refused uploads count.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > AVATAR_MAX_BYTES:
        raise ValidationError(
            _("The file is too large; at most %(max)d MB are allowed.")
            % {"max": AVATAR_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if user is not None:
        check_rate("avatar-upload", str(user.pk))
    image = ImageOps.exif_transpose(_avatar_decode(upload))
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


def public_profile_refusal(user: User) -> str:
    """Why `user` may not change their public profile now ("" when they may).

    Accounts does not know about sanctions (it never imports comments): the rules are the
    callables named in settings.PUBLIC_PROFILE_RULES, each `(user) -> str`, returning a
    reader-facing reason or "". The comments app names its own rule there.
    """
    for path in getattr(settings, "PUBLIC_PROFILE_RULES", ()):
        reason = import_string(path)(user)
        if reason:
            return str(reason)
    return ""


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
    changes_public = (
        display_name != user.display_name
        or bio != user.bio
        or avatar is not None
        or (remove_avatar and user.avatar)
    )
    if changes_public:
        reason = public_profile_refusal(user)
        if reason:
            raise ValidationError(reason, code="profile_locked")
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
        transaction.on_commit(lambda: storage.delete(old_avatar), robust=True)
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


# --- Muting other readers -----------------------------------------------------------------


def mute_create(*, user: User, muted: User) -> Mute:
    """Mute `muted` for `user` (their comments collapse for `user` only); idempotent."""
    if muted.pk == user.pk:
        raise ValidationError(_("You cannot mute yourself."), code="self")
    if muted.is_deleted or not muted.is_active:
        raise ValidationError(_("This account no longer exists."), code="gone")
    mute, _created = Mute.objects.get_or_create(user=user, muted=muted)
    return mute


def mute_delete(*, user: User, muted: User) -> bool:
    """Unmute; return whether there was a mute to remove."""
    deleted, _rows = Mute.objects.filter(user=user, muted=muted).delete()
    return bool(deleted)


def muted_user_ids(user) -> frozenset[int]:
    """The accounts `user` muted (one query; the comments app asks this per page)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return frozenset(Mute.objects.filter(user=user).values_list("muted_id", flat=True))


# --- Export and deletion ------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def user_export(*, user: User) -> dict:
    """Everything we store about the user, as JSON-ready data."""
    data = {
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
        "muted_readers": [
            {"handle": m.muted.username, "muted_at": _iso(m.created_at)}
            for m in Mute.objects.filter(user=user).select_related("muted")
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
    # Other apps add what they store about the person (the comments app: the comments).
    for _receiver, sections in user_data_requested.send(sender=User, user=user):
        data.update(sections or {})
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase personal data but keep an anonymous row, so comment threads keep their replies.

    Comments point at their author with PROTECT; deleting the row would mean deleting or
    re-parenting whole threads that other people replied to.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    # Other apps erase what they store about the person while name and address are known.
    user_erasing.send(sender=User, user=user, handle=user.username, email=user.email)
    # The handle is never free again: a newcomer would inherit the old @mentions.
    RetiredHandle.objects.get_or_create(digest=retired_handle_digest(user.username))
    avatar_name = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    Notification.objects.filter(recipient=user).delete()
    Mute.objects.filter(user=user).delete()  # whom they muted is personal data
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"{DELETED_HANDLE_PREFIX}{user.pk}"
    user.email = ""
    user.email_pending = ""
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
        transaction.on_commit(lambda: storage.delete(avatar_name), robust=True)
