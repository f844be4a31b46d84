from django.db.models import F, Q
from mptt.querysets import TreeQuerySet


class CommentQuerySet(TreeQuerySet):
    def visible(self):
        """What every reader sees and the article counts (Comment.COUNTED)."""
        return self.filter(status__in=self.model.COUNTED)

    def listed_roots(self, article):
        """Thread roots that can show anything: a removed comment without replies is gone.

        Kept independent of the viewer so that a page of threads is the same for everyone
        (and cacheable); a thread only its author may see leaves a gap on other pages.
        """
        return (
            self.filter(article=article, level=0)
            .exclude(Q(status__in=self.model.GONE) & Q(rght=F("lft") + 1))
            .order_by("tree_id")
        )

    def for_threads(self, article, tree_ids):
        """Every comment of the given threads, in tree order, with what a thread shows."""
        return (
            self.filter(article=article, tree_id__in=list(tree_ids))
            .select_related("author", "hidden_by")
            .order_by("tree_id", "lft")
        )

    def discussion_roots(self, article):
        """The threads of the discussion tabs; questions to the authors have their own tab."""
        return self.listed_roots(article).filter(is_question=False)

    def question_roots(self, article):
        return self.listed_roots(article).filter(is_question=True)

    def picks(self, article):
        """The article's editors' picks that readers see, newest pick first."""
        return (
            self.filter(article=article, picked_at__isnull=False, status__in=self.model.COUNTED)
            .select_related("author")
            .order_by("-picked_at", "-pk")
        )
