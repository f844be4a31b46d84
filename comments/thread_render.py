"""The comment list rendered in Python: one pass per thread, escaping every value it inserts.

Why not templates: a 1,000-comment page spent most of its time in template variable
lookups, two `|date` filters, `{% translate %}`, auto-escaping and a `reverse()` per
comment. Here every translation, URL pattern and date formatter is computed once per page
(`PageStrings`), each author's name is escaped once per render, and each comment is a
handful of f-string joins. Values are escaped with `_escape` (Django's `escape()` is
`html.escape(str(value))` behind a lazy-string wrapper that cost more than the escaping).

Escaping guarantees (the same as the templates had; tests/security/test_xss.py checks them):
- every value that comes from a reader or an editor goes through `escape()` (names, notes,
  URLs, reasons); `Comment.body_html` is inserted as it is because it only ever comes
  from `comments.rendering.cook()`, exactly as the template's `|safe` did;
- translations are trusted text, as in `{% translate %}`; interpolated values are escaped
  first, as `{% blocktranslate %}` does;
- the slot marker between a comment's shared HTML and its reader bits is a Python object
  in a list, never a string in the HTML, so no comment text can forge one.

Shared and per-reader parts. A thread renders into a "fragment": a list alternating
strings and `CommentSlot`s. The strings are the same for every reader without special
rights over the thread and are cached (comments/cache.py); each `CommentSlot` is where a
comment's per-reader bits go (its `<footer>` with Reply, Edit, Delete, Report or the
moderator's controls, and the reply form). `ReaderBits.fill()` joins a fragment with one
reader's bits at string-join speed and without queries.

Extending (recommendations, editors' picks, DSA notice links...): register a part.
- `register_shared_part(where, render, prefetch=None)`: HTML that is the same for every
  reader and may be cached, e.g. a badge or a recommendation count. `where` is
  "meta" (end of the header line), "body" (after the text) or "footer" (inside the footer,
  before the reader bits). `render(comment, data)` returns a SafeString or "";
  `comment` is a `threads.ThreadRow` in threads (the fields of `threads.THREAD_FIELDS`
  and Comment's small truths such as `is_visible()`; add a field there if a part needs
  one) and a Comment in the picks list;
  `prefetch(comments)` runs ONCE per render with every comment being rendered and
  returns the `data` handed to render (so a part costs one query per page, not one per
  comment). A thread whose shared part changes must bump its version
  (`comments.cache.article_thread_bump(article_id=..., tree_ids=[...])`).
- `register_reader_part(render, prefetch=None)`: per-reader HTML inside the footer, e.g.
  "you recommended this" or a mute link. `render(slot, reader, data)` gets the comment's
  `CommentSlot` (pk, author id, status, display...) and the `ReaderBits` (user, csrf input,
  current path); `prefetch(reader, slots)` runs once per page. Never cached.
Parts run in registration order; register them in an AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape as html_escape
from typing import NamedTuple

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment
from comments.moderation.models import HideReason, hide_reason_label

# How a comment appears to a viewer (threads.build_display_tree decides it).
FULL, REMOVED, DELETED, PENDING_PLACEHOLDER = "full", "removed", "deleted", "pending"
VISIBLE, PENDING, HIDDEN = (
    Comment.Status.VISIBLE.value,
    Comment.Status.PENDING.value,
    Comment.Status.HIDDEN.value,
)
DELETED_STATUS = Comment.Status.DELETED.value
LIVE = Comment.LIVE  # what an author may still edit or delete


def _escape(value) -> str:
    """Django's escape() without its lazy-string wrapper: the same html.escape(str(value)),
    as a plain str because the fragments are joined, never auto-escaped again."""
    return html_escape(str(value))


class CommentSlot(NamedTuple):
    """What a comment's per-reader bits need, stored in the cached fragment (picklable)."""

    pk: int
    author_id: int
    status: str
    display: str
    created_at: datetime
    reply_name: str  # the author's public name, already escaped for an attribute


@dataclass
class Part:
    render: Callable
    prefetch: Callable | None = None
    in_menu: bool = False  # a rarer action: inside the comment's "…" menu
    in_moderation: bool = False  # moderators' tools: inside the moderation controls' row


SHARED_PARTS: dict[str, list[Part]] = {"meta": [], "body": [], "footer": []}
READER_PARTS: list[Part] = []


