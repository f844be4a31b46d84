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
    """Responsive <picture> with WebP and fallback srcsets, width and height set.

    loading="eager" is for the one LCP image of a page (the article's hero, the front
    page's lead teaser) and adds fetchpriority="high"; everything else stays lazy.
    """
    return picture_context(image, sizes=sizes, loading=loading, css_class=css_class)


# The width an image takes at each breakpoint, from newsroom.css: .container-xl is fluid
# below 1200px (content 100vw - 1.5rem of gutters) and 1116px / 1296px wide from 1200px /
# 1400px; teaser lists have 1.5rem gaps with 2 columns from 576px and 3 (the front page's
# top row: 4) from 992px; below 576px a list teaser shows a 6.5rem thumbnail; the lead
# teaser's picture is 3/5 of the row beside its text from 992px; articles and their
# related teasers are at most 52rem wide. A teaser alone in the last row is wider (the
# browser scales the next rendition up a little there).
ARTICLE_HERO_SIZES = "(min-width: 856px) 832px, calc(100vw - 1.5rem)"
TEASER_SIZES = {
    "lead": "(min-width: 1400px) 758px, (min-width: 1200px) 650px, "
    "(min-width: 992px) calc(60vw - 2.1rem), calc(100vw - 1.5rem)",
    "list": "(min-width: 1400px) 416px, (min-width: 1200px) 356px, "
    "(min-width: 992px) calc(33.3vw - 2.5rem), (min-width: 576px) calc(50vw - 1.5rem), 104px",
    "top": "(min-width: 1400px) 306px, (min-width: 1200px) 261px, "
    "(min-width: 992px) calc(25vw - 2.625rem), (min-width: 576px) calc(50vw - 1.5rem), 104px",
    "related": "(min-width: 992px) 261px, (min-width: 856px) 404px, "
    "(min-width: 576px) calc(50vw - 1.5rem), 104px",
}


@register.inclusion_tag("includes/_picture.html")
def teaser_picture(image, slot="list"):
    """A teaser's picture, sized for its slot; the lead teaser is the LCP image."""
    loading = "eager" if slot == "lead" else "lazy"
    return picture_context(image, sizes=TEASER_SIZES[slot], loading=loading, css_class="")


@register.inclusion_tag("includes/_picture.html")
def hero_picture(image):
    """The article's hero: the page's LCP image, so eager and fetched first."""
    return picture_context(image, sizes=ARTICLE_HERO_SIZES, loading="eager", css_class="")
