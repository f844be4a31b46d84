"""Reading a live ticker: the page of entries, the key events, the permalink's page.

A ticker page costs the same queries whatever the number of entries: one for the key events,
one for the page of entries (one more than shown, to know whether older ones exist). Paging
goes backwards from an entry ("?vor=<id>": the entries older than that one), so a page stays
the same while new entries arrive at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, Subquery

from articles.models import Article, TickerEntry
from newsroom.edge import database_key, depend_on, register_database_version

# The page cache keys an article page on the article's thread_version, which every comment and
# every ticker change raises. Comments register the same reader under the same prefix, so a
# page that shows both depends on one key and a replay asks one query.
PAGE_VERSION = "article-thread"


def _page_versions(pks) -> dict:
    return dict(Article.objects.filter(pk__in=pks).values_list("pk", "thread_version"))


register_database_version(PAGE_VERSION, _page_versions)


class BadCursor(ValueError):
    """The "vor" parameter is not an entry id."""


def parse_before(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit() or len(value) > 18:
        raise BadCursor(value)
    return int(value)


@dataclass
class TickerPage:
    article: Article
    entries: list[TickerEntry]
    key_events: list[TickerEntry] = field(default_factory=list)
    before: int | None = None  # the cursor this page was asked for
    older: int | None = None  # the cursor of the next older page, if there is one

    @property
    def is_first(self) -> bool:
        return self.before is None

    @property
    def shown_ids(self) -> set[int]:
        return {entry.pk for entry in self.entries}

    @property
    def latest(self) -> TickerEntry | None:
        return self.entries[0] if self.entries and self.is_first else None


def _attach(entries, article) -> list[TickerEntry]:
    for entry in entries:
        entry.article = article  # the permalink needs the slug: no query per entry
    return entries


def entries_before(article: Article, before: int | None, *, size: int) -> tuple[list, int | None]:
    """A page of published entries, newest first, older than entry `before` (one query)."""
    rows = TickerEntry.objects.for_display().filter(article=article)
    if before is not None:
        cursor = TickerEntry.objects.filter(pk=before, article=article).values("published_at")
        moment = Subquery(cursor[:1])
        rows = rows.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=before))
    entries = _attach(list(rows[: size + 1]), article)
    older = entries[size - 1].pk if len(entries) > size else None
    return entries[:size], older


def ticker_page(request, article: Article, *, before: int | None = None) -> TickerPage:
    """The ticker as readers see it; the page cache follows the article's thread_version."""
    depend_on(request, database_key(PAGE_VERSION, article.pk), article.thread_version)
    entries, older = entries_before(article, before, size=settings.LIVETICKER_PAGE_SIZE)
    key_events = []
    if before is None:
        key_events = _attach(
            list(
                TickerEntry.objects.for_display().filter(article=article, is_key=True)[
                    : settings.LIVETICKER_KEY_EVENTS
                ]
            ),
            article,
        )
    return TickerPage(article, entries, key_events, before=before, older=older)


def entry_page_cursor(entry: TickerEntry) -> int | None:
    """The "vor" cursor of the page that shows `entry` (None: the first page). Two queries."""
    newer = (
        TickerEntry.objects.published()
        .filter(article_id=entry.article_id)
        .filter(
            Q(published_at__gt=entry.published_at)
            | Q(published_at=entry.published_at, pk__gt=entry.pk)
        )
    )
    size = settings.LIVETICKER_PAGE_SIZE
    count = newer.count()
    if count < size:
        return None
    # Pages are cut every `size` entries from the top; the entry just newer than this page.
    index_on_page = count % size
    neighbour = newer.order_by("published_at", "pk").values_list("pk", flat=True)[index_on_page]
    return neighbour


def changed_entries(article_id: int, since: int) -> list[TickerEntry]:
    """Entries whose visible state changed after thread_version `since` (live updates)."""
    return list(
        TickerEntry.objects.filter(article_id=article_id, live_version__gt=since)
        .exclude(status=TickerEntry.Status.DRAFT)
        .select_related("image", "author")
        .order_by("published_at", "pk")
    )


def ticker_changes(article: Article, since: int) -> dict | None:
    """What open ticker pages need after thread_version `since`: entries to show or replace
    (as the same HTML as the page) and the ids of entries that went. None for no ticker."""
    if not article.is_liveticker:
        return None
    from django.template.loader import render_to_string

    entries, removed = [], []
    for entry in changed_entries(article.pk, since):
        if entry.is_published():
            entry.article = article
            html = render_to_string(
                "articles/ticker/_entry.html", {"entry": entry, "article": article}
            )
            entries.append({"id": entry.pk, "html": html.strip(), "key": entry.is_key})
        else:
            removed.append(entry.pk)
    return {"entries": entries, "removed": removed, "live": article.is_live()}
