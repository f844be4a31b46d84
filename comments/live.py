"""Live updates of an open article page: "what changed since version N", the same for everyone.

The page shows the article's `thread_version` N (static/js/live.js asks `?v=N`). Every write
readers can see raises that version in its own transaction and stamps the comments it changed
with the new value (`Comment.live_version`, comments.services.article_thread_bump; ticker
entries likewise, articles.services), so the answer is one indexed query plus the rendering of
the changed comments:

- `comments`: comments readers see that changed after N (new, approved, edited, picked), each
  as the same HTML the thread shows for an anonymous reader, with an empty footer that the
  page fills with its own reader's bits (a <template> rendered by the same ReaderBits);
- `hidden`: comments no longer shown (hidden, deleted, back in review), with the placeholder
  the thread shows if replies keep them in place;
- `counts`: every recommendation label when the recommendations moved past the page's slot;
- `ticker`: new, changed and removed ticker entries (articles.ticker.ticker_changes);
- `live`: False once the article is switched off or idle (the page stops asking).

Nothing here reads a cookie, the session or the user: shared caches keep one answer per
(article, N, slot, language) for NEWSROOM_LIVE_EDGE_SECONDS, and writes purge it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import ngettext

from articles.models import Article, ArticleAuthor
from articles.ticker import ticker_changes
from comments.highlights import recommendations_label
from comments.models import Comment
from comments.permissions import byline_user_ids
from comments.thread_render import ThreadRenderer
from comments.threads import (
    FULL,
    MAX_VISUAL_DEPTH,
    Viewer,
    build_display_tree,
    recommendation_counts_key,
    thread_rows,
)

# More changes than this since the page's version: the page offers a reload instead.
MAX_CHANGES = 200
# At most this many recommendation labels in one answer (the most recommended first).
MAX_COUNTS = 2000

ARTICLE_FIELDS = (
    "pk", "slug", "status", "published_at", "thread_version", "comment_count",
    "recommendations_epoch", "live_updates", "live_activity_at", "is_liveticker",
    "live_ended_at", "comments_open",
)  # fmt: skip


def live_article(pk: int) -> Article | None:
    """The article as the live answer needs it (one query), or None if readers cannot see it."""
    return Article.objects.published().only(*ARTICLE_FIELDS).filter(pk=pk).first()


def _under(row, by_pk) -> int | None:
    """The comment whose list of replies `row` joins on the page (threads.build_display_tree)."""
    if row.parent_id is None:
        return None
    if row.level <= MAX_VISUAL_DEPTH:
        return row.parent_id
    node = by_pk.get(row.parent_id)
    while node is not None and node.level > MAX_VISUAL_DEPTH - 1:
        node = by_pk.get(node.parent_id)
    return node.pk if node is not None else row.parent_id


def comment_changes(article: Article, since: int) -> dict | None:
    """The comments that changed after version `since`; None if too many (reload)."""
    changed = list(
        Comment.objects.filter(article_id=article.pk, live_version__gt=since)
        .order_by("tree_id", "lft")
        .values_list("pk", "tree_id")[: MAX_CHANGES + 1]
    )
    if len(changed) > MAX_CHANGES:
        return None
    if not changed:
        return {"comments": [], "hidden": []}
    rows = thread_rows(article, {tree for _pk, tree in changed})
    # The byline accounts get the author badge, as on the page (one query, only now).
    prefetch_related_objects(
        [article], Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
    )
    by_pk = {row.pk: row for row in rows}
    viewer = Viewer(badge_user_ids=byline_user_ids(article))
    # As an anonymous reader sees it: the shared HTML every page shows.
    build_display_tree(
        rows, user=AnonymousUser(), moderates=False, viewer=viewer, replies_shown=len(rows)
    )
    shown = [by_pk[pk] for pk, _tree in changed if pk in by_pk and by_pk[pk].display is not None]
    html = ThreadRenderer(viewer=None).render_alone(shown)
    comments, hidden = [], []
    for pk, _tree in changed:
        row = by_pk.get(pk)
        if row is None:
            continue
        if row.display == FULL and row.is_visible():
            comments.append(
                {
                    "id": pk,
                    "parent": row.parent_id,
                    "under": _under(row, by_pk),
                    "author": row.author_id,
                    "name": row.author.public_name,
                    "html": html[pk],
                }
            )
        else:
            hidden.append({"id": pk, "html": html.get(pk, "")})
    return {"comments": comments, "hidden": hidden}


def recommendation_labels(article: Article) -> dict[str, str]:
    rows = (
        Comment.objects.filter(
            article_id=article.pk, status=Comment.Status.VISIBLE, recommendation_count__gt=0
        )
        .order_by("-recommendation_count")
        .values_list("pk", "recommendation_count")[:MAX_COUNTS]
    )
    labels: dict[int, str] = {}
    out = {}
    for pk, count in rows:
        if count not in labels:
            labels[count] = str(recommendations_label(count))
        out[str(pk)] = labels[count]
    return out


def live_changes(article: Article, *, since: int, epoch: int | None) -> dict:
    """The answer for a page that shows version `since` (and recommendation slot `epoch`)."""
    version = article.thread_version
    counts_key = recommendation_counts_key(article)
    answer = {
        "version": version,
        "epoch": counts_key,
        "live": article.live_updates_active(),
        "poll": settings.LIVE_POLL_SECONDS,
    }
    if since < version:
        changes = comment_changes(article, since)
        if changes is None:
            return {**answer, "reload": True}
        answer.update(changes)
        count = article.comment_count
        answer["count"] = {
            "n": count,
            "label": ngettext("%(counter)s comment", "%(counter)s comments", count)
            % {"counter": count},
        }
        ticker = ticker_changes(article, since)
        if ticker is not None:
            answer["ticker"] = ticker
    if epoch is not None and epoch != counts_key:
        answer["counts"] = recommendation_labels(article)
    return answer
