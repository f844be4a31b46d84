"""The assistant's admin: history, metrics, outcomes per month, rollback, section settings."""

import pytest
from django.urls import reverse

from comments.moderation.assistant import learning
from comments.moderation.models import AssistantVersion, SectionAssistant
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_history_metrics_and_rollback(admin_client, corpus_model):
    first = learning.assistant_train(trigger=AssistantVersion.Trigger.DEMO, decisions=[])
    second = learning.assistant_train(trigger=AssistantVersion.Trigger.NIGHTLY, decisions=[])
    changelist = reverse("admin:comments_assistantversion_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200
    assert "v1" in page.text and "v2" in page.text
    detail = admin_client.get(reverse("admin:comments_assistantversion_change", args=[first.pk]))
    assert detail.status_code == 200
    assert "most recent decisions held out" in detail.text
    assert f"{first.metrics['precision']:.2f}" in detail.text
    assert "No decisions on comments this model scored yet." in detail.text
    detail = admin_client.get(reverse("admin:comments_assistantversion_change", args=[second.pk]))
    assert "stays" in detail.text  # why v2 was not activated

    # Roll back (here: to v1, which is active; then make v2 active and back to v1).
    AssistantVersion.objects.filter(pk=first.pk).update(is_active=False)
    response = admin_client.post(
        changelist,
        {"action": "roll_back", "index": 0, "_selected_action": [second.pk]},
        follow=True,
    )
    assert "v2 is the active model now." in messages_of(response)
    response = admin_client.post(
        changelist, {"action": "roll_back", "index": 0, "_selected_action": [first.pk]}, follow=True
    )
    assert "v1 is the active model now." in messages_of(response)
    assert AssistantVersion.objects.active().get() == first
    detail = admin_client.get(reverse("admin:comments_assistantversion_change", args=[first.pk]))
    assert "Rolled back to" in detail.text and client_name(admin_client) in detail.text


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def client_name(client) -> str:
    return str(client.user)


def test_the_admin_cannot_edit_or_delete_a_model(admin_client, corpus_model):
    version = learning.assistant_train(trigger=AssistantVersion.Trigger.DEMO, decisions=[])
    url = reverse("admin:comments_assistantversion_change", args=[version.pk])
    assert admin_client.post(url, {"number": 9}).status_code == 403
    delete = reverse("admin:comments_assistantversion_delete", args=[version.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_section_settings_show_whether_holding_works(admin_client, corpus_model):
    learning.assistant_train(trigger=AssistantVersion.Trigger.DEMO, decisions=[])
    article = ArticleFactory()
    SectionAssistant.objects.create(section=article.section, enabled=True)
    page = admin_client.get(reverse("admin:comments_sectionassistant_changelist"))
    assert page.status_code == 200
    assert 'alt="True"' in page.text  # holds comments now


def test_a_moderator_sees_the_history_and_rolls_back(client, corpus_model):
    """The issue asks that moderators, not only superusers, see the models and roll back."""
    from tests.factories import ModeratorFactory

    moderator = ModeratorFactory(is_staff=True)
    client.force_login(moderator)
    first = learning.assistant_train(trigger=AssistantVersion.Trigger.DEMO, decisions=[])
    changelist = reverse("admin:comments_assistantversion_changelist")
    page = client.get(changelist)
    assert page.status_code == 200 and "v1" in page.text
    assert "roll_back" in page.text  # the action is offered
    settings_page = client.get(reverse("admin:comments_sectionassistant_changelist"))
    assert settings_page.status_code == 200
    assert first.pk
