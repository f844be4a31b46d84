"""What moderators do: every action is one `<entity>_<action>` service below.

Each runs in one transaction, records a ModerationAction and keeps `Article.comment_count`
(visible comments only) right with F(). Status changes are conditional `.update()`s on the
status we expect, so two moderators clicking at once never count a comment twice. The rules
the write path asks live in comments/moderation/rules.py.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Notification, User
from accounts.notifications import notification_create, notification_excerpts_refresh
from articles.models import Article
from comments import services
from comments.cache import article_thread_bump
from comments.models import Comment
from comments.moderation import desk, intake, rules
from comments.moderation.assistant import learning
from comments.moderation.assistant import records as assistant_records
from comments.moderation.dsa import statements
from comments.moderation.models import (
    GROUND_ILLEGAL,
    ArticleDiscussionSettings,
    AssistantScore,
    AutomatedDecision,
    HideReason,
    ModerationAction,
    ModerationSettings,
    PreModeration,
    Report,
    Sanction,
    SourceType,
    Statement,
    UserModeration,
    UserNote,
)
from comments.moderation.rules import (
    _already_reported,
    is_protected_user,
    report_refusal,
    user_action_refusal,
)
from comments.permissions import can_moderate, can_pick, is_editor
from newsroom.idempotency import resubmission_token, submission_tokens

# --- Helpers shared by the services -------------------------------------------------------


def _record(
    *, actor: User, kind: str, comment: Comment | None = None, **fields
) -> ModerationAction:
    if comment is not None:  # an action on a comment also concerns its author and article
        fields.setdefault("target_user_id", comment.author_id)
        fields.setdefault("article_id", comment.article_id)
    action = ModerationAction.objects.create(actor=actor, kind=kind, comment=comment, **fields)
    if comment is not None and kind in learning.DECISIONS:
        assistant_records.decision_recorded()  # every N decisions: train again (a task)
    return action


def _require_moderator(moderator) -> None:
    if not can_moderate(moderator, acting=True):
        raise ValidationError(_("Only moderators can do this."), code="not_moderator")


# --- Comment services -----------------------------------------------------------------------


def _hide_row(*, comment: Comment, moderator: User, reason: str, note: str, reports: bool):
    """The hide itself: the conditional status change (refused if the comment is gone or
    hidden already), the open reports upheld, the audit log's entry."""
    now = timezone.now()
    moved = services.comment_status_set(
        comment=comment,
        expect=Comment.LIVE,
        to=Comment.Status.HIDDEN,
        hidden_reason=reason,
        hidden_note=note[:500],
        hidden_by=moderator,
        hidden_at=now,
    )
    if not moved:
        raise ValidationError(_("Only visible or pending comments can be hidden."), code="state")
    if reports:
        Report.objects.open().filter(comment=comment).update(
            status=Report.Status.UPHELD, resolved_at=now, resolved_by=moderator
        )
    _record(
        actor=moderator, kind=ModerationAction.Kind.HIDE, comment=comment, reason=reason, note=note
    )


def _assistant_flag(comment: Comment) -> str:
    """What the statement says was automated, if the moderation assistant held `comment`
    (Art. 17(3)(c) DSA: detected by automated means; the decision stays a moderator's)."""
    flagged = (
        AssistantScore.objects.filter(comment=comment, held=True).select_related("version").first()
    )
    if flagged is None:
        return ""
    return _(
        "Automated means detected the comment: the moderation assistant (model "
        "v%(version)s, trained on this site's moderation decisions) gave it a risk score of "
        "%(score)s and held it for review before publication. A moderator reviewed it and "
        "took this decision."
    ) % {
        "version": flagged.version.number if flagged.version else "?",
        "score": formats.number_format(flagged.score, 2),
    }


