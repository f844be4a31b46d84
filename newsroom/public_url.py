"""The site's public address: the one source of absolute URLs in mails and legal records.

NEWSROOM_SITE_URL (settings.SITE_URL) names it; `manage.py check --deploy` refuses to pass
without it in production (newsroom.checks). Never build such a URL from the request: its
Host header and X-Forwarded-Proto are whatever the sender typed, so a reset link, a
confirmation link or a statement of reasons would point wherever an attacker wanted.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def site_url() -> str:
    """The public address without a trailing slash, e.g. "https://news.example"."""
    value = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if not value:
        raise ImproperlyConfigured("Set NEWSROOM_SITE_URL to the site's public address.")
    return value


def absolute_url(path: str) -> str:
    """`path` (starting with /) on the public address."""
    return site_url() + path


def site_parts() -> tuple[str, str]:
    """(scheme, host[:port]) of the public address."""
    parts = urlsplit(site_url())
    return parts.scheme, parts.netloc
