import unicodedata

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts import lookups  # noqa: F401  (registers field__ci, the one name comparison)
from accounts.validators import handle_validator


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username):
        # Handles are unique case-insensitively, so logins are too.
        return self.with_handle(username).get()

    # One comparison of names everywhere (login, lockout, profile, sign-up, mute): NFKC as
    # Django's login form normalises, then the database's LOWER() on both sides, as the
    # unique indexes fold (`__ci`, accounts.lookups). At most one account matches.
    def with_handle(self, name: str):
        return self.filter(username__ci=unicodedata.normalize("NFKC", name.strip()))

    def with_email(self, address: str):
        return self.filter(email__ci=unicodedata.normalize("NFKC", address.strip()))

    def for_login(self, name: str):
        """The account a login name means: an e-mail address if it has an @, else a handle.

        The lockout counts the same account (accounts.throttle.login_identity).
        """
        return self.with_email(name) if "@" in name else self.with_handle(name)


class User(AbstractUser):
    """A reader, editor or moderator. `username` is the public @handle."""

    username = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=[handle_validator],
        help_text=_("Public @handle: letters, digits and underscore; unique ignoring case."),
        error_messages={"unique": _("This handle is already taken.")},
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown with comments; spaces and umlauts welcome."),
    )
    email_verified = models.BooleanField(_("e-mail confirmed"), default=False)
    email_pending = models.EmailField(
        _("requested new e-mail address"),
        blank=True,
        editable=False,
        help_text=_("Waiting for confirmation; a newer request replaces it and its link."),
    )
    # Profile fields live on the user row: every comment shows the author, and a join-free
    # select_related("author") keeps the thread query simple.
    bio = models.TextField(
        _("about me"), max_length=500, blank=True, help_text=_("A few words about you (optional).")
    )
    avatar = models.ImageField(
        _("avatar"),
        upload_to="avatars/",
        blank=True,
        help_text=_("Cropped to a square and stored without metadata."),
    )
    notify_email_mention = models.BooleanField(
        _("e-mail me when someone mentions me"), default=False
    )
    notify_email_reply = models.BooleanField(
        _("e-mail me when someone replies to me"), default=False
    )
    is_deleted = models.BooleanField(
        _("deleted"),
        default=False,
        help_text=_("The owner deleted the account: personal data is gone, comments stay."),
    )
    # The newest version of the discussion rules this reader accepted (RulesAcceptance keeps
    # each acceptance with its time); on the row, so the comment form asks without a query.
    rules_version = models.CharField(
        _("accepted rules version"), max_length=40, blank=True, default="", editable=False
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
            # Deleted accounts have no address, hence the condition.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self) -> str:
        if self.is_deleted:
            return gettext("deleted account")
        return self.display_name or self.username


class RetiredHandle(models.Model):
    """The handle of a deleted account, kept as a keyed hash so nobody can register it again.

    A newcomer with a deleted reader's handle would inherit every old @handle in other
    people's comments and could pass for them. The hash (of the handle's look-alike
    skeleton) refuses the handle and its look-alikes without keeping the name itself.
    """

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    retired_at = models.DateTimeField(_("retired"), default=timezone.now)

    class Meta:
        verbose_name = _("retired handle")
        verbose_name_plural = _("retired handles")

    def __str__(self) -> str:
        return self.digest[:12]


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_inbox(self, user):
        return self.filter(recipient=user).select_related("actor").order_by("-created_at")

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """Something a user should know about: a mention or a reply.

    Kept generic (url + excerpt) so that accounts never imports comments.
    """

    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        REPLY = "reply", pgettext_lazy("notification kind", "Reply")
        MODERATION = "moderation", _("Moderation")
        PICK = "pick", _("Editors' pick")

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    comment_id = models.BigIntegerField(
        _("comment id"), null=True, blank=True, help_text=_("The comment this is about.")
    )
    url = models.CharField(_("link"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The inbox (newest first) and the header's unread count, per recipient.
            models.Index(fields=["recipient", "-created_at"], name="accounts_notif_inbox_idx"),
        ]
        constraints = [
            # A mention of the same person twice, or a mention plus a reply, notifies once.
            models.UniqueConstraint(
                fields=["recipient", "comment_id"],
                condition=models.Q(comment_id__isnull=False),
                name="accounts_notification_once_per_comment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class Mute(models.Model):
    """A reader mutes another reader: their comments collapse for this reader only.

    It is about users, so it lives here; the comments app reads it when it builds a thread.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mutes", verbose_name=_("reader")
    )
    muted = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="muted_by", verbose_name=_("muted reader")
    )
    created_at = models.DateTimeField(_("muted at"), default=timezone.now)

    class Meta:
        verbose_name = _("muted reader")
        verbose_name_plural = _("muted readers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "muted"], name="accounts_mute_once"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("muted")), name="accounts_mute_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} mutes {self.muted_id}"


class RulesAcceptance(models.Model):
    """A reader accepted a version of the discussion rules (at sign-up or in the comment form).

    One row per version and reader, never changed: it records when they agreed to what.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="rules_acceptances", verbose_name=_("reader")
    )
    version = models.CharField(_("rules version"), max_length=40)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of the discussion rules")
        verbose_name_plural = _("acceptances of the discussion rules")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="accounts_rules_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.version}"