@transaction.atomic
def comment_hide(
    *,
    comment: Comment,
    moderator: User,
    reason: str,
    note: str = "",
    explanation: str = "",
    reports_upheld: bool = True,
    legal_ground: str = "",
    facts: str = "",
    source_type: str = "",
    notice=None,
    manifestly_illegal: bool = False,
) -> Comment:
    """Hide a visible or pending comment; its replies keep their place under a placeholder.

    Writes the statement of reasons (Art. 17 DSA): `legal_ground` for illegal content,
    otherwise `reason` is the clause of the discussion rules. `facts` and `explanation` are
    the moderator's words for the author (written or from a template); `note` is internal:
    colleagues read it in the queue and the log, the author and the exports never do.
    `manifestly_illegal` (illegal content only) counts towards the author's misuse (Art. 23).
    """
    _require_moderator(moderator)
    if reason not in HideReason.values:
        raise ValidationError(_("Choose a reason for hiding the comment."), code="reason")
    if not source_type:  # a hide with open reports answers the readers' reports
        has_reports = Report.objects.open().filter(comment=comment).exists()
        source_type = SourceType.OTHER_NOTIFICATION if has_reports else SourceType.VOLUNTARY
    _hide_row(
        comment=comment, moderator=moderator, reason=reason, note=note, reports=reports_upheld
    )
    services.comment_excerpts_refresh(comment)
    # The statement speaks the moderator's public words only, never the internal note.
    facts = facts or explanation or _("The comment breaches the discussion rules.")
    flagged = _assistant_flag(comment)
    if flagged:
        facts += " " + flagged
    statements.statement_create(
        restriction=Statement.Restriction.HIDE,
        user=comment.author,
        decided_by=moderator,
        comment=comment,
        notice=notice,
        ground=reason,
        legal_ground=legal_ground,
        facts=facts,
        explanation=explanation,
        source_type=source_type,
        manifestly_illegal=manifestly_illegal,
        automated_detection=bool(flagged),
        automated_decision=AutomatedDecision.NOT_AUTOMATED,
    )
    graduated_trust_check(user=comment.author)
    if manifestly_illegal:
        # The one misuse rule for posters (Art. 23(1)), below.
        poster_misuse_check(user=comment.author, moderator=moderator)
    return comment


@transaction.atomic
def comment_restore(
    *,
    comment: Comment,
    moderator: User,
    note: str = "",
    amendment: str = "",
    notify_author: bool = True,
) -> Comment:
    """Make a hidden comment visible again and amend the statement of its hide."""
    _require_moderator(moderator)
    moved = services.comment_status_set(
        comment=comment,
        expect={Comment.Status.HIDDEN},
        to=Comment.Status.VISIBLE,
        hidden_reason="",
        hidden_note="",
        hidden_by=None,
        hidden_at=None,
    )
    if not moved:
        raise ValidationError(_("Only hidden comments can be restored."), code="state")
    _record(
        actor=moderator,
        kind=ModerationAction.Kind.RESTORE,
        comment=comment,
        note=note,
    )
    services.comment_excerpts_refresh(comment)
    # The record says what happened: the hide's statement is amended (its page, the export's
    # end date, no complaint offered any more) and the author hears of it. `note` is the
    # moderators' own and never reaches the author. A reversal after a complaint words its
    # own amendment (`amendment`) and answers the author itself (`notify_author=False`).
    hides = Statement.objects.filter(
        comment=comment, restriction=Statement.Restriction.HIDE, reversed_at__isnull=True
    ).select_related("user")
    for statement in hides:
        statements.statement_reverse(
            statement=statement,
            note=amendment or statements.restore_note(),
            notify=notify_author,
        )
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, moderator: User, note: str = "") -> Comment:
    """Publish a pending comment; its notifications go out only now, after commit."""
    _require_moderator(moderator)
    moved = services.comment_status_set(
        comment=comment, expect={Comment.Status.PENDING}, to=Comment.Status.VISIBLE
    )
    if not moved:
        raise ValidationError(_("Only comments awaiting review can be approved."), code="state")
    _record(
        actor=moderator,
        kind=ModerationAction.Kind.APPROVE,
        comment=comment,
        note=note,
    )
    comment = Comment.objects.select_related("article", "author", "parent__author").get(
        pk=comment.pk
    )
    services.comment_publish_side_effects(comment)
    return comment


@transaction.atomic
def report_dismiss(*, comment: Comment, moderator: User, note: str = "") -> int:
    """Close the open reports on a comment without acting on it; return how many."""
    _require_moderator(moderator)
    dismissed = (
        Report.objects.open()
        .filter(comment=comment)
        .update(status=Report.Status.DISMISSED, resolved_at=timezone.now(), resolved_by=moderator)
    )
    if not dismissed:
        raise ValidationError(_("This comment has no open reports."), code="state")
    _record(
        actor=moderator,
        kind=ModerationAction.Kind.DISMISS_REPORTS,
        comment=comment,
        note=note
        or ngettext("%(count)s report dismissed", "%(count)s reports dismissed", dismissed)
        % {"count": dismissed},
    )
    return dismissed


