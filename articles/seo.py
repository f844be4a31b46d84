"""Share and search-engine metadata: canonical URLs, Open Graph images, JSON-LD.

One home for what crawlers and social networks read, so the article page, the section pages
and the feeds agree on URLs, images and the language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.images import SHARE_WIDTH

# Articles are written in German; the interface language is the reader's choice.
CONTENT_LANGUAGE = "de"
OG_LOCALE = "de_DE"
LOGO = ("img/logo.png", 600, 60)

# Everything that could end a <script> block or open a comment inside it, as JSON escapes
# (the same table as django.utils.html.json_script).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def iso(value) -> str:
    """An aware datetime as ISO 8601 in the site's time zone, without microseconds."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


def absolute(request, path: str) -> str:
    """An absolute URL for path; `request` may also be a base such as "https://host"."""
    if isinstance(request, str):
        return request.rstrip("/") + path
    return request.build_absolute_uri(path)


def canonical_url(request) -> str:
    """This page without query parameters, except a listing's page number beyond the first."""
    url = absolute(request, request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def share_image(request, image) -> ShareImage | None:
    """The 1200 px rendition (the size Open Graph and Twitter cards want), or the next wider.

    `request` is a request or a base URL (see `absolute`).
    """
    if image is None or not image.file:
        return None
    renditions = image.renditions or {}
    widths = sorted(int(w) for w in renditions if "fallback" in renditions[w])
    if not widths:
        return ShareImage(absolute(request, image.file.url), image.width, image.height,
                          image.alt_text)  # fmt: skip
    width = next((w for w in widths if w >= SHARE_WIDTH), widths[-1])
    height = round(image.height * width / image.width) if image.width else width
    url = absolute(request, default_storage.url(renditions[str(width)]["fallback"]))
    return ShareImage(url, width, height, image.alt_text)


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block that no field can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


def publisher(request) -> dict:
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute(request, reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static(path)),
            "width": width,
            "height": height,
        },
    }


def breadcrumb_list(request, crumbs: list[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, path) pairs, starting at the front page."""
    items = [(settings.SITE_NAME, reverse("articles:home")), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(request, path)}
            for i, (name, path) in enumerate(items, start=1)
        ],
    }


def section_crumbs(section) -> list[tuple[str, str]]:
    """The section's ancestors and itself; one query for the ancestors."""
    return [(s.name, s.get_absolute_url()) for s in section.get_ancestors(include_self=True)]


def news_article(request, article, *, authors) -> dict:
    image = share_image(request, article.hero_image)
    url = absolute(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.lead,
        "inLanguage": CONTENT_LANGUAGE,
        "datePublished": iso(article.published_at),
        # revised_at, not updated_at: only a substantial change or a correction counts.
        "dateModified": iso(max(article.revised_at or article.published_at, article.published_at)),
        "author": [
            {"@type": "Person", "name": a.name, "url": absolute(request, a.get_absolute_url())}
            for a in authors
        ],
        "publisher": publisher(request),
        "articleSection": article.section.name,
        "commentCount": article.comment_count,
        "isAccessibleForFree": True,
    }
    if article.kicker:
        data["alternativeHeadline"] = article.kicker
    if image is not None:
        data["image"] = [
            {"@type": "ImageObject", "url": image.url, "width": image.width,
             "height": image.height}
        ]  # fmt: skip
    keywords = [t.name for t in article.tags.all()]  # prefetched by for_detail()
    if keywords:
        data["keywords"] = keywords
    corrections = [c.as_schema_org() for c in article.corrections.all()]  # prefetched
    if corrections:
        data["correction"] = corrections
    return data


# A running ticker has no end yet; search engines want an expected one (schema.org: "the
# time when the live blog will end or has ended"). We say: this long after the last entry.
LIVE_EXPECTED_HOURS = 12


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def blog_posting(request, entry, *, url: str) -> dict:
    """One ticker entry as a schema.org BlogPosting (an item of liveBlogUpdate)."""
    text = entry.plain_text()
    data = {
        "@type": "BlogPosting",
        "headline": _short(text),
        "articleBody": text,
        "datePublished": iso(entry.published_at),
        "dateModified": iso(entry.edited_at or entry.published_at),
        "url": f"{url}#{entry.anchor()}",
    }
    if entry.author is not None:
        data["author"] = {"@type": "Person", "name": entry.author.name}
    if (image := share_image(request, entry.image)) is not None:
        data["image"] = image.url
    return data


def live_blog_posting(request, article, *, authors, ticker) -> dict:
    """The article as a schema.org LiveBlogPosting with the entries on the page as updates."""
    data = news_article(request, article, authors=authors)
    data["@type"] = "LiveBlogPosting"
    started = article.ticker_started_at()
    data["coverageStartTime"] = iso(started)
    entries = list(ticker.entries) if ticker is not None else []
    if article.live_ended_at is not None:
        data["coverageEndTime"] = iso(article.live_ended_at)
    else:
        latest = max([started, *(e.published_at for e in entries)])
        data["coverageEndTime"] = iso(latest + timedelta(hours=LIVE_EXPECTED_HOURS))
    stamps = [article.revised_at or article.published_at, article.published_at]
    stamps += [e.edited_at or e.published_at for e in entries]
    data["dateModified"] = iso(max(stamps))
    data["liveBlogUpdate"] = [blog_posting(request, e, url=data["url"]) for e in entries]
    return data
