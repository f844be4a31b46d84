from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Article
from comments import drafts
from comments.cache import page_depends_on_thread
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import rules
from comments.moderation.models import ModerationSettings
from comments.thread_page import ThreadPage
from comments.threads import comment_page_number

register = template.Library()

PROFILE_COMMENTS_PER_PAGE = 20


@register.simple_tag(takes_context=True)
def invites_comments(context, article) -> bool:
    """Whether a teaser invites readers to comment on `article` (rules.teaser_invites_comments);
    the moderation settings are read once per page, however many teasers it lists."""
    request = context.get("request")
    site = getattr(request, "_teaser_moderation_settings", None)
    if site is None:
        site = ModerationSettings.load()
        if request is not None:
            request._teaser_moderation_settings = site
    return rules.teaser_invites_comments(article, site=site)


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """Prepare the comment section of `article` for this request; queries run lazily.

    A refused post's bound form, the comment it answered and that comment's page come in the
    template context (comments.views renders the article page with them); otherwise the
    page, order and reply target come from the query string.
    """
    request = context["request"]
    page_depends_on_thread(request, article)  # read with the article, before any comment
    form, reply_to, page = context.get("comment_form"), context.get("comment_reply_to"), None
    if form is None and request.user.is_authenticated:
        # A text kept through a login (the session ran out while the reader wrote).
        form, reply_to, page = _restored_draft(request, article) or (None, reply_to, None)
    return ThreadPage(
        article=article,
        user=request.user,
        request=request,
        page=context.get("comment_page") or page or request.GET.get("page"),
        # ?sort= (the tabs); ?order= is what links before the tabs used.
        order=request.GET.get("sort") or request.GET.get("order"),
        reply_to=reply_to or request.GET.get("reply_to"),
        form=form,
    )


def _restored_draft(request, article):
    """(form with the kept text, the comment it answers, that comment's page) or None."""
    draft = drafts.draft_take(request, article=article)
    if draft is None:
        return None
    parent = None
    if draft["parent"]:
        parent = Comment.objects.filter(pk=draft["parent"], article=article).first()
    form = CommentForm(
        article=article,
        user=request.user,
        initial={"body": draft["body"], "parent": parent.pk if parent else None},
    )
    form.restored = True
    form.fields["body"].widget.attrs["autofocus"] = ""
    if parent is None:
        return form, None, None
    return form, parent.pk, comment_page_number(parent)


@register.simple_tag(takes_context=True)
def profile_comments(context, user):
    """A page of `user`'s visible comments on published articles, newest first.

    The accounts app's profile page shows them through this tag, so accounts never imports
    comments (and the comments and articles apps keep what "visible" and "published" mean).
    """
    comments = (
        Comment.objects.visible()
        .filter(author=user, article__in=Article.objects.published())
        .select_related("article")
        .order_by("-created_at", "-pk")
    )
    page = context["request"].GET.get("page")
    return Paginator(comments, PROFILE_COMMENTS_PER_PAGE).get_page(page)


# The HTML of comment forms of a known shape, with marks where the per-request values go.
# It depends only on the code, the shape and the language, so a per-process memo is never
# stale (a deploy starts new processes); bounded because the shape names the article.
_FORM_HTML: dict[tuple, str] = {}
_FORM_HTML_MAX = 512
# The values a rendering of an unbound comment form has of its own: the CSRF token, the
# idempotency token and the spam trap's signed render time.
_MARKS = ("\x00csrf\x00", "\x00post_token\x00", "\x00form_rendered\x00")


def _per_request_values(context, form) -> tuple[str, str, str]:
    return (
        str(context.get("csrf_token", "")),
        str(form["post_token"].value()),
        str(form[form.timestamp_field].value()),
    )


@register.simple_tag(takes_context=True)
def comment_form(context, form):
    """`{% crispy form %}`; a form with a `shape` (ThreadPage's top form) is rendered by
    crispy once per process, shape and language, and then only gets this request's tokens.

    crispy's layout machinery was a tenth of a logged-in article page. The memo is made from
    a real rendering: each per-request value must occur exactly once (as `value="..."`),
    otherwise the form is not memoised and always rendered by crispy.
    """
    shape = getattr(form, "shape", None)
    if shape is None or form.is_bound:
        return _crispy(context, form)
    key = (shape, get_language())
    values = _per_request_values(context, form)
    memo = _FORM_HTML.get(key)
    if memo is not None:
        for mark, value in zip(_MARKS, values, strict=True):
            memo = memo.replace(mark, escape(value))
        return mark_safe(memo)
    html = _crispy(context, form)
    memo = str(html)
    for mark, value in zip(_MARKS, values, strict=True):
        needle = f'value="{escape(value)}"'
        if not value or memo.count(needle) != 1:
            return html
        memo = memo.replace(needle, f'value="{mark}"')
    if len(_FORM_HTML) >= _FORM_HTML_MAX:
        _FORM_HTML.clear()
    _FORM_HTML[key] = memo
    return html


def _crispy(context, form):
    with context.push(form=form):
        return CrispyFormNode("form", None).render(context)
