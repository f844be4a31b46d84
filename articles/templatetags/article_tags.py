from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.images import picture_context

register = template.Library()

# gettext_lazy, not an alias such as N_: makemessages only extracts its known keywords.
GENRE_BYLINE = {
    "commentary": gettext_lazy("Commentary by"),
    "analysis": gettext_lazy("Analysis by"),
    "interview": gettext_lazy("Interview by"),
    "report": gettext_lazy("Report by"),
    "review": gettext_lazy("Review by"),
}
BY = gettext_lazy("By")


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
    prefix = GENRE_BYLINE.get(article.genre, BY)
    label = format_html('<span class="byline__genre">{}</span>', prefix)
    return format_html("{} {}", label, joined)


@register.inclusion_tag("includes/_picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """Responsive <picture> with WebP and fallback srcsets, width and height set."""
    return picture_context(image, sizes=sizes, loading=loading, css_class=css_class)
