"""What makes the best comments rise, as parts of the Python thread renderer.

Shared parts (the same for every reader, cached with the thread's fragment):
- meta: the badge from the account ("Autor:in", "Redaktion", "Moderation"), the editors'
  pick label, and the question labels;
- body: the editors' note on a pick;
- footer: the number of reader recommendations (the fragment's stamp carries the
  recommendation slot, see comments.threads.recommendation_counts_key), and, in the picks
  tab, the link to the comment in its thread.
Reader parts (per reader, never cached, one query per page at most):
- "Empfehlen": a POST form with the reader's own state (`aria-pressed`), or for anonymous
  readers a link to the login;
- editors and moderators: pick / take back the pick.

Every value inserted is escaped; the translations are trusted text, as in the templates.
"""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from comments.models import Comment, Recommendation
from comments.thread_render import FULL, VISIBLE, register_reader_part, register_shared_part

_registered = False


def recommendations_label(count: int) -> str:
    """The count as shown (empty at zero); views.comment_recommend_view answers it too."""
    if not count:
        return ""
    return ngettext("%(counter)s recommendation", "%(counter)s recommendations", count) % {
        "counter": count
    }


def _pattern(url_name: str) -> str:
    return escape(reverse(url_name, args=[987654321])).replace("987654321", "%s")


# --- Shared parts ---------------------------------------------------------------------------


def _badge(kind: str, label: str, verified: str) -> str:
    return (
        f' <span class="comment__role comment__role--{kind}">{escape(label)}'
        f'<span class="visually-hidden"> {escape(verified)}</span></span>'
    )


def meta_prefetch(comments):
    """Translations once per render, not per comment."""
    pick = escape(_("Editors' pick"))
    return {
        "author": _badge(
            "author",
            pgettext("badge", "Author"),
            _("(verified: an author of this article)"),
        ),
        "editor": _badge(
            "editor",
            pgettext("badge", "Editorial team"),
            _("(verified: a member of the editorial team)"),
        ),
        "moderator": _badge(
            "moderator",
            pgettext("badge", "Moderation"),
            _("(verified: writes as a moderator)"),
        ),
        "pick": f' <span class="comment__pick">{pick}</span>',
        "answered": f' <span class="comment__answered">{escape(_("Answered"))}</span>',
        "question": f' <span class="comment__question">{escape(_("Question"))}</span>',
    }


def meta_render(comment, strings) -> str:
    out = []
    badge = getattr(comment, "badge", "")
    if badge:
        out.append(strings[badge])
    if getattr(comment, "shows_pick", False):
        out.append(strings["pick"])
    if comment.is_question and comment.level == 0:
        out.append(strings["answered" if comment.answered_at else "question"])
    return "".join(out)


def body_prefetch(comments):
    return escape(_("Note from the editors:"))


def body_render(comment, label) -> str:
    if not (getattr(comment, "shows_pick", False) and comment.pick_note):
        return ""
    return (
        f'<p class="comment__pick-note"><span class="visually-hidden">{label} </span>'
        f"{escape(comment.pick_note)}</p>"
    )


def footer_prefetch(comments):
    return {"context": escape(_("Read in its thread")), "labels": {}}


def footer_render(comment, strings) -> str:
    out = []
    if getattr(comment, "shows_recommendations", False):
        # The count's label, translated once per number and render (ngettext is slow).
        count = comment.recommendation_count
        label = strings["labels"].get(count)
        if label is None:
            label = strings["labels"][count] = escape(recommendations_label(count))
        out.append(f'<span class="comment__recommendations" data-recommend-count>{label}</span> ')
    if getattr(comment, "in_context", False):
        out.append(
            f'<a class="comment__action" href="{escape(comment.permalink)}">'
            f"{strings['context']}</a> "
        )
    return "".join(out)


# --- Reader parts ---------------------------------------------------------------------------


