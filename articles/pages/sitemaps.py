from django.contrib.sitemaps import Sitemap

from articles.pages.models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at
