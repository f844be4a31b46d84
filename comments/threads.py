"""The read side of the article page: one page of threads, built in a constant number of queries.

The page's root tree ids are paged in SQL; the comments of those threads come in one query in
(tree_id, lft) order, and the display tree is built here in Python in one linear pass each
way. mptt's get_cached_trees() would do the same but searches parents in a list per level,
which is quadratic on a 5,000-comment page.
"""

from functools import cached_property
from typing import NamedTuple
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments.cache import fragment_stamps, fragments_get, fragments_set, thread_version
from comments.forms import CommentForm
from comments.models import Comment
from comments.permissions import can_delete, can_edit, can_moderate
from comments.services import comment_posting_refusal
from comments.thread_render import (
    ReaderBits,
    ThreadRenderer,
    fragment_slots,
    render_reply_form,
)
from newsroom.edge import page_not_storable

# Replies are indented up to this depth; deeper replies are shown at this depth, in order,
# each still naming the comment it answers ("@Name:").
MAX_VISUAL_DEPTH = 4
ORDERS = ("oldest", "newest")
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


ROW_FIELDS = (
    "id", "tree_id", "level", "parent_id", "author_id", "status", "created_at", "edited_at",
    "body_html", "hidden_reason", "hidden_note", "hidden_by_id",
)  # fmt: skip
PERSON_FIELDS = ("username", "display_name", "is_deleted", "is_active")


class ThreadComment:
    """A comment as the thread renderer sees it: the row's fields, `author` and `hidden_by`.

    Built from one values_list() query instead of model instances: creating 2,000 model
    objects (comment and author) was half the time of an uncached 1,000-comment page.
    Authors are real (unsaved-looking) User objects, one per person, so `public_name` and
    `get_absolute_url()` keep their one home on the model.
    """

    __slots__ = (
        *ROW_FIELDS, "pk", "author", "hidden_by", "display", "key", "permalink", "author_url",
        "shown_children", "reply_to", "depth", "viewer_can_reply", "viewer_can_edit",
        "viewer_can_delete", "show_reply_form",
    )  # fmt: skip


def thread_rows(article, tree_ids) -> list[ThreadComment]:
    """Every comment of the given threads in tree order, as ThreadComments (one query)."""
    from accounts.models import User

    people: dict[int, User] = {}

    def person(pk, values):
        if pk is None:
            return None
        found = people.get(pk)
        if found is None:
            found = people[pk] = User(pk=pk, **dict(zip(PERSON_FIELDS, values, strict=True)))
        return found

    author_fields = [f"author__{name}" for name in PERSON_FIELDS]
    hidden_by_fields = [f"hidden_by__{name}" for name in PERSON_FIELDS]
    width = len(ROW_FIELDS)
    rows = Comment.objects.for_threads(article, tree_ids).values_list(
        *ROW_FIELDS, *author_fields, *hidden_by_fields
    )
    comments = []
    for row in rows:
        comment = ThreadComment()
        for name, value in zip(ROW_FIELDS, row, strict=False):
            setattr(comment, name, value)
        comment.pk = row[0]
        comment.author = person(comment.author_id, row[width : width + 4])
        comment.hidden_by = person(comment.hidden_by_id, row[width + 4 : width + 8])
        comments.append(comment)
    return comments


def _private_statuses(comments) -> tuple:
    return tuple((c.author_id, c.status) for c in comments if c.status != Comment.Status.VISIBLE)


def _viewer_display(comment: Comment, user, is_moderator: bool) -> str | None:
    """Return how `comment` itself is shown to this viewer, or None if it is not shown."""
    status = comment.status
    own = user is not None and user.is_authenticated and comment.author_id == user.pk
    if status == Comment.Status.VISIBLE:
        return FULL
    if status == Comment.Status.PENDING:
        return FULL if (own or is_moderator) else None
    if is_moderator:  # moderators see every text, marked with its status
        return FULL
    if status == Comment.Status.HIDDEN:
        # Authors learn that (and, through the moderation notice, why) it was removed.
        return REMOVED if own else None
    return None


