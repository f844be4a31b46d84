"""Training, metrics on a time-based hold-out, and the promotion rule.

- `Decision`: one decided comment (its text, hold or keep, when it was decided).
- `train()`: hold out the most recent decisions (they are what the next weeks look like),
  fit on the older ones and measure on the held-out ones; then fit the deployed model on all
  of them, so today's decisions teach tomorrow's model. The metrics are those of the
  hold-out fit: an honest estimate for the deployed one.
- `compare()`: a candidate replaces the active model only if it is at least as good on the
  recent decisions that neither was trained on: those of the candidate's hold-out decided
  after the active model's newest training decision. With fewer than MIN_HOLDOUT of them
  (or one kind only) there is no fair comparison and the active model stays; the candidate
  is kept with its numbers. "As good" is average precision of `hold` (the area under the
  precision-recall curve), which does not depend on a threshold.

Deterministic: the same decisions in the same order give the same blob scores (liblinear
with a fixed random_state; stable sorts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, confusion_matrix
from sklearn.preprocessing import normalize

from .features import vectoriser
from .model import AssistantModel

DEFAULT_THRESHOLD = 0.5
HOLDOUT_SHARE = 0.2
MIN_HOLDOUT = 20
MIN_DECISIONS = 40  # fewer, or one class only: no model
NEIGHBOURS_KEPT = 5000  # the most recent decided comments kept for "nearest decided"
C = 4.0
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


class NotEnoughData(ValueError):
    pass


@dataclass(frozen=True)
class Decision:
    key: str  # "comment:123", "corpus:17"
    text: str
    hold: bool
    decided_at: datetime
    reason: str = ""


@dataclass
class Trained:
    model: AssistantModel
    metrics: dict
    holdout: list[Decision]
    holdout_model: AssistantModel
    data_until: datetime
    size: int

    @property
    def blob(self) -> bytes:
        return self.model.dumps()


@dataclass
class Comparison:
    promote: bool
    reason: str
    candidate: dict = field(default_factory=dict)
    active: dict = field(default_factory=dict)
    compared_on: int = 0


def _classifier() -> LogisticRegression:
    return LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=0
    )


def fit(decisions: list[Decision], *, blocked=(), watched=(), meta=None) -> AssistantModel:
    texts = [d.text for d in decisions]
    y = np.asarray([d.hold for d in decisions], dtype=int)
    vec = vectoriser(blocked=blocked, watched=watched)
    x = vec.fit_transform(texts)
    clf = _classifier().fit(x, y)
    recent = slice(max(0, len(decisions) - NEIGHBOURS_KEPT), len(decisions))
    return AssistantModel(
        vectoriser=vec,
        classifier=clf,
        reference=normalize(x[recent].tocsr()),
        keys=[d.key for d in decisions[recent]],
        labels=y[recent],
        meta=meta or {},
    )


def evaluate(model: AssistantModel, decisions: list[Decision], threshold=DEFAULT_THRESHOLD) -> dict:
    """Precision, recall and F1 of `hold` at `threshold` (and a few others), and AP."""
    y = np.asarray([d.hold for d in decisions], dtype=int)
    scores = model.scores([d.text for d in decisions]) if decisions else np.zeros(0)
    return metrics_for(y, scores, threshold)


def metrics_for(y, scores, threshold=DEFAULT_THRESHOLD) -> dict:
    y = np.asarray(y, dtype=int)
    scores = np.asarray(scores, dtype=float)

    def at(t: float) -> dict:
        predicted = (scores >= t).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, predicted, labels=[0, 1]).ravel().tolist()
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "threshold": t,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
        }

    both = len(set(y.tolist())) == 2
    return {
        "n": len(y),
        "positives": int(y.sum()),
        "average_precision": round(float(average_precision_score(y, scores)), 4) if both else None,
        **at(threshold),
        "by_threshold": [at(t) for t in THRESHOLDS],
    }


def split(decisions: list[Decision], share=HOLDOUT_SHARE) -> tuple[list, list]:
    """Oldest first; the most recent `share` (at least MIN_HOLDOUT) is the hold-out."""
    ordered = sorted(decisions, key=lambda d: (d.decided_at, d.key))
    n_hold = max(MIN_HOLDOUT, round(len(ordered) * share))
    return ordered[:-n_hold], ordered[-n_hold:]


def train(
    decisions: list[Decision], *, blocked=(), watched=(), threshold=DEFAULT_THRESHOLD
) -> Trained:
    """Fit on the older decisions, measure on the recent ones, deploy a fit on all."""
    if len(decisions) < MIN_DECISIONS:
        raise NotEnoughData(f"{len(decisions)} decisions; at least {MIN_DECISIONS} are needed")
    learn, holdout = split(decisions)
    for part, name in ((learn, "training"), (holdout, "hold-out")):
        if len({d.hold for d in part}) < 2:
            raise NotEnoughData(f"the {name} decisions are all of one kind")
    ordered = learn + holdout
    data_until = ordered[-1].decided_at
    meta = {
        "size": len(ordered),
        "holds": sum(d.hold for d in ordered),
        "data_until": data_until.isoformat(),
        "holdout_from": holdout[0].decided_at.isoformat(),
    }
    holdout_model = fit(learn, blocked=blocked, watched=watched, meta=meta)
    metrics = evaluate(holdout_model, holdout, threshold)
    metrics.update(
        train_size=len(learn), holdout_size=len(holdout), holdout_from=meta["holdout_from"]
    )
    model = fit(ordered, blocked=blocked, watched=watched, meta=meta)
    return Trained(
        model=model,
        metrics=metrics,
        holdout=holdout,
        holdout_model=holdout_model,
        data_until=data_until,
        size=len(ordered),
    )


def compare(
    trained: Trained,
    active: AssistantModel | None,
    *,
    active_data_until: datetime | None = None,
    threshold=DEFAULT_THRESHOLD,
) -> Comparison:
    """Whether `trained` may replace `active` (see the module docstring)."""
    if active is None:
        return Comparison(True, "no active model", candidate=trained.metrics)
    unseen = [
        d for d in trained.holdout if active_data_until is None or d.decided_at > active_data_until
    ]
    if len(unseen) < MIN_HOLDOUT or len({d.hold for d in unseen}) < 2:
        return Comparison(
            False,
            f"only {len(unseen)} recent decisions the active model has not seen; "
            f"at least {MIN_HOLDOUT} of both kinds are needed to compare, so it stays",
            candidate=trained.metrics,
            compared_on=len(unseen),
        )
    mine = evaluate(trained.holdout_model, unseen, threshold)
    theirs = evaluate(active, unseen, threshold)
    a, b = mine["average_precision"] or 0.0, theirs["average_precision"] or 0.0
    where = f"{len(unseen)} recent decisions neither model was trained on"
    if a >= b:
        reason = f"average precision {a:.3f} >= {b:.3f} of the active model on {where}"
        return Comparison(True, reason, candidate=mine, active=theirs, compared_on=len(unseen))
    reason = f"average precision {a:.3f} < {b:.3f} of the active model on {where}"
    return Comparison(False, reason, candidate=mine, active=theirs, compared_on=len(unseen))
