"""Muting readers: the service, the profile button, the settings list, export and deletion."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Mute
from accounts.services import mute_create, mute_delete, muted_user_ids, user_delete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return UserFactory(username="anna_m"), UserFactory(username="troll_t", display_name="Tom T")


def test_mute_is_idempotent_and_reversible(pair):
    anna, tom = pair
    mute_create(user=anna, muted=tom)
    mute_create(user=anna, muted=tom)
    assert muted_user_ids(anna) == {tom.pk}
    assert muted_user_ids(tom) == frozenset()
    assert mute_delete(user=anna, muted=tom) is True
    assert mute_delete(user=anna, muted=tom) is False


def test_cannot_mute_self_or_deleted_accounts(pair):
    anna, tom = pair
    with pytest.raises(ValidationError, match="yourself"):
        mute_create(user=anna, muted=anna)
    user_delete(user=tom)
    tom.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer exists"):
        mute_create(user=anna, muted=tom)


def test_database_refuses_self_mutes(pair):
    anna, _tom = pair
    with pytest.raises(IntegrityError), transaction.atomic():
        Mute.objects.create(user=anna, muted=anna)


def test_profile_button_mutes_and_settings_unmute(client, pair):
    anna, tom = pair
    client.force_login(anna)
    profile = reverse("accounts:profile", args=[tom.username])
    assert "Mute this reader" in client.get(profile).content.decode()
    response = client.post(reverse("accounts:mute", args=[tom.username]), {"next": profile})
    assert response["Location"] == profile
    assert "Unmute" in client.get(profile).content.decode()
    settings_html = client.get(reverse("accounts:settings")).content.decode()
    assert "Tom T" in settings_html and "@troll_t" in settings_html
    client.post(reverse("accounts:mute", args=[tom.username]), {"unmute": "1"})
    assert not Mute.objects.exists()


def test_mute_view_refuses_get_anonymous_and_self(client, pair):
    anna, tom = pair
    url = reverse("accounts:mute", args=[tom.username])
    assert client.post(url).status_code == 302 and not Mute.objects.exists()  # to login
    client.force_login(anna)
    assert client.get(url).status_code == 405
    response = client.post(reverse("accounts:mute", args=[anna.username]), follow=True)
    assert b"cannot mute yourself" in response.content
    assert client.post(reverse("accounts:mute", args=["nobody_here"])).status_code == 404
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:settings")


def test_own_profile_has_no_mute_button(client, pair):
    anna, _tom = pair
    client.force_login(anna)
    html = client.get(reverse("accounts:profile", args=[anna.username])).content.decode()
    assert "Mute this reader" not in html


def test_export_lists_mutes_and_deletion_forgets_them(client, pair):
    anna, tom = pair
    mute_create(user=anna, muted=tom)
    client.force_login(anna)
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert [m["handle"] for m in data["muted_readers"]] == ["troll_t"]
    user_delete(user=anna)
    assert not Mute.objects.exists()