def build_display_tree(
    comments, *, user, is_moderator: bool, reply_to_pk=None, replies_open: bool = True
):
    """Return the shown roots; each shown comment gets `shown_children`, `display`, `depth`.

    `comments` must be whole threads in (tree_id, lft) order. A comment the viewer may not
    see still appears, as a placeholder, when a reply below it is shown.
    """
    comments = list(comments)
    by_pk = {c.pk: c for c in comments}
    has_shown_reply: set[int] = set()
    # Children follow their parent in tree order, so a reverse pass sees replies first.
    for comment in reversed(comments):
        display = _viewer_display(comment, user, is_moderator)
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
        comment.viewer_can_reply = (
            replies_open and live and comment.status == Comment.Status.VISIBLE
        )
        comment.viewer_can_edit = live and can_edit(comment, user)
        comment.viewer_can_delete = live and can_delete(comment, user)
        comment.show_reply_form = reply_to_pk is not None and comment.pk == reply_to_pk
        if level == 0:
            roots.append(comment)
            path = [comment]
            continue
        del path[min(level, MAX_VISUAL_DEPTH) :]
        # Deeper replies join the list of the deepest indented ancestor, in tree order.
        path[-1].shown_children.append(comment)
        if level <= MAX_VISUAL_DEPTH - 1:
            path.append(comment)
    return roots