class RecommendStrings:
    def __init__(self, reader):
        thread = reader.thread
        self.label = escape(_("Recommend"))
        self.viewer = thread.viewer
        self.user_pk = reader.user_pk
        self.recommended = frozenset()
        self.login = (
            f'<a class="comment__action comment__recommend-login" '
            f'href="{escape(thread.login_url)}" rel="nofollow">{self.label}</a>'
            if not reader.authenticated and thread.replies_open
            else ""
        )
        self.add = _pattern("comments:recommend")
        self.remove = _pattern("comments:unrecommend")
        if reader.authenticated:
            token = escape(get_token(thread.request))
            self.hidden = (
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                f'<input type="hidden" name="next" '
                f'value="{escape(thread.request.get_full_path())}">'
            )


def recommend_prefetch(reader, slots):
    strings = RecommendStrings(reader)
    if reader.authenticated and strings.viewer.may_recommend and slots:
        # The reader's recommendations in this article's discussion: one parameter instead
        # of a list of every comment on the page (building and binding 1,000 parameters
        # cost more than the query). Extra ids of other pages are harmless: only the page's
        # slots are looked up in the set.
        strings.recommended = frozenset(
            Recommendation.objects.filter(
                user_id=reader.user_pk, comment__article_id=reader.thread.article.pk
            ).values_list("comment_id", flat=True)
        )
    return strings


def recommend_render(slot, reader, strings) -> str:
    if slot.display != FULL or slot.status != VISIBLE:
        return ""
    if not reader.authenticated:
        return strings.login
    if slot.author_id == strings.user_pk or not strings.viewer.may_recommend:
        return ""
    pressed = slot.pk in strings.recommended
    add, remove = strings.add % slot.pk, strings.remove % slot.pk
    return (
        f'<form class="comment__recommend" method="post" action="{remove if pressed else add}" '
        f'data-recommend data-add="{add}" data-remove="{remove}">{strings.hidden}'
        f'<button type="submit" class="comment__action comment__recommend-button" '
        f'aria-pressed="{"true" if pressed else "false"}">{strings.label}</button></form>'
    )


class PickStrings:
    def __init__(self, reader):
        thread = reader.thread
        token = escape(get_token(thread.request))
        self.action = _pattern("comments:pick")
        self.hidden = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            f'<input type="hidden" name="next" value="{escape(thread.request.get_full_path())}">'
        )
        self.summary = escape(_("Editors' pick…"))
        self.note_label = escape(_("Note on the pick (optional)"))
        self.make = escape(_("Make it an editors' pick"))
        self.remove = escape(_("Remove from editors' picks"))
        self.picked = frozenset()


def pick_prefetch(reader, slots):
    if not (reader.authenticated and reader.thread.viewer.may_pick):
        return None
    strings = PickStrings(reader)
    pks = [slot.pk for slot in slots if slot.status == VISIBLE]
    if pks:  # one query per page, for editors and moderators only
        strings.picked = frozenset(
            Comment.objects.filter(pk__in=pks, picked_at__isnull=False).values_list("pk", flat=True)
        )
    return strings


def pick_render(slot, reader, strings) -> str:
    if strings is None or slot.display != FULL or slot.status != VISIBLE:
        return ""
    action = strings.action % slot.pk
    if slot.pk in strings.picked:
        return (
            f'<form class="comment__pick-form" method="post" action="{action}">{strings.hidden}'
            f'<input type="hidden" name="unpick" value="1">'
            f'<button type="submit" class="comment__action">{strings.remove}</button></form>'
        )
    return (
        f'<details class="comment__pick-controls"><summary class="comment__action">'
        f"{strings.summary}</summary>"
        f'<form class="comment__pick-form" method="post" action="{action}">{strings.hidden}'
        f'<label for="pick-note-{slot.pk}">{strings.note_label}</label>'
        f'<input type="text" name="note" id="pick-note-{slot.pk}" maxlength="300" '
        f'class="form-control form-control-sm">'
        f'<button type="submit" class="btn btn-sm btn-primary">{strings.make}</button>'
        f"</form></details>"
    )


def register() -> None:
    """Called once from CommentsConfig.ready()."""
    global _registered
    if _registered:
        return
    _registered = True
    register_shared_part("meta", meta_render, meta_prefetch)
    register_shared_part("body", body_render, body_prefetch)
    register_shared_part("footer", footer_render, footer_prefetch)
    register_reader_part(recommend_render, recommend_prefetch)
    register_reader_part(pick_render, pick_prefetch, in_moderation=True)
