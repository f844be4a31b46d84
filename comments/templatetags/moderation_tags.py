"""Template helpers for moderation: reason labels and choices.

Who moderates is asked in templates as `perms.comments.moderate_comments` (Django's own
permission check, see comments.moderation.rules.MODERATE_PERMISSION).
"""

from django import template

from comments.moderation.models import HideReason, hide_reason_label

register = template.Library()

register.filter("hide_reason_label", hide_reason_label)


@register.simple_tag
def hide_reasons():
    return HideReason.choices


# --- DSA: the statement-of-reasons fields of the hide forms ------------------------------------


@register.simple_tag
def legal_grounds():
    from comments.moderation.dsa_models import LegalGround

    return LegalGround.choices


@register.simple_tag
def fact_templates():
    from comments.moderation.statements import fact_template_choices

    return fact_template_choices()


@register.simple_tag
def reviewing_notice(article) -> str:
    """While the surge breaker or night mode holds comments on `article`: the readers' sentence."""
    from comments.moderation import surge

    return surge.reviewing_notice(article)


@register.simple_tag
def active_surges():
    """Articles the surge breaker has switched to pre-moderation, and why (the dashboard)."""
    from django.utils import timezone

    from comments.moderation.dsa_models import ArticleSurge

    return list(ArticleSurge.objects.filter(until__gt=timezone.now()).select_related("article"))
