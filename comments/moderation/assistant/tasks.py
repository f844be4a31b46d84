"""The moderation assistant's background jobs: training after N new decisions, nightly or on
a moderator's request, and the explanation of a held or high-scored comment. Training never
runs in a web request. Queued jobs store these dotted paths
(comments.moderation.assistant.tasks.<name>): never rename or move them."""

from django_tasks import task as task_decorator

from comments.moderation.assistant import learning, training
from newsroom.jobs import retried_task


@task_decorator()
def assistant_train(*, trigger: str = "decisions") -> int | None:
    """Train after N new decisions (records.decision_recorded) or nightly; no retry: the next
    trigger trains again. Returns the new version's number (None: not enough decisions)."""
    try:
        version = learning.assistant_train(trigger=trigger)
    except training.NotEnoughData:
        return None
    return version.number


@retried_task
def assistant_explain(*, comment_id: int) -> bool:
    return learning.explanation_record(comment_id=comment_id)
