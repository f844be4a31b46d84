"""RSS 2.0 and Atom feeds for the whole site, each section, topic and author.

Feeds are always German (the articles are), carry absolute URLs, the byline, section and
topics as categories, the hero image as media:content (no file size needed, unlike an RSS
enclosure) and a guid made from the primary key, so a renamed slug is not a new item.
Conditional GETs are answered with 304 from one small query (see `conditional`).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from articles import schedule, seo
from articles.models import Article, Author, Section, Tag, TickerEntry
from newsroom import surrogate
from newsroom.edge import page_changes_at

FEED_LENGTH = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
# The tag: URI (RFC 4151) date: the year the paper's feeds started. Never change it.
GUID_DATE = "2026"


def article_guid(article) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{GUID_DATE}:article:{article.pk}"


class _MediaMixin:
    """media:content for the hero image and a channel logo, in RSS and Atom alike."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        media = item.get("media")
        if media is not None:
            handler.addQuickElement(
                "media:content",
                attrs={
                    "url": media.url,
                    "medium": "image",
                    "type": "image/jpeg" if media.url.endswith(".jpg") else "image/png",
                    "width": str(media.width),
                    "height": str(media.height),
                },
            )
            if media.alt:
                handler.addQuickElement("media:description", media.alt)


class NewsRssFeed(_MediaMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.startElement("image", {})
        handler.addQuickElement("url", self.feed["image_url"])
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.endElement("image")


class NewsAtomFeed(_MediaMixin, Atom1Feed):
    """Atom with the lead as what it is, plain text: `<summary type="text">`.

    Django writes every description as `type="html"`; the lead is plain text, so a lead with
    `&amp;` or `<3` was read as markup by feed readers (issue 22).
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("lead"):
            handler.addQuickElement("summary", item["lead"], {"type": "text"})

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("icon", self.feed["icon_url"])
        handler.addQuickElement("logo", self.feed["image_url"])


class ArticleFeed(Feed):
    """The newest articles of a scope; subclasses say which (get_object, scope)."""

    feed_type = NewsRssFeed
    language = seo.CONTENT_LANGUAGE
    kind = ""  # the URL name suffix: "" for RSS, "-atom" for Atom

    def __call__(self, request, *args, **kwargs):
        # Feeds say "de" whatever the reader's interface language: titles must match.
        with translation.override(seo.CONTENT_LANGUAGE):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return None

    def surrogate_key(self, obj) -> str:
        return surrogate.FRONT

    def scope(self, obj):
        return Article.objects.all()

    def items(self, obj):
        return self.scope(obj).for_listing().prefetch_related("tags")[:FEED_LENGTH]

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return _("The newest articles.")

    subtitle = description  # Atom's name for it

    def link(self, obj):
        return reverse("articles:home")

    def author_name(self, obj):
        return settings.SITE_NAME

    def feed_extra_kwargs(self, obj):
        return {}

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["image_url"] = request.build_absolute_uri(static(seo.LOGO[0]))
        feed.feed["icon_url"] = request.build_absolute_uri(static("img/icon-192.png"))
        for item in feed.items:
            image = item.pop("hero_image", None)
            item["media"] = seo.share_image(request, image)
        return feed

    def item_title(self, item):
        return f"{item.kicker}: {item.headline}" if item.kicker else item.headline

    def item_description(self, item):
        # RSS descriptions are HTML; the lead is plain text (Atom: NewsAtomFeed uses `lead`).
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_guid(self, item):
        return article_guid(item)

    def item_guid_is_permalink(self, item):
        return False

    def item_author_name(self, item):
        return ", ".join(b.author.name for b in item.bylines.all()) or None

    def item_author_link(self, item):
        bylines = item.bylines.all()
        return bylines[0].author.get_absolute_url() if len(bylines) == 1 else None

    def item_categories(self, item):
        return [item.section.name, *(t.name for t in item.tags.all())]

    def item_extra_kwargs(self, item):
        return {"hero_image": item.hero_image, "lead": item.lead}

    def validators(self, request, **kwargs) -> tuple[str, object]:
        """(etag, last modified) from the feed's items, in one query without the text."""
        obj = self.get_object(request, **kwargs)
        if obj is not None:
            surrogate.keys_add(request, self.surrogate_key(obj))
        now = timezone.now()
        scope = self.scope(obj)
        rows = list(
            scope.published()
            .annotate(next_publication=schedule.next_publication(scope, now))
            .order_by("-published_at", "-pk")
            .values_list("pk", "updated_at", "published_at", "next_publication")[:FEED_LENGTH]
        )
        # The feed changes when the scope's next scheduled article appears (issue 23).
        page_changes_at(request, rows[0][3] if rows else schedule.next_publication_at(scope, now))
        latest = max((max(u, p) for _pk, u, p, _next in rows), default=None)
        digest = hashlib.sha256(
            repr((request.path, settings.SITE_NAME, [r[:2] for r in rows])).encode()
        ).hexdigest()[:32]
        return f'"{digest}"', latest


class AtomMixin:
    feed_type = NewsAtomFeed


class LatestArticlesFeed(ArticleFeed):
    pass


class LatestArticlesAtomFeed(AtomMixin, LatestArticlesFeed):
    pass


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def surrogate_key(self, obj) -> str:
        return surrogate.section(obj.pk)

    def scope(self, obj):
        return Article.objects.filter(section__in=obj.get_descendants(include_self=True))

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description(self, obj):
        return _("The newest articles in %(name)s.") % {"name": obj.name}

    subtitle = description

    def link(self, obj):
        return obj.get_absolute_url()


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def surrogate_key(self, obj) -> str:
        return surrogate.topic(obj.pk)

    def scope(self, obj):
        return Article.objects.filter(tags=obj)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description(self, obj):
        return _("The newest articles on %(name)s.") % {"name": obj.name}

    subtitle = description

    def link(self, obj):
        return obj.get_absolute_url()


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def surrogate_key(self, obj) -> str:
        return surrogate.author(obj.pk)

    def scope(self, obj):
        return Article.objects.filter(authors=obj)

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def description(self, obj):
        return _("The newest articles by %(name)s.") % {"name": obj.name}

    subtitle = description

    def link(self, obj):
        return obj.get_absolute_url()


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


def conditional(feed: ArticleFeed):
    """The feed view with ETag and Last-Modified, answering 304 when nothing changed."""

    def validators(request, **kwargs):
        # condition() asks twice (ETag, then Last-Modified): one query per request.
        if not hasattr(request, "_feed_validators"):
            request._feed_validators = feed.validators(request, **kwargs)
        return request._feed_validators

    return condition(
        etag_func=lambda request, **kw: validators(request, **kw)[0],
        last_modified_func=lambda request, **kw: validators(request, **kw)[1],
    )(feed)


def ticker_entry_guid(entry) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{GUID_DATE}:ticker-entry:{entry.pk}"


class TickerFeed(ArticleFeed):
    """The newest published entries of one live ticker."""

    def get_object(self, request, slug):
        article = get_object_or_404(
            Article.objects.published().select_related("section"), slug=slug, is_liveticker=True
        )
        return article

    def items(self, obj):
        entries = list(TickerEntry.objects.for_display().filter(article=obj)[:FEED_LENGTH])
        for entry in entries:
            entry.article = obj
        return entries

    def title(self, obj):
        return f"{_('Live')}: {obj.headline} – {settings.SITE_NAME}"

    def description(self, obj):
        return obj.lead

    subtitle = description

    def link(self, obj):
        return obj.get_absolute_url()

    def item_title(self, item):
        text = item.plain_text()
        title = text if len(text) <= 90 else text[:89].rsplit(" ", 1)[0] + " …"
        return f"{_('Important')}: {title}" if item.is_key else title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.edited_at or item.published_at

    def item_guid(self, item):
        return ticker_entry_guid(item)

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_author_link(self, item):
        return None

    def item_categories(self, item):
        return [_("Important")] if item.is_key else []

    def item_extra_kwargs(self, item):
        return {"hero_image": item.image}

    def validators(self, request, **kwargs) -> tuple[str, object]:
        """(etag, last modified) from the article's thread_version, in one small query."""
        row = (
            Article.objects.published()
            .filter(slug=kwargs["slug"], is_liveticker=True)
            .values_list("pk", "thread_version", "updated_at")
            .first()
        )
        if row is None:
            return None, None
        surrogate.keys_add(request, surrogate.article(row[0]))  # purged by every entry write
        digest = hashlib.sha256(repr((request.path, settings.SITE_NAME, row)).encode()).hexdigest()
        return f'"{digest[:32]}"', None


class TickerAtomFeed(AtomMixin, TickerFeed):
    pass
