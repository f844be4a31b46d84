from django import template

from comments.cache import page_depends_on_thread
from comments.threads import ThreadPage

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """Prepare the comment section of `article` for this request; queries run lazily.

    A failed post hands its bound form over on the request (see views._rerender_article).
    """
    request = context["request"]
    page_depends_on_thread(request, article.pk)  # before any comment is read
    return ThreadPage(
        article=article,
        request=request,
        page=getattr(request, "comment_page", None) or request.GET.get("page"),
        # ?sort= (the tabs); ?order= is what links before the tabs used.
        order=request.GET.get("sort") or request.GET.get("order"),
        reply_to=getattr(request, "comment_reply_to", None) or request.GET.get("reply_to"),
        form=getattr(request, "comment_form", None),
    )
