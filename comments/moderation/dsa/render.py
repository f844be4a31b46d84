"""The DSA pieces of the comment list rendered in Python (comments/thread_render.py), which
places what register() gives it:
the per-comment "Report illegal content" link (a reader part, so it costs a string join per
comment and no query), the moderators' extras in the conversation view, and the link from a
hidden comment to its statement of reasons."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from comments.models import Comment
from comments.moderation.models import HoldExplanation, Notice, Report
from comments.thread_render import (
    FULL,
    VISIBLE,
    register_page_piece,
    register_reader_part,
)


def _link_pattern() -> str:
    url = escape(reverse("discussion:notice-create", args=[987654321]))
    return (
        f'<a class="comment__action comment__notice" href="{url.replace("987654321", "%s")}" '
        f'rel="nofollow">{escape(_("Report illegal content"))}</a>'
    )


def notice_link_prefetch(reader, slots) -> str:
    return _link_pattern()  # once per page: translation and URL pattern


def notice_link(slot, reader, pattern) -> str:
    """Art. 16 DSA: anyone, signed in or not, can notify a visible comment of someone else."""
    if slot.display != FULL or slot.status != VISIBLE:
        return ""
    if reader.authenticated and slot.author_id == reader.user_pk:
        return ""
    return (pattern or _link_pattern()) % slot.pk


def statement_link(text: str) -> str:
    """A link from a hidden comment (placeholder %s for its pk) to its statement of reasons."""
    url = escape(reverse("discussion:comment-statement", args=[987654321]))
    return f'<a href="{url.replace("987654321", "%s")}">{escape(text)}</a>'


def register() -> None:
    """Called once from CommentsConfig.ready(): the renderer places these pieces."""
    register_reader_part(notice_link, notice_link_prefetch, in_menu=True)
    register_reader_part(moderator_extras, moderator_extras_prefetch, in_moderation=True)
    register_page_piece("statement_link", statement_link)


# --- Moderators in the conversation view: the queue's remaining actions ---------------------


def moderator_extras_prefetch(reader, slots):
    """Once per page, for moderators only: which comments have open reports or notices."""
    if not reader.moderates or not slots:
        return None

    pks = [slot.pk for slot in slots]
    pending = [slot.pk for slot in slots if slot.status == Comment.Status.PENDING]
    request = reader.thread.request
    csrf = escape(get_token(request))
    next_path = escape(request.get_full_path())
    dismiss_url = escape(reverse("moderation:comment-dismiss", args=[987654321]))
    return {
        "reported": set(
            Report.objects.open().filter(comment_id__in=pks).values_list("comment_id", flat=True)
        ),
        "noticed": set(
            Notice.objects.open().filter(comment_id__in=pks).values_list("comment_id", flat=True)
        ),
        "dismiss": (
            f'<form method="post" action="{dismiss_url.replace("987654321", "{pk}")}" '
            'class="mod-controls__form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
            f'<input type="hidden" name="next" value="{next_path}#comment-{{pk}}">'
            '<button type="submit" class="btn btn-sm btn-outline-secondary">'
            f"{escape(_('Dismiss reports'))}</button></form>"
        ),
        "notice": (
            f'<a class="mod-controls__notice" href="{escape(reverse("moderation:notices"))}">'
            f"{escape(_('Decide the notice'))}</a>"
        ),
        # Explainable filters: which rule holds each pending comment (one query, if any).
        "held": {
            held.comment_id: hold_explanation_html(held)
            for held in (HoldExplanation.objects.filter(comment_id__in=pending) if pending else ())
        },
    }


def hold_explanation_html(held) -> str:
    """The rule that held (or refused) a comment, as the queues show it, for the thread."""
    text = f"{escape(_('Held by'))}: <strong>{escape(held.get_rule_display())}</strong>"
    if held.phrase:
        text += " – " + escape(
            _("word-list entry “%(phrase)s”, matched “%(matched)s”")
            % {"phrase": held.phrase, "matched": held.matched_text}
        )
    return f'<p class="mod-item__held">{text}</p>'


def moderator_extras(slot, reader, data) -> str:
    if not data:
        return ""
    out = [data["held"].get(slot.pk, "")]
    if slot.pk in data["reported"]:
        out.append(data["dismiss"].replace("{pk}", str(slot.pk)))
    if slot.pk in data["noticed"]:
        out.append(data["notice"])
    return "".join(out)