class ThreadPage:
    """What the comment section of one article page shows to one viewer."""

    def __init__(self, *, article, request, page=None, order=None, reply_to=None, form=None):
        self.article = article
        self.request = request
        self.user = getattr(request, "user", None)
        self.order = order if order in ORDERS else "oldest"
        self.page_number = _positive_int(page) or 1
        self.reply_to = _positive_int(reply_to)
        self.form = form  # a bound form with errors, when re-rendering a failed post
        self.base_url = article.get_absolute_url()
        self.per_page = settings.COMMENT_THREADS_PER_PAGE

    @cached_property
    def refusal(self) -> str | None:
        """Why the viewer cannot write here (shown instead of the form), or None."""
        if not self.user.is_authenticated:
            return None
        return comment_posting_refusal(user=self.user, article=self.article)

    @property
    def replies_open(self) -> bool:
        """Whether "Reply" links are shown: anonymous readers get one that leads to login."""
        if self.user.is_authenticated:
            return self.can_post
        return self.article.comments_open and self.article.is_published()

    @property
    def can_post(self) -> bool:
        return self.user.is_authenticated and not self.refusal

    @property
    def login_url(self) -> str:
        return f"{reverse('login')}?next={quote(self.base_url + '#comments')}"

    @cached_property
    def forms(self):
        """Return (top-level form, reply form or None) for a reader who may post.

        The reply form only exists when the comment it answers is shown on this page;
        otherwise a failed reply's text goes back into the top-level form, never lost.
        """
        if not self.can_post:
            return None, None
        failed = self.form
        replying = failed is not None and failed.is_reply()
        target_shown = bool(self.reply_to) and self._reply_target_open()
        reply_form = None
        if target_shown:
            if replying:
                reply_form = failed
            else:
                reply_form = CommentForm(
                    article=self.article, initial={"parent": self.reply_to}, auto_id="reply_%s"
                )
                reply_form.fields["body"].widget.attrs["autofocus"] = ""
            reply_form.auto_id = "reply_%s"
            reply_form.place("reply-form")
            reply_form.helper.form_class += " comment-form--reply"
        if failed is not None and reply_form is not failed:
            if replying:  # its parent is gone from this page: post it as a new comment
                failed.data = failed.data.copy()
                failed.data["parent"] = ""
            top_form = failed
        else:
            top_form = CommentForm(article=self.article)
        top_form.place("comment-form")
        return top_form, reply_form

    @property
    def top_form(self):
        return self.forms[0]

    @property
    def reply_form(self):
        return self.forms[1]

    @cached_property
    def is_moderator(self) -> bool:
        return can_moderate(self.user)

    @cached_property
    def version(self) -> int:
        return thread_version(self.article.pk)

    @cached_property
    def page_obj(self):
        roots = Comment.objects.listed_roots(self.article)
        if self.order == "newest":
            roots = roots.order_by("-tree_id")
        # rght comes along: it grows with every reply and is part of each fragment's stamp.
        return Paginator(roots.values_list("tree_id", "rght"), self.per_page).get_page(
            self.page_number
        )

    @cached_property
    def fragments(self) -> list[list]:
        """The page's threads as fragments (thread_render), in page order, for this viewer.

        Shared fragments come from the cache; what is missing or outdated is rendered from
        ONE query for those threads. A thread this viewer sees differently from everyone
        else (a moderator: anything not visible; an author: their own pending or hidden
        comment) is rendered for them and never cached.
        """
        pairs = list(self.page_obj.object_list)
        if not pairs:
            return []
        article_id = self.article.pk
        variant = f"{get_language()}:{timezone.get_current_timezone_name()}"
        stamps = fragment_stamps(article_id, pairs)
        shared, to_render, stale = fragments_get(article_id, stamps, variant)
        if stale:  # a page with an outdated thread must not be stored as the new version
            page_not_storable(self.request)
        personal = {
            tree_id for tree_id, fragment in shared.items() if self._sees_differently(fragment)
        }
        needed = to_render | personal
        if needed:
            comments = thread_rows(self.article, needed)
            by_tree: dict[int, list] = {}
            for comment in comments:
                by_tree.setdefault(comment.tree_id, []).append(comment)
            fresh = {}
            if to_render:
                rendering = [c for c in comments if c.tree_id in to_render]
                roots = build_display_tree(rendering, user=None, is_moderator=False)
                parts = ThreadRenderer().render(roots)
                for tree_id in to_render:
                    fresh[tree_id] = Fragment(
                        parts=parts.get(tree_id, []),
                        private=_private_statuses(by_tree.get(tree_id, [])),
                    )
                fragments_set(article_id, stamps, fresh, variant)
                shared.update(fresh)
                personal |= {t for t in to_render if self._sees_differently(fresh[t])}
            if personal:
                mine = [c for c in comments if c.tree_id in personal]
                roots = build_display_tree(mine, user=self.user, is_moderator=self.is_moderator)
                renderer = ThreadRenderer(viewer=self.user, is_moderator=self.is_moderator)
                for tree_id, parts in renderer.render(roots).items():
                    shared[tree_id] = Fragment(parts=parts, private=())
                for tree_id in personal - {r.tree_id for r in roots}:
                    shared[tree_id] = Fragment(parts=[], private=())
        return [shared[tree_id].parts for tree_id, _ in pairs if shared[tree_id].parts]

    def _sees_differently(self, fragment) -> bool:
        if not fragment.private or not self.user.is_authenticated:
            return False
        if self.is_moderator:
            return True
        pk = self.user.pk  # an author's own deleted comment looks the same to them
        return any(
            author_id == pk and status in OWN_DIFFERENT for author_id, status in fragment.private
        )

    @property
    def has_threads(self) -> bool:
        return bool(self.fragments)

    @cached_property
    def list_html(self) -> str:
        """The page's threads with this reader's bits applied on top (no queries)."""
        bits = ReaderBits(thread=self)
        fragments = self.fragments
        bits.prefetch(fragments)
        if self.reply_form is not None:
            bits.reply_form_html = render_reply_form(self)
        return mark_safe("".join(bits.fill(fragment) for fragment in fragments))

    def _reply_target_open(self) -> bool:
        """Whether the comment being answered is shown on this page and takes replies."""
        if not self.replies_open:
            return False
        return any(
            slot.pk == self.reply_to
            and slot.display == FULL
            and slot.status == Comment.Status.VISIBLE
            for fragment in self.fragments
            for slot in fragment_slots(fragment)
        )

    def url(self, **params) -> str:
        """A URL of the article page keeping the current order and page unless overridden."""
        query = {"order": self.order, "page": self.page_number}
        query.update(params)
        query = {k: v for k, v in query.items() if v not in (None, "", 1, "oldest")}
        return self.base_url + (f"?{urlencode(query)}" if query else "")

    @property
    def newest_url(self) -> str:
        return self.url(order="newest", page=None) + "#comments"

    @property
    def oldest_url(self) -> str:
        return self.url(order="oldest", page=None) + "#comments"

    def page_url(self, number) -> str:
        return self.url(page=number) + "#comments"

    @property
    def previous_url(self) -> str:
        return self.page_url(self.page_obj.previous_page_number())

    @property
    def next_url(self) -> str:
        return self.page_url(self.page_obj.next_page_number())

    @property
    def reply_url_prefix(self) -> str:
        """The article URL with order and page; templates append reply_to=<pk>."""
        url = self.url()
        return url + ("&" if "?" in url else "?")


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def comment_page_number(comment: Comment, *, order: str = "oldest") -> int:
    """Return the page of threads (1-based) on which `comment`'s thread is listed."""
    roots = Comment.objects.listed_roots(comment.article_id)
    if order == "newest":
        before = roots.filter(tree_id__gt=comment.tree_id).count()
    else:
        before = roots.filter(tree_id__lt=comment.tree_id).count()
    return before // settings.COMMENT_THREADS_PER_PAGE + 1


def comment_page_url(comment: Comment, article=None) -> str:
    """The article page that shows `comment`, with its anchor."""
    article = article or comment.article
    page = comment_page_number(comment)
    url = article.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return f"{url}#{comment.anchor}"
