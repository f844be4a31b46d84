"""Template helpers for moderation: reason labels and choices.

Who moderates is asked in templates as `request.user|can_moderate` (the one rule,
comments.permissions.can_moderate).
"""

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from articles import seo
from comments.moderation import rules
from comments.moderation.models import HideReason, hide_reason_label
from comments.permissions import can_moderate

register = template.Library()

register.filter("hide_reason_label", hide_reason_label)
register.filter("can_moderate", can_moderate)


def waiting_for(since, now=None) -> str:
    """How long an item has waited, short, in one unit: "2 Std.", "5 Min.", "3 Tagen"."""
    minutes = max(int(((now or timezone.now()) - since).total_seconds() // 60), 1)
    if minutes < 60:
        return npgettext("waiting time", "%(count)s min", "%(count)s min", minutes) % {
            "count": minutes
        }
    hours = minutes // 60
    if hours < 24:
        return npgettext("waiting time", "%(count)s hr", "%(count)s hrs", hours) % {"count": hours}
    days = hours // 24
    return npgettext("waiting time", "%(count)s day", "%(count)s days", days) % {"count": days}


@register.simple_tag
def waiting(since):
    """The waiting time of a queue item ("wartet seit 2 Std.") in a `<time>` element with the
    moment it began waiting; the one way the desk and every queue show it."""
    if since is None:
        return ""
    return format_html(
        '<time class="mod-wait" datetime="{}" title="{}">{}</time>',
        seo.iso(since),
        formats.date_format(timezone.localtime(since), "j. F Y, H:i"),
        _("waiting %(wait)s") % {"wait": waiting_for(since)},
    )


@register.simple_tag
def hide_reasons():
    return HideReason.choices


# --- DSA: the statement-of-reasons fields of the hide forms ------------------------------------


@register.simple_tag
def legal_grounds():
    from comments.moderation.models import LegalGround

    return LegalGround.choices


@register.simple_tag
def fact_templates():
    from comments.moderation.dsa.statements import fact_template_choices

    return fact_template_choices()


@register.simple_tag
def reviewing_notice(article, site=None) -> str:
    """While the surge breaker or night mode holds comments on `article`: the readers' sentence.

    `site`: the moderation settings if the page has read them already (`thread.site`)."""
    return rules.reviewing_notice(article, site)


@register.simple_tag
def active_surges():
    """Articles the surge breaker has switched to pre-moderation, and why (the dashboard)."""
    from django.utils import timezone

    from comments.moderation.models import ArticleSurge

    return list(ArticleSurge.objects.filter(until__gt=timezone.now()).select_related("article"))


@register.simple_tag
def live_counts_poll() -> str:
    """Seconds between two asks of the moderation pages for new work (moderation-live.js)."""
    return f"{settings.LIVE_MODERATION_POLL_SECONDS:g}"
