"""Site-wide security helpers: response headers Django does not set itself, spam protection."""

import inspect
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.ratelimit import counter_hit, digest

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


# --- Spam: honeypot and minimum fill-in time ----------------------------------------------

SPAM_SALT = "newsroom.security.spam"
# A form older than this must be sent again (with a fresh timestamp, the typed text kept).
# Short, and each timestamp is single-use (issue 22: one render time, reusable for two days,
# let a script send notice after notice, each mailing a receipt to a typed address).
SPAM_MAX_AGE_SECONDS = 3600


class HoneypotInput(forms.Widget):
    """A text input that people never see and bots fill in.

    Declared hidden (input_type), so Django and crispy-forms render it with the hidden fields:
    no label, no wrapper, no gap in the layout. It renders its own label for the rare reader
    whose browser ignores CSS.
    """

    input_type = "hidden"

    def render(self, name, value, attrs=None, renderer=None):
        input_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html(
            '<div class="d-none"><label for="{}">{}</label>'
            '<input type="text" name="{}" id="{}" value="" autocomplete="off" tabindex="-1">'
            "</div>",
            input_id,
            _("Leave this field empty"),
            name,
            input_id,
        )


def spam_min_seconds() -> float:
    return float(getattr(settings, "SPAM_MIN_SECONDS", 3))


def spam_timestamp() -> str:
    """A signed render time with a random nonce: `form-<nonce>:<time>:<signature>`."""
    return signing.TimestampSigner(salt=SPAM_SALT).sign(f"form-{secrets.token_urlsafe(12)}")


def _spend(token: str) -> bool:
    """Record that this render timestamp was sent; False if it was sent before."""
    key = f"spam-token:{digest(token)}"
    return counter_hit(key, timeout=SPAM_MAX_AGE_SECONDS + 60) == 1


class SpamProtectionMixin:
    """Add a honeypot field and a signed render time to a form; refuse bots in clean().

    Put it FIRST in the bases: `class SignupForm(SpamProtectionMixin, forms.ModelForm)`.
    Works with `{{ form|crispy }}`, `{% crispy form %}` (appended to a helper's layout) and
    `{{ form }}`. settings.SPAM_MIN_SECONDS (env NEWSROOM_SPAM_MIN_SECONDS) is the minimum
    time between rendering and sending; 0 switches the time check off (the test default).
    """

    honeypot_field = "website"
    timestamp_field = "form_rendered"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field] = forms.CharField(
            required=False, label="", widget=HoneypotInput
        )
        self.fields[self.timestamp_field] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=spam_timestamp
        )
        class_helper = inspect.getattr_static(type(self), "helper", None)
        if class_helper is not None and not isinstance(class_helper, property):
            class_helper.render_hidden_fields = True  # a helper declared on the class

    # crispy-forms renders only the fields its layout names; both traps are hidden fields, so
    # `render_hidden_fields` adds them. Forms usually build their helper after super().__init__,
    # hence the hook on assignment.
    @property
    def helper(self):
        try:
            return self.__dict__["_spam_helper"]
        except KeyError:
            raise AttributeError("helper") from None

    @helper.setter
    def helper(self, value):
        value.render_hidden_fields = True
        self.__dict__["_spam_helper"] = value

    def clean(self):
        cleaned_data = super().clean()
        if self.data.get(self.add_prefix(self.honeypot_field)):
            self._refuse_as_spam(
                _("Your message looked automated and was not sent. Please try again."),
                code="honeypot",
            )
            return cleaned_data
        min_seconds = spam_min_seconds()
        if min_seconds <= 0:
            return cleaned_data
        token = self.data.get(self.add_prefix(self.timestamp_field), "")
        try:
            signer = signing.TimestampSigner(salt=SPAM_SALT)
            signer.unsign(token, max_age=SPAM_MAX_AGE_SECONDS)
            age = time.time() - signing.b62_decode(token.split(signer.sep)[-2])
        except (signing.BadSignature, IndexError, ValueError):
            self._refuse_as_spam(
                _("This form has expired. Please check your entries and send it again."),
                code="form_expired",
            )
            return cleaned_data
        if age < min_seconds:
            self._refuse_as_spam(
                _("That was very fast. Please check your entries and send the form again."),
                code="too_fast",
            )
        elif not self._errors and not _spend(token):  # only a form that is otherwise valid
            self._refuse_as_spam(
                _("This form was sent already. Please check your entries and send it again."),
                code="form_used",
            )
        return cleaned_data

    def _refuse_as_spam(self, message, *, code: str) -> None:
        self.add_error(None, forms.ValidationError(message, code=code))
        # The re-rendered form carries a fresh timestamp and an empty honeypot, so a person
        # only has to press send again; everything they typed stays in the form.
        data = self.data.copy()
        data[self.add_prefix(self.timestamp_field)] = spam_timestamp()
        data[self.add_prefix(self.honeypot_field)] = ""
        self.data = data
