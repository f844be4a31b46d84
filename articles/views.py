from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from articles.models import Article, Author, Section, SlugRedirect, SupportBox, Tag
from newsroom.edge import cache_anonymous_page

PAGE_SIZE = 12


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@cache_anonymous_page
def home(request):
    page = _page(request, Article.objects.for_listing())
    return render(request, "articles/home.html", {"page_obj": page})


@cache_anonymous_page
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    sections = section.get_descendants(include_self=True)
    page = _page(request, Article.objects.for_listing().filter(section__in=sections))
    return render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "ancestors": section.get_ancestors(),
            "subsections": section.get_children(),
            "page_obj": page,
            "active_section": _root_slug(section),
        },
    )


def _root_slug(section) -> str:
    """The top-level section to highlight in the navigation."""
    return section.slug if section.is_root_node() else section.get_root().slug


@cache_anonymous_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = _page(request, Article.objects.for_listing().filter(tags=tag))
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})


@cache_anonymous_page
def author_detail(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page = _page(request, Article.objects.for_listing().filter(authors=author))
    return render(request, "articles/author_detail.html", {"author": author, "page_obj": page})


@cache_anonymous_page
def article_detail(request, slug):
    article = Article.objects.for_detail().filter(slug=slug).first()
    if article is None:
        old = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
        if old is not None and old.article.is_published():
            return redirect(old.article, permanent=True)
        raise Http404
    if not article.is_published() and not request.user.has_perm("articles.preview_article"):
        raise Http404
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched: no extra query
    related = (
        Article.objects.for_listing().filter(tags__in=tag_ids).exclude(pk=article.pk).distinct()[:4]
        if tag_ids
        else Article.objects.none()
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "bylines": [b.author for b in article.bylines.all()],
            "related": related,
            "support_box": SupportBox.objects.filter(is_active=True).first(),
            "active_section": _root_slug(article.section),
        },
    )
