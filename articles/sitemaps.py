from django.contrib.sitemaps import Sitemap

from articles.models import Article, Author, Section, Tag


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


class ListPageSitemap(Sitemap):
    """Sections, topics and authors: pages that list articles."""

    changefreq = "hourly"

    def items(self):
        return [
            *Section.objects.only("slug"),
            *Tag.objects.only("slug"),
            *Author.objects.only("slug"),
        ]


SITEMAPS = {"articles": ArticleSitemap, "lists": ListPageSitemap}
