"""Template helpers for moderation: who moderates, the discussion rules, reason labels."""

from django import template

from comments import moderation
from comments.moderation_models import DiscussionRules, HideReason

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    """`{% if user|is_moderator %}`: one query per request, cached on the user object."""
    return moderation.is_moderator(user)


@register.filter
def hide_reason_label(value: str) -> str:
    return HideReason(value).label if value in HideReason.values else value


@register.simple_tag
def hide_reasons():
    return HideReason.choices


@register.simple_tag(takes_context=True)
def discussion_rules(context):
    """The admin-edited rules (or None: templates then show the built-in text); once per render."""
    cache = context.render_context
    if "discussion_rules" not in cache:
        cache["discussion_rules"] = DiscussionRules.objects.first()
    return cache["discussion_rules"]


@register.filter
def comment_url(comment) -> str:
    return moderation.comment_url(comment)
