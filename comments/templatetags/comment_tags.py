from django import template
from django.core.paginator import Paginator

from articles.models import Article
from comments.cache import page_depends_on_thread
from comments.models import Comment
from comments.threads import ThreadPage

register = template.Library()

PROFILE_COMMENTS_PER_PAGE = 20


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """Prepare the comment section of `article` for this request; queries run lazily.

    A refused post's bound form, the comment it answered and that comment's page come in the
    template context (comments.views renders the article page with them); otherwise the
    page, order and reply target come from the query string.
    """
    request = context["request"]
    page_depends_on_thread(request, article)  # read with the article, before any comment
    return ThreadPage(
        article=article,
        user=request.user,
        request=request,
        page=context.get("comment_page") or request.GET.get("page"),
        # ?sort= (the tabs); ?order= is what links before the tabs used.
        order=request.GET.get("sort") or request.GET.get("order"),
        reply_to=context.get("comment_reply_to") or request.GET.get("reply_to"),
        form=context.get("comment_form"),
    )


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
