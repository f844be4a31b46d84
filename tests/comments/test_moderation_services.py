"""Moderation services and the write-path hooks: statuses, counts, audit log, sanctions."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from accounts.models import Notification
from articles.models import Article
from comments.models import Comment
from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation.models import (
    ArticleDiscussionSettings,
    HideReason,
    ModerationAction,
    ModerationSettings,
    PreModeration,
    Report,
    Sanction,
    UserNote,
    WordRule,
)
from comments.permissions import can_moderate
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory, WordRuleFactory

pytestmark = pytest.mark.django_db


def make_comment(*, article=None, author=None, parent=None, status="visible", body="Ein Text"):
    """A comment stored directly (not through comment_create), with the count kept right."""
    article = article or (parent.article if parent else ArticleFactory())
    comment = Comment.objects.create(
        article=article,
        author=author or UserFactory(),
        parent=parent,
        body=body,
        body_html=f"<p>{body}</p>",
        status=status,
    )
    if status == Comment.Status.VISIBLE:
        Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + 1)
    return comment


def count(article) -> int:
    return Article.objects.get(pk=article.pk).comment_count


def visible(article) -> int:
    return Comment.objects.filter(article=article, status=Comment.Status.VISIBLE).count()


def initial_status(**kwargs) -> str:
    """The status the write path gives a text (rules.intake_hold, asked once per write)."""
    held = rules.intake_hold(site=ModerationSettings.load(), **kwargs)
    return "pending" if held is not None else "visible"


@pytest.fixture
def mod():
    return ModeratorFactory()


# --- who moderates -----------------------------------------------------------------------------


def test_moderate_permission_table():
    assert can_moderate(ModeratorFactory())
    assert can_moderate(UserFactory(is_superuser=True))
    assert not can_moderate(UserFactory(is_staff=True))  # editors are not moderators
    assert not can_moderate(UserFactory())
    assert not can_moderate(AnonymousUser())
    assert not can_moderate(ModeratorFactory(is_active=False))
    assert not can_moderate(None)


def test_moderators_group_has_the_moderation_permission():
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"moderate_comments", "change_comment", "view_moderationaction"} <= codenames
    assert ModeratorFactory().has_perm("comments.moderate_comments")


# --- word lists --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ("Du bist ein Idiot.", True),
        ("IDIOT!", True),
        ("(idiot)", True),
        ("Idioten gibt es überall", False),  # whole words only
        ("idiotisch", False),
        ("Schwachidiot", False),
    ],
)
def test_blocked_word_is_matched_case_insensitively_as_whole_word(body, refused):
    WordRuleFactory(phrase="Idiot", kind=WordRule.Kind.BLOCK)
    author, article = UserFactory(), ArticleFactory()
    if refused:
        with pytest.raises(ValidationError) as info:
            initial_status(author=author, article=article, body=body)
        assert info.value.code == "blocked_word"
        assert "rephrase" in info.value.messages[0]
    else:
        status = initial_status(author=author, article=article, body=body)
        assert status == Comment.Status.VISIBLE


def test_blocked_phrase_matches_across_any_whitespace_and_umlauts():
    WordRuleFactory(phrase="dumme  Gänse", kind=WordRule.Kind.BLOCK)
    with pytest.raises(ValidationError):
        initial_status(author=UserFactory(), article=ArticleFactory(), body="Ihr DUMME\ngänse!")
    assert rules.word_matches("dumme Gänsefüße")[WordRule.Kind.BLOCK] == []


def test_regex_characters_in_phrases_are_literal():
    WordRuleFactory(phrase="c++", kind=WordRule.Kind.WATCH)
    assert rules.word_matches("Ich mag c++ sehr")[WordRule.Kind.WATCH] == ["c++"]
    assert rules.word_matches("ccc")[WordRule.Kind.WATCH] == []


def test_watched_word_sends_comment_to_pending():
    WordRuleFactory(phrase="Impfung", kind=WordRule.Kind.WATCH)
    status = initial_status(author=UserFactory(), article=ArticleFactory(), body="Zur Impfung: ...")
    assert status == Comment.Status.PENDING


def test_moderators_skip_pre_moderation_but_not_blocked_words(mod):
    WordRuleFactory(phrase="Impfung", kind=WordRule.Kind.WATCH)
    WordRuleFactory(phrase="Idiot", kind=WordRule.Kind.BLOCK)
    article = ArticleFactory()
    assert initial_status(author=mod, article=article, body="Impfung") == "visible"
    with pytest.raises(ValidationError):
        initial_status(author=mod, article=article, body="Idiot")


# --- pre-moderation ----------------------------------------------------------------------------


def set_site(**fields):
    site = ModerationSettings.load()
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()


def test_premoderation_off_all_and_article_override():
    author, article = UserFactory(), ArticleFactory()
    assert initial_status(author=author, article=article, body="x") == "visible"
    set_site(premoderation=PreModeration.ALL)
    assert initial_status(author=author, article=article, body="x") == "pending"
    ArticleDiscussionSettings.objects.create(article=article, premoderation=PreModeration.OFF)
    assert initial_status(author=author, article=article, body="x") == "visible"
    other = ArticleFactory()
    set_site(premoderation=PreModeration.OFF)
    ArticleDiscussionSettings.objects.create(article=other, premoderation=PreModeration.ALL)
    assert initial_status(author=author, article=other, body="x") == "pending"


def test_new_users_wait_until_n_comments_were_approved(mod):
    set_site(premoderation=PreModeration.NEW_USERS, new_user_approved_comments=2)
    author, article = UserFactory(), ArticleFactory()
    for _ in range(2):
        assert initial_status(author=author, article=article, body="x") == "pending"
        comment = make_comment(article=article, author=author, status="pending")
        moderation.comment_approve(comment=comment, moderator=mod)
    assert initial_status(author=author, article=article, body="x") == "visible"


def test_always_premoderate_flag(mod):
    author, article = UserFactory(), ArticleFactory()
    moderation.user_premoderation_set(user=author, moderator=mod, enabled=True)
    assert initial_status(author=author, article=article, body="x") == "pending"
    moderation.user_premoderation_set(user=author, moderator=mod, enabled=False)
    assert initial_status(author=author, article=article, body="x") == "visible"
    kinds = list(ModerationAction.objects.filter(target_user=author).values_list("kind", flat=True))
    assert sorted(kinds) == ["premod_off", "premod_on"]


# --- hide, restore, approve, counts ------------------------------------------------------------


def test_hide_keeps_replies_and_decrements_count(mod):
    root = make_comment()
    reply = make_comment(parent=root)
    grandchild = make_comment(parent=reply)
    article = root.article
    assert count(article) == 3

    moderation.comment_hide(comment=reply, moderator=mod, reason=HideReason.INSULT, note="§2")

    reply.refresh_from_db()
    assert reply.status == Comment.Status.HIDDEN
    assert (reply.hidden_reason, reply.hidden_note, reply.hidden_by) == ("insult", "§2", mod)
    assert reply.hidden_at is not None
    assert count(article) == 2 == visible(article)
    grandchild.refresh_from_db()
    assert grandchild.status == "visible" and grandchild.parent_id == reply.pk
    action = ModerationAction.objects.get(kind="hide")
    assert (action.actor, action.comment, action.target_user) == (mod, reply, reply.author)
    assert action.reason == "insult"


def test_hide_twice_is_refused_and_counts_once(mod):
    comment = make_comment()
    stale_copy = Comment.objects.get(pk=comment.pk)
    moderation.comment_hide(comment=comment, moderator=mod, reason=HideReason.SPAM)
    with pytest.raises(ValidationError):
        moderation.comment_hide(comment=stale_copy, moderator=mod, reason=HideReason.SPAM)
    assert count(comment.article) == 0
    assert ModerationAction.objects.filter(kind="hide").count() == 1


def test_hide_needs_a_known_reason_and_a_moderator(mod):
    comment = make_comment()
    with pytest.raises(ValidationError):
        moderation.comment_hide(comment=comment, moderator=mod, reason="because")
    with pytest.raises(ValidationError):
        moderation.comment_hide(comment=comment, moderator=UserFactory(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == "visible"


def test_hiding_a_pending_comment_does_not_change_the_count(mod):
    comment = make_comment(status="pending")
    moderation.comment_hide(comment=comment, moderator=mod, reason=HideReason.SPAM)
    assert count(comment.article) == 0
    # Restoring makes it visible, so now it counts.
    moderation.comment_restore(comment=comment, moderator=mod)
    assert count(comment.article) == 1 == visible(comment.article)


def test_restore_clears_the_hiding_and_counts_again(mod):
    comment = make_comment()
    moderation.comment_hide(comment=comment, moderator=mod, reason=HideReason.OFF_TOPIC)
    moderation.comment_restore(comment=comment, moderator=mod)
    comment.refresh_from_db()
    assert comment.status == "visible"
    assert (comment.hidden_reason, comment.hidden_note, comment.hidden_by) == ("", "", None)
    assert count(comment.article) == 1
    assert ModerationAction.objects.filter(kind="restore", comment=comment).exists()
    with pytest.raises(ValidationError):
        moderation.comment_restore(comment=comment, moderator=mod)


def test_approve_publishes_counts_and_only_then_notifies(mod):
    parent_author, mentioned = UserFactory(), UserFactory()
    root = make_comment(author=parent_author)
    comment = make_comment(parent=root, status="pending", body=f"@{mentioned.username} ja")
    comment.mentions.add(mentioned)
    assert not Notification.objects.exists()

    moderation.comment_approve(comment=comment, moderator=mod)

    comment.refresh_from_db()
    assert comment.status == "visible"
    assert count(root.article) == 2
    assert set(Notification.objects.values_list("recipient_id", "kind")) == {
        (parent_author.pk, "reply"),
        (mentioned.pk, "mention"),
    }
    assert ModerationAction.objects.filter(kind="approve", comment=comment).exists()
    with pytest.raises(ValidationError):
        moderation.comment_approve(comment=comment, moderator=mod)
    assert count(root.article) == 2


def test_bulk_moderation_applies_where_it_can(mod):
    article = ArticleFactory()
    pending = [make_comment(article=article, status="pending") for _ in range(2)]
    already = make_comment(article=article)
    done, skipped = moderation.comments_moderate(
        comments=[*pending, already], moderator=mod, action="approve"
    )
    assert (done, skipped) == (2, 1)
    assert count(article) == 3 == visible(article)
    done, skipped = moderation.comments_moderate(
        comments=Comment.objects.filter(article=article),
        moderator=mod,
        action="hide",
        reason="spam",
    )
    assert (done, skipped) == (3, 0)
    assert count(article) == 0
    with pytest.raises(ValidationError):
        moderation.comments_moderate(comments=[], moderator=mod, action="hide", reason="")


# --- reports -----------------------------------------------------------------------------------


def test_report_once_per_reader():
    comment, reader = make_comment(), UserFactory()
    report = moderation.report_create(comment=comment, reporter=reader, reason="spam")
    assert report.status == Report.Status.OPEN
    with pytest.raises(ValidationError) as info:
        moderation.report_create(comment=comment, reporter=reader, reason="insult")
    assert info.value.code == "duplicate"
    assert "already reported" in info.value.messages[0]
    moderation.report_create(comment=comment, reporter=UserFactory(), reason="insult")
    assert comment.reports.count() == 2


@pytest.mark.parametrize("case", ["own", "hidden", "other_without_text", "bad_reason"])
def test_report_refusals(case, mod):
    comment, reader = make_comment(), UserFactory()
    kwargs = {"comment": comment, "reporter": reader, "reason": "spam"}
    if case == "own":
        kwargs["reporter"] = comment.author
    elif case == "hidden":
        moderation.comment_hide(comment=comment, moderator=mod, reason="spam")
    elif case == "other_without_text":
        kwargs["reason"] = "other"
    else:
        kwargs["reason"] = "boring"
    with pytest.raises(ValidationError):
        moderation.report_create(**kwargs)
    assert not Report.objects.exists()


def test_hiding_upholds_open_reports_and_dismissing_closes_them(mod):
    hidden, kept = make_comment(), make_comment()
    for comment in (hidden, kept):
        moderation.report_create(comment=comment, reporter=UserFactory(), reason="spam")
    moderation.comment_hide(comment=hidden, moderator=mod, reason="spam")
    assert hidden.reports.get().status == Report.Status.UPHELD
    assert moderation.report_dismiss(comment=kept, moderator=mod) == 1
    report = kept.reports.get()
    assert (report.status, report.resolved_by) == (Report.Status.DISMISSED, mod)
    assert ModerationAction.objects.filter(kind="dismiss", comment=kept).exists()
    with pytest.raises(ValidationError):
        moderation.report_dismiss(comment=kept, moderator=mod)


# --- sanctions ---------------------------------------------------------------------------------


def test_suspension_refuses_posting_and_reporting_with_reason_and_end(mod):
    user, article = UserFactory(), ArticleFactory()
    until = timezone.now() + timezone.timedelta(days=3)
    moderation.user_suspend(user=user, moderator=mod, until=until, reason="Beleidigungen")
    refusal = rules.posting_refusal(user=user, article=article)
    assert "Beleidigungen" in refusal
    assert str(timezone.localtime(until).year) in refusal
    with pytest.raises(ValidationError) as info:
        moderation.report_create(comment=make_comment(), reporter=user, reason="spam")
    assert info.value.code == "sanctioned"
    assert ModerationAction.objects.filter(kind="suspend", target_user=user).exists()


def test_expired_suspension_no_longer_applies(mod):
    user = UserFactory()
    Sanction.objects.create(
        user=user,
        kind="suspension",
        reason="alt",
        starts_at=timezone.now() - timezone.timedelta(days=5),
        ends_at=timezone.now() - timezone.timedelta(days=1),
        created_by=mod,
    )
    assert rules.posting_refusal(user=user, article=ArticleFactory()) is None


def test_suspension_validation(mod):
    user = UserFactory()
    with pytest.raises(ValidationError):
        moderation.user_suspend(user=user, moderator=mod, until=timezone.now(), reason="x")
    with pytest.raises(ValidationError):
        moderation.user_suspend(
            user=user, moderator=mod, until=timezone.now() + timezone.timedelta(days=1), reason=" "
        )
    with pytest.raises(ValidationError):
        moderation.user_ban(user=mod, moderator=mod, reason="self")
    assert not Sanction.objects.exists()


def test_new_sanction_replaces_the_active_one(mod):
    user = UserFactory()
    first = moderation.user_suspend(
        user=user, moderator=mod, until=timezone.now() + timezone.timedelta(days=1), reason="a"
    )
    ban = moderation.user_ban(user=user, moderator=mod, reason="b")
    first.refresh_from_db()
    assert first.lifted_at is not None
    assert rules.active_sanction(user) == ban
    assert "banned" in rules.posting_refusal(user=user, article=ArticleFactory())


def test_ban_can_hide_all_comments_and_keeps_counts_per_article(mod):
    user = UserFactory()
    one, two = ArticleFactory(), ArticleFactory()
    make_comment(article=one)  # someone else's
    mine = [
        make_comment(article=one, author=user),
        make_comment(article=one, author=user),
        make_comment(article=two, author=user),
        make_comment(article=two, author=user, status="pending"),
        make_comment(article=two, author=user, status="deleted"),
    ]
    moderation.report_create(comment=mine[0], reporter=UserFactory(), reason="insult")

    moderation.user_ban(user=user, moderator=mod, reason="Hetze", hide_comments=True)

    statuses = [Comment.objects.get(pk=c.pk).status for c in mine]
    assert statuses == ["hidden", "hidden", "hidden", "hidden", "deleted"]
    assert count(one) == 1 == visible(one)
    assert count(two) == 0 == visible(two)
    assert Report.objects.get().status == Report.Status.UPHELD
    assert ModerationAction.objects.filter(kind="hide", target_user=user).count() == 4
    ban_action = ModerationAction.objects.get(kind="ban")
    assert "4" in ban_action.note and "Hetze" in ban_action.note


def test_lifting_a_sanction_is_recorded_and_allows_posting(mod):
    user = UserFactory()
    ban = moderation.user_ban(user=user, moderator=mod, reason="x")
    moderation.sanction_lift(sanction=ban, moderator=mod)
    assert rules.posting_refusal(user=user, article=ArticleFactory()) is None
    ban.refresh_from_db()
    assert ban.lifted_by == mod
    assert ModerationAction.objects.filter(kind="lift", target_user=user).exists()
    with pytest.raises(ValidationError):
        moderation.sanction_lift(sanction=ban, moderator=mod)


def test_user_note(mod):
    user = UserFactory()
    note = moderation.user_note_add(user=user, moderator=mod, text="  Schon zweimal verwarnt. ")
    assert (note.text, note.author) == ("Schon zweimal verwarnt.", mod)
    assert ModerationAction.objects.filter(kind="note", target_user=user).exists()
    with pytest.raises(ValidationError):
        moderation.user_note_add(user=user, moderator=mod, text="   ")
    assert UserNote.objects.count() == 1


# --- closing -----------------------------------------------------------------------------------


def test_close_and_reopen(mod):
    article, user = ArticleFactory(), UserFactory()
    moderation.article_close(article=article, actor=mod, reason="Zu viele Beleidigungen.")
    article.refresh_from_db()
    assert article.comments_open is False
    assert "closed" in rules.posting_refusal(user=user, article=article)
    moderation.article_reopen(article=article, actor=mod)
    article.refresh_from_db()
    assert article.comments_open is True
    assert rules.posting_refusal(user=user, article=article) is None
    kinds = set(ModerationAction.objects.filter(article=article).values_list("kind", flat=True))
    assert kinds == {"close", "reopen"}


def test_auto_close_after_n_days_and_reopen_overrides_it(mod):
    set_site(auto_close_days=3)
    fresh = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=2))
    old = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=4))
    user = UserFactory()
    assert rules.posting_refusal(user=user, article=fresh) is None
    assert rules.posting_refusal(user=user, article=old)
    moderation.article_reopen(article=old, actor=mod)
    assert rules.posting_refusal(user=user, article=old) is None
    moderation.article_close(article=old, actor=mod, reason="Zu viele Beleidigungen.")
    assert rules.posting_refusal(user=user, article=old)


def test_article_premoderation_override(mod):
    article = ArticleFactory()
    moderation.article_premoderation_set(article=article, moderator=mod, premoderation="all")
    assert rules.effective_premoderation(article) == "all"
    moderation.article_premoderation_set(article=article, moderator=mod, premoderation="")
    assert rules.effective_premoderation(article) == "off"
    with pytest.raises(ValidationError):
        moderation.article_premoderation_set(article=article, moderator=mod, premoderation="x")


def test_count_matches_visible_comments_after_a_mixed_sequence(mod):
    article = ArticleFactory()
    author = UserFactory()
    comments = [make_comment(article=article, author=author) for _ in range(3)]
    pending = make_comment(article=article, status="pending")
    moderation.comment_hide(comment=comments[0], moderator=mod, reason="spam")
    moderation.comment_approve(comment=pending, moderator=mod)
    moderation.comment_restore(comment=comments[0], moderator=mod)
    moderation.comment_hide(comment=comments[1], moderator=mod, reason="spam")
    moderation.user_ban(user=author, moderator=mod, reason="x", hide_comments=True)
    assert count(article) == visible(article) == 1
