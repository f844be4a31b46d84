from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.services import rules_accept
from articles.models import Article
from articles.views import article_page
from comments import drafts, live
from comments.forms import CommentEditForm, CommentForm
from comments.highlights import recommendations_label
from comments.models import Comment
from comments.moderation import rules
from comments.moderation.services import comment_pick, comment_unpick
from comments.permissions import can_delete, can_edit, can_moderate, can_pick
from comments.services import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_recommend,
    comment_retried,
    comment_unrecommend,
)
from comments.threads import comment_page_number, comment_page_url
from newsroom import surrogate
from newsroom.idempotency import clean_post_token
from newsroom.ratelimit import RateLimited, check_rate_for, ip_hash
from newsroom.resilience import OUTAGE_ERRORS


def _rerender_article(request, article: Article, form: CommentForm, *, status: int, kept=None):
    """Show the article page again with the reader's text and the errors, never a 500.

    The article app owns the page; the bound form (and the reply it answered) go into the
    page's template context, where the comment section's template tag picks them up. `kept`
    (text, reason, anchor) is for a refusal after which no form is shown (the discussion
    closed meanwhile, the reader was suspended): comments/_kept.html shows the text read-only.
    """
    form.mark_errors()
    extra = {"comment_form": form}
    if kept is not None:
        extra["comment_kept"] = kept
    parent = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    if isinstance(parent, Comment) and parent.article_id == article.pk:
        extra["comment_reply_to"] = parent.pk
        extra["comment_page"] = comment_page_number(parent)
    article = Article.objects.for_detail().get(pk=article.pk)
    return article_page(request, article, extra_context=extra, status=status)


def _check_post_rate(request) -> None:
    # Limits live in settings.RATE_LIMITS (overridable through NEWSROOM_RATE_LIMITS).
    check_rate_for("comment-post-user", str(request.user.pk))
    check_rate_for("comment-post-ip", ip_hash(request))


def _form_anchor(request) -> str:
    """The id of the form the reader used: a reply form or the one at the top."""
    return "reply-form" if (request.POST.get("parent") or "").strip() else "comment-form"


def _minutes(retry_after: int) -> int:
    """Whole minutes to wait, at least one (the messages use ngettext: real plurals)."""
    return max(1, round(retry_after / 60))


def _refusal_status(article: Article) -> int:
    """409 when the discussion closed meanwhile (the state changed), else 403 (the reader)."""
    return 403 if rules.discussion_state(article).is_open else 409


