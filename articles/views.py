from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import popularity, schedule, ticker
from articles.frontpage import front_page
from articles.models import (
    Article,
    Author,
    Correction,
    Section,
    SlugRedirect,
    SupportBox,
    Tag,
    former_slug_target,
)
from newsroom import surrogate
from newsroom.context_processors import nav_sections
from newsroom.edge import cache_anonymous_page, on_replay, page_changes_at

# A multiple of 2 and 3, so the grid's rows are full at every width (1, 2 or 3 columns).
PAGE_SIZE = 12
RELATED_COUNT = 3
CORRECTIONS_PAGE_SIZE = 30


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _listing_page(request, scope):
    """A page of `scope`'s published articles; the page changes when the next one appears.

    The moment rides along in the page's own query (see articles.schedule); only an empty
    page asks for it separately.
    """
    now = timezone.now()
    queryset = scope.for_listing().annotate(next_publication=schedule.next_publication(scope, now))
    page = _page(request, queryset)
    rows = list(page.object_list)
    page.object_list = rows
    moment = rows[0].next_publication if rows else schedule.next_publication_at(scope, now)
    page_changes_at(request, moment)
    return page


def _boxes() -> dict:
    return {
        "most_read": popularity.most_read(),
        "most_commented": popularity.most_commented(),
    }


@cache_anonymous_page
def home(request):
    """Page 1 is the curated front page; later pages list every article, newest first."""
    surrogate.keys_add(request, surrogate.FRONT)
    if request.GET.get("page", "1") == "1":
        now = timezone.now()
        front = front_page(sections=nav_sections(), now=now)
        page_changes_at(
            request,
            front.next_change
            if front.lead is not None
            else schedule.next_publication_at(Article.objects.all(), now),
        )
        page = _page(request, Article.objects.for_listing())
        context = {"page_obj": page, "front": front, **_boxes()}
    else:
        page = _listing_page(request, Article.objects.all())
        context = {"page_obj": page}
        if page.number == 1:  # ?page=x falls back to the first page
            context["front"] = front_page(sections=nav_sections())
            context.update(_boxes())
    return render(request, "articles/home.html", context)


def corrections(request):
    """Every correction to a published article, newest first (Pressekodex, Ziffer 3)."""
    published = Article.objects.published()
    page = _page(
        request,
        Correction.objects.filter(article__in=published)
        .select_related("article")
        .order_by("-created_at", "-pk"),
        size=CORRECTIONS_PAGE_SIZE,
    )
    return render(request, "articles/correction_list.html", {"page_obj": page})


def related_articles(article, *, count: int = RELATED_COUNT) -> list[Article]:
    """Articles sharing the most topics, then the newest of the same section (one query)."""
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched: no extra query
    return list(
        Article.objects.for_listing()
        .filter(Q(tags__in=tag_ids) | Q(section=article.section_id))
        .exclude(pk=article.pk)
        .annotate(shared_topics=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        .order_by("-shared_topics", "-published_at", "-pk")[:count]
    )


@cache_anonymous_page
def section_detail(request, slug):
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        return _former_slug_redirect(Section, slug)
    surrogate.keys_add(request, surrogate.section(section.pk))
    sections = section.get_descendants(include_self=True)
    page = _listing_page(request, Article.objects.filter(section__in=sections))
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


def _former_slug_redirect(model, slug):
    """301 to the page that had this slug before (renamed, or made German); else 404."""
    target = former_slug_target(model, slug)
    if target is None:
        raise Http404
    return redirect(target, permanent=True)


def _root_slug(section) -> str:
    """The top-level section to highlight in the navigation."""
    return section.slug if section.is_root_node() else section.get_root().slug


@cache_anonymous_page
def tag_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return _former_slug_redirect(Tag, slug)
    surrogate.keys_add(request, surrogate.topic(tag.pk))
    page = _listing_page(request, Article.objects.filter(tags=tag))
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})


@cache_anonymous_page
def author_detail(request, slug):
    author = Author.objects.select_related("photo").filter(slug=slug).first()
    if author is None:
        return _former_slug_redirect(Author, slug)
    surrogate.keys_add(request, surrogate.author(author.pk))
    page = _listing_page(request, Article.objects.filter(authors=author))
    return render(request, "articles/author_detail.html", {"author": author, "page_obj": page})


# The comments' order is the one query parameter that makes another article page.
@cache_anonymous_page(parameters={"order": ("oldest", "newest")})
def article_detail(request, slug):
    now = timezone.now()
    article = (
        Article.objects.for_detail()
        .filter(slug=slug)
        # Related articles and the boxes may list any article: the site's next publication.
        .annotate(next_publication=schedule.next_publication(Article.objects.all(), now))
        .first()
    )
    if article is None:
        old = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
        if old is not None and old.article.is_published():
            return redirect(old.article, permanent=True)
        raise Http404
    published = article.is_published()
    surrogate.keys_add(
        request,
        surrogate.article(article.pk),
        surrogate.thread(article.pk),
        surrogate.section(article.section_id),
        *(surrogate.author(b.author_id) for b in article.bylines.all()),
        *(surrogate.topic(t.pk) for t in article.tags.all()),
    )
    if not published:
        # An embargo: the 404 of a scheduled article ends at its publication, at every layer.
        if article.status == Article.Status.PUBLISHED:
            page_changes_at(request, article.published_at)
        if not article.is_visible_to(request.user):
            raise Http404
    page_changes_at(request, article.next_publication)
    response = article_page(request, article)
    if published:
        # A cache increment only; the database sees these counts in batches later.
        popularity.view_count_request(request, article_id=article.pk)
        on_replay(request, "articles.popularity.view_count_request", article_id=article.pk)
    return response


def article_page(request, article, *, extra_context=None, status: int = 200):
    """Render the article page; `extra_context` is for the regions other apps render in it.

    The comments app passes a refused post's bound form this way, explicitly, so nothing
    travels on the request. A live ticker adds its entries (two queries, however many).
    """
    live = None
    if article.is_liveticker:
        try:
            before = ticker.parse_before(request.GET.get("vor"))
        except ticker.BadCursor:
            return HttpResponseBadRequest(_('"vor" must be the number of an entry.'))
        live = ticker.ticker_page(request, article, before=before)
    context = {
        "ticker": live,
        "can_edit_ticker": live is not None
        and request.user.is_authenticated
        and request.user.has_perm("articles.add_tickerentry"),
        "article": article,
        "bylines": [b.author for b in article.bylines.all()],
        "related": related_articles(article),
        "corrections": list(article.corrections.all()),
        "support_box": SupportBox.objects.filter(is_active=True).first(),
        "active_section": _root_slug(article.section),
        **_boxes(),
        **(extra_context or {}),
    }
    return render(request, "articles/article_detail.html", context, status=status)
