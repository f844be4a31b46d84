"""The demo's DSA records (seed_dsa, run by seed_demo): made by the real services, in order."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from comments.moderation.dsa.transparency import monthly, report
from comments.moderation.models import Appeal, Notice, Statement
from comments.services import comment_create
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads():
    readers = [UserFactory() for _ in range(6)]
    ModeratorFactory(username="moderation")
    for number in range(8):
        article = ArticleFactory()
        for author in readers:
            comment_create(article=article, author=author, body=f"Meinung {number} von {author}")
    # The demo's comments are hours or days old; the records fall between them and now.
    Comment.objects.update(created_at=timezone.now() - timedelta(days=2))
    return readers


def test_seed_dsa_fills_the_transparency_report_truthfully(threads, capsys):
    call_command("seed_dsa")
    out = capsys.readouterr().out
    assert "DSA demo: 12 notices, 13 statements of reasons, 4 complaints." in out
    assert mail.outbox == []  # the demo readers have no inboxes
    days = (timezone.localdate() - timedelta(days=30), timezone.localdate())
    data = report(*days)
    assert data["notices"]["by_outcome"] == {"actioned": 5, "rejected": 7}
    assert data["complaints"]["by_outcome"] == {"open": 1, "reversed": 1, "upheld": 2}
    assert data["actions"]["own_initiative"] == 8
    assert sum(n for _, n in monthly(*days)["notices"]) == 12
    # Records happen after the comment they concern, and decisions after what they decide.
    for notice in Notice.objects.select_related("comment"):
        assert notice.comment.created_at < notice.created_at < notice.decided_at < timezone.now()
    for statement in Statement.objects.select_related("comment"):
        assert statement.comment.created_at < statement.created_at
    for appeal in Appeal.objects.exclude(decided_at=None).select_related("statement"):
        assert appeal.statement.created_at < appeal.created_at < appeal.decided_at
        assert appeal.decided_by_id != appeal.statement.decided_by_id  # four eyes
    # 13 comments were hidden, one came back after its complaint; a second run adds nothing.
    assert Comment.objects.filter(status=Comment.Status.HIDDEN).count() == 12
    call_command("seed_dsa")
    assert Notice.objects.count() == 12 and "exist already" in capsys.readouterr().out