@require_POST
def comment_post(request, article_pk: int):
    article = get_object_or_404(Article, pk=article_pk)
    if not article.is_visible_to(request.user):
        raise Http404
    if not request.user.is_authenticated:
        # The session ran out while the reader wrote: keep the text through the login.
        drafts.draft_keep(request, article=article)
        return redirect_to_login(f"{article.get_absolute_url()}#{_form_anchor(request)}")
    form = CommentForm(
        request.POST,
        article=article,
        user=request.user,
        question=bool(request.POST.get("question")),
    )
    # A retried post (same one-time token and text) lands on the comment it created, before
    # any limit; the same token with another text is a new comment.
    earlier = comment_retried(
        author=request.user,
        post_token=clean_post_token(request.POST.get("post_token")),
        body=request.POST.get("body", ""),
    )
    if earlier is not None:
        return redirect(_landing_url(earlier, article))
    try:
        _check_post_rate(request)
    except RateLimited as limited:
        return _rate_limited(request, article, form, limited)
    if form.is_valid():
        if form.cleaned_data.get("accept_rules"):
            rules_accept(user=request.user)
        try:
            comment = comment_create(
                article=article,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data["parent"],
                ip_hash=ip_hash(request),
                is_question=form.cleaned_data.get("question", False),
                as_moderator=form.cleaned_data.get("as_moderator", False),
                post_token=form.cleaned_data["post_token"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "refused":
                return _refused(request, article, form, error)
            form.add_error(None, error)
        else:
            _confirm(request, comment)
            return redirect(_landing_url(comment, article))
    return _rerender_article(request, article, form, status=400)


def _rate_limited(request, article: Article, form: CommentForm, limited: RateLimited):
    """429 with the article page and the reader's text in the form, and when to try again."""
    form.is_valid()
    minutes = _minutes(limited.retry_after)
    form.add_error(
        None,
        ngettext(
            "You are posting faster than we allow. Please wait %(minutes)d minute and "
            "send your comment again; your text is kept below.",
            "You are posting faster than we allow. Please wait %(minutes)d minutes and "
            "send your comment again; your text is kept below.",
            minutes,
        )
        % {"minutes": minutes},
    )
    response = _rerender_article(request, article, form, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


def _refused(request, article: Article, form: CommentForm, error: ValidationError):
    """No form is shown any more (closed meanwhile, a sanction): the text goes back
    read-only, with the reason, at the form it was written in."""
    kept = {
        "text": request.POST.get("body", ""),
        "reason": " ".join(error.messages),
        "anchor": _form_anchor(request),
    }
    return _rerender_article(request, article, form, status=_refusal_status(article), kept=kept)


def _confirm(request, comment: Comment) -> None:
    """A short confirmation with a link to the comment (base.html shows it in role=status)."""
    link = f"#{comment.anchor}"
    if comment.is_pending():
        text = " ".join(
            filter(
                None,
                [
                    _(
                        "Thank you! Your comment is waiting for approval: it appears for "
                        "everyone once a moderator has approved it. Until then only you can "
                        "see it."
                    ),
                    rules.reader_hold_sentence(comment),
                ],
            )
        )
        messages.info(request, format_html('{} <a href="{}">{}</a>', text, link, _("Show it")))
    else:
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Your comment is published."),
                link,
                _("Go to your comment"),
            ),
        )


def _landing_url(comment: Comment, article: Article) -> str:
    """The page showing the new comment. It is committed: a failing query here is no error."""
    try:
        return comment_page_url(comment, article)
    except OUTAGE_ERRORS:
        # The page number needs the database; the permalink works it out once it is back.
        return comment.get_absolute_url()


def comment_permalink(request, pk: int):
    """Redirect to the page of threads that shows the comment, scrolled to it."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    article = comment.article
    if not article.is_visible_to(request.user):
        raise Http404
    order = request.GET.get("sort", "oldest")
    return redirect(comment_page_url(comment, article, order=order))


def _own_comment(request, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    if comment.author_id != request.user.pk and not can_moderate(request.user):
        raise PermissionDenied
    return comment


@login_required
def comment_edit_view(request, pk: int):
    comment = _own_comment(request, pk)
    retry_after = None
    if request.method == "POST":
        form = CommentEditForm(request.POST, comment=comment)
        try:  # every edit may notify newly mentioned people: limited like posting
            check_rate_for("comment-edit-user", str(request.user.pk))
        except RateLimited as limited:
            retry_after = limited.retry_after
            form.is_valid()
            form.add_error(
                None,
                ngettext(
                    "You are editing faster than we allow. Please wait %(minutes)d minute and "
                    "save again; your text is kept below.",
                    "You are editing faster than we allow. Please wait %(minutes)d minutes and "
                    "save again; your text is kept below.",
                    _minutes(limited.retry_after),
                )
                % {"minutes": _minutes(limited.retry_after)},
            )
        if retry_after is None and form.is_valid():
            try:
                comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(comment_page_url(comment, comment.article))
        form.fields["body"].widget.attrs["autofocus"] = ""
        status = 400 if retry_after is None else 429
    else:
        if not can_edit(comment, request.user):
            messages.error(
                request,
                _("Comments can only be edited by their author within %(minutes)d minutes.")
                % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            )
            return redirect(comment_page_url(comment, comment.article))
        form = CommentEditForm(initial={"body": comment.body}, comment=comment)
        status = 200
    response = render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "comment": comment,
            "article": comment.article,
            "edit_minutes": settings.COMMENT_EDIT_WINDOW_MINUTES,
        },
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@login_required
def comment_delete_view(request, pk: int):
    comment = _own_comment(request, pk)
    if not can_delete(comment, request.user):
        messages.error(request, _("You can only delete your own comments."))
        return redirect(comment_page_url(comment, comment.article))
    if request.method == "POST":
        try:
            comment_delete(comment=comment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment was deleted."))
        if comment.keeps_placeholder():
            return redirect(comment_page_url(comment, comment.article))
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    return render(
        request,
        "comments/comment_confirm_delete.html",
        {
            "comment": comment,
            "article": comment.article,
            "keeps_placeholder": comment.keeps_placeholder(),
        },
    )


# --- Recommendations and editors' picks ------------------------------------------------------


def _back_to(request, comment: Comment) -> str:
    """Where a form on the thread returns to: the page it was sent from (same site only)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target.split("#")[0] + f"#{comment.anchor}"
    return comment_page_url(comment, comment.article)


def _wants_json(request) -> bool:
    # The progressive-enhancement script asks for JSON; a plain form post gets a redirect.
    return "application/json" in request.headers.get("Accept", "")


def _recommendation_view(request, pk: int, *, take_back: bool):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if not comment.article.is_visible_to(request.user):
        raise Http404
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"error": _("Please log in to recommend comments.")}, status=403)
        return redirect_to_login(_back_to(request, comment))
    try:
        check_rate_for("comment-recommend", str(request.user.pk))
        if take_back:
            count = comment_unrecommend(comment=comment, user=request.user)
        else:
            count = comment_recommend(comment=comment, user=request.user)
    except RateLimited as limited:
        minutes = _minutes(limited.retry_after)
        message = ngettext(
            "You are recommending faster than we allow. Please wait %(minutes)d minute.",
            "You are recommending faster than we allow. Please wait %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        if _wants_json(request):
            response = JsonResponse({"error": message}, status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        messages.error(request, message)
        return redirect(_back_to(request, comment))
    except ValidationError as error:
        message = " ".join(error.messages)
        if _wants_json(request):
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect(_back_to(request, comment))
    if _wants_json(request):
        label = recommendations_label(count)
        return JsonResponse({"count": count, "recommended": not take_back, "label": label})
    return redirect(_back_to(request, comment))


@require_POST
def comment_recommend_view(request, pk: int):
    return _recommendation_view(request, pk, take_back=False)


@require_POST
def comment_unrecommend_view(request, pk: int):
    return _recommendation_view(request, pk, take_back=True)


@require_POST
@login_required
def comment_pick_view(request, pk: int):
    """Editors and moderators pick (or, with `unpick`, take back) a comment."""
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    if not can_pick(request.user):
        raise PermissionDenied
    try:
        if request.POST.get("unpick"):
            comment_unpick(comment=comment, editor=request.user)
            messages.success(request, _("The comment is no longer an editors' pick."))
        else:
            comment_pick(comment=comment, editor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("The comment is now an editors' pick."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        response = redirect(_back_to(request, comment))
        return response
    return redirect(_back_to(request, comment))


# --- Live updates -------------------------------------------------------------------------

LIVE_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def _live_error(message: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    response["Cache-Control"] = "public, max-age=60"  # the same mistake gets the same answer
    return response


@require_GET
def live_changes_view(request, article_id: int):
    """What changed in the article's comments and ticker since version `v` (comments.live).

    The same answer for everyone: no cookie, session or user is read, so shared caches keep
    it for NEWSROOM_LIVE_EDGE_SECONDS (and writes purge it with the article's page).
    """
    version, epoch, language = (request.GET.get(k, "") for k in ("v", "e", "lang"))
    if not version.isdigit() or len(version) > 18:
        return _live_error(_('"v" must be the version number the page shows.'))
    if epoch and (not epoch.isdigit() or len(epoch) > 18):
        return _live_error(_('"e" must be a number.'))
    if language not in LIVE_LANGUAGES:
        return _live_error(_('"lang" must be one of the site\'s languages.'))
    article = live.live_article(article_id)
    if article is None:
        return _live_error(_("There is no such article."), status=404)
    with translation.override(language):
        answer = live.live_changes(article, since=int(version), epoch=int(epoch) if epoch else None)
    response = JsonResponse(answer)
    edge = settings.LIVE_EDGE_SECONDS
    response["Cache-Control"] = f"public, max-age=1, s-maxage={edge}"
    # Never served stale: an old answer would hide what a purge just announced.
    response["Surrogate-Control"] = response["CDN-Cache-Control"] = f"max-age={edge}"
    # Purged with the article's page: comment writes purge thread-<pk>, ticker entries
    # article-<pk>, a change shown everywhere (the article unpublished) the site key.
    surrogate.headers_set(
        response, [surrogate.SITE, surrogate.article(article.pk), surrogate.thread(article.pk)]
    )
    response["Content-Language"] = language
    response.language_in_url = True  # no "Vary: Cookie" (newsroom.middleware)
    return response
