"""Training, activation, rollback and the per-month outcomes of the assistant's models.

Runs in tasks and commands, never in a request (assistant/tasks.py `assistant_train`,
`manage.py assistant_train`). Labels come from the moderation log: the last decision on a
comment counts. A hide (with its reason) is `hold`; an approval, a dismissal of its reports
or a restore is `keep`, so a restore after a hide corrects the label.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from comments.models import Comment
from comments.moderation.assistant import store, training
from comments.moderation.assistant.model import BlobError, loads
from comments.moderation.models import (
    AssistantEvent,
    AssistantScore,
    AssistantVersion,
    ModerationAction,
    WordRule,
)

Kind = ModerationAction.Kind
DECISIONS = {Kind.HIDE: True, Kind.RESTORE: False, Kind.APPROVE: False, Kind.DISMISS_REPORTS: False}


def training_decisions() -> list[training.Decision]:
    """One decision per decided comment: its last hide, restore, approval or dismissal."""
    last: dict[int, tuple] = {}
    rows = (
        ModerationAction.objects.filter(kind__in=list(DECISIONS), comment__isnull=False)
        .order_by("created_at", "pk")
        .values_list("comment_id", "kind", "reason", "created_at")
    )
    for comment_id, kind, reason, at in rows.iterator(chunk_size=5000):
        last[comment_id] = (kind, reason, at)
    bodies = dict(
        Comment.objects.filter(pk__in=list(last)).exclude(body="").values_list("pk", "body")
    )
    decisions = [
        training.Decision(
            key=f"comment:{pk}",
            text=bodies[pk],
            hold=DECISIONS[kind],
            decided_at=at,
            reason=reason if DECISIONS[kind] else "",
        )
        for pk, (kind, reason, at) in last.items()
        if pk in bodies  # an erased text (retention) teaches nothing
    ]
    decisions.sort(key=lambda d: (d.decided_at, d.key))
    return decisions


def decisions_since(when) -> int:
    """Decisions recorded after `when` (all of them if None)."""
    actions = ModerationAction.objects.filter(kind__in=list(DECISIONS), comment__isnull=False)
    if when is not None:
        actions = actions.filter(created_at__gt=when)
    return actions.count()


def _word_lists() -> tuple[list[str], list[str]]:
    rows = list(WordRule.objects.values_list("phrase", "kind"))
    return (
        [p for p, k in rows if k == WordRule.Kind.BLOCK],
        [p for p, k in rows if k == WordRule.Kind.WATCH],
    )


def assistant_train(*, trigger: str, actor=None, decisions=None) -> AssistantVersion:
    """Train on the site's decisions; activate the new model only if it is at least as good.

    Raises training.NotEnoughData when there are too few decisions (or of one kind only).
    """
    decisions = decisions if decisions is not None else training_decisions()
    blocked, watched = _word_lists()
    trained = training.train(decisions, blocked=blocked, watched=watched)
    holdout_scores = trained.holdout_model.scores([d.text for d in trained.holdout])
    metrics = dict(trained.metrics)
    metrics["holdout_scores"] = [
        [round(float(s), 4), int(d.hold)]
        for s, d in zip(holdout_scores, trained.holdout, strict=True)
    ]
    with transaction.atomic():
        current = AssistantVersion.objects.select_for_update().filter(is_active=True).first()
        active_model = _loaded(current)
        comparison = training.compare(
            trained,
            active_model,
            active_data_until=current.data_until if current is not None else None,
        )
        number = (AssistantVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        blob = trained.blob
        version = AssistantVersion.objects.create(
            number=number,
            trigger=trigger,
            data_size=trained.size,
            holds=sum(d.hold for d in decisions),
            data_until=trained.data_until,
            metrics=metrics,
            comparison={
                "promoted": comparison.promote,
                "reason": comparison.reason,
                "compared_on": comparison.compared_on,
                "candidate": _brief(comparison.candidate),
                "active": _brief(comparison.active),
                "active_version": current.number if current is not None else None,
            },
            blob=blob,
            blob_sha256=hashlib.sha256(blob).hexdigest(),
            status=AssistantVersion.Status.REJECTED,
        )
        AssistantEvent.objects.create(
            version=version, kind=AssistantEvent.Kind.TRAINED, actor=actor, note=trigger
        )
        _decide(version, comparison, actor=actor)
    return version


def _loaded(current: AssistantVersion | None):
    """The active version's model, or None (none yet, or unusable: no standard to meet)."""
    if current is None:
        return None
    try:
        return loads(current.blob)
    except BlobError:
        return None


