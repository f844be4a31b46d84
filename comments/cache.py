"""Cached fragments of comment threads, keyed on versions that live in the database.

Caches follow the database (issue 9): the fragment keys are versions kept in the database, so
every process, worker and command sees a change the moment its transaction commits, on any
cache backend, also after an eviction or a restart. `article_thread_bump` (below)
is the one function that raises them, with F() in the writer's transaction:
- `Article.thread_version` changes on every change anywhere in the article's discussion; the
  page's keys (the listed-thread count) derive from it, read with the article;
- each thread root's `Comment.tree_version` changes when that thread's shared HTML changes,
  so a new reply re-renders only its own thread's fragment, not the page of 50. It is read
  with the page's root ids (the same query), so checking the fragments costs no query.

The whole-page cache for anonymous readers (newsroom.edge) depends on `Article.thread_version`
too (`page_depends_on_thread`): before it replays a page it asks the database for the
version (one primary-key query), so a copy in any process is outdated by the commit.

`fragment_stamps()` is the ONE place that says what a thread fragment is valid for.

Fragments are stored under a key without the stamp, together with the stamp they were
rendered for, so an outdated fragment can still be served for a short stale window while
exactly one request (holding a short cache lock) renders the new one.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Subquery
from django.db.models.functions import Greatest, Now

from articles.models import Article
from comments.models import Comment
from newsroom import surrogate
from newsroom.edge import database_key, depend_on, register_database_version
from newsroom.purge import purge_after_commit

# How long an outdated fragment may be served while one request re-renders it; also the
# lifetime of the render lock, so a crashed renderer delays the next render by this much.
STALE_SECONDS = 10


PAGE_VERSION = "article-thread"  # newsroom.edge: a database version, Article.thread_version


def _thread_versions(pks) -> dict:
    return dict(Article.objects.filter(pk__in=pks).values_list("pk", "thread_version"))


register_database_version(PAGE_VERSION, _thread_versions)


def page_depends_on_thread(request, article) -> None:
    """The page shows this article's discussion: its page cache entry and ETag follow its
    `thread_version`, read with the article (the page cache asks the database on a replay)."""
    depend_on(request, database_key(PAGE_VERSION, article.pk), article.thread_version)


def fragment_stamps(roots, *, counts=0, badges=frozenset()) -> dict[int, tuple]:
    """Return {tree_id: stamp} for (tree_id, tree_version) pairs: what each fragment is valid for.

    `counts` is what the recommendation counts are valid for (threads.recommendation_counts_key)
    and `badges` the byline accounts that get the author badge; both come from the article row
    already loaded, so nothing here reads the cache or the database.
    """
    badge_key = tuple(sorted(badges))
    return {tree_id: (version, counts, badge_key) for tree_id, version in roots}


def _fragment_key(article_id: int, tree_id: int, variant: str) -> str:
    return f"comments:frag:{article_id}:{tree_id}:{variant}"


class FragmentLookup(NamedTuple):
    use: dict[int, list]  # tree id -> the fragment to show
    render: set[int]  # tree ids this request must render
    stale: bool  # whether an outdated fragment is shown (another request renders it)
    locked: set[int]  # tree ids whose render lock this request took (fragments_set frees)


def fragments_get(article_id: int, stamps: dict[int, tuple], variant: str) -> FragmentLookup:
    """Which fragments to use and which threads this request renders.

    A fragment whose stamp is outdated is still used while another request holds the
    render lock (for at most STALE_SECONDS); the first request to take the lock renders.
    A thread without any fragment is rendered without a lock: there is nothing to serve
    meanwhile.
    """
    keys = {_fragment_key(article_id, tree_id, variant): tree_id for tree_id in stamps}
    found = cache.get_many(list(keys))
    lookup = FragmentLookup({}, set(), False, set())
    stale = False
    for key, tree_id in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == stamps[tree_id]:
            lookup.use[tree_id] = entry[1]
        elif entry is None:
            lookup.render.add(tree_id)
        elif cache.add(f"{key}:lock", 1, timeout=STALE_SECONDS):
            lookup.render.add(tree_id)
            lookup.locked.add(tree_id)
        else:
            lookup.use[tree_id] = entry[1]  # someone else is rendering it: the previous one
            stale = True
    return lookup._replace(stale=stale)


def fragments_set(
    article_id: int,
    stamps: dict[int, tuple],
    fragments: dict,
    variant: str,
    locked: set[int] = frozenset(),
):
    """Store freshly rendered fragments with the stamps read before their rows were read,
    and free the render locks this request took."""
    if not fragments:
        return
    values = {
        _fragment_key(article_id, tree_id, variant): (stamps[tree_id], fragment)
        for tree_id, fragment in fragments.items()
    }
    cache.set_many(values, timeout=settings.FRAGMENT_CACHE_SECONDS)
    if locked:
        cache.delete_many(
            [f"{_fragment_key(article_id, tree_id, variant)}:lock" for tree_id in locked]
        )


def article_thread_bump(
    *,
    article_id: int,
    tree_ids: Iterable[int] | None = None,
    count_delta: int = 0,
    count: int | None = None,
    comment_ids: Iterable[int] = (),
    activity: bool = False,
) -> None:
    """Record that readers see something new in the article's comments, in this transaction.

    `Article.thread_version` is part of every cache key of the article's comment section
    (page validators, the page's root count); each thread root's `tree_version` is part of
    the key of that thread's cached fragment (comments/cache.py). Both are raised with F()
    here, so every process, worker and command sees the change the moment the transaction
    commits, on any cache backend. `tree_ids`: the threads whose shared HTML changed (None:
    all of the article's threads, e.g. a commenter renamed; (): none, only the page, e.g. the
    discussion closed). `count_delta` adjusts the visible-comment count; `count` (the
    recount) replaces it.

    Live updates (comments.live): `comment_ids` are the comments whose look changed (new,
    edited, hidden, approved, picked); they are stamped with the new thread_version, so an
    open page asks "what changed since the version I show" with one query. Their rows are
    this transaction's already (inserted, updated or locked before), so the stamp takes no
    new lock. `activity`: a new comment, which keeps live updates going
    (Article.live_updates_active).
    """
    comment_count = Greatest(F("comment_count") + count_delta, 0) if count is None else count
    roots = Comment.objects.filter(article_id=article_id, level=0)
    if tree_ids is not None:
        tree_ids = sorted(set(tree_ids))
        roots = roots.filter(tree_id__in=tree_ids) if tree_ids else None
    if roots is not None:
        roots.update(tree_version=F("tree_version") + 1)
    extra = {"live_activity_at": Now()} if activity else {}
    # Last: the article row lock is held for as short a time as possible.
    Article.objects.filter(pk=article_id).update(
        comment_count=comment_count, thread_version=F("thread_version") + 1, **extra
    )
    comment_ids = sorted(set(comment_ids))
    if comment_ids:
        # Our own update above is what this transaction reads: the new version.
        version = Article.objects.filter(pk=article_id).values("thread_version")[:1]
        Comment.objects.filter(pk__in=comment_ids).update(live_version=Subquery(version))
    thread_purge(article_id=article_id)


def thread_purge(*, article_id: int) -> None:
    """Purge the pages showing the article's discussion at the edge once this commits.

    Called where the thread version moves (above) and where reader recommendations move to a
    new slot; the task itself is newsroom.purge's (issue 23: purge on write).
    """
    purge_after_commit([surrogate.thread(article_id)])