BULK_ACTIONS = {"approve", "hide", "restore", "dismiss"}


def comments_moderate(
    *, comments, moderator: User, action: str, reason: str = "", note: str = ""
) -> tuple[int, int]:
    """Apply one action to many comments, each in its own transaction; return (done, skipped)."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."), code="action")
    if action == "hide" and reason not in HideReason.values:
        raise ValidationError(_("Choose a reason for hiding the comment."), code="reason")
    done = skipped = 0
    for comment in comments:
        try:
            if action == "approve":
                comment_approve(comment=comment, moderator=moderator)
            elif action == "hide":
                comment_hide(comment=comment, moderator=moderator, reason=reason, note=note)
            elif action == "restore":
                comment_restore(comment=comment, moderator=moderator)
            else:
                report_dismiss(comment=comment, moderator=moderator)
        except ValidationError as error:
            if error.code == "not_moderator":
                raise
            skipped += 1
        else:
            done += 1
    return done, skipped


# --- Reports ------------------------------------------------------------------------------


def report_retried(
    *, reporter: User, post_token: str, comment: Comment, reason: str, text: str
) -> Report | None:
    """The report `reporter` already sent with this token and these words (a resent form).

    The same token with another comment, reason or text is not a retry: it is never
    answered with a silent "thank you" (newsroom.idempotency).
    """
    if not post_token or not getattr(reporter, "is_authenticated", False):
        return None
    text = (text or "").strip()[:500]
    for report in Report.objects.filter(
        reporter=reporter, post_token__in=submission_tokens(post_token, f"{reason}\x00{text}")
    ):
        if report.comment_id == comment.pk and report.reason == reason and report.text == text:
            return report
    return None


@transaction.atomic
def report_create(
    *, comment: Comment, reporter: User, reason: str, text: str = "", post_token: str = ""
) -> Report:
    """Record a reader's report; one per reader and comment. A resent form returns the first."""
    retry = {"comment": comment, "reason": reason, "text": text}
    earlier = report_retried(reporter=reporter, post_token=post_token, **retry)
    if earlier is not None:
        return earlier
    if post_token and Report.objects.filter(reporter=reporter, post_token=post_token).exists():
        # The form's token is taken by other words: this is a new report, with its own token.
        post_token = resubmission_token(post_token, f"{reason}\x00{text.strip()[:500]}")
    refusal = report_refusal(comment=comment, reporter=reporter)
    if refusal is not None:
        raise refusal
    if not comment.is_visible():
        raise ValidationError(_("This comment is no longer visible."), code="state")
    if reason not in Report.Reason.values:
        raise ValidationError(_("Choose a reason for your report."), code="reason")
    if reason == Report.Reason.OTHER and not text.strip():
        raise ValidationError(_("Please tell us briefly what is wrong."), code="text")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment,
                reporter=reporter,
                reason=reason,
                text=text.strip()[:500],
                post_token=post_token,
            )
    except IntegrityError:  # a double click raced past the check above
        earlier = report_retried(reporter=reporter, post_token=post_token, **retry)
        if earlier is not None:
            return earlier
        raise _already_reported() from None
    intake.report_received(article=comment.article)
    return report


# --- Users ---------------------------------------------------------------------------------


def _end_active_sanctions(*, user: User, moderator: User, now: datetime) -> int:
    return Sanction.objects.active(now).filter(user=user).update(lifted_at=now, lifted_by=moderator)


def _check_target(user: User, moderator: User) -> None:
    _require_moderator(moderator)
    if user.pk == moderator.pk:
        raise ValidationError(_("You cannot sanction yourself."), code="self")
    refusal = user_action_refusal(moderator=moderator, user=user)
    if refusal:
        raise ValidationError(refusal, code="protected")


