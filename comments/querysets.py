from mptt.querysets import TreeQuerySet


class CommentQuerySet(TreeQuerySet):
    def visible(self):
        return self.filter(status="visible")

    def for_article(self, article):
        """The article's whole forest in tree order; filter nothing before get_cached_trees()."""
        return (
            self.filter(article=article)
            .select_related("author", "hidden_by")
            .order_by("tree_id", "lft")
        )
