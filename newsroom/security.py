"""Site-wide security helpers: response headers Django does not set itself."""

from django.conf import settings

# Features a news site never needs; denying them means an injected script cannot ask for
# them either. Only features Chromium knows: unknown names log console errors.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
}


def permissions_policy_header() -> str:
    policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
    return ", ".join(f"{feature}={allow}" for feature, allow in policy.items())


class SecurityHeadersMiddleware:
    """Add Permissions-Policy to every response, static files included.

    Django's SecurityMiddleware already sends HSTS (on HTTPS), nosniff, Referrer-Policy and
    Cross-Origin-Opener-Policy; django-csp sends the CSP with frame-ancestors.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header()

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
