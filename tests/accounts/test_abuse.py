"""Regression tests for issue 10 on the accounts side: each reproduces a finding first."""

import io
import json
import re
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image as PILImage

from accounts.models import Notification, User
from accounts.notifications import notification_excerpts_refresh
from accounts.services import avatar_process, email_confirm
from accounts.validators import validate_display_name_not_reserved, validate_handle_not_reserved
from tests.accounts.conftest import upload
from tests.factories import AuthorFactory, UserFactory, image_bytes
from tests.security.prod import BASE_DIR

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"
NEW = "Brand-lamp-7788"
SIGNUP = {
    "username": "neu_leser",
    "display_name": "Neu Leser",
    "password1": "a-Quiet-river-71",
    "password2": "a-Quiet-river-71",
    "accept_rules": "on",
}


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/bestaetigen/\S+/)", message.body)[1]


def _request_change(client, email):
    return client.post(reverse("accounts:email-change"), {"email": email, "password": PASSWORD})


# --- Finding 2: a leftover e-mail-change link took the account back ---------------------------


def test_a_password_reset_kills_a_pending_email_change_link(client, mailoutbox):
    """The attack: pre-register the victim's address, request a change to your own address,
    keep the link; after the victim resets the password, open it."""
    victim_address = "victim@example.org"
    account = UserFactory(username="squatter", email=victim_address, email_verified=False)
    attacker = client
    attacker.force_login(account)
    assert _request_change(attacker, "attacker@example.org").status_code == 302
    kept_link = _link(mailoutbox[-1])
    attacker.logout()
    # The victim resets the password through their inbox.
    owner = type(client)()
    owner.post(reverse("password_reset"), {"email": victim_address})
    reset = next(line for line in mailoutbox[-1].body.splitlines() if "/passwort/neu/" in line)
    form_url = owner.get(reset.split("testserver", 1)[1].strip(), follow=True).redirect_chain[-1][0]
    owner.post(form_url, {"new_password1": "Own-lamp-77x", "new_password2": "Own-lamp-77x"})
    # The attacker's link is dead.
    response = attacker.get(kept_link)
    assert response.status_code == 400
    account.refresh_from_db()
    assert account.email == victim_address
    assert account.email_verified  # opening the reset link proved the inbox


def test_a_password_change_kills_older_links(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    _request_change(client, "neu@example.org")
    link = _link(mailoutbox[-1])
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Brand-lamp-77",
            "new_password2": "Brand-lamp-77",
        },
    )
    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert user.email != "neu@example.org"


