"""Export, deletion, notification e-mails and the create_account command."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import Notification, RetiredHandle, User
from accounts.notifications import notification_create
from accounts.signals import user_data_requested
from tests.accounts.conftest import upload
from tests.accounts.test_pages import make_comment
from tests.factories import ArticleFactory, UserFactory, image_bytes

pytestmark = pytest.mark.django_db


def test_export_contains_profile_comments_and_notifications(client, user):
    article = ArticleFactory(headline="Wahl in Berlin")
    make_comment(user, article, body="Mein erster Beitrag")
    make_comment(user, article, body="Ein versteckter", status="hidden")
    make_comment(UserFactory(), article, body="Nicht meiner")
    Notification.objects.create(recipient=user, kind="reply", url="/comments/9/", excerpt="Antwort")
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["profile"]["handle"] == "anna_k"
    assert data["profile"]["display_name"] == "Anna Kühn"
    assert data["profile"]["email"] == "anna@example.org"
    assert sorted(c["body"] for c in data["comments"]) == ["Ein versteckter", "Mein erster Beitrag"]
    assert data["comments"][0]["article"] == "Wahl in Berlin"
    assert [n["excerpt"] for n in data["notifications"]] == ["Antwort"]
    assert "password" not in response.content.decode()


def test_export_writes_lazy_translations_as_text(client, user):
    """A section from another app may hold a lazy translation (a label): written as text in
    the reader's language, never a 500 (TypeError: __proxy__ is not JSON serializable)."""

    def section(sender, *, user, **kwargs):
        return {"labels": {"ground": gettext_lazy("Spam")}}

    user_data_requested.connect(section, dispatch_uid="test-lazy-export")
    try:
        client.force_login(user)
        response = client.get(reverse("accounts:export"), headers={"accept-language": "en"})
    finally:
        user_data_requested.disconnect(dispatch_uid="test-lazy-export")
    assert response.status_code == 200
    assert json.loads(response.content)["labels"] == {"ground": "Spam"}


def test_delete_needs_the_password(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert response.context["form"].has_error("password", "wrong_password")
    user.refresh_from_db()
    assert user.is_active and not user.is_deleted


def test_delete_erases_personal_data_and_keeps_comments(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    client.post(
        reverse("accounts:settings"),
        {"display_name": "Anna", "bio": "Private Dinge", "avatar": upload(image_bytes(300, 300))},
    )
    user.refresh_from_db()
    avatar = user.avatar.name
    comment = make_comment(user, body="Bleibt stehen")
    other = UserFactory()
    reply = make_comment(other, comment.article, body="Antwort", parent=comment)
    Notification.objects.create(recipient=user, actor=other, kind="reply", url="/", comment_id=5)
    to_other = Notification.objects.create(recipient=other, actor=user, kind="mention", url="/")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": "correct-horse-42"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    user.refresh_from_db()
    assert user.is_deleted and not user.is_active
    assert user.username == f"deleted_{user.pk}"
    assert user.email == "" and user.display_name == "" and user.bio == ""
    assert not user.avatar and not user.has_usable_password()
    assert not user.groups.exists()
    assert not Notification.objects.filter(recipient=user).exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(avatar)
    # Comments stay in their thread, attributed to "deleted account".
    comment.refresh_from_db()
    assert comment.author_id == user.pk and comment.body == "Bleibt stehen"
    reply.refresh_from_db()
    assert reply.parent_id == comment.pk
    to_other.refresh_from_db()
    from django.utils import translation

    with translation.override("en"):
        assert user.public_name == "deleted account"
        assert to_other.actor.public_name == "deleted account"
    # No profile page, no login, no notifications.
    assert client.get("/accounts/profil/anna_k/").status_code == 404
    assert client.get(f"/accounts/profil/deleted_{user.pk}/").status_code == 404
    assert not client.login(username="anna@example.org", password="correct-horse-42")
    assert notification_create(recipient=user, actor=other, kind="reply", url="/") is None
    # The address is free again; the handle never is (finding 10: a newcomer would inherit
    # the old @mentions), nor its look-alikes.
    signup = {
        "email": "anna@example.org",
        "username": "anna_k",
        "display_name": "Anna Neu",
        "password1": "a-Quiet-river-71",
        "password2": "a-Quiet-river-71",
        "accept_rules": "on",
    }
    for handle in ("anna_k", "ANNA_K", "anna_k_", "anna_K"):
        response = client.post("/accounts/signup/", {**signup, "username": handle})
        assert response.status_code == 400
        assert response.context["form"].has_error("username", "retired_handle")
    response = client.post("/accounts/signup/", {**signup, "username": "anna_neu"})
    assert response.status_code == 302
    assert User.objects.filter(username="anna_neu", email="anna@example.org").exists()
    assert not RetiredHandle.objects.filter(digest__icontains="anna").exists()  # only a hash


def test_notification_email_is_sent_after_commit_only_when_chosen(
    user, django_capture_on_commit_callbacks, mailoutbox
):
    actor = UserFactory(display_name="Bernd")
    user.notify_email_mention = True
    user.save()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        notification_create(  # in the posting's transaction, as comment_create calls it
            recipient=user,
            actor=actor,
            kind="mention",
            url="/comments/5/",
            title="Die Wahl",
            excerpt="Hallo @anna_k",
            comment_id=5,
        )
        notification_create(
            recipient=user, actor=actor, kind="reply", url="/comments/6/", comment_id=6
        )
        assert mailoutbox == []  # nothing inside the transaction
    assert len(callbacks) == 1  # replies were not chosen
    callbacks[0]()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert "Hallo @anna_k" in mailoutbox[0].body
    assert "http://testserver/comments/5/" in mailoutbox[0].body


def test_notification_rules(user, django_capture_on_commit_callbacks, mailoutbox):
    actor = UserFactory()
    assert notification_create(recipient=user, actor=user, kind="reply", url="/") is None
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_create(
            recipient=user, actor=actor, kind="reply", url="/", comment_id=1
        )
        again = notification_create(
            recipient=user, actor=actor, kind="mention", url="/", comment_id=1
        )
    assert first is not None and again is None
    assert mailoutbox == []  # e-mail is off by default


def test_unverified_address_gets_no_notification_email(user, django_capture_on_commit_callbacks):
    user.notify_email_reply = True
    user.email_verified = False
    user.save()
    with django_capture_on_commit_callbacks() as callbacks:
        notification_create(
            recipient=user, actor=UserFactory(), kind="reply", url="/", comment_id=3
        )
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_notification_email_waits_for_the_real_commit(mailoutbox):
    user = UserFactory(notify_email_reply=True)
    actor = UserFactory()
    with transaction.atomic():
        notification_create(recipient=user, actor=actor, kind="reply", url="/c/", comment_id=1)
        assert mailoutbox == []
    assert len(mailoutbox) == 1


def test_create_account_command(db):
    out = StringIO()
    call_command(
        "create_account",
        "Redakteurin",
        "--email",
        "Red@Example.org",
        "--password",
        "Long-enough-pass-91",
        "--display-name",
        " Rita Röder ",
        "--verified",
        "--group",
        "Editors",
        stdout=out,
    )
    user = User.objects.get(username="Redakteurin")
    assert user.email == "red@example.org"
    assert user.display_name == "Rita Röder"
    assert user.email_verified and user.is_staff
    assert user.groups.filter(name="Editors").exists()
    assert user.check_password("Long-enough-pass-91")
    assert "Created @Redakteurin" in out.getvalue()

    call_command("create_account", "mod_one", "--email", "m@example.org", "--password",
                 "Long-enough-pass-91", "--group", "Moderators")  # fmt: skip
    moderator = User.objects.get(username="mod_one")
    assert not moderator.is_staff and not moderator.email_verified
    assert moderator.display_name == "mod_one"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["REDAKTEURIN", "--email", "x@example.org"], "taken"),
        (["someone", "--email", "RED@example.org"], "another account"),
        (["bad handle", "--email", "y@example.org"], "Handle"),
        (["Deleted_77", "--email", "d@example.org"], "reserved"),
        (["fine_one", "--email", "z@example.org", "--password", "123"], "Password"),
    ],
)
def test_create_account_refuses_clearly(db, args, message):
    UserFactory(username="Redakteurin", email="red@example.org")
    if "--password" not in args:
        args = [*args, "--password", "Long-enough-pass-91"]
    with pytest.raises(CommandError, match=message):
        call_command("create_account", *args)


