import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-42"


@pytest.fixture
def anna(db):
    return UserFactory(username="Anna_K", email="anna@example.org")


@pytest.mark.parametrize(
    "identifier", ["Anna_K", "anna_k", "ANNA@example.org", " anna@example.org"]
)
def test_login_with_handle_or_email(client, anna, identifier):
    response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(anna.pk)


def test_wrong_password_keeps_the_handle_not_the_password(client, anna):
    response = client.post(LOGIN, {"username": "Anna_K", "password": "wrong-horse"})
    assert response.status_code == 400
    assert response.context["form"].has_error("__all__", "invalid_login")
    html = response.content.decode()
    assert 'value="Anna_K"' in html
    assert "wrong-horse" not in html


def test_deleted_or_inactive_accounts_cannot_log_in(client, anna):
    anna.is_active = False
    anna.save()
    response = client.post(LOGIN, {"username": "Anna_K", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "http://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " https://evil.example",
        "https:/evil.example",
        "http://testserver@evil.example/",
    ],
)
def test_next_to_another_site_is_ignored(client, anna, target):
    response = client.post(
        LOGIN + "?next=x", {"username": "anna_k", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    # The form does not carry a foreign target along either.
    client.logout()
    page = client.get(LOGIN, {"next": target}).content.decode()
    assert '<input type="hidden" name="next" value="">' in page


@pytest.mark.parametrize("target", ["/accounts/einstellungen/", "/artikel/x/?page=2#comment-3"])
def test_next_to_our_own_pages_is_followed(client, anna, target):
    response = client.post(LOGIN, {"username": "anna_k", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_logout_needs_post(client, anna):
    client.force_login(anna)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


LOOSE = {"login-fail-account": "100/900", "login-fail-ip": "100/900"}


def test_failed_logins_lock_the_name_on_this_address_with_a_clear_message(client, anna, settings):
    settings.RATE_LIMIT_OVERRIDES = {**LOOSE, "login-fail-account-ip": "3/900"}
    for _ in range(3):
        response = client.post(LOGIN, {"username": "anna_k", "password": "nope-nope"})
        assert response.status_code == 400
    # Even the right password is refused while the name is locked on this address ...
    response = client.post(LOGIN, {"username": "Anna_K", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.context["form"].has_error("__all__", "throttled")
    assert "_auth_user_id" not in client.session
    # ... but other accounts from the same address still work.
    other = UserFactory()
    response = client.post(LOGIN, {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


def test_failed_logins_lock_the_address_across_accounts(client, anna, settings):
    settings.RATE_LIMIT_OVERRIDES = {**LOOSE, "login-fail-ip": "4/900"}
    for n in range(4):
        client.post(LOGIN, {"username": f"someone_{n}", "password": "guess"})
    response = client.post(LOGIN, {"username": "Anna_K", "password": PASSWORD})
    assert response.status_code == 429
    # A different address is not affected.
    response = client.post(
        LOGIN, {"username": "Anna_K", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302


def test_successful_login_forgives_earlier_failures(client, anna, settings):
    settings.RATE_LIMIT_OVERRIDES = {**LOOSE, "login-fail-account-ip": "3/900"}
    for _ in range(2):
        client.post(LOGIN, {"username": "anna_k", "password": "nope"})
    assert client.post(LOGIN, {"username": "anna_k", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(LOGIN, {"username": "anna_k", "password": "nope"})
    assert client.post(LOGIN, {"username": "anna_k", "password": PASSWORD}).status_code == 302


def test_password_reset_sends_mail_and_is_rate_limited(client, anna, settings, mailoutbox):
    settings.RATE_LIMIT_OVERRIDES = {"password-reset-email": "2/3600", "password-reset": "50/3600"}
    url = reverse("password_reset")
    for _ in range(2):
        assert client.post(url, {"email": "ANNA@example.org"}).status_code == 302
    assert len(mailoutbox) == 2
    assert "/accounts/passwort/neu/" in mailoutbox[0].body
    assert client.post(url, {"email": "anna@example.org"}).status_code == 429
    assert len(mailoutbox) == 2


def test_password_reset_flow_sets_new_password(client, anna, mailoutbox):
    client.post(reverse("password_reset"), {"email": "anna@example.org"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/passwort/neu/" in line)
    path = link.split("testserver", 1)[1].strip()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Brand-new-lamp-77", "new_password2": "Brand-new-lamp-77"}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password("Brand-new-lamp-77")


def test_password_change(client, anna):
    client.force_login(anna)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Brand-new-lamp-77",
            "new_password2": "Brand-new-lamp-77",
        },
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password("Brand-new-lamp-77")


def test_login_page_for_logged_in_reader_with_next_to_itself(client, anna):
    client.force_login(anna)
    assert client.get(LOGIN, {"next": LOGIN}).status_code == 200


def test_admin_login_shares_the_failure_counters(client, anna, settings):
    settings.RATE_LIMIT_OVERRIDES = {**LOOSE, "login-fail-account-ip": "2/900"}
    anna.is_staff = True
    anna.save()
    for _ in range(2):
        client.post("/admin/login/", {"username": "anna_k", "password": "nope"})
    response = client.post("/admin/login/", {"username": "anna_k", "password": PASSWORD})
    assert response.context["form"].has_error("__all__", "throttled")
    assert "_auth_user_id" not in client.session
    # ... and the site's login too.
    assert client.post(LOGIN, {"username": "anna_k", "password": PASSWORD}).status_code == 429
