"""What the comment write path asks moderation: sanctions, word lists, pre-moderation (with
the surge breaker and night mode), closing and reporting rights.

Policy, and reads only: nothing here writes. comments/services.py (the write path),
comments/moderation/intake.py and comments/moderation/services.py (what moderators do) ask
these rules, so this module imports none of them. Who moderates is
comments.permissions.can_moderate.
"""

import re
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from articles.models import Article
from comments.models import Comment
from comments.moderation.models import (
    ArticleDiscussionSettings,
    ArticleSurge,
    HoldExplanation,
    HoldRule,
    ModerationSettings,
    PreModeration,
    Report,
    Sanction,
    UserModeration,
    WordRule,
)
from comments.permissions import can_moderate
from newsroom.text import normalize_text

# --- Reads used by the hooks -------------------------------------------------------------


def active_sanction(user) -> Sanction | None:
    if user is None or not user.is_authenticated:
        return None
    return Sanction.objects.active().filter(user=user).order_by("ends_at").last()


def sanction_message(sanction: Sanction) -> str:
    if sanction.ends_at is None:
        return _("Your account is banned from commenting. Reason: %(reason)s") % {
            "reason": sanction.reason
        }
    until = formats.date_format(timezone.localtime(sanction.ends_at), "DATETIME_FORMAT")
    return _("Your account is suspended from commenting until %(until)s. Reason: %(reason)s") % {
        "until": until,
        "reason": sanction.reason,
    }


def article_settings(article: Article) -> ArticleDiscussionSettings | None:
    return ArticleDiscussionSettings.objects.filter(article_id=article.pk).first()


def effective_premoderation(article: Article, site: ModerationSettings | None = None) -> str:
    override = article_settings(article)
    if override is not None and override.premoderation:
        return override.premoderation
    return (site or ModerationSettings.load()).premoderation


def auto_close_at(article: Article, site: ModerationSettings):
    """When the discussion closes by itself (a keep_open override aside), or None."""
    days = site.auto_close_days
    return article.published_at + timezone.timedelta(days=days) if days else None


def auto_close_due(article: Article, site: ModerationSettings) -> bool:
    """Whether `article` is old enough to close automatically (a keep_open override aside)."""
    closes = auto_close_at(article, site)
    return closes is not None and closes <= timezone.now()


# --- Is this discussion open? -------------------------------------------------------------


@dataclass(frozen=True)
class Open:
    is_open = True
    reason = ""
    message = ""
    can_reopen = False


@dataclass(frozen=True)
class Closed:
    """A closed discussion stays readable; `message` tells every reader why it takes no posts."""

    class Reason:
        CLOSED = "closed"  # an editor or a moderator closed it
        AUTO = "auto"  # older than the site's auto-close period
        UNPUBLISHED = "unpublished"  # a draft or scheduled article (seen in preview)

    reason: str
    days: int = 0
    why: str = ""  # a discussion closed by hand: the reason the moderator gave readers
    is_open = False

    @property
    def is_automatic(self) -> bool:
        return self.reason == self.Reason.AUTO

    @property
    def can_reopen(self) -> bool:
        """Moderators may reopen it (an unpublished article opens by being published)."""
        return self.reason != self.Reason.UNPUBLISHED

    @property
    def message(self) -> str:
        if self.reason == self.Reason.AUTO:
            return ngettext(
                "The discussion of this article is closed: discussions close %(days)d day "
                "after publication. You can still read all comments.",
                "The discussion of this article is closed: discussions close %(days)d days "
                "after publication. You can still read all comments.",
                self.days,
            ) % {"days": self.days}
        if self.reason == self.Reason.UNPUBLISHED:
            return _("Comments on this article are closed.")
        if self.why:
            return _(
                "The discussion of this article is closed: %(why)s You can still read all comments."
            ) % {"why": self.why}
        return _("The discussion of this article is closed. You can still read all comments.")


OPEN = Open()
DiscussionState = Open | Closed


