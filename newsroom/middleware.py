from django.shortcuts import render

from newsroom.ratelimit import RateLimited


class RateLimitMiddleware:
    """Turn RateLimited into a friendly 429 page with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            response = render(
                request, "429.html", {"retry_after": exception.retry_after}, status=429
            )
            response["Retry-After"] = str(exception.retry_after)
            return response
        return None