def test_create_account_asks_for_password(db, monkeypatch):
    answers = iter(["Long-enough-pass-91", "Long-enough-pass-91"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_account", "asked", "--email", "a@example.org", stdout=StringIO())
    assert User.objects.get(username="asked").check_password("Long-enough-pass-91")


def test_public_identity_signal_for_cache_invalidation(client, user):
    from accounts.signals import public_identity_changed

    calls = []

    def receiver(sender, user_id, **kwargs):
        calls.append(user_id)

    public_identity_changed.connect(receiver)
    try:
        client.force_login(user)
        client.post(reverse("accounts:settings"), {"display_name": "Anna Kühn", "bio": "neu"})
        assert calls == []  # the bio is not shown in threads
        client.post(reverse("accounts:settings"), {"display_name": "Anna K."})
        assert calls == [user.pk]
        client.post(reverse("accounts:delete"), {"password": "correct-horse-42"})
        assert calls == [user.pk, user.pk]
    finally:
        public_identity_changed.disconnect(receiver)


def test_signup_honeypot_refuses_bots(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "bot@example.org",
            "username": "bot_one",
            "display_name": "Bot",
            "password1": "a-Quiet-river-71",
            "password2": "a-Quiet-river-71",
            "accept_rules": "on",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("__all__", "honeypot")
    assert not User.objects.filter(username="bot_one").exists()


def test_deletion_asks_every_app_to_erase_what_it_stores_about_the_person(user):
    """Issue 22: other apps (the DSA records in comments) kept a deleted reader's name and
    address. Accounts never imports them: it sends `user_erasing` with the identity as it
    was, inside the deletion's transaction, and each app erases its own rows."""
    from accounts.services import user_delete
    from accounts.signals import user_erasing

    seen = []

    def receiver(sender, user, handle, email, **kwargs):
        seen.append((user.pk, handle, email, transaction.get_connection().in_atomic_block))

    user_erasing.connect(receiver)
    try:
        handle, email = user.username, user.email
        user_delete(user=user)
    finally:
        user_erasing.disconnect(receiver)
    assert seen == [(user.pk, handle, email, True)]


def test_a_failing_eraser_keeps_the_account_as_it_was(user):
    from accounts.services import user_delete
    from accounts.signals import user_erasing

    def broken(sender, **kwargs):
        raise RuntimeError("DSA records could not be anonymised")

    user_erasing.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            user_delete(user=user)
    finally:
        user_erasing.disconnect(broken)
    user.refresh_from_db()
    assert not user.is_deleted and user.email
