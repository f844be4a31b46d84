"""Bookkeeping on the posting path for the assistant (beside comments.moderation.intake).

- `score_record`: store the score of a new or edited comment (one row per comment, the last
  text's score) and, for a held or high-scored one, compute its explanation after commit;
- `decision_recorded`: after a moderator's decision, train again once `retrain_after` new
  decisions have come in since the last training (a task after commit, never the request).
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from comments.moderation.assistant import learning, store
from comments.moderation.assistant import tasks as assistant_tasks
from comments.moderation.models import AssistantScore, AssistantVersion, HoldRule
from newsroom import jobs
from newsroom.jobs import enqueue_after_commit

logger = logging.getLogger(__name__)


def score_record(*, comment, assessment, held=None, new: bool = True) -> AssistantScore | None:
    """Store the assistant's score of `comment` (`held`: the write path's Hold, if any).

    `new`: the comment was just created, so it has no score row yet (one INSERT); an edit
    replaces the row.
    """
    if assessment is None:
        return None
    by_assistant = held is not None and held.rule == HoldRule.ASSISTANT
    values = {
        "version_id": assessment.version_id,
        "score": assessment.score,
        "threshold": assessment.threshold,
        "held": by_assistant,
        "explanation": {},
        "scored_at": timezone.now(),
    }
    if new:
        record = AssistantScore.objects.create(comment=comment, **values)
    else:
        record, _created = AssistantScore.objects.update_or_create(comment=comment, defaults=values)
    if by_assistant or assessment.explain:
        enqueue_after_commit(assistant_tasks.assistant_explain, comment_id=comment.pk)
    return record


def decision_recorded() -> bool:
    """Enqueue a training when enough decisions came in since the last one; True if so."""
    every = store.site_settings().retrain_after
    if not every:
        return False
    last = AssistantVersion.objects.order_by("-trained_at").values_list("trained_at", flat=True)
    since = learning.decisions_since(last.first())
    if since < every or since % every:  # exactly at each multiple: one task per N decisions
        return False
    train_later(trigger=AssistantVersion.Trigger.DECISIONS)
    return True


def train_later(*, trigger: str) -> None:
    """Train after the current transaction commits, never inside the web request.

    With the database backend that is a task row for the workers. The immediate backend
    (`make run`) would run the task inside the request that committed, so there it runs in a
    thread of its own, with its own database connection (as newsroom.jobs retries do).
    """
    if jobs.stores_in_database(assistant_tasks.assistant_train):
        enqueue_after_commit(assistant_tasks.assistant_train, trigger=trigger)
        return

    def start() -> None:
        thread = threading.Thread(target=_train_in_thread, kwargs={"trigger": trigger}, daemon=True)
        thread.start()
        _threads.append(thread)

    transaction.on_commit(start, robust=True)


_threads: list[threading.Thread] = []  # tests join them


def _train_in_thread(*, trigger: str) -> None:
    close_old_connections()
    try:
        assistant_tasks.assistant_train.enqueue(trigger=trigger)
    except Exception:
        logger.exception("The moderation assistant's training failed")
    finally:
        connection.close()
