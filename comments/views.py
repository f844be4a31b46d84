from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from comments.forms import CommentEditForm, CommentForm
from comments.models import Comment
from comments.moderation import surge
from comments.permissions import can_delete, can_edit, can_moderate
from comments.services import comment_create, comment_delete, comment_edit
from comments.threads import comment_page_number, comment_page_url
from newsroom.ratelimit import RateLimited, check_rate_for, ip_hash


def _article_visible_to(article: Article, user) -> bool:
    return article.is_published() or user.has_perm("articles.preview_article")


def _rerender_article(request, article: Article, form: CommentForm, *, status: int):
    """Show the article page again with the reader's text and the errors, never a 500.

    The article app owns the page; we hand it the bound form through the request and the
    comment section template picks it up.
    """
    from articles.views import article_detail

    form.mark_errors()
    request.comment_form = form
    parent = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    if isinstance(parent, Comment) and parent.article_id == article.pk:
        request.comment_reply_to = parent.pk
        request.comment_page = comment_page_number(parent)
    response = article_detail(request, slug=article.slug)
    response.status_code = status
    return response


def _check_post_rate(request) -> None:
    # Limits live in settings.RATE_LIMITS (overridable through NEWSROOM_RATE_LIMITS).
    check_rate_for("comment-post-user", str(request.user.pk))
    check_rate_for("comment-post-ip", ip_hash(request))


@require_POST
def comment_post(request, article_pk: int):
    article = get_object_or_404(Article, pk=article_pk)
    if not _article_visible_to(article, request.user):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(f"{article.get_absolute_url()}#comments")
    form = CommentForm(request.POST, article=article)
    try:
        _check_post_rate(request)
    except RateLimited as limited:
        form.is_valid()
        minutes = max(1, round(limited.retry_after / 60))
        form.add_error(
            None,
            _(
                "You are posting faster than we allow. Please wait %(minutes)d minute(s) "
                "and send your comment again; your text is kept below."
            )
            % {"minutes": minutes},
        )
        response = _rerender_article(request, article, form, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    if form.is_valid():
        try:
            comment = comment_create(
                article=article,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data["parent"],
                ip_hash=ip_hash(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if comment.status == Comment.Status.PENDING:
                messages.info(
                    request,
                    " ".join(
                        filter(
                            None,
                            [
                                _(
                                    "Thank you! Your comment will appear for everyone once a "
                                    "moderator has approved it. Until then only you can see it."
                                ),
                                surge.reader_hold_sentence(comment),
                            ],
                        )
                    ),
                )
            return redirect(comment_page_url(comment, article))
    return _rerender_article(request, article, form, status=400)


def comment_permalink(request, pk: int):
    """Redirect to the page of threads that shows the comment, scrolled to it."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    article = comment.article
    if not _article_visible_to(article, request.user):
        raise Http404
    return redirect(comment_page_url(comment, article))


def _own_comment(request, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    if comment.author_id != request.user.pk and not can_moderate(request.user):
        raise PermissionDenied
    return comment


@login_required
def comment_edit_view(request, pk: int):
    comment = _own_comment(request, pk)
    if request.method == "POST":
        form = CommentEditForm(request.POST, comment=comment)
        if form.is_valid():
            try:
                comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(comment_page_url(comment, comment.article))
        form.fields["body"].widget.attrs["autofocus"] = ""
        status = 400
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
    return render(
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
        has_replies = comment.rght - comment.lft > 1
        if has_replies:
            return redirect(comment_page_url(comment, comment.article))
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    return render(
        request,
        "comments/comment_confirm_delete.html",
        {"comment": comment, "article": comment.article},
    )
