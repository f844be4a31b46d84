"""Admin: moderation filters and bulk actions call the services; the log is read-only."""

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.moderation.models import ModerationAction, Report
from tests.comments.test_moderation_services import count, make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:comments_{model}_changelist")


def test_bulk_approve_and_hide_actions_use_the_services(admin_client):
    article = ArticleFactory()
    pending = [make_comment(article=article, status="pending") for _ in range(2)]
    response = admin_client.post(
        changelist("comment"),
        {"action": "approve_comments", "_selected_action": [c.pk for c in pending]},
    )
    assert response.status_code == 302
    assert count(article) == 2
    assert ModerationAction.objects.filter(kind="approve").count() == 2
    admin_client.post(
        changelist("comment"),
        {"action": "hide_comments_as_spam", "_selected_action": [pending[0].pk]},
    )
    hidden = Comment.objects.get(pk=pending[0].pk)
    assert (hidden.status, hidden.hidden_reason) == ("hidden", "spam")
    assert count(article) == 1


def test_reported_filter(admin_client):
    reported = make_comment(body="Gemeldet")
    make_comment(body="Harmlos")
    Report.objects.create(comment=reported, reporter=UserFactory(), reason="spam")
    html = admin_client.get(changelist("comment"), {"reported": "open"}).content.decode()
    assert "Gemeldet" in html and "Harmlos" not in html


def test_moderation_log_is_read_only(admin_client):
    ModerationAction.objects.create(actor=ModeratorFactory(), kind="hide")
    assert admin_client.get(changelist("moderationaction")).status_code == 200
    assert admin_client.get(reverse("admin:comments_moderationaction_add")).status_code == 403
    action = ModerationAction.objects.get()
    response = admin_client.post(
        reverse("admin:comments_moderationaction_change", args=[action.pk]), {"kind": "ban"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.kind == "hide"


def test_close_and_reopen_from_the_article_admin(admin_client):
    article = ArticleFactory()
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "close_discussions", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert not article.comments_open
    assert ModerationAction.objects.filter(kind="close", article=article).exists()


@pytest.mark.parametrize(
    "model",
    ["moderationsettings", "discussionrules", "wordrule", "report", "sanction", "usernote",
     "usermoderation", "articlediscussionsettings"],
)  # fmt: skip
def test_moderation_admin_pages_render(admin_client, model):
    assert admin_client.get(changelist(model)).status_code == 200
