"""The read side of the article page: one page of threads, built in a constant number of queries
(what the page shows to one viewer is comments/thread_page/, built on this module).

The page's root tree ids are paged in SQL; the comments of those threads come in one query in
(tree_id, lft) order, and the display tree is built here in Python in one linear pass each
way. mptt's get_cached_trees() would do the same but searches parents in a list per level,
which is quadratic on a 5,000-comment page.
"""

import time
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from comments.models import Comment, recommendation_slot
from comments.permissions import can_delete, can_edit

# Replies are indented up to this depth; deeper replies are shown at this depth, in order,
# each still naming the comment it answers ("@Name:").
MAX_VISUAL_DEPTH = 4
# ?sort=: the discussion in three orders, the editors' picks (a flat list of comments), and
# the questions to the authors (newest first, or answered ones first).
ORDERS = ("oldest", "newest", "recommended", "picks", "questions", "answered")
QUESTION_SORTS = ("questions", "answered")
FLAT_SORTS = ("picks",)
DEPTH_CLASSES = [str(depth) for depth in range(MAX_VISUAL_DEPTH + 1)]  # no number formatting

# How a comment appears to the current viewer.
FULL, REMOVED, DELETED, PENDING_PLACEHOLDER = "full", "removed", "deleted", "pending"


# An author sees these own comments differently from everyone else.
OWN_DIFFERENT = frozenset({Comment.Status.PENDING, Comment.Status.HIDDEN})


class Fragment(NamedTuple):
    """A thread's cached rendering and who would see it differently.

    `private` lists (author id, status) of the thread's comments that are not visible to
    everyone: their authors and moderators get the thread rendered for them.
    """

    parts: list
    private: tuple


# What a displayed thread reads of each comment, its author and its hider (one query).
THREAD_FIELDS = (
    "pk",
    "article_id",
    "author_id",
    "parent_id",
    "tree_id",
    "lft",
    "rght",
    "level",
    "status",
    "created_at",
    "edited_at",
    "body_html",
    "hidden_reason",
    "hidden_note",
    "hidden_by_id",
    "recommendation_count",
    "picked_at",
    "pick_note",
    "staff_role",
    "is_question",
    "answered_at",
)
PERSON_FIELDS = ("username", "display_name", "is_active", "is_deleted")


class RowPerson:
    """An author or hider as a thread shows them: the User's own rules, without the model."""

    __slots__ = ("pk", "username", "display_name", "is_active", "is_deleted")
    public_name = User.public_name
    get_absolute_url = User.get_absolute_url

    def __init__(self, pk, username, display_name, is_active, is_deleted):
        self.pk = pk
        self.username = username
        self.display_name = display_name
        self.is_active = is_active
        self.is_deleted = is_deleted


class ThreadRow:
    """A comment of a displayed thread: the fields of THREAD_FIELDS and Comment's own rules.

    Read with values_list(), because building 1,000 model instances (and their authors) was a
    third of an uncached 1,000-comment page. The small truths (is_visible, is_pick, ...) are
    Comment's functions, so the rules keep their one home. A renderer part that needs another
    field adds it to THREAD_FIELDS.
    """

    Status = Comment.Status
    COUNTED = Comment.COUNTED
    LIVE = Comment.LIVE
    is_visible = Comment.is_visible
    is_pending = Comment.is_pending
    is_hidden = Comment.is_hidden
    is_deleted = Comment.is_deleted
    is_live = Comment.is_live
    is_pick = Comment.is_pick
    has_replies = Comment.has_replies
    anchor = Comment.anchor
    get_absolute_url = Comment.get_absolute_url


def thread_rows(article, tree_ids) -> list[ThreadRow]:
    """Every comment of the given threads in tree order (one query), as ThreadRows."""
    people = [f"author__{f}" for f in PERSON_FIELDS] + [f"hidden_by__{f}" for f in PERSON_FIELDS]
    rows = Comment.objects.for_threads(article, tree_ids).values_list(*THREAD_FIELDS, *people)
    known: dict[int, RowPerson] = {}  # one object per person, however many comments
    count, persons = len(THREAD_FIELDS), len(PERSON_FIELDS)
    author_at, hider_at = THREAD_FIELDS.index("author_id"), THREAD_FIELDS.index("hidden_by_id")
    result = []
    new = object.__new__
    for values in rows:
        row = new(ThreadRow)
        row.__dict__.update(zip(THREAD_FIELDS, values, strict=False))  # values: + people
        author_id = values[author_at]
        author = known.get(author_id)
        if author is None:
            author = known[author_id] = RowPerson(author_id, *values[count : count + persons])
        row.author = author
        hider_id = values[hider_at]
        if hider_id is None:
            row.hidden_by = None
        else:
            hider = known.get(hider_id)
            if hider is None:
                hider = known[hider_id] = RowPerson(hider_id, *values[count + persons :])
            row.hidden_by = hider
        result.append(row)
    return result


