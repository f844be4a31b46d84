from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Legal and service pages")

    def ready(self):
        from articles.sitemaps import EXTRA_SITEMAPS
        from pages.sitemaps import PageSitemap

        EXTRA_SITEMAPS["pages"] = PageSitemap
