"""The read side of the article page: one page of threads, built in a constant number of queries.

The page's root tree ids are paged in SQL; the comments of those threads come in one query in
(tree_id, lft) order, and the display tree is built here in Python in one linear pass each
way. mptt's get_cached_trees() would do the same but searches parents in a list per level,
which is quadratic on a 5,000-comment page.
"""

import math
import time
from functools import cached_property
from typing import NamedTuple
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy

from accounts.models import User
from accounts.services import muted_user_ids
from comments.cache import fragment_stamps, fragments_get, fragments_set
from comments.forms import CommentForm
from comments.models import Comment, recommendation_slot
from comments.moderation import rules
from comments.moderation.models import DiscussionRules, ModerationSettings
from comments.permissions import byline_user_ids, can_delete, can_edit, can_moderate, can_pick
from comments.thread_render import (
    ReaderBits,
    ThreadRenderer,
    fragment_slots,
    render_reply_form,
)
from newsroom.edge import page_expires_within, page_not_storable

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


def _private_statuses(comments) -> tuple:
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


class _KnownCountPaginator(Paginator):
    """A paginator told its count, so that it does not ask the database again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class ThreadPage:
    """What the comment section of one article page shows to one viewer.

    Built by the `comment_thread` template tag from the query string, or handed a refused
    post's bound form (and the reply it answered) explicitly through the template context by
    comments.views. `request` is only used for what the reader's forms carry (the CSRF
    token, the current path); who reads is `user`.
    """

    def __init__(
        self, *, article, user, request=None, page=None, order=None, reply_to=None, form=None
    ):
        self.article = article
        self.user = user
        self.request = request
        if order in QUESTION_SORTS and not article.questions_open:
            order = None
        self.order = order if order in ORDERS else "oldest"
        self.requested_page = _positive_int(page) or 1
        self.reply_to = _positive_int(reply_to)
        self.form = form  # a bound form with errors, when re-rendering a failed post
        self.base_url = article.get_absolute_url()
        self.per_page = settings.COMMENT_THREADS_PER_PAGE

    @cached_property
    def site(self) -> ModerationSettings:
        """The moderation settings, read once per page: the discussion state and the
        compose form's review notice both need them."""
        return ModerationSettings.load()

    @cached_property
    def state(self) -> rules.DiscussionState:
        """Open, or closed with its reason: the same answer the write path gets."""
        return rules.discussion_state(self.article, site=self.site)

    @cached_property
    def participation_refusal(self):
        return rules.participation_refusal(self.user)

    @cached_property
    def refusal(self) -> str | None:
        """Why the viewer cannot write here (shown instead of the form), or None."""
        return rules.posting_refusal(
            user=self.user,
            article=self.article,
            state=self.state,
            participation=self.participation_refusal,
        )

    @property
    def replies_open(self) -> bool:
        """Whether "Reply" links are shown: anonymous readers get one that leads to login."""
        if self.user.is_authenticated:
            return self.can_post
        return self.state.is_open

    @property
    def can_post(self) -> bool:
        return self.user.is_authenticated and not self.refusal

    @property
    def can_report(self) -> bool:
        """The per-viewer flag of "who may report" (rules.participation_refusal)."""
        return self.user.is_authenticated and self.participation_refusal is None

    @cached_property
    def discussion_rules(self):
        """The admin-edited rules above the form (None: the built-in text); one query."""
        return DiscussionRules.objects.first()

    @property
    def login_url(self) -> str:
        return f"{reverse('login')}?next={quote(self.base_url + '#comments')}"

    @property
    def signup_url(self) -> str:
        """Sign-up that brings the reader back to this discussion after confirming."""
        return f"{reverse('accounts:signup')}?next={quote(self.base_url + '#comments')}"

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
                    article=self.article,
                    user=self.user,
                    initial={"parent": self.reply_to},
                    auto_id="reply_%s",
                )
                reply_form.fields["body"].widget.attrs["autofocus"] = ""
            reply_form.auto_id = "reply_%s"
            reply_form.place("reply-form")
            reply_form.helper.form_class += " comment-form--reply"
        if failed is not None and reply_form is not failed:
            if replying:  # its parent is gone from this page: post it as a new comment
                failed.data = failed.data.copy()
                failed.data["parent"] = ""
                failed.initial = {**failed.initial, "parent": None}  # a restored draft
            top_form = failed
        else:
            top_form = CommentForm(article=self.article, user=self.user)
            # Its HTML depends on these alone: rendered once per process (comment_form tag).
            top_form.shape = (
                "top",
                self.article.pk,
                "as_moderator" in top_form.fields,
                "accept_rules" in top_form.fields,
            )
        top_form.place("comment-form")
        return top_form, reply_form

    @property
    def top_form(self):
        return self.forms[0]

    @property
    def reply_form(self):
        return self.forms[1]

    @cached_property
    def moderates(self) -> bool:
        return can_moderate(self.user)

    @property
    def version(self) -> int:
        """The discussion's version, from the article row already loaded: no query of its own."""
        return self.article.thread_version

    def _listed(self):
        """What the current tab lists: picks (single comments) or thread roots, in order."""
        if self.is_flat:
            return Comment.objects.picks(self.article)
        return root_order(self.article, self.order)

    @cached_property
    def listed_count(self) -> int:
        """How many threads (or picks) the tab lists; cached under the article's version."""
        key = f"comments:listed:{self.article.pk}:{self.version}:{self.order}"
        count = cache.get(key)
        if count is None:
            count = self._listed().count()
            cache.set(key, count, 3600)
        return count

    @cached_property
    def page_number(self) -> int:
        """The requested page, clamped to the real range: any other number is the same key."""
        pages = max(1, math.ceil(self.listed_count / self.per_page))
        return min(self.requested_page, pages)

    @property
    def sort(self) -> str:
        return self.order

    @property
    def is_flat(self) -> bool:
        return self.order in FLAT_SORTS

    @property
    def is_questions(self) -> bool:
        return self.order in QUESTION_SORTS

    @cached_property
    def page_obj(self):
        listed = self._listed()
        if not self.is_flat:
            # Each root's tree_version comes along: the key of its thread's cached fragment.
            listed = listed.values_list("tree_id", "tree_version")
        paginator = _KnownCountPaginator(listed, self.per_page, count=self.listed_count)
        return paginator.page(self.page_number)

    @cached_property
    def fragments(self) -> list[list]:
        """The page's threads as fragments (thread_render), in page order, for this viewer.

        Shared fragments come from the cache; what is missing or outdated is rendered from
        ONE query for those threads. A thread this viewer sees differently from everyone
        else (a moderator: anything not visible; an author: their own pending or hidden
        comment; a reader who muted one of its authors) is rendered for them, never cached.
        The editors' picks tab is a short list of single comments, rendered uncached.
        """
        if self.is_flat:
            return self._flat_fragments()
        pairs = list(self.page_obj.object_list)
        if not pairs:
            return []
        article_id = self.article.pk
        variant = f"{get_language()}:{timezone.get_current_timezone_name()}"
        stamps = fragment_stamps(
            pairs,
            # The recommendation counts shown in the fragments are valid for one slot while
            # the article is hot (see recommendation_counts_key): a wave re-renders once per slot.
            counts=recommendation_counts_key(self.article),
            badges=self.shared_viewer.badge_user_ids,
        )
        # The whole-page cache has no such slot key: its copy lives one slot at most.
        if self.request is not None:
            page_expires_within(self.request, settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS)
        lookup = fragments_get(article_id, stamps, variant)
        shared, to_render, stale = lookup.use, lookup.render, lookup.stale
        if stale and self.request is not None:  # a page with an outdated thread: not stored
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
                roots = build_display_tree(
                    rendering, user=None, moderates=False, viewer=self.shared_viewer
                )
                parts = ThreadRenderer().render(roots)
                for tree_id in to_render:
                    fresh[tree_id] = Fragment(
                        parts=parts.get(tree_id, []),
                        private=_private_statuses(by_tree.get(tree_id, [])),
                    )
                fragments_set(article_id, stamps, fresh, variant, locked=lookup.locked)
                shared.update(fresh)
                personal |= {t for t in to_render if self._sees_differently(fresh[t])}
            if personal:
                mine = [c for c in comments if c.tree_id in personal]
                roots = build_display_tree(
                    mine, user=self.user, moderates=self.moderates, viewer=self.viewer
                )
                renderer = ThreadRenderer(viewer=self.user, moderates=self.moderates)
                for tree_id, parts in renderer.render(roots).items():
                    shared[tree_id] = Fragment(parts=parts, private=())
                for tree_id in personal - {r.tree_id for r in roots}:
                    shared[tree_id] = Fragment(parts=[], private=())
        return [shared[tree_id].parts for tree_id, _ in pairs if shared[tree_id].parts]

    def _flat_fragments(self) -> list[list]:
        picks = list(self.page_obj.object_list)
        if not picks:
            return []
        shown = build_flat_list(picks, user=self.user, moderates=self.moderates, viewer=self.viewer)
        renderer = ThreadRenderer(viewer=self.user, moderates=self.moderates)
        # One render per pick: two picks of one thread must not share a fragment.
        return [renderer.render([pick])[pick.tree_id] for pick in shown]

    def _sees_differently(self, fragment) -> bool:
        if not self.user.is_authenticated:
            return False
        muted = self.viewer.muted_ids
        if muted and any(slot.author_id in muted for slot in fragment_slots(fragment.parts)):
            return True  # collapsed for this reader only
        if not fragment.private:
            return False
        if self.moderates:
            return True
        pk = self.user.pk  # an author's own deleted comment looks the same to them
        return any(
            author_id == pk and status in OWN_DIFFERENT for author_id, status in fragment.private
        )

    @property
    def has_threads(self) -> bool:
        return bool(self.fragments)

    @cached_property
    def shared_viewer(self) -> Viewer:
        """What every reader sees alike: the byline accounts that get the "Autor:in" badge."""
        return Viewer(badge_user_ids=byline_user_ids(self.article))

    @cached_property
    def viewer(self) -> Viewer:
        """The reader's own part: mutes (one query per page) and rights, if logged in.

        Their own recommendations are read by the reader part in comments/highlights.py.
        """
        if not self.user.is_authenticated:
            return self.shared_viewer
        return Viewer(
            badge_user_ids=self.shared_viewer.badge_user_ids,
            muted_ids=muted_user_ids(self.user),
            may_recommend=self.can_post,
            may_pick=can_pick(self.user),
        )

    @cached_property
    def list_html(self) -> str:
        """The page's threads with this reader's bits applied on top (no queries)."""
        bits = ReaderBits(thread=self)
        fragments = self.fragments
        bits.prefetch(fragments)
        if self.reply_form is not None:
            bits.reply_form_html = render_reply_form(self)
        return mark_safe("".join(bits.fill(fragment) for fragment in fragments))

    @cached_property
    def pick_count(self) -> int:
        """How many picks the tab shows (one cheap COUNT, only asked when rendering tabs)."""
        return Comment.objects.picks(self.article).count()

    @cached_property
    def unanswered_questions(self):
        """The article's open questions, for its authors only (their small queue)."""
        if not (
            self.article.questions_open
            and self.user.is_authenticated
            and self.user.pk in self.shared_viewer.badge_user_ids
        ):
            return []
        questions = list(
            Comment.objects.question_roots(self.article)
            .visible()
            .filter(answered_at__isnull=True)
            .select_related("author")
            .order_by("tree_id")[:20]
        )
        for question in questions:  # answered inline: a reply form under each question
            form = CommentForm(
                article=self.article,
                user=self.user,
                initial={"parent": question.pk},
                auto_id=f"answer-{question.pk}-%s",
                submit_label=gettext_lazy("Send answer"),
            )
            form.fields["body"].label = gettext_lazy("Your answer")
            form.place(f"answer-{question.pk}")
            question.answer_form = form
        return questions

    @cached_property
    def question_form(self):
        if not (self.article.questions_open and self.can_post):
            return None
        form = CommentForm(article=self.article, user=self.user, question=True)
        form.place("question-form")
        return form

    @property
    def tabs(self):
        """(sort, label, url, current) for the links above the thread."""
        from django.utils.translation import gettext as _

        tabs = [
            ("oldest", _("Oldest")),
            ("newest", _("Newest")),
            ("recommended", _("Most recommended")),
            ("picks", _("Editors' picks")),
        ]
        if self.article.questions_open:
            tabs.append(("questions", _("Questions to the authors")))
        return [
            (sort, label, self.url(order=sort, page=None) + "#comments", sort == self.order)
            for sort, label in tabs
        ]

    @property
    def url_questions(self) -> str:
        return self.url(order="questions", page=None) + "#comments"

    @property
    def answered_first_url(self) -> str:
        return self.url(order="answered", page=None) + "#comments"

    @property
    def feed_url(self) -> str:
        return reverse("comments:feed", kwargs={"slug": self.article.slug})

    def _reply_target_open(self) -> bool:
        """Whether the comment being answered is shown on this page and takes replies."""
        if not self.replies_open:
            return False
        return any(
            slot.pk == self.reply_to and slot.display == FULL and slot.status in Comment.COUNTED
            for fragment in self.fragments
            for slot in fragment_slots(fragment)
        )

    def url(self, **params) -> str:
        """A URL of the article page keeping the current order and page unless overridden."""
        query = {"sort": self.order, "page": self.page_number}
        if "order" in params:
            params["sort"] = params.pop("order")
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

    @cached_property
    def page_links(self) -> list[dict]:
        """Every page of threads (elided when there are many), each linking to #comments."""
        page = self.page_obj
        links = []
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2):
            if number == page.paginator.ELLIPSIS:
                links.append({"ellipsis": True})
            else:
                links.append(
                    {
                        "number": number,
                        "url": self.page_url(number),
                        "current": number == page.number,
                    }
                )
        return links

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
