from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from articles.images import picture_context

register = template.Library()

GENRE_BYLINE = {
    "commentary": N_("Commentary by"),
    "analysis": N_("Analysis by"),
    "interview": N_("Interview by"),
    "report": N_("Report by"),
    "review": N_("Review by"),
}


@register.simple_tag
def byline(article, link=False):
    """Render "Commentary by Sven Hansen and Jörg Müller" from prefetched bylines."""
    authors = [b.author for b in article.bylines.all()]
    if not authors:
        return ""
    if link:
        names = [format_html('<a href="{}">{}</a>', a.get_absolute_url(), a.name) for a in authors]
    else:
        names = [format_html("{}", a.name) for a in authors]
    joined = names[0] if len(names) == 1 else format_html(
        "{} {} {}", format_html_join(", ", "{}", ((n,) for n in names[:-1])), _("and"), names[-1]
    )  # fmt: skip
    prefix = _(GENRE_BYLINE.get(article.genre, N_("By")))
    label = format_html('<span class="byline__genre">{}</span>', prefix)
    return format_html("{} {}", label, joined)


@register.inclusion_tag("includes/_picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """Responsive <picture> with WebP and fallback srcsets, width and height set."""
    return picture_context(image, sizes=sizes, loading=loading, css_class=css_class)
