"""Parallel writers on PostgreSQL: the tree stays sound with locking, and breaks without.

Each worker thread has its own database connection (Django's are per thread), connects
before the barrier so that all start writing at once, and closes its connection at the end.
"""

import random
import threading

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from mptt.managers import TreeManager

from articles.models import Article
from comments.integrity import broken_trees, find_problems
from comments.models import Comment, CommentManager
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="SQLite serialises all writers; the race only exists on PostgreSQL",
    ),
]

WORKERS = 8
PER_WORKER = 30  # 240 comments per round
ROUNDS = 3


def _storm(article, users, *, seed: int):
    """Post WORKERS * PER_WORKER comments at once; return (stored pks, errors)."""
    hub = comment_create(article=article, author=users[0], body=f"Runde {seed}: viele Antworten")
    node = comment_create(article=article, author=users[1], body="Tiefer Strang")
    deep = [node]
    for depth in range(6):
        node = comment_create(article=article, author=users[depth % 2], body="tiefer", parent=node)
        deep.append(node)
    deep_pks = [c.pk for c in deep]
    barrier = threading.Barrier(WORKERS)
    lock = threading.Lock()
    stored: list[int] = []
    errors: list[Exception] = []

    def worker(index: int) -> None:
        rng = random.Random(seed * 100 + index)
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            for n in range(PER_WORKER):
                kind = (n + index) % 3
                if kind == 0:
                    parent_pk = None  # a new thread
                elif kind == 1:
                    parent_pk = hub.pk  # many replies to one parent
                else:
                    with lock:
                        parent_pk = rng.choice(deep_pks)  # deep in one thread
                try:
                    parent = Comment.objects.get(pk=parent_pk) if parent_pk else None
                    comment = comment_create(
                        article=article,
                        author=users[index],
                        body=f"Beitrag {index}-{n} in Runde {seed}",
                        parent=parent,
                    )
                except DatabaseError as error:  # deadlocks, only expected without locking
                    with lock:
                        errors.append(error)
                    continue
                with lock:
                    stored.append(comment.pk)
                    if kind == 2:
                        deep_pks.append(comment.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return stored, errors


@pytest.fixture
def crowd(transactional_db):
    article = ArticleFactory()
    users = [UserFactory() for _ in range(WORKERS)]
    return article, users


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_writers_keep_every_tree_sound(crowd):
    article, users = crowd
    total = 0
    for round_number in range(ROUNDS):
        stored, errors = _storm(article, users, seed=round_number)
        assert errors == []
        assert len(stored) == WORKERS * PER_WORKER
        assert Comment.objects.filter(pk__in=stored).count() == len(stored)
        problems = find_problems(article_id=article.pk)
        assert problems == [], "\n".join(map(str, problems))
        total += len(stored) + 8  # plus the hub and the deep chain of each round
    assert Comment.objects.filter(article=article).count() == total
    roots = Comment.objects.filter(article=article, level=0)
    assert roots.values("tree_id").distinct().count() == roots.count()
    article.refresh_from_db()
    assert article.comment_count == total
    # The hub of the last round got a third of the replies, all as its direct children.
    hub = Comment.objects.filter(article=article, body__startswith=f"Runde {ROUNDS - 1}").get()
    assert hub.get_descendant_count() == hub.children.count() >= 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_negative_control_without_locking_corrupts_trees(crowd, settings, monkeypatch):
    """Proves the test above can fail: no advisory lock and MAX(tree_id)+1 break trees."""
    settings.COMMENT_TREE_LOCKING = False
    monkeypatch.setattr(CommentManager, "_get_next_tree_id", TreeManager._get_next_tree_id)
    article, users = crowd
    broken: list[int] = []
    for attempt in range(5):  # the race is likely, not certain, in any one run
        _storm(article, users, seed=attempt)
        broken = broken_trees(find_problems(article_id=article.pk))
        if broken:
            break
    assert broken, "five unlocked storms left every tree intact: the checker sees nothing?"
    assert Article.objects.filter(pk=article.pk).exists()
