"""Who may do what in this discussion: its state, the viewer's refusal, posting, replying,
reporting and moderating. Every answer comes from comments.moderation.rules and
comments.permissions; this part only asks once per page."""

from functools import cached_property
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone

from comments.moderation import rules
from comments.moderation.models import DiscussionRules, ModerationSettings
from comments.permissions import can_moderate
from newsroom.edge import page_changes_at


class ThreadAccess:
    """A part of ThreadPage (comments/thread_page/__init__.py); it uses the page's
    `article`, `user`, `request` and the other parts' members."""

    @cached_property
    def site(self) -> ModerationSettings:
        """The moderation settings, read once per page: the discussion state and the
        compose form's review notice both need them."""
        return ModerationSettings.load()

    @cached_property
    def questions_open(self) -> bool:
        return rules.questions_open(self.article)

    @cached_property
    def state(self) -> rules.DiscussionState:
        """Open, or closed with its reason: the same answer the write path gets."""
        state = rules.discussion_state(self.article, site=self.site)
        if state.is_open and self.request is not None:
            # Time is a dependency: the page changes when the discussion closes by itself
            # (already past: it was kept open and stays so).
            closes = rules.auto_close_at(self.article, self.site)
            if closes is not None and closes > timezone.now():
                page_changes_at(self.request, closes)
        return state

    @cached_property
    def participation_refusal(self):
        return rules.participation_refusal(self.user)

    @cached_property
    def refusal(self) -> str | None:
        """Why the viewer cannot write here (shown instead of the form), or None."""
        return rules.posting_refusal(
            user=self.user,
            article=self.article,
            state=self.state,
            participation=self.participation_refusal,
        )

    @property
    def replies_open(self) -> bool:
        """Whether "Reply" links are shown: anonymous readers get one that leads to login."""
        if self.user.is_authenticated:
            return self.can_post
        return self.state.is_open

    @property
    def can_post(self) -> bool:
        return self.user.is_authenticated and not self.refusal

    @property
    def can_report(self) -> bool:
        """The per-viewer flag of "who may report" (rules.participation_refusal)."""
        return self.user.is_authenticated and self.participation_refusal is None

    @cached_property
    def moderates(self) -> bool:
        return can_moderate(self.user)

    @cached_property
    def discussion_rules(self):
        """The admin-edited rules above the form (None: the built-in text); one query."""
        return DiscussionRules.objects.first()

    @property
    def login_url(self) -> str:
        return f"{reverse('login')}?next={quote(self.base_url + '#comments')}"

    @property
    def signup_url(self) -> str:
        """Sign-up that brings the reader back to this discussion after confirming."""
        return f"{reverse('accounts:signup')}?next={quote(self.base_url + '#comments')}"
