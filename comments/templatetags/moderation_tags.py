"""Template helpers for moderation: who moderates, the discussion rules, reason labels."""

from django import template

from comments.moderation import rules
from comments.moderation.models import DiscussionRules, HideReason, hide_reason_label

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    """`{% if user|is_moderator %}`: one query per request, cached on the user object."""
    return rules.is_moderator(user)


register.filter("hide_reason_label", hide_reason_label)


@register.simple_tag
def hide_reasons():
    return HideReason.choices


@register.simple_tag(takes_context=True)
def discussion_rules(context):
    """The admin-edited rules (None: templates show the built-in text); one query per request."""
    request = context.get("request")
    if request is not None and hasattr(request, "_discussion_rules"):
        return request._discussion_rules
    rules = DiscussionRules.objects.first()
    if request is not None:
        request._discussion_rules = rules
    return rules


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