def discussion_state(
    article: Article, *, site: ModerationSettings | None = None, keep_open: bool | None = None
) -> DiscussionState:
    """The only answer to "may anyone post here, and if not, why not".

    The write path, the thread builder, the templates and the moderators' discussion list ask
    it. `site` and `keep_open` may be passed by callers that have already read them.
    """
    if not article.is_published():
        return Closed(Closed.Reason.UNPUBLISHED)
    if not article.comments_open:
        return Closed(Closed.Reason.CLOSED, why=article.comments_closed_reason)
    site = site or ModerationSettings.load()
    if auto_close_due(article, site):
        if keep_open is None:
            override = article_settings(article)
            keep_open = override is not None and override.keep_open
        if not keep_open:
            return Closed(Closed.Reason.AUTO, days=site.auto_close_days)
    return OPEN


def questions_open(article) -> bool:
    """Whether readers may put questions to the article's authors: their tab, their form and
    the authors' small queue. The one home of that rule; whether anyone may post at all is
    discussion_state's (posting_refusal asks both)."""
    return bool(article.questions_open)


def teaser_invites_comments(article, *, site: ModerationSettings) -> bool:
    """Whether a teaser may invite readers to comment ("0 comments – comment now").

    discussion_state, asked without the per-article override (a list shows many articles and
    reads the site settings once): a teaser may miss an invitation to an old discussion kept
    open by hand, but never invites to one that is closed, by a moderator or by itself.
    """
    return discussion_state(article, site=site, keep_open=False).is_open


def _phrase_pattern(phrase: str) -> re.Pattern | None:
    words = normalize_text(phrase).split()
    if not words:
        return None
    # Whole words: no word character directly before or after (\w is Unicode-aware: ä, ß).
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")


def word_matches(body: str) -> dict[str, list[str]]:
    """Return the blocked and watched phrases found in `body`, by kind.

    Both sides are compared as newsroom.text.normalize_text sees them (NFKC, zero-width and
    combining characters removed, case and look-alike letters folded), so "ｂａｄ", "b\u200bad",
    "bаd" with a Cyrillic а and "b̶a̶d̶" all match the rule "bad". The rule's own phrase is
    returned, for the message.
    """
    text = normalize_text(body)
    found: dict[str, list[str]] = {WordRule.Kind.BLOCK: [], WordRule.Kind.WATCH: []}
    for kind, phrase in WordRule.objects.values_list("kind", "phrase"):
        pattern = _phrase_pattern(phrase)
        if kind in found and pattern is not None and pattern.search(text):
            found[kind].append(phrase)
    return found


# --- Who may act on whom --------------------------------------------------------------------


def is_protected_user(user) -> bool:
    """Staff, superusers and moderators: only a superuser may sanction them."""
    return bool(user.is_superuser or user.is_staff or can_moderate(user))


def user_action_refusal(*, moderator, user) -> str | None:
    """Why `moderator` may not act on `user`'s account (sanctions, flags), or None.

    Moderators do not act on staff, superusers or other moderators, nor on themselves;
    superusers may act on anyone but themselves.
    """
    if user.pk == moderator.pk:
        return _("You cannot act on your own account.")
    if moderator.is_superuser:
        return None
    if is_protected_user(user):
        return _("Only a superuser can act on the accounts of staff and moderators.")
    return None


def public_profile_refusal(user) -> str:
    """The comments app's answer to accounts' PUBLIC_PROFILE_RULES hook (settings.py).

    A suspended or banned reader keeps their name, bio and avatar as they are: otherwise a
    sanction is dodged by reappearing under a new name.
    """
    sanction = active_sanction(user)
    if sanction is None:
        return ""
    return _(
        "Your account is sanctioned, so your public profile (name, about me, avatar) cannot "
        "change until the sanction ends."
    )


# --- Hooks on the comment write path ------------------------------------------------------


class WordRefused(ValidationError):
    """A blocked word refused the text; carries the rule for the moderators' record.

    The reader's message quotes their own words that matched, never the word-list entry, so
    the list itself stays private (comments.services records the refusal for moderators).
    """

    def __init__(self, *, phrase: str, matched_text: str, body: str):
        self.rule = HoldRule.BLOCKED_WORD
        self.phrase = phrase
        self.matched_text = matched_text
        if matched_text and matched_text in body:  # the reader's own words
            message = _(
                "Your comment contains “%(text)s”, which our discussion rules do not allow. "
                "Please rephrase it; your text is kept below."
            ) % {"text": matched_text}
        else:  # _matched_text fell back to the entry itself: never show that
            message = _(
                "Your comment contains words our discussion rules do not allow. "
                "Please rephrase it; your text is kept below."
            )
        super().__init__(message, code="blocked_word")