def register_shared_part(where: str, render: Callable, prefetch: Callable | None = None) -> None:
    """Add HTML shown to every reader at `where` ("meta", "body" or "footer"); cached."""
    SHARED_PARTS[where].append(Part(render, prefetch))


def register_reader_part(
    render: Callable,
    prefetch: Callable | None = None,
    *,
    in_menu: bool = False,
    in_moderation: bool = False,
) -> None:
    """Add per-reader HTML inside each comment's footer; applied on top of the cache.

    `in_menu`: a rarer action (the notice of illegal content) goes into the "…" menu, a
    <details> that works without JavaScript, so a comment's actions keep to one row.
    """
    READER_PARTS.append(Part(render, prefetch, in_menu, in_moderation))


# Pieces of markup that other packages own and the renderer places, built once per render:
# "statement_link" (text -> a link with a %s placeholder for the comment's pk), registered by
# comments.moderation.dsa.render; unregistered, a piece is empty.
PAGE_PIECES: dict[str, Callable[..., str]] = {}


def register_page_piece(name: str, build: Callable[..., str]) -> None:
    PAGE_PIECES[name] = build


def _piece(name: str, *args) -> str:
    build = PAGE_PIECES.get(name)
    return build(*args) if build is not None else ""


def _translated(text: str, **values) -> str:
    """`{% blocktranslate %}`: the translation is trusted, the values are escaped."""
    return _(text) % {key: escape(value) for key, value in values.items()}


class PageStrings:
    """Everything a comment's shared HTML needs that does not depend on the comment.

    Built once per render (per language): translations, URL patterns, the time zone and
    month names for the dates.
    """

    def __init__(self):
        self.link_title = escape(_("Link to this comment"))
        self.edited = '<span class="comment__edited">{}</span>'.format(escape(_("edited")))
        self.badge_pending = '<span class="comment__badge">{}</span>'.format(
            escape(_("awaiting review"))
        )
        self.badge_deleted = '<span class="comment__badge">{}</span>'.format(
            escape(_("deleted by the author"))
        )
        self.own_pending_note = '<p class="comment__note">{}</p>'.format(
            escape(
                _("Only you and the moderators can see this comment until it has been reviewed.")
            )
        )
        self.deleted_placeholder = '<p class="comment__placeholder">{}</p>'.format(
            escape(_("This comment was deleted by the author."))
        )
        self.pending_placeholder = '<p class="comment__placeholder">{}</p>'.format(
            escape(_("This comment is awaiting review."))
        )
        rules_link = '<a href="{}">{}</a>'.format(
            escape(reverse("discussion:rules")), escape(_("Discussion rules"))
        )
        self.rules_link = rules_link
        self.removed_public = '<p class="comment__placeholder">{} {}</p>'.format(
            escape(_("Removed by the moderators.")), rules_link
        )
        self.hidden_word = escape(_("Hidden"))
        # DSA: a hidden comment links its author and moderators to the statement of reasons.
        self.statement_link = _piece("statement_link", _("Statement of reasons"))
        self.statement_link_own = _piece("statement_link", _("Statement of reasons and complaint"))
        self.muted = escape(_("Comment by a muted person"))
        self.permalink = (
            escape(reverse("comments:permalink", kwargs={"pk": 987654321}))
            .replace("987654321", "{}")
            .replace("{}", "%s")
        )
        self.tz = timezone.get_current_timezone()
        self.months = [str(MONTHS[number]) for number in range(1, 13)]
        self.reason_labels = {value: str(label) for value, label in HideReason.choices}
        self._counts: dict[int, str] = {}
        self._more: dict[int, str] = {}

    def reply_count(self, count: int) -> str:
        """ "3 Antworten", translated once per number and render (ngettext is slow)."""
        text = self._counts.get(count)
        if text is None:
            text = self._counts[count] = _escape(
                ngettext("%(counter)s reply", "%(counter)s replies", count) % {"counter": count}
            )
        return text

    def show_more(self, count: int) -> str:
        text = self._more.get(count)
        if text is None:
            text = self._more[count] = _escape(
                ngettext("Show %(counter)s more reply", "Show %(counter)s more replies", count)
                % {"counter": count}
            )
        return text

    def reason(self, value: str) -> str:
        return self.reason_labels.get(value) or hide_reason_label(value)

    def time(self, moment: datetime) -> str:
        """`<time datetime="{{ d|isotime }}">{{ d|date:"j. F Y, H:i" }}</time>`, per comment."""
        local = moment.astimezone(self.tz)
        # No microseconds: they make the datetime attribute invalid HTML (articles.seo.iso).
        stamp = local.replace(microsecond=0).isoformat()
        return (
            f'<time datetime="{stamp}">{local.day}. {self.months[local.month - 1]}'
            f" {local.year}, {local.hour:02d}:{local.minute:02d}</time>"
        )