@transaction.atomic
def user_suspend(
    *,
    user: User,
    moderator: User,
    until: datetime,
    reason: str,
    ground: str = HideReason.OTHER,
    legal_ground: str = "",
) -> Sanction:
    """Stop a user from posting, reporting and editing until `until`; replaces earlier ones."""
    _check_target(user, moderator)
    now = timezone.now()
    if until <= now:
        raise ValidationError(_("The end of the suspension must be in the future."), code="until")
    if not reason.strip():
        raise ValidationError(_("Give the user a reason."), code="reason")
    _end_active_sanctions(user=user, moderator=moderator, now=now)
    sanction = Sanction.objects.create(
        user=user,
        kind=Sanction.Kind.SUSPENSION,
        reason=reason.strip(),
        starts_at=now,
        ends_at=until,
        created_by=moderator,
    )
    statements.statement_create(
        restriction=Statement.Restriction.SUSPENSION,
        user=user,
        decided_by=moderator,
        sanction=sanction,
        ground=ground,
        legal_ground=legal_ground,
        facts=sanction.reason,
        end_date=until,
    )
    _record(
        actor=moderator,
        kind=ModerationAction.Kind.SUSPEND,
        target_user=user,
        note=_("Until %(until)s: %(reason)s")
        % {
            "until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT"),
            "reason": sanction.reason,
        },
    )
    return sanction


def _ban_check(*, user: User, moderator: User, reason: str, hide: bool, hide_reason: str) -> str:
    """Refuse a ban that may not be made as asked; return the ground of its statement."""
    _check_target(user, moderator)
    if not reason.strip():
        raise ValidationError(_("Give the user a reason."), code="reason")
    if hide_reason not in HideReason.values:
        if hide:  # no reason is ever assumed for hiding comments
            raise ValidationError(_("Choose a reason for hiding the comments."), code="reason")
        hide_reason = HideReason.OTHER  # the ban's own ground: "other", with its reason text
    if hide:  # hiding every comment is an action on each: claims apply (issue 22)
        live = Comment.objects.filter(author=user, status__in=Comment.LIVE).select_related(
            "article"
        )
        _free, blocked = desk.claim_split(moderator=moderator, comments=live)
        if blocked:
            raise ValidationError(desk.claimed_message(len(blocked)), code="claimed")
    return hide_reason


@transaction.atomic
def user_ban(
    *,
    user: User,
    moderator: User,
    reason: str,
    hide_comments: bool = False,
    hide_reason: str = HideReason.OTHER,
    legal_ground: str = "",
) -> Sanction:
    """Ban a user from commenting; optionally hide all their comments in the same step."""
    hide_reason = _ban_check(
        user=user, moderator=moderator, reason=reason, hide=hide_comments, hide_reason=hide_reason
    )
    now = timezone.now()
    _end_active_sanctions(user=user, moderator=moderator, now=now)
    sanction = Sanction.objects.create(
        user=user,
        kind=Sanction.Kind.BAN,
        reason=reason.strip(),
        starts_at=now,
        created_by=moderator,
    )
    hidden = 0
    if hide_comments:
        hidden = _hide_all_comments(
            user=user,
            moderator=moderator,
            reason=hide_reason,
            now=now,
            legal_ground=legal_ground,
            facts=reason.strip(),
            sanction=sanction,
        )
    # A ban withdraws the reader's recommendations (the rule in comments.models.Recommendation).
    services.recommendations_withdraw(user=user)
    note = sanction.reason
    if hide_comments:
        note += " · " + ngettext(
            "%(count)s comment hidden", "%(count)s comments hidden", hidden
        ) % {"count": hidden}
    _record(actor=moderator, kind=ModerationAction.Kind.BAN, target_user=user, note=note)
    statements.statement_create(
        restriction=Statement.Restriction.BAN,
        user=user,
        decided_by=moderator,
        sanction=sanction,
        ground=hide_reason,
        legal_ground=legal_ground,
        facts=note,
    )
    return sanction


