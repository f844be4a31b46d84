import unicodedata

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext

from newsroom.ratelimit import RateLimited


class RateLimitMiddleware:
    """Turn RateLimited into a friendly 429 page with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        if "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse(
                {
                    "error": gettext("Too many requests. Please try again later."),
                    "retry_after": exception.retry_after,
                },
                status=429,
            )
        else:
            response = render(
                request, "429.html", {"retry_after": exception.retry_after}, status=429
            )
        response["Retry-After"] = str(exception.retry_after)
        # A shared cache must never serve one reader's 429 to everybody else.
        add_never_cache_headers(response)
        return response


def reader_language(request) -> str:
    """The reader's interface language: the switcher's cookie, else the site's default.

    The one answer, for this middleware and for the page cache in front of it."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ReaderLanguageMiddleware(MiddlewareMixin):
    """One interface language per reader: German unless the reader chose English.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which put German
    articles inside an English frame for every reader with an English browser. Here only an
    explicit choice counts: the language cookie that the switcher (set_language) writes.
    It replaces LocaleMiddleware.
    """

    def process_request(self, request):
        translation.activate(reader_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No language prefixes in our URLs, so nothing of the parent's redirect logic applies.
        # The page depends on the cookie (which a cache must key on), never on Accept-Language.
        # A response whose language comes from its URL (the live answers, ?lang=) does not:
        # it is the same for every cookie, so shared caches keep one copy for everyone.
        if not getattr(response, "language_in_url", False):
            patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def has_control_character(value: str) -> bool:
    """True for NUL and every other control character (Unicode category Cc: C0, DEL, C1)."""
    return any(unicodedata.category(ch) == "Cc" for ch in value)


class MalformedInputMiddleware:
    """Answer 400 for control characters in the path or the query string, before any view.

    PostgreSQL refuses NUL in a string ("A string literal cannot contain NUL"), so every view
    that looked a path segment or a filter up in the database answered 500 for `%00` (issue
    22: profiles, notices, statements, the moderators' `section` and `q` filters). No URL of
    ours carries a control character, so one check in front of everything replaces a check
    in every view and converter. First in MIDDLEWARE: the page cache never keys on such a URL.
    Form fields are covered by Django's own ProhibitNullCharactersValidator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._malformed(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _malformed(request) -> bool:
        if has_control_character(request.path):
            return True
        return any(
            has_control_character(key) or any(has_control_character(v) for v in values)
            for key, values in request.GET.lists()
        )

    @staticmethod
    def _refuse(request) -> HttpResponse:
        with translation.override(reader_language(request)):
            message = gettext(
                "The address contains a control character (such as a NUL byte). "
                "Please check the link."
            )
            context = {"request": request, "message": message, "SITE_NAME": settings.SITE_NAME}
            body = render_to_string("400.html", context)
        response = HttpResponse(body, status=400)
        add_never_cache_headers(response)
        return response
