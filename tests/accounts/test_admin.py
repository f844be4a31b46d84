import pytest
from django.urls import reverse

from accounts.models import Notification, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="chefin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_user_admin_pages(admin_client):
    user = UserFactory(username="anna_k", display_name="Anna Kühn")
    Notification.objects.create(recipient=user, kind="reply", url="/comments/1/")
    assert (
        admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "kühn"}).status_code
        == 200
    )
    response = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"is_deleted__exact": "0", "q": "anna"}
    )
    assert "anna_k" in response.content.decode()
    assert (
        admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).status_code == 200
    )
    assert admin_client.get(reverse("admin:accounts_notification_changelist")).status_code == 200


def test_admin_can_add_a_user(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "neu_im_team",
            "display_name": "Neu im Team",
            "email": "team@example.org",
            "password1": "Long-enough-pass-91",
            "password2": "Long-enough-pass-91",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="neu_im_team")
    assert user.display_name == "Neu im Team" and user.email == "team@example.org"