def _hide_all_comments(
    *,
    user: User,
    moderator: User,
    reason: str,
    now: datetime,
    legal_ground: str,
    facts: str,
    sanction: Sanction,
) -> int:
    live = Comment.objects.filter(author=user, status__in=Comment.LIVE)
    changes = services.comment_status_set(
        pks=live.values_list("pk", flat=True),
        expect=Comment.LIVE,
        to=Comment.Status.HIDDEN,
        hidden_reason=reason,
        hidden_note=_("Removed with the ban of the account"),
        hidden_by=moderator,
        hidden_at=now,
    )
    if not changes:
        return 0
    ids = [change.pk for change in changes]
    notification_excerpts_refresh(comment_ids=ids, excerpt="")
    Report.objects.open().filter(comment_id__in=ids).update(
        status=Report.Status.UPHELD, resolved_at=now, resolved_by=moderator
    )
    ModerationAction.objects.bulk_create(
        ModerationAction(
            actor=moderator,
            kind=ModerationAction.Kind.HIDE,
            comment_id=change.pk,
            target_user=user,
            article_id=change.article_id,
            reason=reason,
            note=_("Hidden with the ban of the account"),
            created_at=now,
        )
        for change in changes
    )
    # Art. 17 DSA: every hidden item has its own statement (the reader is told once, by the
    # ban's statement, rather than once per comment). They name the ban's sanction, so a
    # reversal of the ban restores them too (appeals._undo).
    for comment in Comment.objects.filter(pk__in=ids).order_by("pk"):
        statements.statement_create(
            restriction=Statement.Restriction.HIDE,
            user=user,
            decided_by=moderator,
            comment=comment,
            sanction=sanction,
            ground=reason,
            legal_ground=legal_ground,
            facts=_("Hidden with the ban of the account: %(reason)s") % {"reason": facts},
            notify=False,
        )
    return len(ids)


@transaction.atomic
def sanction_lift(*, sanction: Sanction, moderator: User, note: str = "") -> Sanction:
    """End a suspension or ban early; never one's own, nor one a moderator may not impose."""
    _require_moderator(moderator)
    refusal = user_action_refusal(moderator=moderator, user=sanction.user)
    if refusal:
        raise ValidationError(refusal, code="protected")
    now = timezone.now()
    updated = (
        Sanction.objects.active(now)
        .filter(pk=sanction.pk)
        .update(lifted_at=now, lifted_by=moderator)
    )
    if not updated:
        raise ValidationError(_("This sanction is no longer in force."), code="state")
    sanction.refresh_from_db()
    _record(
        actor=moderator,
        kind=ModerationAction.Kind.LIFT,
        target_user_id=sanction.user_id,
        note=note or sanction.get_kind_display(),
    )
    return sanction


@transaction.atomic
def user_premoderation_set(
    *, user: User, moderator: User, enabled: bool, facts: str = "", automated: bool = False
) -> UserModeration:
    """Switch "always pre-moderate this user" on or off; switching on writes a statement."""
    if not automated:  # graduated trust (comments/moderation/intake.py) acts on its own
        _require_moderator(moderator)
        refusal = user_action_refusal(moderator=moderator, user=user)
        if refusal:
            raise ValidationError(refusal, code="protected")
    flags, _created = UserModeration.objects.select_for_update().get_or_create(user=user)
    if flags.always_premoderate != enabled:
        flags.always_premoderate = enabled
        # Held comments then name graduated trust as their rule (rules.hold_reason).
        flags.premoderated_automatically = enabled and automated
        flags.save(update_fields=["always_premoderate", "premoderated_automatically"])
        if enabled:
            statements.statement_create(
                restriction=Statement.Restriction.PREMODERATION,
                user=user,
                decided_by=moderator,
                facts=facts
                or _("A moderator reviews the comments of this account before they appear."),
                automated_detection=automated,
                automated_decision=(
                    statements.AutomatedDecision.FULLY
                    if automated
                    else statements.AutomatedDecision.NOT_AUTOMATED
                ),
            )
        _record(
            actor=moderator,
            kind=ModerationAction.Kind.PREMODERATE_ON
            if enabled
            else ModerationAction.Kind.PREMODERATE_OFF,
            target_user=user,
        )
    return flags


@transaction.atomic
def user_note_add(*, user: User, moderator: User, text: str) -> UserNote:
    """Leave a private note on a user for other moderators."""
    _require_moderator(moderator)
    text = text.strip()
    if not text:
        raise ValidationError(_("The note is empty."), code="empty")
    note = UserNote.objects.create(user=user, author=moderator, text=text[:2000])
    _record(actor=moderator, kind=ModerationAction.Kind.NOTE, target_user=user, note=text[:200])
    return note


# --- Articles ------------------------------------------------------------------------------


