"""sitemap.xml: an index of paged sitemaps that never loses an article.

Articles are grouped by the month of publication (in the site's time zone), so an old
month's sitemap never changes when new articles appear and crawlers can skip it by lastmod;
a month with more than LIMIT articles is paged (?p=2). Sections, topics, authors and the home
page have their own sitemaps. Google News gets a separate sitemap of the last two days.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from articles import schedule, seo
from articles.models import Article, Author, Section, Tag
from newsroom.edge import page_changes_at

LIMIT = 5000
NEWS_MAX = 1000  # Google News: at most 1,000 articles of the last two days
NEWS_DAYS = 2

# Other apps add their pages here (articles.pages.apps registers the legal pages).
EXTRA_SITEMAPS: dict[str, type[Sitemap]] = {}


class _Images:
    """Adds image:image entries (the hero image as its 1200 px rendition) to each URL."""

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            image = getattr(url["item"], "hero_image", None)
            url["image"] = seo.share_image(base, image) if image is not None else None
        return urls


def _article_lastmod(article):
    # A scheduled article appears at published_at, after its last edit.
    return max(article.updated_at, article.published_at)


class ArticleMonthSitemap(_Images, Sitemap):
    """The published articles of one calendar month."""

    limit = LIMIT

    def __init__(self, month: datetime, *, count: int, latest):
        self.start = month
        days = calendar.monthrange(month.year, month.month)[1]
        self.end = timezone.make_aware(datetime.combine(month.date() + timedelta(days=days),
                                                        datetime.min.time()))  # fmt: skip
        self.count = count
        self.latest = latest

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .select_related("hero_image")
            .only(
                "slug",
                "updated_at",
                "published_at",
                "hero_image__file",
                "hero_image__renditions",
                "hero_image__width",
                "hero_image__height",
                "hero_image__alt_text",
            )  # fmt: skip
            .order_by("published_at", "pk")
        )

    @cached_property
    def paginator(self):
        paginator = Paginator(self.items(), self.limit)
        paginator.count = self.count  # known from the index query: no COUNT per month
        return paginator

    def lastmod(self, item):
        return _article_lastmod(item)

    def get_latest_lastmod(self):
        return self.latest


def article_months() -> dict[str, ArticleMonthSitemap]:
    """One sitemap per month with published articles, from one grouped query."""
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk"), updated=Max("updated_at"), published=Max("published_at"))
        .order_by("month")
    )
    months = {}
    for row in rows:
        month = timezone.localtime(row["month"]) if timezone.is_aware(row["month"]) else (
            timezone.make_aware(row["month"])
        )  # fmt: skip
        latest = max(row["updated"], row["published"])
        months[f"articles-{month:%Y-%m}"] = ArticleMonthSitemap(
            month, count=row["n"], latest=latest
        )
    return months


class _Listing(Sitemap):
    """Pages that list articles; lastmod is their newest published article's."""

    model = None
    relation = "articles"
    limit = LIMIT
    only_with_articles = True  # an empty topic or author page is not worth crawling

    def items(self):
        published = Q(**{f"{self.relation}__status": Article.Status.PUBLISHED}) & Q(
            **{f"{self.relation}__published_at__lte": timezone.now()}
        )
        rows = self.model.objects.annotate(
            latest=Max(f"{self.relation}__published_at", filter=published),
            updated=Max(f"{self.relation}__updated_at", filter=published),
        )
        if self.only_with_articles:
            rows = rows.filter(latest__isnull=False)
        return rows.only("slug").order_by("pk")

    def lastmod(self, item):
        return max(item.latest, item.updated) if item.latest else None

    def get_latest_lastmod(self):
        return max(filter(None, (self.lastmod(item) for item in self.items())), default=None)


class SectionSitemap(_Listing):
    model = Section
    only_with_articles = False  # a section page also lists its subsections' articles


class TagSitemap(_Listing):
    model = Tag


class AuthorSitemap(_Listing):
    model = Author


class HomeSitemap(Sitemap):
    changefreq = "always"

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return (
            Article.objects.published()
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )


def all_sitemaps() -> dict[str, Sitemap]:
    return {
        "home": HomeSitemap(),
        **{name: cls() for name, cls in EXTRA_SITEMAPS.items()},
        "sections": SectionSitemap(),
        "topics": TagSitemap(),
        "authors": AuthorSitemap(),
        **article_months(),
    }


def _until_next_publication(request) -> None:
    """Sitemaps list every published article: they change at the next publication."""
    page_changes_at(request, schedule.next_publication_at(Article.objects.all(), timezone.now()))


@require_safe
def index(request):
    _until_next_publication(request)
    return sitemap_views.index(
        request,
        all_sitemaps(),
        template_name="sitemaps/index.xml",
        sitemap_url_name="articles:sitemap-section",
    )


@require_safe
def section(request, section):
    _until_next_publication(request)
    return sitemap_views.sitemap(
        request, all_sitemaps(), section=section, template_name="sitemaps/sitemap.xml"
    )


@require_safe
def news(request):
    """Google News: the articles of the last two days, newest first, at most 1,000."""
    _until_next_publication(request)
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("slug", "headline", "published_at")
        .order_by("-published_at", "-pk")[:NEWS_MAX]
    )
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": articles, "language": seo.CONTENT_LANGUAGE},
        content_type="application/xml",
    )