class ThreadRenderer:
    """Render whole threads (display trees from threads.build_display_tree) into fragments.

    `viewer` decides only the parts of the shared HTML that differ by audience (hidden
    notices, the own-pending note); the shared cache renders with viewer=None.
    """

    def __init__(self, *, viewer=None, moderates: bool = False):
        self.s = PageStrings()
        self.viewer_pk = viewer.pk if viewer is not None and viewer.is_authenticated else None
        self.moderates = moderates

    def _prepare(self, comments: list) -> None:
        """Run the shared parts' prefetch once for every comment about to be rendered."""
        data = {}
        if any(SHARED_PARTS.values()):
            for parts in SHARED_PARTS.values():
                for part in parts:
                    if part.prefetch is not None:
                        data[id(part)] = part.prefetch(comments)
        # (render, data) pairs per place, looked up once per render, not per comment.
        self._parts = {
            where: [(part.render, data.get(id(part))) for part in parts]
            for where, parts in SHARED_PARTS.items()
        }
        self._people: dict = {}  # author pk -> (escaped name, header's author HTML)

    def render(self, roots: list) -> dict[int, list]:
        """Return {tree_id: fragment} for the given display roots."""
        every = []
        if any(SHARED_PARTS.values()):
            stack = list(roots)
            while stack:
                node = stack.pop()
                every.append(node)
                stack.extend(node.shown_children)
        self._prepare(every)
        fragments = {}
        for root in roots:
            parts: list = []
            buffer: list[str] = ['<li class="comment-thread">\n']
            self._comment(root, parts, buffer)
            buffer.append("</li>\n")
            parts.append("".join(buffer))
            fragments[root.tree_id] = parts
        return fragments

    def render_alone(self, comments: list) -> dict[int, str]:
        """{pk: HTML} of each comment without its replies, as its thread shows it, the footer
        holding only the shared parts: the live updates' fragments (comments.live), to
        which the open page adds its own reader's bits (ReaderBits.footer_template)."""
        self._prepare(list(comments))
        html = {}
        for comment in comments:
            children, comment.shown_children = comment.shown_children, []
            parts: list = []
            kind = "comment-thread" if comment.level == 0 else "comment-reply"
            buffer: list[str] = [f'<li class="{kind}">\n']
            try:
                self._comment(comment, parts, buffer)
            finally:
                comment.shown_children = children
            buffer.append("</li>\n")
            parts.append("".join(buffer))
            html[comment.pk] = "".join(p if type(p) is str else "</footer>\n" for p in parts)
        return html

    def _shared(self, where: str, comment) -> str:
        return "".join(str(render(comment, data)) for render, data in self._parts[where])

    def _person(self, comment) -> tuple[str, str]:
        """The author's escaped name and linked name, once per author and render."""
        author = comment.author
        known = self._people.get(author.pk)
        if known is None or known[2] != comment.author_url:
            name = _escape(author.public_name)
            url = comment.author_url
            link = (
                f'<a class="comment__author" href="{_escape(url)}">{name}</a>'
                if url
                else f'<span class="comment__author">{name}</span>'
            )
            known = self._people[author.pk] = (name, link, url)
        return known[0], known[1]

    def _comment(self, comment, parts: list, out: list[str]) -> None:
        """One comment's HTML, appended to `out` piece by piece.

        Long because it is the renderer's inner loop (1,000 calls for a big page, the render
        ratio of `make bench`): kept as one flat run of string joins on purpose, since a
        helper per piece would add several Python calls per comment to the hottest loop.
        """
        s = self.s
        display = comment.display
        status = comment.status
        key = comment.key
        name, author_html = self._person(comment)
        # A full comment carries no display class: the CSS styles only the exceptions.
        modifiers = "" if display == FULL else f" comment--{display}"
        if status == PENDING:
            modifiers += " comment--pending"
        out.append(
            f'<article id="comment-{key}" class="comment comment--depth-{comment.depth}'
            f'{modifiers}">\n'
        )
        muted = display == FULL and getattr(comment, "muted", False)
        if muted:  # only in a thread rendered for the muting reader (never cached)
            out.append(f'<details class="comment__muted"><summary>{s.muted}</summary>\n')
        if display == FULL:
            out.append(
                f'<header class="comment__meta">{author_html} <a class="comment__permalink" '
                f'href="{s.permalink % key}" title="{s.link_title}">{s.time(comment.created_at)}'
                "</a>"
            )
            if comment.edited_at:
                out.append(" " + s.edited)
            if status == PENDING:
                out.append(" " + s.badge_pending)
            elif status == DELETED_STATUS:
                out.append(" " + s.badge_deleted)
            if self._parts["meta"]:
                out.append(self._shared("meta", comment))
            out.append("</header>\n")
            if status == HIDDEN:
                out.append(self._hidden_notice(comment))
            reply_to = comment.reply_to
            if reply_to is not None:
                out.append(
                    f'<div class="comment__body">\n<p class="comment__reply-to"><a href='
                    f'"#comment-{reply_to.key}">@{self._person(reply_to)[0]}:</a></p>\n'
                )
            else:
                out.append('<div class="comment__body">\n')
            out.append(comment.body_html)  # only ever from comments.rendering.cook()
            if self._parts["body"]:
                out.append(self._shared("body", comment))
            out.append("\n</div>\n")
            if (
                status == PENDING
                and self.viewer_pk is not None
                and comment.author_id == self.viewer_pk
            ):
                out.append(s.own_pending_note + "\n")
            if muted:
                out.append("</details>\n")
        elif display == REMOVED:
            out.append(self._hidden_notice(comment))
        elif display == DELETED:
            out.append(s.deleted_placeholder + "\n")
        else:
            out.append(s.pending_placeholder + "\n")
        out.append('<footer class="comment__actions">')
        if self._parts["footer"]:
            out.append(self._shared("footer", comment))
        parts.append("".join(out))
        out.clear()
        parts.append(
            CommentSlot(comment.pk, comment.author_id, status, display, comment.created_at, name)
        )
        out.append("</article>\n")
        children = comment.shown_children
        if not children:
            return
        folded = getattr(comment, "replies_folded", None)
        if folded is None:  # a reply: its own replies are never folded
            self._replies(children, parts, out)
            return
        # A thread: its number of replies, the first few, the rest folded into a <details>.
        out.append(f'<p class="comment-thread__count">{s.reply_count(comment.reply_count)}</p>\n')
        if comment.replies_shown:
            self._replies(comment.replies_shown, parts, out)
        if folded:
            out.append(
                f'<details class="comment-thread__more"><summary>'
                f"{s.show_more(comment.folded_count)}</summary>\n"
            )
            self._replies(folded, parts, out)
            out.append("</details>\n")

    def _replies(self, children, parts: list, out: list[str]) -> None:
        out.append('<ol class="comment-list comment-list--replies">\n')
        for child in children:
            out.append('<li class="comment-reply">\n')
            self._comment(child, parts, out)
            out.append("</li>\n")
        out.append("</ol>\n")

    def _hidden_notice(self, comment) -> str:
        """comments/moderation/_hidden_notice.html: who sees what about a hidden comment."""
        s = self.s
        if self.moderates:
            who = comment.hidden_by.public_name if comment.hidden_by_id else ""
            text = _translated(
                "by %(who)s: %(reason)s", who=who or "?", reason=s.reason(comment.hidden_reason)
            )
            note = f" – {escape(comment.hidden_note)}" if comment.hidden_note else ""
            link = s.statement_link % comment.pk if s.statement_link else ""
            return (
                f'<p class="mod-hidden-note"><strong>{s.hidden_word}</strong> · {text}{note}'
                f" · {link}</p>\n"
            )
        if self.viewer_pk is not None and comment.author_id == self.viewer_pk:
            text = _translated(
                "The moderators removed your comment. Reason: %(reason)s.",
                reason=s.reason(comment.hidden_reason),
            )
            link = s.statement_link_own % comment.pk if s.statement_link_own else ""
            return f'<p class="comment__placeholder">{text} {link} · {s.rules_link}</p>\n'
        return s.removed_public + "\n"