def _require_discussion_right(actor) -> None:
    """Moderators close and reopen discussions; so do editors, with the article's checkbox."""
    if not (can_moderate(actor, acting=True) or is_editor(actor)):
        raise ValidationError(_("Only moderators and editors can do this."), code="not_moderator")


@transaction.atomic
def article_close(*, article: Article, actor: User, reason: str, note: str = "") -> Article:
    """Close the discussion: the thread stays readable, the form becomes a notice.

    The one way a discussion closes: the moderators' pages, the admin actions and the
    editors' "comments open" checkbox in the article admin all call this.
    """
    _require_discussion_right(actor)
    reason = " ".join((reason or "").split())
    if not reason:  # readers are told why (issue 22)
        raise ValidationError(
            _("Tell readers why the discussion closes (they see it under the comments)."),
            code="reason",
        )
    if len(reason) > 300:
        raise ValidationError(_("The reason can be at most 300 characters long."), code="reason")
    Article.objects.filter(pk=article.pk).update(comments_open=False, comments_closed_reason=reason)
    article.comments_closed_reason = reason
    ArticleDiscussionSettings.objects.filter(article=article).update(keep_open=False)
    article.comments_open = False
    _record(actor=actor, kind=ModerationAction.Kind.CLOSE, article=article, note=note or reason)
    # The Reply links and the form go; the threads' shared HTML stays (tree_ids=()).
    article_thread_bump(article_id=article.pk, tree_ids=())
    return article


@transaction.atomic
def article_reopen(*, article: Article, actor: User, note: str = "") -> Article:
    """Reopen the discussion, also when it had closed automatically (then it stays open)."""
    _require_discussion_right(actor)
    Article.objects.filter(pk=article.pk).update(comments_open=True, comments_closed_reason="")
    if article.is_published() and rules.auto_close_due(article, ModerationSettings.load()):
        ArticleDiscussionSettings.objects.update_or_create(
            article=article, defaults={"keep_open": True}
        )
    article.comments_open = True
    _record(actor=actor, kind=ModerationAction.Kind.REOPEN, article=article, note=note)
    article_thread_bump(article_id=article.pk, tree_ids=())
    return article


@transaction.atomic
def article_premoderation_set(
    *, article: Article, moderator: User, premoderation: str
) -> ArticleDiscussionSettings:
    """Override the site-wide pre-moderation for one article ("" = use the site setting)."""
    _require_moderator(moderator)
    if premoderation and premoderation not in PreModeration.values:
        raise ValidationError(_("Unknown pre-moderation mode."), code="mode")
    override, _created = ArticleDiscussionSettings.objects.update_or_create(
        article=article, defaults={"premoderation": premoderation}
    )
    _record(
        actor=moderator,
        kind=ModerationAction.Kind.ARTICLE_PREMODERATION,
        article=article,
        note=PreModeration(premoderation).label if premoderation else _("Site-wide setting"),
    )
    return override


# --- Editors' picks ("Redaktionsempfehlungen") ------------------------------------------------

PICK_NOTE_MAX_LENGTH = 300


@transaction.atomic
def comment_pick(*, comment: Comment, editor: User, note: str = "") -> Comment:
    """Make a visible comment an editors' pick, tell its author and record it in the log."""
    if not can_pick(editor):
        raise ValidationError(_("Only editors and moderators can pick comments."), code="denied")
    desk.claim_check(moderator=editor, comment=comment)  # a claimed section is its holder's
    note = (note or "").strip()
    if len(note) > PICK_NOTE_MAX_LENGTH:
        raise ValidationError(
            _("The note may be at most %(limit)d characters long.")
            % {"limit": PICK_NOTE_MAX_LENGTH},
            code="too_long",
        )
    was_picked = (
        Comment.objects.select_for_update()
        .filter(pk=comment.pk)
        .values_list("picked_at", flat=True)
        .first()
    )
    now = timezone.now()
    moved = Comment.objects.filter(pk=comment.pk, status=Comment.Status.VISIBLE).update(
        picked_at=was_picked or now, picked_by=editor, pick_note=note
    )
    if not moved:
        raise ValidationError(_("Only visible comments can be editors' picks."), code="state")
    comment = Comment.objects.select_related("article", "author").get(pk=comment.pk)
    _record(actor=editor, kind=ModerationAction.Kind.PICK, comment=comment, note=note)
    if was_picked is None:
        notification_create(
            recipient=comment.author,
            actor=editor,
            kind=Notification.Kind.PICK,
            url=comment.get_absolute_url(),
            title=comment.article.headline,
            excerpt=note or Truncator(comment.body).chars(200),
            comment_id=comment.pk,
        )
    article_thread_bump(
        article_id=comment.article_id, tree_ids=[comment.tree_id], comment_ids=[comment.pk]
    )
    return comment


