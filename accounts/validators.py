import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

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


def validate_handle_not_reserved(value: str) -> None:
    lowered = value.lower()
    if lowered in RESERVED_HANDLES or lowered.startswith(DELETED_HANDLE_PREFIX):
        raise ValidationError(_("This handle is reserved."), code="reserved_handle")


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