def private_statuses(comments) -> tuple:
    return tuple((c.author_id, c.status) for c in comments if not c.is_visible())


def _viewer_display(comment: Comment, user, moderates: bool) -> str | None:
    """Return how `comment` itself is shown to this viewer, or None if it is not shown."""
    own = user is not None and user.is_authenticated and comment.author_id == user.pk
    if comment.is_visible():
        return FULL
    if comment.is_pending():
        return FULL if (own or moderates) else None
    if moderates:  # moderators see every text, marked with its status
        return FULL
    if comment.is_hidden():
        # Authors learn that (and, through the moderation notice, why) it was removed.
        return REMOVED if own else None
    return None


class Viewer:
    """What one reader brings to a thread: their recommendations, mutes and rights.

    Built with one query each for a logged-in reader (none for anonymous ones), whatever
    the number of comments, recommendations and picks on the page.
    """

    def __init__(
        self,
        *,
        badge_user_ids=frozenset(),
        recommended_ids=frozenset(),
        muted_ids=frozenset(),
        may_recommend: bool = False,
        may_pick: bool = False,
    ):
        self.badge_user_ids = badge_user_ids
        self.recommended_ids = recommended_ids
        self.muted_ids = muted_ids
        self.may_recommend = may_recommend
        self.may_pick = may_pick


ANONYMOUS_VIEWER = Viewer()


def decorate(comment: Comment, *, user, viewer: Viewer) -> None:
    """Set what a shown comment displays beyond its text: badge, pick, recommendation bits."""
    authenticated = user is not None and user.is_authenticated
    own = authenticated and comment.author_id == user.pk
    comment.badge = "author" if comment.author_id in viewer.badge_user_ids else comment.staff_role
    comment.shows_pick = comment.display == FULL and comment.is_pick()
    recommendable = comment.display == FULL and comment.is_visible()
    comment.shows_recommendations = recommendable
    comment.viewer_recommended = comment.pk in viewer.recommended_ids
    comment.viewer_can_recommend = recommendable and viewer.may_recommend and not own
    comment.viewer_can_pick = recommendable and viewer.may_pick
    comment.muted = not own and comment.author_id in viewer.muted_ids and comment.display == FULL


def fold_replies(root: Comment, shown: int) -> None:
    """Split a thread's direct replies into the first `shown` and the folded rest."""
    children = root.shown_children
    root.replies_shown = children[:shown]
    root.replies_folded = children[shown:]
    root.folded_count = sum(1 + child.reply_count for child in root.replies_folded)


