from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "articles.pages"
    label = "pages"
    verbose_name = _("Legal and service pages")

    def ready(self):
        from articles.pages.sitemaps import PageSitemap
        from articles.sitemaps import EXTRA_SITEMAPS

        EXTRA_SITEMAPS["pages"] = PageSitemap
