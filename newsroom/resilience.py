"""What a reader sees when the database is unreachable or too slow: never a 500.

A database outage (connection refused, server restarting, statement or lock timeout) raises
Django's `OperationalError` (psycopg's `QueryCanceled` and `LockNotAvailable` are
OperationalErrors too) or `InterfaceError` (the connection died under us). Then:

1. a GET or HEAD that has a last good copy (`newsroom.lastgood`) gets that copy, status 200;
2. everything else gets the friendly 503 page with `Retry-After`; a POST's typed text is
   shown again in a form that sends it once more (the comment form's one-time token makes
   that safe), so nothing the reader wrote is lost.

The 503 page is rendered without a request context (no context processor runs, so no
query), which is why it also works from `handler500` when the error happens in a middleware
or while rendering. Other database errors (IntegrityError, ProgrammingError) are bugs and
stay 500s.
"""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from newsroom import lastgood
from newsroom.context_processors import NAV_CACHE_KEY

logger = logging.getLogger("newsroom.resilience")

try:  # errors raised outside Django's wrapper (raw psycopg use) count as well
    import psycopg

    _DRIVER_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError)
except ImportError:  # pragma: no cover - psycopg is a dependency
    _DRIVER_ERRORS = ()

OUTAGE_ERRORS = (OperationalError, InterfaceError, *_DRIVER_ERRORS)

# Fields never echoed back into the page, and fields shown as text areas (the rest of the
# POST goes back as hidden inputs, so "send again" repeats the same request).
_NEVER_ECHOED = ("password", "csrfmiddlewaretoken")
_TYPED_FIELDS = ("body", "text", "message", "note", "reason", "explanation", "statement")


def is_database_outage(error: BaseException | None) -> bool:
    """Return True if `error` (or what caused it) means the database is unavailable."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _echoed_fields(request) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(typed fields, hidden fields) of a POST, without passwords and the CSRF token."""
    if request.method != "POST":
        return [], []
    try:
        items = list(request.POST.lists())
    except Exception:  # an unreadable body is not worth a second error
        return [], []
    typed, hidden = [], []
    for name, values in items:
        if any(word in name.lower() for word in _NEVER_ECHOED):
            continue
        for value in values:
            (typed if name in _TYPED_FIELDS else hidden).append((name, value))
    return typed, hidden


def _nav_sections() -> list:
    """The navigation from the cache only; the database is what failed."""
    try:
        return cache.get(NAV_CACHE_KEY) or []
    except Exception:
        return []


def outage_page(request) -> HttpResponse:
    """The 503 page in the site's design, rendered without touching the database."""
    typed, hidden = _echoed_fields(request)
    retry_after = settings.OUTAGE_RETRY_AFTER
    context = {
        "request": request,
        "csrf_token": get_token(request),
        "SITE_NAME": settings.SITE_NAME,
        "nav_sections": _nav_sections(),
        "retry_after": retry_after,
        "typed_fields": typed,
        "hidden_fields": hidden,
        "resend_url": request.get_full_path(),
    }
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def outage_response(request, error: BaseException) -> HttpResponse:
    """The last good copy of the page if there is one, else the 503 page; logs one line."""
    copy = lastgood.recall(request)
    logger.warning(
        "database unavailable (%s: %s) for %s %s: %s",
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
        request.method,
        request.path,
        "served the last good copy" if copy is not None else "answered 503",
    )
    return copy if copy is not None else outage_page(request)


class ResilienceMiddleware:
    """Keep the last good copy of anonymous pages; answer database outages in views gently.

    Place it right after the session, locale and authentication middleware (so the
    language of the copy matches the request) and before the views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            lastgood.remember(request, response)
        except Exception:  # keeping a copy is a nicety; the response is what matters
            logger.warning("could not keep the last good copy of %s", request.path, exc_info=True)
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return outage_response(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """handler500: a database outage found outside a view still gets the 503 page."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return outage_response(request, error)
    return defaults.server_error(request, template_name=template_name)
