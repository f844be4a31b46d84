import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tokens import email_confirmation_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/signup/"


def data(**overrides):
    return {
        "email": "Neu@Example.org",
        "username": "neu_leser",
        "display_name": "  Jürgen Groß ",
        "password1": "a-Quiet-river-71",
        "password2": "a-Quiet-river-71",
        "accept_rules": "on",
        **overrides,
    }


def test_signup_creates_unverified_account_and_mails_a_link(client):
    response = client.post(URL, data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup-done")
    user = User.objects.get(username="neu_leser")
    assert user.email == "neu@example.org"
    assert user.display_name == "Jürgen Groß"
    assert not user.email_verified
    assert user.check_password("a-Quiet-river-71")
    # Not signed in: a taken address must get the same answer, and there nobody can be.
    assert "_auth_user_id" not in client.session
    assert "neu@example.org" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    link = re.search(r"http://testserver(/accounts/bestaetigen/\S+/)", mail.outbox[0].body)[1]
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.email_verified
    assert (
        client.post(
            "/accounts/login/", {"username": "neu_leser", "password": "a-Quiet-river-71"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("username", "Taken_One", "handle_taken"),
        ("username", "ADMIN", "reserved_handle"),
        ("username", "has space", "invalid_handle"),
        ("display_name", "Bad\u202ename", "control_characters"),
        ("password1", "12345678", "password_too_common"),
    ],
)
def test_signup_refuses_bad_input_and_keeps_what_was_typed(client, field, value, code):
    UserFactory(username="taken_one", email="taken@example.org")
    payload = data(**{field: value})
    if field == "password1":
        payload["password2"] = value
    response = client.post(URL, payload)
    assert response.status_code == 400
    assert response.context["form"].has_error(field, code)
    html = response.content.decode()
    if field != "username":
        assert 'value="neu_leser"' in html
    if field != "email":
        assert 'value="neu@example.org"' in html or 'value="Neu@Example.org"' in html
    assert "a-Quiet-river-71" not in html  # passwords are never echoed
    assert User.objects.count() == 1


def test_password_similar_to_handle_is_refused(client):
    response = client.post(URL, data(password1="neu_leser1", password2="neu_leser1"))
    assert "password1" in response.context["form"].errors


def test_mismatched_passwords(client):
    response = client.post(URL, data(password2="something-else-99"))
    assert response.context["form"].errors["password2"]


def test_signup_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMIT_OVERRIDES = {"signup": "2/3600"}
    client.post(URL, data(username="x" * 2))
    client.post(URL, data(username="x" * 2))
    response = client.post(URL, data())
    assert response.status_code == 429
    assert not User.objects.filter(username="neu_leser").exists()


def test_confirmation_link_tampered_or_for_other_address(client):
    user = UserFactory(email_verified=False)
    token = email_confirmation_token(user=user, email=user.email)
    response = client.get(reverse("accounts:confirm-email", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_resend_confirmation(client):
    user = UserFactory(email_verified=False)
    client.force_login(user)
    response = client.post(reverse("accounts:confirm-resend"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_signup_survives_a_mail_outage(client, monkeypatch, caplog):
    """The account stands and the reader hears nothing of the outage: the mail is retried."""
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise OSError("SMTP down")

    monkeypatch.setattr("accounts.mail.send_mail", broken)
    response = client.post(URL, data(), follow=True)
    assert response.status_code == 200
    assert User.objects.filter(username="neu_leser").exists()
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert len(calls) == 4  # tests retry at once: TASK_RETRY_DELAYS has three entries
    assert any("gave up after 4 attempts" in r.getMessage() for r in caplog.records)