def build_display_tree(
    comments,
    *,
    user,
    moderates: bool,
    reply_to_pk=None,
    replies_open: bool = True,
    may_edit: bool = True,
    viewer: Viewer = ANONYMOUS_VIEWER,
    replies_shown: int | None = None,
):
    """Return the shown roots; each shown comment gets `shown_children`, `display`, `depth`.

    `comments` must be whole threads in (tree_id, lft) order. A comment the viewer may not
    see still appears, as a placeholder, when a reply below it is shown. Every shown comment
    counts its shown replies (`reply_count`); roots fold the replies beyond `replies_shown`.

    Long because its two linear passes (replies first, then parents) share their local
    tables (by_pk, has_shown_reply); split, they would hand them around for every comment.
    """
    comments = list(comments)
    by_pk = {c.pk: c for c in comments}
    has_shown_reply: set[int] = set()
    # Children follow their parent in tree order, so a reverse pass sees replies first.
    for comment in reversed(comments):
        display = _viewer_display(comment, user, moderates)
        if display is None and comment.pk in has_shown_reply:
            display = {
                Comment.Status.HIDDEN: REMOVED,
                Comment.Status.DELETED: DELETED,
            }.get(comment.status, PENDING_PLACEHOLDER)
        comment.display = display
        if display is not None and comment.parent_id is not None:
            has_shown_reply.add(comment.parent_id)

    roots = []
    path: list[Comment] = []  # the shown ancestors of the current comment, by depth
    # Strings the template would otherwise compute per comment (reverse(), number
    # formatting of pks): a third of the render time of a 5,000-comment page.
    permalink = reverse("comments:permalink", kwargs={"pk": 987654321}).replace("987654321", "{}")
    profile_urls: dict[int, str] = {}
    for comment in comments:
        if comment.display is None:
            continue
        comment.key = str(comment.pk)
        comment.permalink = permalink.format(comment.key)
        author = comment.author
        if author.pk not in profile_urls:
            profile_urls[author.pk] = author.get_absolute_url() if author.is_active else ""
        comment.author_url = profile_urls[author.pk]
        level = comment.level
        comment.shown_children = []
        parent = by_pk.get(comment.parent_id)
        # "@Name:" only for a parent that is itself shown: a removed comment stays anonymous.
        comment.reply_to = parent if parent is not None and parent.display == FULL else None
        comment.depth = DEPTH_CLASSES[min(level, MAX_VISUAL_DEPTH)]
        live = comment.display == FULL
        comment.viewer_can_reply = replies_open and live and comment.is_visible()
        # Editing is writing: a reader who may not post (sanctioned, closed thread) gets no link.
        comment.viewer_can_edit = may_edit and live and can_edit(comment, user)
        comment.viewer_can_delete = live and can_delete(comment, user)
        comment.show_reply_form = reply_to_pk is not None and comment.pk == reply_to_pk
        comment.reply_count = 0
        decorate(comment, user=user, viewer=viewer)
        if level == 0:
            roots.append(comment)
            path = [comment]
            continue
        del path[min(level, MAX_VISUAL_DEPTH) :]
        for ancestor in path:
            ancestor.reply_count += 1
        # Deeper replies join the list of the deepest indented ancestor, in tree order.
        path[-1].shown_children.append(comment)
        if level <= MAX_VISUAL_DEPTH - 1:
            path.append(comment)
    shown = settings.COMMENT_REPLIES_SHOWN if replies_shown is None else replies_shown
    for root in roots:
        fold_replies(root, shown)
        # A reply form opened below a folded reply must be visible.
        root.folded_open = reply_to_pk is not None and _contains(root.replies_folded, reply_to_pk)
    return roots


def _contains(comments, pk) -> bool:
    return any(c.pk == pk or _contains(c.shown_children, pk) for c in comments)


def build_flat_list(comments, *, user, moderates: bool, viewer: Viewer = ANONYMOUS_VIEWER):
    """Single comments out of their threads (the editors' picks), each linking to its place."""
    permalink = reverse("comments:permalink", kwargs={"pk": 987654321}).replace("987654321", "{}")
    shown = []
    for comment in comments:
        comment.display = _viewer_display(comment, user, moderates)
        if comment.display is None:
            continue
        comment.key = str(comment.pk)
        comment.permalink = permalink.format(comment.key)
        author = comment.author
        comment.author_url = author.get_absolute_url() if author.is_active else ""
        comment.shown_children = comment.replies_shown = comment.replies_folded = []
        comment.reply_count = comment.folded_count = 0
        comment.folded_open = False
        comment.reply_to = None
        comment.depth = DEPTH_CLASSES[0]
        comment.viewer_can_reply = comment.viewer_can_edit = comment.viewer_can_delete = False
        comment.show_reply_form = False
        comment.in_context = True  # "read it in its thread"
        decorate(comment, user=user, viewer=viewer)
        shown.append(comment)
    return shown


def root_order(article, order: str):
    """The listed thread roots of `article` in the order of the `?sort=` tab."""
    if order in QUESTION_SORTS:
        roots = Comment.objects.question_roots(article)
        if order == "answered":  # answered questions first, each group newest first
            return roots.order_by(F("answered_at").desc(nulls_last=True), "-tree_id")
        return roots.order_by("-tree_id")
    roots = Comment.objects.discussion_roots(article)
    if order == "newest":
        return roots.order_by("-tree_id")
    if order == "recommended":  # threads by their root's recommendations, ties by time
        return roots.order_by("-recommendation_count", "tree_id")
    return roots