class ReaderBits:
    """One reader's bits on top of shared fragments: Reply, Edit, Delete, Report, moderation.

    Built once per page; `fill()` costs a string join per comment and no query.
    """

    def __init__(self, *, thread):
        user = thread.user
        self.thread = thread
        self.user = user
        self.authenticated = bool(user is not None and user.is_authenticated)
        self.user_pk = user.pk if self.authenticated else None
        self.moderates = thread.moderates
        self.can_report = thread.can_report
        # Editing is writing: a reader who may not post (sanctioned, closed thread) gets no link.
        self.may_edit = thread.can_post
        self.replies_open = thread.replies_open
        self.reply_to = thread.reply_to
        self.edit_cutoff = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
        self.reply_text = escape(_("Reply"))
        if self.authenticated:
            prefix = escape(thread.reply_url_prefix).replace("%", "%%")
            self.reply_link = (
                f'<a class="comment__action comment__reply" href="{prefix}reply_to=%s#reply-form"'
                f' data-reply-to="%s" data-reply-name="%s">{self.reply_text}</a>'
            )
            self.edit_link = (
                f'<a class="comment__action comment__edit" href="{_pattern("comments:edit")}">'
                f"{escape(_('Edit'))}</a>"
            )
            self.delete_link = (
                f'<a class="comment__action comment__delete" href="{_pattern("comments:delete")}">'
                f"{escape(_('Delete'))}</a>"
            )
            self.report_link = (
                f'<a class="comment__report" href="{_pattern("discussion:report")}" '
                f'rel="nofollow">{escape(_("Report"))}</a>'
            )
            # Muting happens on the reader's profile (one button, with its explanation).
            self.mute_link = (
                f'<a class="comment__mute" href="{_pattern("accounts:profile-id")}" '
                f'rel="nofollow">{escape(_("Mute this reader"))}</a>'
            )
            if self.moderates:
                self._moderator_strings(thread.request)
        else:
            self.login_reply = (
                f'<a class="comment__action comment__reply" href="{escape(thread.login_url)}" '
                f'rel="nofollow">{self.reply_text}</a>'
            )
        more = escape(_("More actions"))
        self.menu_open = (
            '<details class="comment__more"><summary aria-label="'
            + more.replace("%", "%%")
            + '" title="'
            + more.replace("%", "%%")
            + '">…</summary><div class="comment__more-menu" id="comment-more-%s">'
        )
        self.reply_form_html = None
        self._data = {}

    def _moderator_strings(self, request) -> None:
        csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        )
        # Both end up in %-format patterns: a %-encoded path must not read as a placeholder.
        csrf = csrf.replace("%", "%%")
        next_path = escape(request.get_full_path()).replace("%", "%%")

        def form(url_name: str, button_class: str, label: str) -> str:
            action = _pattern(url_name, "%(pk)s")
            return (
                f'<form method="post" action="{action}" class="mod-controls__form">'
                f'{csrf}<input type="hidden" name="next" value="{next_path}#comment-%(pk)s">'
                f'<button type="submit" class="btn btn-sm {button_class}">{escape(label)}</button>'
                "</form>"
            )

        # The hide form's fields are the one partial the desk and the queues use too.
        fields = render_to_string(
            "comments/moderation/_hide_fields.html", {"pk": "%(pk)s", "prefix": "hide"}
        )
        fields = fields.replace("%", "%%").replace("%%(pk)s", "%(pk)s")
        self.mod_open = (
            f'<div class="mod-controls" aria-label="{escape(_("Moderation"))}" role="group">'
        )
        self.mod_restore = form("moderation:comment-restore", "btn-outline-primary", _("Restore"))
        self.mod_approve = form("moderation:comment-approve", "btn-success", _("Approve"))
        self.mod_hide = (
            f'<details class="mod-controls__hide"><summary>{escape(_("Hide"))}</summary>'
            f'<form method="post" action="{_pattern("moderation:comment-hide", "%(pk)s")}" '
            f'class="mod-controls__form">{csrf}'
            f'<input type="hidden" name="next" value="{next_path}#comment-%(pk)s">'
            f"{fields}"
            f'<button type="submit" class="btn btn-sm btn-danger">{escape(_("Hide comment"))}'
            "</button></form></details>"
        )
        self.mod_card = (
            f'<a class="mod-controls__card" href="{_pattern("moderation:user", "%(author)s")}">'
            f"{escape(_('Moderation card'))}</a></div>"
        )

    def prefetch(self, fragments) -> None:
        """Run the registered reader parts' prefetch once for every slot on the page."""
        if not READER_PARTS:
            return
        slots = [part for fragment in fragments for part in fragment if type(part) is CommentSlot]
        for part in READER_PARTS:
            if part.prefetch is not None:
                self._data[id(part)] = part.prefetch(self, slots)

    def fill(self, fragment: list) -> str:
        """Join a fragment with this reader's bits for each of its comments."""
        return "".join(piece if type(piece) is str else self.bits(piece) for piece in fragment)

    def bits(self, slot: CommentSlot) -> str:
        """The footer's reader part and closing tag, then the reply form if it goes here."""
        out = []
        full = slot.display == FULL
        status = slot.status
        if self.replies_open and full and status == VISIBLE:
            if self.authenticated:
                out.append(self.reply_link % (slot.pk, slot.pk, slot.reply_name))
            else:
                out.append(self.login_reply)
        menu = []  # the rarer actions, behind "…" (a <details>: works without JavaScript)
        moderation = ""
        if self.authenticated:
            own = slot.author_id == self.user_pk
            if own and full and status in LIVE:
                if self.may_edit and slot.created_at >= self.edit_cutoff:
                    out.append(self.edit_link % slot.pk)
                out.append(self.delete_link % slot.pk)
            if self.moderates:
                moderation = self._moderation(slot)
            elif self.can_report and status == VISIBLE and not own:
                menu.append(self.report_link % slot.pk)
            if not own and full and status == VISIBLE:
                menu.append(self.mute_link % slot.author_id)
        tools = []
        for part in READER_PARTS:
            html = str(part.render(slot, self, self._data.get(id(part))))
            if html:
                (menu if part.in_menu else tools if part.in_moderation else out).append(html)
        if menu:
            out.append(self.menu_open % slot.pk + "".join(menu) + "</div></details>")
        if moderation:  # its own row: the tools go in before the closing moderation card
            card = moderation.rindex('<a class="mod-controls__card"')
            out.append(moderation[:card] + "".join(tools) + moderation[card:])
        elif tools:
            out.extend(tools)
        out.append("</footer>\n")
        if slot.pk == self.reply_to and self.reply_form_html is not None:
            out.append(self.reply_form_html)
        return " ".join(out[:-1]) + out[-1] if len(out) > 1 else out[0]

    # Stand-ins for the comment and its author in footer_template(); numbers no real row has.
    TEMPLATE_PK, TEMPLATE_AUTHOR = 987654321, 987654322

    def footer_template(self) -> str:
        """This reader's footer for any visible comment, with __ID__, __AUTHOR__ and __NAME__
        where the comment's values go: the page's <template> from which static/js/live.js
        completes comments that arrive live, exactly as `bits()` completes the page's own.
        Call after `prefetch()` (no query)."""
        slot = CommentSlot(
            self.TEMPLATE_PK, self.TEMPLATE_AUTHOR, VISIBLE, FULL, timezone.now(), "__NAME__"
        )
        html = '<footer class="comment__actions">' + self.bits(slot)
        return html.replace(str(self.TEMPLATE_PK), "__ID__").replace(
            str(self.TEMPLATE_AUTHOR), "__AUTHOR__"
        )

    def _moderation(self, slot: CommentSlot) -> str:
        values = {"pk": slot.pk, "author": slot.author_id}
        out = [self.mod_open]
        if slot.status == HIDDEN:
            out.append(self.mod_restore % values)
        elif slot.status in LIVE:
            if slot.status == PENDING:
                out.append(self.mod_approve % values)
            out.append(self.mod_hide % values)
        out.append(self.mod_card % values)
        return "".join(out)


def _pattern(url_name: str, placeholder: str = "%s") -> str:
    """A reversed, escaped URL with `placeholder` where the object's id goes (reverse once)."""
    return escape(reverse(url_name, args=[987654321])).replace("987654321", placeholder)


def render_reply_form(thread) -> SafeString | None:
    """The reply form (crispy, rendered by its template once per page, not per comment)."""
    form = thread.reply_form
    if form is None:
        return None
    return mark_safe(
        render_to_string("comments/_form.html", {"form": form}, request=thread.request)
    )


def fragment_slots(fragment: list) -> list[CommentSlot]:
    return [piece for piece in fragment if type(piece) is CommentSlot]