def test_a_newer_change_request_kills_the_older_link(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    _request_change(client, "eins@example.org")
    first = _link(mailoutbox[-1])
    _request_change(client, "zwei@example.org")
    second = _link(mailoutbox[-1])
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 302
    user.refresh_from_db()
    assert user.email == "zwei@example.org"
    assert user.email_pending == ""


def test_a_confirmation_link_works_once():
    user = UserFactory(email_verified=False)
    from accounts.tokens import email_confirmation_token

    token = email_confirmation_token(user=user, email=user.email)
    email_confirm(token=token)
    with pytest.raises(ValidationError):
        email_confirm(token=token)


def test_a_token_for_a_changed_address_is_refused():
    user = UserFactory(email_verified=False)
    from accounts.tokens import email_confirmation_token

    token = email_confirmation_token(user=user, email=user.email)
    user.email = "other@example.org"
    user.save()
    with pytest.raises(ValidationError) as caught:
        email_confirm(token=token)
    assert caught.value.code == "stale"


# --- Finding 6: sign-up and e-mail change said whether an address is registered ------------------


def _signup_answer(client, email, username):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": email, "username": username})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    text = re.sub(r"[\w.]+@example\.org", "ADDRESS", page.content.decode())
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return response.status_code, response.get("Location"), text


def test_signup_answers_the_same_for_a_registered_address_and_tells_the_owner(mailoutbox):
    from django.test import Client

    UserFactory(username="anna_k", email="anna@example.org")
    taken = _signup_answer(Client(), "Anna@Example.org", "neu_eins")
    free = _signup_answer(Client(), "frei@example.org", "neu_zwei")
    assert taken == free
    assert taken[0] == 302
    assert not User.objects.filter(username="neu_eins").exists()
    assert User.objects.filter(username="neu_zwei").exists()
    to_owner = next(m for m in mailoutbox if m.to == ["anna@example.org"])
    assert "/accounts/passwort/vergessen/" in to_owner.body
    assert "/bestaetigen/" not in to_owner.body  # nothing to confirm: no account was made


def test_email_change_answers_the_same_for_a_registered_address(client, mailoutbox):
    from django.test import Client

    UserFactory(email="taken@example.org")
    answers = []
    for address in ("TAKEN@example.org", "free@example.org"):
        user = UserFactory(
            username="same_reader" if not answers else "same_reader2", display_name="Lea Roth"
        )
        reader = Client()
        reader.force_login(user)
        response = _request_change(reader, address)
        page = reader.get(response["Location"]).content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        page = page.replace(address.lower(), "X").replace(user.username, "U")
        page = page.replace(user.email, "E").replace(user.display_name, "N")
        answers.append((response.status_code, response["Location"], page))
    import difflib

    diff = list(difflib.unified_diff(answers[0][2].splitlines(), answers[1][2].splitlines(), n=0))
    assert answers[0][:2] == answers[1][:2]
    assert diff == [], "\n".join(diff)
    taken_mail, free_mail = mailoutbox[-2], mailoutbox[-1]
    assert taken_mail.to == ["taken@example.org"] and "/bestaetigen/" not in taken_mail.body
    assert free_mail.to == ["free@example.org"] and "/bestaetigen/" in free_mail.body
    user.refresh_from_db()
    assert user.email_pending == "free@example.org"


# --- Finding 5: unthrottled password change and mails per inbox ---------------------------------


def test_password_change_is_rate_limited(client, settings):
    settings.RATE_LIMIT_OVERRIDES = {"password-change": "3/86400"}
    user = UserFactory()
    client.force_login(user)
    for _ in range(3):
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "guess",
                "new_password1": "Aa-lamp-7788",
                "new_password2": "Aa-lamp-7788",
            },
        )
        assert response.status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Aa-lamp-7788",
            "new_password2": "Aa-lamp-7788",
        },
    )
    assert response.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_mails_per_recipient_are_limited_across_kinds(client, settings, mailoutbox):
    """Branded mail with an attacker-chosen name went to any inbox again and again."""
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "3/86400"}
    from django.test import Client

    target = "victim@example.org"
    for n in range(3):
        Client().post(
            "/accounts/signup/",
            {**SIGNUP, "email": target, "username": f"spam_{n}", "display_name": "Win a prize"},
        )
    assert len(mailoutbox) == 3  # one account, then two owner notes: all to the victim
    response = Client().post("/accounts/signup/", {**SIGNUP, "email": target, "username": "spam_x"})
    assert response.status_code == 429
    assert Client().post(reverse("password_reset"), {"email": target}).status_code == 429
    assert len(mailoutbox) == 3


def test_confirmation_resend_counts_against_the_inbox_too(client, settings, mailoutbox):
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "1/86400", "confirm-resend": "10/3600"}
    user = UserFactory(email_verified=False)
    client.force_login(user)
    assert client.post(reverse("accounts:confirm-resend")).status_code == 302
    assert client.post(reverse("accounts:confirm-resend")).status_code == 429
    assert len(mailoutbox) == 1


# --- Finding 3: tiny avatars exhausted memory ----------------------------------------------------


def lossless_webp(width=6000, height=6600) -> bytes:
    out = io.BytesIO()
    PILImage.new("L", (width, height), 255).save(out, "WEBP", lossless=True, method=0)
    return out.getvalue()


@pytest.fixture(scope="module")
def webp_bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "avatar.webp"
    path.write_bytes(lossless_webp())
    return path