def comment_sort_for(comment: Comment, order: str) -> str:
    """The tab that can show `comment` in `order`: a question lives in the questions tab."""
    root_is_question = (
        comment.is_question
        if comment.level == 0
        else Comment.objects.filter(tree_id=comment.tree_id, level=0, is_question=True).exists()
    )
    if root_is_question:
        return order if order in QUESTION_SORTS else "questions"
    if order in QUESTION_SORTS or (order in FLAT_SORTS and not comment.is_pick()):
        return "oldest"
    return order if order in ORDERS else "oldest"


def comment_page_number(comment: Comment, *, order: str = "oldest") -> int:
    """Return the page (1-based) on which `comment` is listed in the tab `order`.

    Counts the threads (or picks) listed before the comment's in that order: the same
    ordering as the page itself, so a permalink lands on the right page in every tab.
    """
    per_page = settings.COMMENT_THREADS_PER_PAGE
    article = comment.article_id
    if order in FLAT_SORTS:
        picks = Comment.objects.picks(article)
        before = picks.filter(
            Q(picked_at__gt=comment.picked_at) | Q(picked_at=comment.picked_at, pk__gt=comment.pk)
        ).count()
        return before // per_page + 1
    root = (
        comment
        if comment.level == 0
        else Comment.objects.filter(tree_id=comment.tree_id, level=0).first()
    )
    roots = root_order(article, order)
    if order == "newest" or order == "questions":
        before = roots.filter(tree_id__gt=root.tree_id).count()
    elif order == "recommended":
        count = root.recommendation_count
        before = roots.filter(
            Q(recommendation_count__gt=count)
            | Q(recommendation_count=count, tree_id__lt=root.tree_id)
        ).count()
    elif order == "answered":
        if root.answered_at is not None:
            earlier = Q(answered_at__gt=root.answered_at) | Q(
                answered_at=root.answered_at, tree_id__gt=root.tree_id
            )
        else:
            earlier = Q(answered_at__isnull=False) | Q(tree_id__gt=root.tree_id)
        before = roots.filter(earlier).count()
    else:
        before = roots.filter(tree_id__lt=root.tree_id).count()
    return before // per_page + 1


def comment_page_url(comment: Comment, article=None, *, order: str = "oldest") -> str:
    """The article page that shows `comment` in the tab `order` (if it can), with its anchor."""
    article = article or comment.article
    order = comment_sort_for(comment, order)
    page = comment_page_number(comment, order=order)
    query = {k: v for k, v in (("sort", order), ("page", page)) if v not in ("oldest", 1)}
    url = article.get_absolute_url()
    if query:
        url += f"?{urlencode(query)}"
    return f"{url}#{comment.anchor}"


def _forms(singular: str, plural: str) -> tuple[str, str]:
    """The one and the other plural form with "{n}" for the number (static/js/live.js)."""
    return (
        ngettext(singular, plural, 1) % {"n": "{n}"},
        ngettext(singular, plural, 2) % {"n": "{n}"},
    )


def live_texts() -> dict[str, str]:
    """The live announcements in the reader's language, as data attributes."""
    comments = _forms("%(n)s new comment – show", "%(n)s new comments – show")
    replies = _forms("%(n)s new reply", "%(n)s new replies")
    entries = _forms("%(n)s new ticker entry – show", "%(n)s new ticker entries – show")
    return {
        "comments-one": comments[0],
        "comments-other": comments[1],
        "replies-one": replies[0],
        "replies-other": replies[1],
        "entries-one": entries[0],
        "entries-other": entries[1],
        "reload": _("Much has changed – reload the page"),
    }


def recommendation_counts_key(article) -> int:
    """What the recommendation counts in a cached thread fragment are valid for.

    Read from Article.recommendations_epoch (the slot of the latest recommendation, written
    at most once per slot). While the article is "hot" (recommended in this or the previous
    slot) the key is the current slot, so a fragment is re-rendered at most once per slot of
    COMMENT_RECOMMENDATION_REFRESH_SECONDS and new counts show within two slots; once calm,
    the key stays at the last slot written and fragments live until something else changes.
    """
    slot = recommendation_slot(time.time())
    epoch = article.recommendations_epoch
    return slot if epoch >= slot - 1 else epoch