def intake_hold(
    *, author, article, body: str, site: ModerationSettings, assessment=None
) -> "Hold | None":
    """The write path's one question about a new or edited text: None (it appears at once)
    or the Hold that sends it to review. Asked once per write; its answer also becomes the
    moderators' explanation (intake.hold_explain).

    Raises WordRefused (a ValidationError with a reader-facing message) if a blocked word
    refuses the text. `assessment` is the moderation assistant's answer for the text
    (comments/moderation/assistant/policy.py), asked by the write path; it can only hold.
    """
    found = word_matches(body)
    if found[WordRule.Kind.BLOCK]:
        phrase = found[WordRule.Kind.BLOCK][0]
        raise WordRefused(phrase=phrase, matched_text=_matched_text(body, phrase), body=body)
    return hold_reason(
        author=author, article=article, body=body, found=found, site=site, assessment=assessment
    )


def _matched_text(body: str, phrase: str) -> str:
    """The text in `body` that the word-list entry `phrase` matched (for the moderators).

    The reader's own spelling: a plain case-insensitive search finds it where no trick was
    used; otherwise (look-alike letters, zero-width characters) windows of as many words as
    the phrase has are compared normalised, since positions in normalised text differ.
    """
    words = phrase.split()
    if words:
        plain = re.compile(
            r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE
        )
        match = plain.search(body)
        if match:
            return match.group(0)
    pattern = _phrase_pattern(phrase)
    size = len(normalize_text(phrase).split())
    tokens = body.split()
    for start in range(max(0, len(tokens) - size + 1)):
        window = " ".join(tokens[start : start + size])
        if pattern is not None and pattern.search(normalize_text(window)):
            return window.strip(".,;:!?\"'()[]{}«»„“”‚‘’")
    return phrase


class Hold(NamedTuple):
    """Why a comment waits for review: the rule, the word-list entry and the text it matched."""

    rule: str
    phrase: str = ""
    matched_text: str = ""


def hold_reason(
    *,
    author,
    article,
    body: str,
    found=None,
    site: ModerationSettings | None = None,
    assessment=None,
) -> Hold | None:
    """Why a comment by `author` must wait for review, or None if it may appear at once.
    The one home of the pre-moderation rules; the moderation assistant comes last, so a
    comment another rule holds is explained by that rule."""
    if can_moderate(author):
        return None
    automatic = (
        UserModeration.objects.filter(user_id=author.pk, always_premoderate=True)
        .values_list("premoderated_automatically", flat=True)
        .first()
    )
    if automatic is not None:  # graduated trust or a moderator switched it on
        return Hold(HoldRule.GRADUATED_TRUST if automatic else HoldRule.USER_PREMODERATED)
    found = found if found is not None else word_matches(body)
    if found[WordRule.Kind.WATCH]:
        phrase = found[WordRule.Kind.WATCH][0]
        return Hold(HoldRule.WATCHED_WORD, phrase, _matched_text(body, phrase))
    site = site or ModerationSettings.load()
    surge_rule = hold_rule(article=article, site=site)
    if surge_rule is not None:
        return Hold(surge_rule)
    mode = effective_premoderation(article, site)
    if mode == PreModeration.ALL:
        return Hold(HoldRule.ARTICLE_ALL)
    if mode == PreModeration.NEW_USERS:
        approved = Comment.objects.filter(author_id=author.pk).visible()
        if approved.count() < site.new_user_approved_comments:
            return Hold(HoldRule.NEW_USER)
    if assessment is not None and assessment.hold:
        return Hold(HoldRule.ASSISTANT, "", assessment.reason)
    return None


# --- The surge breaker and night mode: whether they hold comments right now ---------------