@transaction.atomic
def comment_unpick(*, comment: Comment, editor: User, note: str = "") -> Comment:
    """Take the editors' pick back (the author is not told again)."""
    if not can_pick(editor):
        raise ValidationError(_("Only editors and moderators can pick comments."), code="denied")
    if not Comment.objects.filter(pk=comment.pk, picked_at__isnull=False).update(
        **services.PICK_CLEARED
    ):
        raise ValidationError(_("This comment is not an editors' pick."), code="state")
    comment.picked_at, comment.picked_by, comment.pick_note = None, None, ""
    _record(actor=editor, kind=ModerationAction.Kind.UNPICK, comment=comment, note=note.strip())
    article_thread_bump(
        article_id=comment.article_id, tree_ids=[comment.tree_id], comment_ids=[comment.pk]
    )
    return comment


@transaction.atomic
def graduated_trust_check(*, user) -> bool:
    """Pre-moderate `user` automatically when many of their comments were hidden lately."""
    site = ModerationSettings.load()
    threshold = site.trust_hidden_threshold
    if not threshold or can_moderate(user):
        return False
    if UserModeration.objects.filter(user=user, always_premoderate=True).exists():
        return False
    since = timezone.now() - timezone.timedelta(days=site.trust_window_days)
    hidden = Comment.objects.filter(
        author=user, status=Comment.Status.HIDDEN, hidden_at__gte=since
    ).count()
    if hidden < threshold:
        return False
    user_premoderation_set(
        user=user,
        moderator=None,
        enabled=True,
        automated=True,
        facts=_(
            "%(count)s of your comments were hidden in the last %(days)s days, so the moderators "
            "now review your comments before they appear."
        )
        % {"count": hidden, "days": site.trust_window_days},
    )
    return True


# --- Misuse (Art. 23 DSA): warn, then suspend ----------------------------------------------


def misuse_warn(user: User | None, title: str, excerpt: str) -> None:
    if user is None:
        return
    notification_create(
        recipient=user,
        actor=None,
        kind=Notification.Kind.MODERATION,
        url=reverse("discussion:rules"),
        title=title,
        excerpt=excerpt,
    )


def poster_misuse_check(*, user: User, moderator: User | None):
    """Warn, then suspend a reader who repeatedly posts manifestly illegal content."""
    site = ModerationSettings.load()
    if not site.misuse_enabled or is_protected_user(user):
        return None  # staff and moderators: only a superuser acts on them, never this rule
    since = timezone.now() - timezone.timedelta(days=site.misuse_window_days)
    # Only hides of content a decision called manifestly illegal count (Art. 23(1)), not
    # every illegal-content hide; a reversed one no longer does. The decision is the
    # statement's: a notice decided as manifest, or the hide form's "manifestly illegal".
    count = (
        Statement.objects.filter(
            user=user,
            restriction=Statement.Restriction.HIDE,
            decision_ground=GROUND_ILLEGAL,
            manifestly_illegal=True,
            created_at__gte=since,
            reversed_at__isnull=True,
        )
        .values("comment_id")
        .distinct()
        .count()
    )
    if count >= site.misuse_suspend_after and moderator is not None:
        return user_suspend(
            user=user,
            moderator=moderator,
            until=timezone.now() + timezone.timedelta(days=site.misuse_suspension_days),
            reason=_(
                "You repeatedly posted manifestly illegal content (%(count)s comments in the "
                "last %(days)s days)."
            )
            % {"count": count, "days": site.misuse_window_days},
            ground=HideReason.OTHER,
        )
    if count >= site.misuse_warn_after:
        misuse_warn(
            user,
            _("Warning: illegal content"),
            _("If you post manifestly illegal content again, your account will be suspended."),
        )
    return None
