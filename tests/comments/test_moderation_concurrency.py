"""Moderators acting at once on PostgreSQL: every status change counts exactly once."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from comments.models import Comment
from comments.moderation import services as moderation
from comments.moderation.models import ModerationAction
from tests.comments.test_moderation_services import count, make_comment, visible
from tests.factories import ArticleFactory, ModeratorFactory

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL row locking",
    ),
]

WORKERS = 8


def run_in_parallel(work) -> None:
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            connection.ensure_connection()  # connect before the barrier, not during the race
            barrier.wait()
            work(index)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_moderators_hiding_and_approving_at_once_count_each_comment_once():
    article = ArticleFactory()
    mods = [ModeratorFactory() for _ in range(WORKERS)]
    shown = [make_comment(article=article) for _ in range(10)]
    pending = [make_comment(article=article, status="pending") for _ in range(10)]

    def work(index: int) -> None:
        # Every moderator tries every comment; the losers get a ValidationError.
        for comment in shown:
            try:
                moderation.comment_hide(
                    comment=Comment.objects.get(pk=comment.pk), moderator=mods[index], reason="spam"
                )
            except ValidationError:
                pass
        for comment in pending:
            try:
                moderation.comment_approve(
                    comment=Comment.objects.get(pk=comment.pk), moderator=mods[index]
                )
            except ValidationError:
                pass

    run_in_parallel(work)

    assert count(article) == visible(article) == 10
    assert Comment.objects.filter(article=article, status="hidden").count() == 10
    assert ModerationAction.objects.filter(kind="hide").count() == 10
    assert ModerationAction.objects.filter(kind="approve").count() == 10
