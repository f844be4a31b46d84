import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import throttle
from accounts.forms import (
    DeleteAccountForm,
    EmailChangeForm,
    LoginForm,
    PasswordResetForm,
    SettingsForm,
    SignupForm,
)
from accounts.models import Mute, Notification, User
from accounts.services import (
    email_change_request,
    email_confirm,
    email_confirmation_send,
    mail_recipient_check,
    mute_create,
    mute_delete,
    notification_mark_read,
    public_profile_refusal,
    signup_request,
    user_delete,
    user_export,
    user_update_profile,
)
from newsroom import public_url
from newsroom.ratelimit import check_rate, ip_hash

INBOX_PER_PAGE = 30


def _form_status(request) -> int:
    """A POST that comes back with the form again was refused: say so with a 400."""
    return 400 if request.method == "POST" else 200


def _base_url(request) -> str:
    """Links in mails: the configured public address, never the request's Host (issue 22)."""
    return public_url.absolute_url("/")


# --- Sign-up, confirmation, login ---------------------------------------------------------


def safe_next(request) -> str:
    """The `next` page of a GET or POST if it is one of ours, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def signup(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:settings")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        check_rate("signup", ip_hash(request))
        if form.is_valid():
            # The same answer whether or not the address has an account (the owner gets a
            # mail instead), so nobody is signed in here: the link confirms, then they log in.
            signup_request(data=form.cleaned_data, base_url=_base_url(request), next_url=next_url)
            messages.success(
                request,
                _(
                    "We sent a message to %(email)s. Open the link in it to confirm your "
                    "address, then log in."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(_with_next(reverse("accounts:signup-done"), next_url))
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": next_url},
        status=_form_status(request),
    )


def signup_done(request):
    return render(request, "accounts/signup_done.html", {"next": safe_next(request)})


@login_required
def confirm_pending(request):
    return render(request, "accounts/confirm_pending.html", {"next": safe_next(request)})


@login_required
@require_POST
def confirm_resend(request):
    check_rate("confirm-resend", str(request.user.pk))
    next_url = safe_next(request)
    if not request.user.email_verified:
        mail_recipient_check(request.user.email)
        email_confirmation_send(
            user=request.user,
            email=request.user.email,
            base_url=_base_url(request),
            next_url=next_url,
        )
        messages.success(
            request,
            _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email},
        )
    return redirect(_with_next(reverse("accounts:confirm-pending"), next_url))


def confirm_email(request, token):
    try:
        user = email_confirm(token=token)
    except ValidationError as error:
        return render(
            request, "accounts/confirm_failed.html", {"error": error.messages[0]}, status=400
        )
    messages.success(
        request, _("Thank you: your e-mail address %(email)s is confirmed.") % {"email": user.email}
    )
    next_url = safe_next(request)  # checked again: anyone can edit the link in a mail
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(next_url or "accounts:settings")
    return redirect(_with_next(reverse("login"), next_url))


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    # Redirecting logged-in readers away raises ValueError (a 500) for ?next=/accounts/login/;
    # showing them the form again is harmless.
    redirect_authenticated_user = False

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        if form.locked_seconds:
            response.status_code = 429
            response["Retry-After"] = str(form.locked_seconds)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    def form_valid(self, form):
        # Per address as well as per client: nobody can flood someone's inbox with resets.
        check_rate("password-reset", ip_hash(self.request))
        check_rate("password-reset-email", form.cleaned_data["email"].lower())
        mail_recipient_check(form.cleaned_data["email"])
        self.extra_email_context = {"site_name": settings.SITE_NAME}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The e-mailed reset link is also the way back in for a reader locked out by guessers.

    It is one-time (Django's token is bound to the password hash and the last login), it
    signs the owner in, lifts the locks on their names here and marks the address confirmed:
    opening the link proved the inbox.
    """

    post_reset_login = True
    post_reset_login_backend = "accounts.backends.HandleOrEmailBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        throttle.login_forgive(self.request, user=user)
        if not user.email_verified:
            user.email_verified = True
            user.save(update_fields=["email_verified"])
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    def post(self, request, *args, **kwargs):
        # Every POST checks the old password: a stolen session must not guess it unhindered.
        check_rate("password-change", str(request.user.pk))
        return super().post(request, *args, **kwargs)