def _decide(version: AssistantVersion, comparison, *, actor) -> None:
    """Activate the new version if it is at least as good; otherwise record why not."""
    if comparison.promote:
        _activate(version, actor=actor, kind=AssistantEvent.Kind.ACTIVATED, note=comparison.reason)
    else:
        AssistantEvent.objects.create(
            version=version, kind=AssistantEvent.Kind.REJECTED, actor=actor, note=comparison.reason
        )


def _brief(metrics: dict) -> dict:
    keys = ("n", "positives", "average_precision", "precision", "recall", "f1", "threshold")
    return {k: metrics[k] for k in keys if k in metrics}


def _activate(version: AssistantVersion, *, actor, kind: str, note: str) -> None:
    now = timezone.now()
    AssistantVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(
        is_active=False, status=AssistantVersion.Status.RETIRED
    )
    AssistantVersion.objects.filter(pk=version.pk).update(
        is_active=True, status=AssistantVersion.Status.ACTIVE, activated_at=now, activated_by=actor
    )
    version.is_active, version.status = True, AssistantVersion.Status.ACTIVE
    version.activated_at, version.activated_by = now, actor
    AssistantEvent.objects.create(version=version, kind=kind, actor=actor, note=note)


@transaction.atomic
def assistant_rollback(*, version: AssistantVersion, actor, note: str = "") -> bool:
    """Make an earlier (or any inactive) version the active one again; False if it is active."""
    version = AssistantVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_active:
        return False
    loads(version.blob)  # refuse a blob this server cannot use (BlobError)
    _activate(version, actor=actor, kind=AssistantEvent.Kind.ROLLED_BACK, note=note)
    return True


def outcomes_by_month(version_ids=None, *, default_threshold: float = 0.5) -> dict:
    """Per version and month: false alarms (held, then approved by a moderator) and misses
    (scored below the threshold, so let through, then hidden by a moderator).
    {version_id: {"2026-12": {"false_alarms": n, "misses": m}}}; the month of the decision."""
    scores = AssistantScore.objects.filter(version__isnull=False)
    if version_ids is not None:
        scores = scores.filter(version_id__in=list(version_ids))
    by_comment, held, let_through = {}, set(), set()
    for comment_id, version_id, score, threshold, was_held in scores.values_list(
        "comment_id", "version_id", "score", "threshold", "held"
    ):
        by_comment[comment_id] = version_id
        if was_held:
            held.add(comment_id)
        elif score < (threshold if threshold is not None else default_threshold):
            let_through.add(comment_id)
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"false_alarms": 0, "misses": 0})
    )
    actions = ModerationAction.objects.filter(
        comment_id__in=list(by_comment), kind__in=[Kind.APPROVE, Kind.HIDE]
    ).values_list("comment_id", "kind", "created_at")
    for comment_id, kind, at in actions:
        month = timezone.localtime(at).strftime("%Y-%m")
        version_id = by_comment[comment_id]
        if kind == Kind.APPROVE and comment_id in held:
            result[version_id][month]["false_alarms"] += 1
        elif kind == Kind.HIDE and comment_id in let_through:
            result[version_id][month]["misses"] += 1
    return {v: dict(months) for v, months in result.items()}


def explanation_record(*, comment_id: int) -> bool:
    """Compute and store why the assistant scored a comment as it did (a task after commit)."""
    current = store.active()
    body = Comment.objects.filter(pk=comment_id).values_list("body", flat=True).first()
    if current is None or not body:
        return False
    explanation = current.model.explain(body).as_dict()
    explanation["version"] = current.version.number
    return bool(
        AssistantScore.objects.filter(comment_id=comment_id).update(explanation=explanation)
    )
