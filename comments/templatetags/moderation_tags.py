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
