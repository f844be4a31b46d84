"""What the write path asks the assistant: the score of a text and whether it holds it.

Reads only, beside comments.moderation.rules (which receives the answer and decides the
status with its other rules). The assistant holds a comment only when all of these are true:
the comment's section switched holding on; the active model's hold-out precision at the
section's threshold reaches the site's required precision; and the score reaches the
threshold. It never hides and never refuses. A failure here never fails a post: it is logged
and the comment is treated as unscored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from comments.moderation.assistant import scoring, store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Assessment:
    version_id: int
    version_number: int
    score: float  # 0..1, 4 decimals
    threshold: float | None  # the section's threshold in force, None when holding is off
    hold: bool  # the assistant asks for review
    explain: bool = False  # held or high-scored: moderators will want to know why

    @property
    def reason(self) -> str:
        """The moderators' one-line why (the HoldExplanation's matched text)."""
        return f"v{self.version_number}: {self.score:.2f} ≥ {self.threshold:.2f}"


def may_hold(version, threshold: float | None, site) -> bool:
    """Whether the model is good enough to hold at `threshold` (the site's precision bar)."""
    if threshold is None:
        return False
    precision = version.precision_at(threshold)
    return precision is not None and precision >= site.min_precision


def assess(*, article, body: str) -> Assessment | None:
    """Score `body` for a comment on `article`; None when there is no usable model."""
    try:
        current = store.active()
        if current is None:
            return None
        site = store.site_settings()
        threshold = store.section_threshold(article.section_id, site)
        value = scoring.score(current.model, body)
        hold = may_hold(current.version, threshold, site) and value >= threshold
        high = min(site.default_threshold, threshold if threshold is not None else 1.0)
        return Assessment(
            version_id=current.version.pk,
            version_number=current.version.number,
            score=value,
            threshold=threshold,
            hold=hold,
            explain=hold or value >= high,
        )
    except Exception:  # the assistant must never break posting
        logger.exception("The moderation assistant could not score a comment")
        return None


def verdicts(texts: list[str], *, threshold: float | None = None) -> list[tuple[float, str]]:
    """(score, "hold"|"keep") per text with the active model, as the write path scores.

    Raises LookupError when no model is active. `threshold` defaults to the site's.
    """
    current = store.active()
    if current is None:
        raise LookupError("no active assistant model")
    if threshold is None:
        threshold = store.site_settings().default_threshold
    out = []
    for text in texts:
        value = scoring.score(current.model, text)
        out.append((value, scoring.verdict(value, threshold)))
    return out