def test_a_tiny_high_resolution_avatar_is_refused_without_a_memory_spike(webp_bomb):
    """A 1.5 KB lossless WebP of 6000x6600 px took a worker from 77 MB to 699 MB."""
    assert webp_bomb.stat().st_size < 2000
    script = (
        "import django, json, resource\n"
        "django.setup()\n"
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from django.core.exceptions import ValidationError\n"
        "from PIL import WebPImagePlugin, JpegImagePlugin, PngImagePlugin\n"
        "from accounts.services import avatar_process\n"
        f"data = open({str(webp_bomb)!r}, 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    avatar_process(SimpleUploadedFile('a.webp', data, 'image/webp'))\n"
        "    code = 'accepted'\n"
        "except ValidationError as error:\n"
        "    code = error.code\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
        "print(json.dumps([code, peak // 1024]))\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    code, peak_mb = json.loads(result.stdout.strip().splitlines()[-1])
    assert code == "too_many_pixels"
    assert peak_mb < 20, f"refusing the file raised the peak memory by {peak_mb} MB"


def test_large_jpegs_are_decoded_at_reduced_scale():
    """A 48 MP phone photo is fine: draft() decodes it at 1/8 scale, far under the limit."""
    result = avatar_process(upload(image_bytes(8000, 6000)))
    result.seek(0)
    assert PILImage.open(io.BytesIO(result.read())).size == (256, 256)


def test_large_non_jpeg_avatars_are_refused_before_decoding():
    out = io.BytesIO()
    PILImage.new("RGB", (4000, 3500)).save(out, "PNG")
    with pytest.raises(ValidationError) as caught:
        avatar_process(upload(out.getvalue(), name="a.png", content_type="image/png"))
    assert caught.value.code == "too_many_pixels"


def test_avatar_uploads_are_rate_limited(client, settings):
    settings.RATE_LIMIT_OVERRIDES = {"avatar-upload": "2/86400"}
    user = UserFactory()
    client.force_login(user)
    form = {"display_name": user.display_name, "bio": ""}
    for _ in range(2):
        response = client.post(
            reverse("accounts:settings"), {**form, "avatar": upload(image_bytes(300, 300))}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("accounts:settings"), {**form, "avatar": upload(image_bytes(300, 300))}
    )
    assert response.status_code == 429
    # Saving the settings without a new picture is not limited.
    assert client.post(reverse("accounts:settings"), form).status_code == 302


# --- Finding 11: impersonation -----------------------------------------------------------------


@pytest.fixture
def staff(db):
    editor = UserFactory(username="redakteurin", display_name="Petra Schmidt", is_staff=True)
    moderator = UserFactory(username="mod_jan", display_name="Jan Weber")
    moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    AuthorFactory(name="Dr. Helga Brenner")
    return editor, moderator


@pytest.mark.parametrize(
    "name",
    [
        "Redaktion",
        "Die Redaktion",
        "REDAKTION",
        "Rеdaktion",  # Cyrillic е
        "R\u200bedaktion",  # zero-width space
        "Ｒｅｄａｋｔｉｏｎ",  # full-width
        "Moderation",
        "Team M0deration",
        "Newsroom",
        "Newsroom Leserservice",
        "Petra Schmidt",
        "petra  schmidt",
        "Pеtra Schmidt",
        "Jan Weber",
        "Dr. Helga Brenner",
        "Dr Helga Brenner",
    ],
)
def test_reserved_and_look_alike_display_names_are_refused(staff, name):
    with pytest.raises(ValidationError) as caught:
        validate_display_name_not_reserved(name)
    assert caught.value.code == "reserved_name"


@pytest.mark.parametrize("name", ["Jörg Müller", "Redaktionsfan Ayşe", "Petra Schmitt", "Jan"])
def test_ordinary_display_names_pass(staff, name):
    validate_display_name_not_reserved(name)


def test_staff_keep_their_own_name(client, staff):
    editor, _moderator = staff
    client.force_login(editor)
    response = client.post(
        reverse("accounts:settings"), {"display_name": "Petra Schmidt", "bio": "Ressort Politik"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "handle", ["m0deration", "redaktion_", "Redaktion", "moderat1on", "r3daktion", "newsr00m",
               "mod_jan_", "MOD_JAN", "redakteur1n"]
)  # fmt: skip
def test_look_alike_handles_are_refused(staff, handle):
    with pytest.raises(ValidationError) as caught:
        validate_handle_not_reserved(handle)
    assert caught.value.code == "reserved_handle"


def test_signup_refuses_an_impersonating_display_name(client, staff):
    response = client.post(
        "/accounts/signup/",
        {**SIGNUP, "email": "x@example.org", "display_name": "Die Redaktion"},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("display_name", "reserved_name")


def test_settings_refuse_an_impersonating_display_name(client, staff):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:settings"), {"display_name": "Jan Wéber", "bio": ""})
    assert response.status_code == 400
    assert response.context["form"].has_error("display_name", "reserved_name")


def test_sanctioned_readers_cannot_change_their_public_profile(client, settings):
    settings.PUBLIC_PROFILE_RULES = ["tests.accounts.test_abuse.always_sanctioned"]
    user = UserFactory(display_name="Alter Name", bio="Alte Bio")
    client.force_login(user)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "You are suspended" in page
    response = client.post(
        reverse("accounts:settings"),
        {
            "display_name": "Neuer Name",
            "bio": "Neue Bio",
            "avatar": upload(image_bytes(300, 300)),
            "notify_email_reply": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.avatar.name) == ("Alter Name", "Alte Bio", "")
    assert user.notify_email_reply  # private settings still work


def test_the_profile_service_enforces_the_rule_itself(settings):
    from accounts.services import user_update_profile

    settings.PUBLIC_PROFILE_RULES = ["tests.accounts.test_abuse.always_sanctioned"]
    user = UserFactory(display_name="Alter Name")
    with pytest.raises(ValidationError):
        user_update_profile(
            user=user, display_name="Neu", bio="", notify_email_mention=False,
            notify_email_reply=False,
        )  # fmt: skip


def always_sanctioned(user):
    return "You are suspended until tomorrow, so your public profile stays as it is."


# --- Finding 8/10/13 (accounts side) -------------------------------------------------------------


def test_profile_by_id_follows_the_account_and_404s_for_deleted_ones(client):
    from accounts.services import user_delete

    user = UserFactory(username="bald_weg")
    url = reverse("accounts:profile-id", kwargs={"pk": user.pk})
    assert client.get(url)["Location"] == "/accounts/profil/bald_weg/"
    user_delete(user=user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/benachrichtigungen/99999999999999999999/",
        "/accounts/benachrichtigungen/9223372036854775808/gelesen/",
        "/accounts/leser/99999999999999999999999/",
    ],
)
def test_ids_out_of_range_are_404_not_500(client, path):
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


@pytest.mark.parametrize("number", ["99999999999999999999", "-1", "abc", "1e9"])
def test_out_of_range_pages_on_accounts_pages_do_not_crash(client, number):
    user = UserFactory(username="leserin")
    assert client.get("/accounts/profil/leserin/", {"page": number}).status_code == 200
    client.force_login(user)
    assert client.get("/accounts/benachrichtigungen/", {"page": number}).status_code == 200


# --- Finding 9: stale notification excerpts (the accounts side) --------------------------------


def test_excerpts_of_a_comment_can_be_refreshed_or_blanked():
    anna, bernd = UserFactory(), UserFactory()
    for recipient in (anna, bernd):
        Notification.objects.create(
            recipient=recipient, kind="mention", url="/c/1/", excerpt="alter Text", comment_id=41
        )
    other = Notification.objects.create(
        recipient=anna, kind="reply", url="/c/2/", excerpt="bleibt", comment_id=42
    )
    assert notification_excerpts_refresh(comment_ids=[41], excerpt="neuer Text " * 40) == 2
    assert set(Notification.objects.filter(comment_id=41).values_list("excerpt", flat=True)) == {
        ("neuer Text " * 40)[:300]
    }
    notification_excerpts_refresh(comment_ids=[41], excerpt="")
    assert set(Notification.objects.filter(comment_id=41).values_list("excerpt", flat=True)) == {""}
    other.refresh_from_db()
    assert other.excerpt == "bleibt"
