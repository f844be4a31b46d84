from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
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
