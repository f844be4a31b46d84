"""When do pages that list articles change by the clock? (issue 23: time is a dependency)

A published article with a future `published_at` appears at that moment without any write.
Every page that could list it must not be served past that moment by any cache, so views ask
for the earliest scheduled publication within what they could list and tell the page cache
(`newsroom.edge.page_changes_at`). On the pinned paths (article page, front page, listings)
the moment rides along as a scalar subquery in a query the page makes anyway: no extra query.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet, Subquery

from articles.models import Article


def _scheduled(scope: QuerySet, now: datetime) -> QuerySet:
    return scope.filter(status=Article.Status.PUBLISHED, published_at__gt=now).order_by(
        "published_at"
    )


def next_publication(scope: QuerySet, now: datetime) -> Subquery:
    """An expression: the publish time of the next scheduled article of `scope` after `now`.

    `now` must be taken before the listing's own `published()` reads the clock, so that
    nothing falls between "listed" and "next" (an article in between makes the moment lie in
    the past: the page is then simply not stored).
    """
    return Subquery(_scheduled(scope, now).values("published_at")[:1])


def next_publication_at(scope: QuerySet, now: datetime) -> datetime | None:
    """The same as one query, for pages without a row to carry it (an empty listing)."""
    return _scheduled(scope, now).values_list("published_at", flat=True).first()
