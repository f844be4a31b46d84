from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from newsroom import converters  # noqa: F401  (registers <id:...>)

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/gesendet/", views.signup_done, name="signup-done"),
    path("bestaetigen/", views.confirm_pending, name="confirm-pending"),
    path("bestaetigen/erneut/", views.confirm_resend, name="confirm-resend"),
    path("bestaetigen/<str:token>/", views.confirm_email, name="confirm-email"),
    path("profil/<str:username>/", views.profile, name="profile"),
    path("leser/<id:pk>/", views.profile_by_id, name="profile-id"),
    path("einstellungen/", views.settings_view, name="settings"),
    path("stummschalten/<str:username>/", views.mute_toggle, name="mute"),
    path("einstellungen/email/", views.email_change, name="email-change"),
    path("einstellungen/export/", views.export, name="export"),
    path("einstellungen/loeschen/", views.delete_account, name="delete"),
    path("benachrichtigungen/", views.inbox, name="inbox"),
    path("benachrichtigungen/alle-gelesen/", views.notifications_read_all, name="inbox-read-all"),
    path("benachrichtigungen/<id:pk>/", views.notification_open, name="notification-open"),
    path("benachrichtigungen/<id:pk>/gelesen/", views.notification_read, name="notification-read"),
]

# Django's standard auth URLs keep their global names (login, logout, password_reset...),
# which Django's own views and templates reverse without a namespace.
auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "passwort/aendern/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("passwort/vergessen/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort/vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort/neu/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort/neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
