from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

# Kept by a database trigger and only ever read by the database (articles.search).
SEARCH_COLUMNS = ("search_vector", "search_head")


class ArticleQuerySet(models.QuerySet):
    def _bylines(self):
        """ArticleAuthor's rows, reached through the relation (models.py imports this module)."""
        return self.model._meta.get_field("bylines").related_model.objects.all()

    def published(self):
        return self.filter(status="published", published_at__lte=timezone.now())

    def with_bylines(self):
        """Prefetch the bylines in order with their authors: one query for any number of rows."""
        return self.prefetch_related(
            Prefetch("bylines", queryset=self._bylines().select_related("author"))
        )

    def for_listing(self):
        """Published articles with everything a teaser shows, in a fixed number of queries."""
        return (
            self.published()
            # Teasers never show the text (the bulk of a row) or the search vectors (database only).
            .defer("body", "body_html", *SEARCH_COLUMNS)
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
        return (
            self.select_related("section", "hero_image")
            .defer(*SEARCH_COLUMNS)
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=self._bylines().select_related("author", "author__photo"),
                ),
                "tags",
                "corrections",
            )
        )
