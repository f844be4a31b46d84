import hashlib
import hmac
import re
import unicodedata

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.text import skeleton, skeleton_words

HANDLE_PATTERN = r"[A-Za-z0-9_]{3,30}"
RESERVED_HANDLES = frozenset(
    {
        "admin", "administrator", "moderator", "moderation", "staff", "editor", "redaktion",
        "root", "support", "newsroom", "system", "deleted", "anonymous", "null", "none",
        "accounts", "login", "logout", "signup", "settings", "static", "media", "api",
    }
)  # fmt: skip

handle_validator = RegexValidator(
    rf"\A{HANDLE_PATTERN}\Z",
    _("3 to 30 characters: letters, digits and underscore only."),
    code="invalid_handle",
)


# Deleted accounts are renamed to deleted_<pk>; nobody may pick such a handle beforehand.
DELETED_HANDLE_PREFIX = "deleted_"


# Words no reader's display name may contain: they would pass for the paper speaking.
RESERVED_NAME_WORDS = frozenset(
    {
        "redaktion", "moderation", "moderator", "moderatorin", "moderatoren", "admin",
        "administrator", "administration", "newsroom", "support", "kundenservice",
        "leserservice", "editor", "staff", "system",
    }
)  # fmt: skip


def _staff_users():
    """Accounts whose names readers trust: staff, superusers, editors, moderators, authors."""
    User = apps.get_model("accounts", "User")
    return User.objects.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name__in=["Editors", "Moderators"])
        | Q(author_profile__isnull=False),
        is_deleted=False,
    ).distinct()


def retired_handle_digest(value: str) -> str:
    """The keyed hash that remembers a deleted account's handle (and its look-alikes)."""
    key = settings.IP_HASH_KEY.encode()
    return hmac.new(key, b"handle:" + skeleton(value).encode(), hashlib.sha256).hexdigest()


def validate_handle_not_reserved(value: str, *, user_pk: int | None = None) -> None:
    """Refuse reserved handles, their look-alikes ("m0deration", "redaktion_"), look-alikes of
    staff handles, and handles of deleted accounts."""
    reserved = ValidationError(_("This handle is reserved."), code="reserved_handle")
    lowered = value.lower()
    if lowered.startswith(DELETED_HANDLE_PREFIX):
        raise reserved
    shape = skeleton(value)
    if shape in {skeleton(word) for word in RESERVED_HANDLES | {settings.SITE_NAME}}:
        raise reserved
    staff = _staff_users().exclude(pk=user_pk).values_list("username", flat=True)
    if any(skeleton(handle) == shape for handle in staff):
        raise reserved
    RetiredHandle = apps.get_model("accounts", "RetiredHandle")
    if RetiredHandle.objects.filter(digest=retired_handle_digest(value)).exists():
        raise ValidationError(_("This handle is not available."), code="retired_handle")


def validate_display_name_not_reserved(value: str, *, user_pk: int | None = None) -> None:
    """Refuse names that pass for the paper, its staff or its authors, in any disguise."""
    refused = ValidationError(
        _("This name is reserved for the paper and its staff. Please choose another."),
        code="reserved_name",
    )
    shape = skeleton(value)
    reserved_words = {skeleton(word) for word in RESERVED_NAME_WORDS}
    site = skeleton(settings.SITE_NAME)
    if shape in reserved_words or set(skeleton_words(value)) & reserved_words:
        raise refused
    if site and site in shape:
        raise refused
    staff = _staff_users().exclude(pk=user_pk)
    names = list(staff.values_list("display_name", flat=True))
    # Imported here: accounts.models imports this module, and articles.models needs accounts.
    from articles.models import Author

    authors = Author.objects.all()
    if user_pk:
        authors = authors.exclude(user_id=user_pk)
    names += authors.values_list("name", flat=True)
    if any(skeleton(name) == shape for name in names if name):
        raise refused


def clean_display_name(value: str) -> str:
    """Return the display name NFC-normalised and trimmed, or raise for control characters."""
    value = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in value):
        raise ValidationError(
            _("The display name may not contain control or invisible characters."),
            code="control_characters",
        )
    if not re.search(r"\w", value):
        raise ValidationError(_("Enter a display name with at least one letter."), code="empty")
    return re.sub(r"\s+", " ", value)
