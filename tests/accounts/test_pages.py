import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Notification
from tests.accounts.conftest import upload
from tests.factories import ArticleFactory, UserFactory, image_bytes

pytestmark = pytest.mark.django_db


def make_comment(author, article=None, body="Ein Kommentar", status="visible", parent=None):
    Comment = apps.get_model("comments", "Comment")
    return Comment.objects.create(
        article=article or ArticleFactory(),
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        status=status,
        parent=parent,
    )


def test_profile_shows_visible_comments_newest_first_with_links(client, user):
    article = ArticleFactory(headline="Die Koalition streitet")
    old = make_comment(user, article, body="Alter Beitrag")
    new = make_comment(user, article, body="Neuer Beitrag")
    make_comment(user, article, body="Versteckt", status="hidden")
    make_comment(UserFactory(), article, body="Fremder Beitrag")
    response = client.get(reverse("accounts:profile", kwargs={"username": "anna_k"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Kühn" in html and "@anna_k" in html
    assert html.index("Neuer Beitrag") < html.index("Alter Beitrag")
    assert "Versteckt" not in html and "Fremder Beitrag" not in html
    assert f'href="/comments/{new.pk}/"' in html and f'href="/comments/{old.pk}/"' in html
    assert "Die Koalition streitet" in html


def test_profile_is_paginated_in_constant_queries(client, user, django_assert_max_num_queries):
    """Guards against a query per comment for its article."""
    article = ArticleFactory()
    for n in range(25):
        make_comment(user, ArticleFactory() if n % 2 else article, body=f"Beitrag {n}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:profile", kwargs={"username": "anna_k"}))
    assert response.content.decode().count('class="profile-comment"') == 20
    response = client.get(reverse("accounts:profile", kwargs={"username": "anna_k"}), {"page": 2})
    assert response.content.decode().count('class="profile-comment"') == 5


def test_profile_handle_is_case_insensitive_and_404_for_unknown(client, user):
    response = client.get("/accounts/profil/ANNA_K/")
    assert response.status_code == 301
    assert response["Location"] == "/accounts/profil/anna_k/"
    assert client.get("/accounts/profil/nobody_here/").status_code == 404


def test_settings_change_profile_avatar_and_preferences(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    response = client.post(
        reverse("accounts:settings"),
        {
            "display_name": "  Anna  Maria Kühn ",
            "bio": "Lese gern.",
            "notify_email_mention": "on",
            "avatar": upload(image_bytes(600, 400)),
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Anna Maria Kühn"
    assert user.bio == "Lese gern."
    assert user.notify_email_mention and not user.notify_email_reply
    assert user.avatar.name.startswith("avatars/") and user.avatar.name.endswith(".jpg")
    first = user.avatar.name
    assert user.avatar.storage.exists(first)
    # Replacing the avatar removes the old file (after commit); removing it clears the field.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:settings"),
            {"display_name": "Anna", "avatar": upload(image_bytes(300, 300))},
        )
    user.refresh_from_db()
    assert user.avatar.name != first
    assert not user.avatar.storage.exists(first)
    client.post(reverse("accounts:settings"), {"display_name": "Anna", "remove_avatar": "on"})
    user.refresh_from_db()
    assert not user.avatar


def test_settings_errors_keep_typed_values(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:settings"),
        {"display_name": "Anna", "bio": "Mein Text bleibt", "avatar": upload(b"not an image")},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("avatar", "invalid_image")
    assert "Mein Text bleibt" in response.content.decode()
    user.refresh_from_db()
    assert user.bio == ""


def test_pages_need_login(client):
    for name in ["settings", "inbox", "export", "delete", "email-change", "confirm-pending"]:
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_email_change_is_confirmed_by_link_before_switching(client, user, mailoutbox):
    client.force_login(user)
    response = client.post(
        reverse("accounts:email-change"),
        {"email": "Neu@Example.org", "password": "correct-horse-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "anna@example.org"
    assert mailoutbox[0].to == ["neu@example.org"]
    link = next(w for w in mailoutbox[0].body.split() if "/bestaetigen/" in w)
    client.get(link.replace("http://testserver", ""))
    user.refresh_from_db()
    assert user.email == "neu@example.org" and user.email_verified


def test_email_change_refuses_wrong_password_but_never_says_an_address_is_taken(client, user):
    UserFactory(email="taken@example.org")
    client.force_login(user)
    response = client.post(
        reverse("accounts:email-change"), {"email": "TAKEN@example.org", "password": "nope"}
    )
    form = response.context["form"]
    assert not form.has_error("email")
    assert form.has_error("password", "wrong_password")


def test_inbox_lists_notifications_and_marks_them_read(client, user):
    actor = UserFactory(display_name="Bernd Brot")
    first = Notification.objects.create(
        recipient=user,
        actor=actor,
        kind="mention",
        url="/comments/1/",
        title="Die Koalition",
        excerpt="Hallo @anna_k, was meinst du?",
        comment_id=1,
    )
    Notification.objects.create(
        recipient=user,
        actor=actor,
        kind="reply",
        url="/comments/2/",
        excerpt="Antwort",
        comment_id=2,
    )
    Notification.objects.create(
        recipient=actor, kind="reply", url="/comments/3/", excerpt="Nicht für Anna", comment_id=3
    )
    client.force_login(user)
    response = client.get(reverse("accounts:inbox"))
    html = response.content.decode()
    assert "Hallo @anna_k, was meinst du?" in html and "Antwort" in html
    assert "Nicht für Anna" not in html
    assert "Bernd Brot" in html
    assert response.context["unread_notification_count"] == 2
    client.post(reverse("accounts:notification-read", args=[first.pk]))
    assert Notification.objects.filter(recipient=user).unread().count() == 1
    client.post(reverse("accounts:inbox-read-all"))
    assert Notification.objects.filter(recipient=user).unread().count() == 0
    assert Notification.objects.filter(recipient=actor).unread().count() == 1


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(client, user):
    n = Notification.objects.create(recipient=user, kind="reply", url="/comments/7/", comment_id=7)
    evil = Notification.objects.create(
        recipient=user, kind="reply", url="https://evil.example/", comment_id=8
    )
    client.force_login(user)
    response = client.get(reverse("accounts:notification-open", args=[n.pk]))
    assert response["Location"] == "/comments/7/"
    n.refresh_from_db()
    assert n.read_at is not None
    assert client.get(reverse("accounts:notification-open", args=[evil.pk]))["Location"] == (
        reverse("accounts:inbox")
    )


def test_other_peoples_notifications_are_not_reachable(client, user):
    other = UserFactory()
    n = Notification.objects.create(recipient=other, kind="reply", url="/comments/7/")
    client.force_login(user)
    assert client.get(reverse("accounts:notification-open", args=[n.pk])).status_code == 404
    assert client.post(reverse("accounts:notification-read", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_header_shows_unread_count_with_one_query(client, user, django_assert_num_queries):
    for n in range(3):
        Notification.objects.create(recipient=user, kind="reply", url="/", comment_id=n)
    client.force_login(user)
    response = client.get(reverse("accounts:confirm-pending"))
    html = response.content.decode()
    assert 'class="site-account__inbox"' in html
    assert '<span class="badge rounded-pill">3<span class="visually-hidden">' in html
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("accounts:confirm-pending"))
    notification_queries = [q for q in ctx.captured_queries if "accounts_notification" in q["sql"]]
    assert len(notification_queries) == 1


def test_anonymous_header_has_no_count_and_no_query(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/accounts/login/").content.decode()
    assert not [q for q in ctx.captured_queries if "accounts_notification" in q["sql"]]
    assert 'href="/accounts/signup/"' in html


def test_old_email_change_links_cannot_switch_back(client, user):
    from accounts.services import email_confirm
    from accounts.tokens import email_confirmation_token

    first = email_confirmation_token(user=user, email="eins@example.org")
    second = email_confirmation_token(user=user, email="zwei@example.org")
    email_confirm(token=second)
    user.refresh_from_db()
    assert user.email == "zwei@example.org"
    response = client.get(reverse("accounts:confirm-email", kwargs={"token": first}))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email == "zwei@example.org"
    # The link that worked is used up: the confirmed address changed its state.
    with pytest.raises(ValidationError) as caught:
        email_confirm(token=second)
    assert caught.value.code == "stale"
