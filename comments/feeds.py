"""An RSS feed of the newest visible comments of one article ("Feed zur Diskussion")."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import Comment
from newsroom import surrogate

FEED_ITEMS = 30


class CommentFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, slug):
        # Published articles only: a draft's discussion has no public feed.
        article = Article.objects.published().filter(slug=slug).first()
        if article is None:
            raise Http404
        surrogate.keys_add(request, surrogate.thread(article.pk))  # purged with the thread
        return article

    def title(self, article):
        return _("Comments on “%(headline)s”") % {"headline": article.headline}

    def link(self, article):
        return article.get_absolute_url() + "#comments"

    def description(self, article):
        return _("The newest comments of readers on this article.")

    def items(self, article):
        # Visible comments only: hidden, pending and deleted text never reaches a feed reader.
        return (
            Comment.objects.visible()
            .filter(article=article)
            .select_related("author", "article")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, comment):
        # A short, safe title: feed readers show titles as text or as HTML, and raw comment
        # text in a title is both (issue 22). The text itself is the escaped description.
        return _("Comment by %(name)s on “%(headline)s”") % {
            "name": comment.author.public_name,
            "headline": Truncator(comment.article.headline).chars(80),
        }

    def item_description(self, comment):
        return comment.body_html  # cooked at write time: escaped and linkified

    def item_link(self, comment):
        return comment.get_absolute_url()

    def item_guid(self, comment):
        return f"comment-{comment.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.author.public_name
