"""Metadata in templates: <time datetime>, canonical links, share tags and JSON-LD."""

from django import template
from django.conf import settings

from articles import seo

register = template.Library()


@register.filter
def isotime(value) -> str:
    """ISO 8601 without microseconds, valid in <time datetime> (the one filter for it)."""
    return seo.iso(value)


@register.simple_tag(takes_context=True)
def canonical(context, path=None) -> str:
    request = context["request"]
    return seo.absolute(request, path) if path else seo.canonical_url(request)


@register.simple_tag(takes_context=True)
def absolute_url(context, path) -> str:
    return seo.absolute(context["request"], path)


@register.inclusion_tag("includes/_share_meta.html", takes_context=True)
def share_meta(context, title="", description="", image=None, kind="website", url=None):
    """Open Graph and Twitter card tags; the image as its 1200 px rendition."""
    request = context["request"]
    return {
        "site_name": settings.SITE_NAME,
        "title": title or settings.SITE_NAME,
        "description": description,
        "url": seo.absolute(request, url) if url else seo.canonical_url(request),
        "image": seo.share_image(request, image),
        "kind": kind,
        "locale": seo.OG_LOCALE,
    }


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, authors, ticker=None):
    request = context["request"]
    crumbs = [*seo.section_crumbs(article.section), (article.headline, article.get_absolute_url())]
    if article.is_liveticker:
        data = seo.live_blog_posting(request, article, authors=authors, ticker=ticker)
    else:
        data = seo.news_article(request, article, authors=authors)
    return seo.json_ld(data) + seo.json_ld(seo.breadcrumb_list(request, crumbs))


@register.simple_tag(takes_context=True)
def section_json_ld(context, section):
    return seo.json_ld(seo.breadcrumb_list(context["request"], seo.section_crumbs(section)))


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, name, path):
    return seo.json_ld(seo.breadcrumb_list(context["request"], [(name, path)]))