# --- Profile and settings -----------------------------------------------------------------


def profile(request, username):
    user = get_object_or_404(User.objects.with_handle(username), is_active=True, is_deleted=False)
    if user.username != username:
        return redirect(user, permanent=True)
    # The comments app lists the person's comments in the template ({% profile_comments %}):
    # accounts never imports comments.
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "is_muted": request.user.is_authenticated
            and Mute.objects.filter(user=request.user, muted=user).exists(),
        },
    )


def profile_by_id(request, pk):
    """Mention links point here: they follow the account, not a handle someone could take."""
    user = get_object_or_404(User, pk=pk, is_active=True, is_deleted=False)
    return redirect(user)


@login_required
def settings_view(request):
    user = request.user
    initial = {
        "display_name": user.display_name,
        "bio": user.bio,
        "notify_email_mention": user.notify_email_mention,
        "notify_email_reply": user.notify_email_reply,
    }
    form = SettingsForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=user,
        has_avatar=bool(user.avatar),
        locked=public_profile_refusal(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_update_profile(
                user=user,
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                notify_email_mention=form.cleaned_data["notify_email_mention"],
                notify_email_reply=form.cleaned_data["notify_email_reply"],
                avatar=form.cleaned_data["avatar"],
                remove_avatar=form.cleaned_data.get("remove_avatar", False),
            )
        except ValidationError as error:  # a sanction began while the form was open
            form.add_error(None, error)
        else:
            messages.success(request, _("Your settings are saved."))
            return redirect("accounts:settings")
    mutes = Mute.objects.filter(user=user).select_related("muted")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "mutes": mutes},
        status=_form_status(request),
    )


@require_POST
@login_required
def mute_toggle(request, username):
    """Mute or (with `unmute`) unmute a reader; back to where the form was sent from."""
    target = get_object_or_404(User.objects.with_handle(username))
    try:
        if request.POST.get("unmute"):
            mute_delete(user=request.user, muted=target)
            messages.success(
                request, _("You see the comments of %(name)s again.") % {"name": target.public_name}
            )
        else:
            mute_create(user=request.user, muted=target)
            messages.success(
                request,
                _("%(name)s is muted: you no longer see their comments.")
                % {"name": target.public_name},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("accounts:settings")


@login_required
def email_change(request):
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        check_rate("email-change", str(request.user.pk))
        if form.is_valid():
            email = form.cleaned_data["email"]
            # The same answer whether another account has the address or not.
            email_change_request(user=request.user, email=email, base_url=_base_url(request))
            messages.success(
                request,
                _(
                    "We sent a link to %(email)s. Your address changes when you open it; until "
                    "then we keep using the old one."
                )
                % {"email": email},
            )
            return redirect("accounts:settings")
    return render(
        request, "accounts/email_change.html", {"form": form}, status=_form_status(request)
    )


# --- Notifications ------------------------------------------------------------------------


@login_required
def inbox(request):
    notifications = Notification.objects.for_inbox(request.user)
    page = Paginator(notifications, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/notification_list.html",
        {"page_obj": page, "notifications": page.object_list},
    )


@login_required
def notification_open(request, pk):
    """Mark the notification read and go to the comment it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("accounts:inbox")


@login_required
@require_POST
def notification_read(request, pk):
    get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=pk)
    return redirect("accounts:inbox")


@login_required
@require_POST
def notifications_read_all(request):
    count = notification_mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("accounts:inbox")


# --- Export and deletion ------------------------------------------------------------------


@login_required
def export(request):
    data = user_export(user=request.user)
    response = HttpResponse(
        # Other apps' sections may hold lazy translations (a ground's label): the encoder
        # writes them as text in the reader's language, dates as ISO 8601.
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    filename = f"newsroom-{request.user.username}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":  # a password check: slow down anyone guessing on a stolen session
        check_rate("delete-account", str(request.user.pk))
    if request.method == "POST" and form.is_valid():
        user_delete(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account is deleted. Your comments stay in their discussions, shown as by "
                "a deleted account."
            ),
        )
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form}, status=_form_status(request))
