from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class LatestArticlesFeed(Feed):
    """RSS 2.0 of the newest published articles (one query for the items, one for bylines)."""

    description = _("The newest articles.")

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.for_listing()[:30]

    def item_title(self, item):
        return f"{item.kicker}: {item.headline}" if item.kicker else item.headline

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return ", ".join(b.author.name for b in item.bylines.all()) or None

    def item_categories(self, item):
        return [item.section.name]