# What the reader is told about their held comment: plain sentences, no rule internals.
READER_SENTENCES = {
    HoldRule.WATCHED_WORD: gettext_lazy("Your comment contains a word the moderators check first."),
    HoldRule.USER_PREMODERATED: gettext_lazy(
        "The moderators review your comments before they appear."
    ),
    HoldRule.GRADUATED_TRUST: gettext_lazy(
        "Several of your comments were removed recently, so the moderators review your "
        "comments before they appear."
    ),
    HoldRule.SURGE: gettext_lazy(
        "Many readers are commenting right now; the moderators review every comment."
    ),
    HoldRule.NIGHT: gettext_lazy("At night the moderators review comments before they appear."),
    HoldRule.ARTICLE_ALL: gettext_lazy("The moderators review all comments on this article."),
    HoldRule.NEW_USER: gettext_lazy("The moderators review the first comments of new readers."),
    HoldRule.ASSISTANT: gettext_lazy(
        "Your comment is being reviewed by the moderators before it appears."
    ),
}


def reader_sentence(rule: str) -> str:
    return str(READER_SENTENCES.get(rule, READER_SENTENCES[HoldRule.ARTICLE_ALL]))


def active_surge(article) -> ArticleSurge | None:
    return ArticleSurge.objects.filter(article_id=article.pk, until__gt=timezone.now()).first()


def is_night(site: ModerationSettings, at=None) -> bool:
    start, end = site.night_mode_start, site.night_mode_end
    if start is None or end is None or start == end:
        return False
    now = timezone.localtime(at).time()
    if start < end:
        return start <= now < end
    return now >= start or now < end  # the night crosses midnight


def hold_rule(*, article, site: ModerationSettings) -> str | None:
    """The surge or night rule that holds new comments on `article` right now, or None."""
    if active_surge(article) is not None:
        return HoldRule.SURGE
    if is_night(site):
        return HoldRule.NIGHT
    return None


def reviewing_notice(article, site: ModerationSettings | None = None) -> str:
    """What the readers' form says while comments on `article` wait for review ("" if not)."""
    rule = hold_rule(article=article, site=site or ModerationSettings.load())
    return reader_sentence(rule) if rule else ""


def reader_hold_sentence(comment) -> str:
    """The plain sentence that tells an author why their comment waits ("" if unknown)."""
    held = HoldExplanation.objects.filter(comment_id=comment.pk).first()
    return reader_sentence(held.rule) if held is not None else ""


# --- Who may take part ------------------------------------------------------------------


def participation_refusal(user) -> ValidationError | None:
    """Why `user` may not write anything here (comment, reply, edit, report), or None.

    One rule for posting and reporting: a confirmed address and no sanction in force.
    """
    if user is None or not user.is_authenticated:
        return ValidationError(_("Please log in to comment."), code="login")
    if not user.is_active:
        return ValidationError(_("Your account is not active."), code="inactive")
    if not user.email_verified:
        return ValidationError(
            _(
                "Please confirm your e-mail address before you comment: "
                "open the link in the e-mail we sent you when you signed up."
            ),
            code="unconfirmed",
        )
    sanction = active_sanction(user)
    if sanction is not None:
        return ValidationError(sanction_message(sanction), code="sanctioned")
    return None


_UNKNOWN = object()


def posting_refusal(
    *,
    user,
    article,
    state: DiscussionState | None = None,
    participation=_UNKNOWN,
    site: ModerationSettings | None = None,
) -> str | None:
    """Return why `user` may not post on `article` right now (reader-facing), or None.

    `state` and `participation` (the result of participation_refusal) may be passed by a
    caller that already asked them, such as the thread page, so nothing is read twice.
    """
    state = state or discussion_state(article, site=site)
    if not state.is_open:
        return state.message
    if participation is _UNKNOWN:
        participation = participation_refusal(user)
    return participation.messages[0] if participation is not None else None


def _already_reported() -> ValidationError:
    return ValidationError(
        _("You have already reported this comment. Thank you, the moderators will look at it."),
        code="duplicate",
    )


def report_refusal(*, comment: Comment, reporter: User) -> ValidationError | None:
    """Why `reporter` may not report `comment` whatever they write (the form shows it), or None.

    Only readers who may comment may report (`participation_refusal`): with the default
    threshold of one report, a throwaway account would otherwise queue any comment.
    """
    refusal = participation_refusal(reporter)
    if refusal is not None:
        return refusal
    if comment.author_id == reporter.pk:
        return ValidationError(_("You cannot report your own comment."), code="own")
    if Report.objects.filter(comment=comment, reporter=reporter).exists():
        return _already_reported()
    return None
