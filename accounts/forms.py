from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import throttle
from accounts.models import User
from accounts.services import avatar_process, password_reset_send
from accounts.validators import (
    clean_display_name,
    handle_validator,
    validate_display_name_not_reserved,
    validate_handle_not_reserved,
)
from articles.images import IMAGE_ACCEPT
from newsroom.security import SpamProtectionMixin


def rules_acceptance_label():
    """The label of the rules checkbox, with links (the sign-up and the comment form)."""
    return format_html(
        _(
            'I accept the <a href="{rules}" target="_blank">discussion rules</a> and the '
            '<a href="{terms}" target="_blank">terms of use</a>.'
        ),
        rules=reverse("discussion:rules"),
        terms=reverse("pages:nutzungsbedingungen"),
    )


class SignupForm(SpamProtectionMixin, forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_rules = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Please accept the discussion rules and the terms of use to sign up.")
        },
    )

    class Meta:
        model = User
        fields = ["email", "username", "display_name"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "username": forms.TextInput(
                attrs={"autocomplete": "username", "autocapitalize": "none"}
            ),
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        labels = {"email": _("E-mail address")}
        help_texts = {"email": _("We send a link to confirm it. It is never shown publicly.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["accept_rules"].label = rules_acceptance_label()

    def clean_email(self):
        # Whether an account has the address is never said here: the owner gets a mail
        # (accounts.services.signup_request), the stranger the same answer as for a new one.
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        # The model's unique checks on the address would say "taken": see clean_email.
        return {*super()._get_validation_exclusions(), "email"}

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        handle_validator(username)
        validate_handle_not_reserved(username)  # also look-alikes and deleted accounts' handles
        if User.objects.with_handle(username).exists():
            raise ValidationError(_("This handle is already taken."), code="handle_taken")
        return username

    def clean_display_name(self):
        name = clean_display_name(self.cleaned_data["display_name"])
        validate_display_name_not_reserved(name)
        return name

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                display_name=cleaned.get("display_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginThrottleMixin:
    """Refuse logins while the name, the address or the pair has too many recent attempts.

    The attempt is counted *before* the password is checked (accounts.throttle), so parallel
    guesses cannot slip past the limit; the same message and status answer for every name,
    whether an account has it or not.
    """

    locked_seconds = 0

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if self.request is None or not (username and self.cleaned_data.get("password")):
            return super().clean()  # not a web login, or Django's "required" errors
        attempt = throttle.login_attempt_start(self.request, username)
        if attempt.wait:
            self.locked_seconds = attempt.wait
            minutes = max(1, (attempt.wait + 59) // 60)
            raise ValidationError(
                ngettext(
                    "Too many failed attempts. For your protection, logging in is paused for "
                    "%(minutes)d minute. You can reset your password in the meantime.",
                    "Too many failed attempts. For your protection, logging in is paused for "
                    "%(minutes)d minutes. You can reset your password in the meantime.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        cleaned = super().clean()  # a wrong password raises; its slot stays counted
        throttle.login_succeeded(attempt, user=self.get_user())
        return cleaned


class LoginForm(LoginThrottleMixin, AuthenticationForm):
    """Django's login form, for the handle or the e-mail address, with throttling."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The handle or e-mail address and the password do not match. Note that the "
            "password is case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = _("Handle or e-mail address")
        field.max_length = 254  # the model's handle limit would cut e-mail addresses short
        field.widget.attrs["maxlength"] = 254


class AdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The admin's login shares the same failure counters: no side door for guessing."""


PUBLIC_PROFILE_FIELDS = ("display_name", "bio", "avatar", "remove_avatar")


class SettingsForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=80)
    bio = forms.CharField(
        label=_("About me"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 500 characters, shown on your public profile."),
    )
    avatar = forms.FileField(
        label=_("New avatar"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_(
            "JPEG, PNG, WebP or GIF, at least 200 × 200 pixels, at most 5 MB. We crop it to a "
            "square and remove all metadata (such as location)."
        ),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
    notify_email_mention = forms.BooleanField(
        label=_("E-mail me when someone mentions me"), required=False
    )
    notify_email_reply = forms.BooleanField(
        label=_("E-mail me when someone replies to my comment"), required=False
    )

    def __init__(self, *args, user: User, has_avatar: bool = False, locked: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.locked = locked
        if not has_avatar:
            del self.fields["remove_avatar"]
        if locked:  # a sanctioned reader keeps the public profile as it is
            for name in PUBLIC_PROFILE_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True  # the template says why, once
                    self.fields[name].help_text = ""

    def clean_display_name(self):
        name = clean_display_name(self.cleaned_data["display_name"])
        if name != self.user.display_name:  # staff keep their own names, of course
            validate_display_name_not_reserved(name, user_pk=self.user.pk)
        return name

    def clean_bio(self):
        bio = self.cleaned_data["bio"].strip()
        if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in bio):
            raise ValidationError(_("Remove the control characters."), code="control_characters")
        return bio

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload or self.locked:
            return None
        return avatar_process(upload, user=self.user)


class CurrentPasswordForm(forms.Form):
    """A form that changes the account only after the owner re-enters the password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password or ""):
            raise ValidationError(_("The password is not correct."), code="wrong_password")
        return password


class EmailChangeForm(CurrentPasswordForm):
    email = forms.EmailField(
        label=_("New e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    field_order = ["email", "password"]

    def clean_email(self):
        # Whether another account has the address is not said: its owner gets a mail
        # instead (accounts.services.email_change_request).
        email = self.cleaned_data["email"].strip().lower()
        if email == self.user.email.lower():
            raise ValidationError(_("This is your current address."), code="same")
        return email


class DeleteAccountForm(CurrentPasswordForm):
    """Deleting the account needs nothing but the password."""


class PasswordResetForm(SpamProtectionMixin, DjangoPasswordResetForm):
    """Django's reset form with the honeypot and minimum fill-in time of anonymous forms."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # A task after the commit instead of SMTP in the request: a mail outage is retried
        # and never shows the reader an error (the reset link is made when it goes out).
        password_reset_send(
            user=context["user"],
            email=to_email,
            context=context,
            subject_template=subject_template_name,
            body_template=email_template_name,
        )
