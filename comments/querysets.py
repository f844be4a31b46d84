from django.db.models import F, Q
from mptt.querysets import TreeQuerySet

GONE_STATUSES = ("hidden", "deleted")


class CommentQuerySet(TreeQuerySet):
    def visible(self):
        return self.filter(status="visible")

    def listed_roots(self, article):
        """Thread roots that can show anything: a removed comment without replies is gone.

        Kept independent of the viewer so that a page of threads is the same for everyone
        (and cacheable); a thread only its author may see leaves a gap on other pages.
        """
        return (
            self.filter(article=article, level=0)
            .exclude(Q(status__in=GONE_STATUSES) & Q(rght=F("lft") + 1))
            .order_by("tree_id")
        )

    def for_threads(self, article, tree_ids):
        """Every comment of the given threads, in tree order, with what a thread shows."""
        return (
            self.filter(article=article, tree_id__in=list(tree_ids))
            .select_related("author", "hidden_by")
            .order_by("tree_id", "lft")
        )
