from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published", published_at__lte=timezone.now())

    def with_bylines(self):
        """Prefetch the bylines in order with their authors: one query for any number of rows."""
        from articles.models import ArticleAuthor

        return self.prefetch_related(
            Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
        )

    def for_listing(self):
        """Published articles with everything a teaser shows, in a fixed number of queries."""
        return (
            self.published()
            .defer("body", "body_html")  # teasers never show the text; it is the bulk of a row
            .select_related("section", "hero_image")
            .with_bylines()
            .order_by("-published_at", "-pk")
        )

    def for_box(self):
        """Published articles with just what a headline list shows (most read, most commented)."""
        return self.published().only(
            "slug", "kicker", "headline", "published_at", "comment_count", "status"
        )

    def for_detail(self):
        from articles.models import ArticleAuthor

        return self.select_related("section", "hero_image").prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleAuthor.objects.select_related("author", "author__photo"),
            ),
            "tags",
        )
