"""Bookkeeping on the posting path for the assistant (beside comments.moderation.intake).

- `score_record`: store the score of a new or edited comment (one row per comment, the last
  text's score) and, for a held or high-scored one, compute its explanation after commit;
- `decision_recorded`: after a moderator's decision, train again once `retrain_after` new
  decisions have come in since the last training (a task after commit, never the request).
"""

from __future__ import annotations

from django.utils import timezone

from comments.moderation.assistant import learning, store
from comments.moderation.assistant import tasks as assistant_tasks
from comments.moderation.models import AssistantScore, AssistantVersion, HoldRule
from newsroom.jobs import enqueue_after_commit


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
    enqueue_after_commit(
        assistant_tasks.assistant_train, trigger=AssistantVersion.Trigger.DECISIONS
    )
    return True
