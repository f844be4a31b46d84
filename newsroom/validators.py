"""Validators for values that end up in an href.

Only http(s) addresses and paths on our own site: `javascript:`, `data:` and friends were
stopped only by the CSP before, and `//other.host` is another site in disguise.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

HREF_SCHEMES = ("http", "https")

validate_http_url = URLValidator(
    schemes=list(HREF_SCHEMES), message=_("Enter an address that starts with https:// or http://.")
)


def is_safe_href(value: str) -> bool:
    """True for an http(s) URL or a path on this site ("/abo/"), as stored (no trimming)."""
    value = value or ""
    if value.startswith("/"):
        return not value.startswith("//") and "\\" not in value and value.isprintable()
    try:
        validate_http_url(value)
    except ValidationError:
        return False
    return urlsplit(value).scheme.lower() in HREF_SCHEMES


def validate_href(value: str) -> None:
    if not is_safe_href(value):
        raise ValidationError(
            _("Enter an address that starts with https:// or http://, or a path such as /abo/."),
            code="unsafe_href",
        )
