"""The DSA chain in the services: notice -> hide with statement -> complaint -> reversal, plus
trusted flaggers, misuse, the surge breaker, night mode, graduated trust and retention."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Notification
from comments import services
from comments.models import Comment
from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, notices, statements
from comments.moderation.models import (
    ACCOUNT_SUSPENDED,
    ACCOUNT_TERMINATED,
    GROUND_ILLEGAL,
    GROUND_INCOMPATIBLE,
    VISIBILITY_REMOVED,
    Appeal,
    ArticleSurge,
    HideReason,
    HoldExplanation,
    HoldRule,
    LegalGround,
    ModerationSettings,
    Notice,
    NotifierSuspension,
    PreModeration,
    Sanction,
    SourceType,
    Statement,
    TrustedFlagger,
    UserModeration,
    WordRule,
)
from tests.comments.test_moderation_services import count, make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_site(settings):
    """Statements and DSA mails are written in the site's language: English here."""
    settings.LANGUAGE_CODE = "en"


def settings_with(**fields) -> ModerationSettings:
    site = ModerationSettings.load()
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()
    return site


def notice_for(comment, **overrides) -> Notice:
    data = {
        "comment": comment,
        "legal_ground": LegalGround.STGB_185,
        "explanation": "Der Kommentar beleidigt eine Person als „Dummkopf“.",
        "location": f"http://testserver{comment.get_absolute_url()}",
        "bona_fide": True,
        "name": "Nora Notifier",
        "email": "nora@example.org",
    }
    data.update(overrides)
    return notices.notice_create(**data)


# --- Notices (Art. 16) -------------------------------------------------------------------------


def test_anonymous_notice_gets_a_reference_and_a_receipt(django_capture_on_commit_callbacks):
    comment = make_comment(body="Du Dummkopf")
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_for(comment)
    assert notice.reference.startswith("N-") and len(notice.reference) == 11
    assert notice.status == Notice.Status.OPEN and notice.notifier is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    assert notice.reference in mail.outbox[0].subject
    assert "§ 185 StGB" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"legal_ground": "stgb_999"}, "legal_ground"),
        ({"legal_ground": LegalGround.OTHER}, "other"),
        ({"explanation": "  "}, "explanation"),
        ({"bona_fide": False}, "bona_fide"),
        ({"name": "", "email": ""}, "identity"),
    ],
)
def test_incomplete_notices_are_refused(overrides, code):
    comment = make_comment()
    with pytest.raises(ValidationError) as error:
        notice_for(comment, **overrides)
    assert error.value.code == code
    assert not Notice.objects.exists()


def test_a_notice_of_abuse_material_may_be_anonymous():
    notice = notice_for(make_comment(), legal_ground=LegalGround.STGB_184B, name="", email="")
    assert notice.name == "" and notice.email == ""


def test_signed_in_notifier_is_filled_in_from_the_account():
    reader = UserFactory(display_name="Lea Leser")
    notice = notice_for(make_comment(), notifier=reader, name="", email="")
    assert (notice.notifier, notice.name, notice.email) == (reader, "Lea Leser", reader.email)


def test_hidden_comments_cannot_be_notified():
    comment = make_comment(status=Comment.Status.HIDDEN)
    with pytest.raises(ValidationError, match="no longer visible"):
        notice_for(comment)


# --- Notice -> statement -> complaint -> reversal -------------------------------------------


def test_the_whole_chain(django_capture_on_commit_callbacks):
    comment = make_comment(body="Du Dummkopf")
    article = comment.article
    first_mod, second_mod = ModeratorFactory(), ModeratorFactory()
    notice = notice_for(comment)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(
            notice=notice,
            moderator=first_mod,
            act=True,
            facts="Fakten der Moderation",
            decision_text="Beleidigung nach § 185 StGB.",
        )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and count(article) == 0
    statement = Statement.objects.get(comment=comment)
    assert statement.restriction == Statement.Restriction.HIDE
    assert statement.decision_visibility == VISIBILITY_REMOVED
    assert statement.decision_ground == GROUND_ILLEGAL
    assert statement.illegal_content_legal_ground.startswith("§ 185 StGB")
    assert statement.source_type == SourceType.NOTICE
    assert statement.notice == notice and statement.decided_by == first_mod
    # The moderator's facts, never the notifier's text (issue 22).
    assert statement.decision_facts == "Fakten der Moderation"
    assert notice.explanation not in statement.illegal_content_explanation
    assert "six months" in statement.redress and "Art. 21" in statement.redress
    # The author: inbox and e-mail with the stable reference; the notifier: the decision.
    inbox = Notification.objects.get(recipient=comment.author)
    assert inbox.url == statement.get_absolute_url() and statement.reference in inbox.title
    by_address = {message.to[0]: message for message in mail.outbox}
    assert statement.reference in by_address[comment.author.email].subject
    assert "Beleidigung nach § 185 StGB." in by_address["nora@example.org"].body
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACTIONED

    appeal = appeals.appeal_create(
        appellant=comment.author, statement=statement, text="Das war Satire."
    )
    assert appeal.reference.startswith("B-")
    # Four eyes: the moderator who decided may not decide the complaint.
    with pytest.raises(ValidationError) as error:
        appeals.appeal_decide(
            appeal=appeal, moderator=first_mod, reverse_decision=True, text="Stimmt."
        )
    assert error.value.code == "four_eyes"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_decide(
            appeal=appeal, moderator=second_mod, reverse_decision=True, text="Erkennbar Satire."
        )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REVERSED and appeal.decided_by == second_mod
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE and count(article) == 1
    statement.refresh_from_db()
    assert statement.reversed_at is not None and appeal.reference in statement.reversal_note
    assert "dispute settlement" in mail.outbox[0].body
    assert mail.outbox[0].to == [comment.author.email]
    with pytest.raises(ValidationError, match="already been decided"):
        appeals.appeal_decide(appeal=appeal, moderator=second_mod, reverse_decision=False, text="x")


def test_statements_are_immutable():
    comment = make_comment()
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason="spam")
    statement = Statement.objects.get()
    statement.decision_facts = "anders"
    with pytest.raises(ValidationError):
        statement.save()
    assert statements.statement_reverse(statement=statement, note="x") is True
    assert statements.statement_reverse(statement=statement, note="y") is False


def test_hide_with_netiquette_clause_and_facts():
    comment = make_comment()
    moderation.comment_hide(
        comment=comment,
        moderator=ModeratorFactory(),
        reason=HideReason.OFF_TOPIC,
        facts="Es geht um Fußball, der Artikel um Steuern.",
    )
    statement = Statement.objects.get()
    assert statement.decision_ground == GROUND_INCOMPATIBLE
    assert statement.incompatible_content_ground == "Off topic"
    assert statement.decision_facts == "Es geht um Fußball, der Artikel um Steuern."
    assert statement.source_type == SourceType.VOLUNTARY


def test_unlawful_without_provision_is_refused_and_nothing_changes():
    comment = make_comment()
    with pytest.raises(ValidationError, match="legal provision"):
        moderation.comment_hide(
            comment=comment, moderator=ModeratorFactory(), reason=HideReason.UNLAWFUL
        )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE and not Statement.objects.exists()


def test_every_restriction_writes_a_statement():
    mod, reader = ModeratorFactory(), UserFactory()
    until = timezone.now() + timezone.timedelta(days=7)
    moderation.user_suspend(user=reader, moderator=mod, until=until, reason="Beleidigungen")
    moderation.user_ban(user=reader, moderator=mod, reason="Wiederholt")
    moderation.user_premoderation_set(user=reader, moderator=mod, enabled=True)
    moderation.user_premoderation_set(user=reader, moderator=mod, enabled=False)  # no statement
    kinds = {s.restriction: s for s in Statement.objects.filter(user=reader)}
    assert set(kinds) == {"suspension", "ban", "premoderation"}
    assert kinds["suspension"].decision_account == ACCOUNT_SUSPENDED
    assert kinds["suspension"].end_date == until
    assert kinds["ban"].decision_account == ACCOUNT_TERMINATED and kinds["ban"].end_date is None
    assert kinds["suspension"].sanction.kind == Sanction.Kind.SUSPENSION
    assert Notification.objects.filter(recipient=reader).count() == 3


def test_reversing_a_suspension_lifts_it():
    mod, other, reader = ModeratorFactory(), ModeratorFactory(), UserFactory()
    until = timezone.now() + timezone.timedelta(days=7)
    sanction = moderation.user_suspend(user=reader, moderator=mod, until=until, reason="x")
    appeal = appeals.appeal_create(
        appellant=reader, statement=Statement.objects.get(), text="Zu Unrecht"
    )
    appeals.appeal_decide(appeal=appeal, moderator=other, reverse_decision=True, text="Ja")
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None and sanction.lifted_by == other


def test_upholding_changes_nothing_but_the_record():
    comment = make_comment()
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason="spam")
    statement = Statement.objects.get()
    appeal = appeals.appeal_create(appellant=comment.author, statement=statement, text="Nein")
    appeals.appeal_decide(
        appeal=appeal, moderator=ModeratorFactory(), reverse_decision=False, text="Werbung."
    )
    comment.refresh_from_db()
    statement.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and statement.reversed_at is None
    assert Appeal.objects.get().status == Appeal.Status.UPHELD


def test_who_may_appeal_and_until_when():
    comment = make_comment()
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason="spam")
    statement = Statement.objects.get()
    stranger = UserFactory()
    assert "person concerned" in appeals.appeal_refusal(user=stranger, statement=statement)
    with pytest.raises(ValidationError):
        appeals.appeal_create(appellant=comment.author, statement=statement, text="  ")
    Statement.objects.filter(pk=statement.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=200)
    )
    statement.refresh_from_db()
    assert "six months" in appeals.appeal_refusal(user=comment.author, statement=statement)
    settings_with(appeals_enabled=False)
    assert "not available" in appeals.appeal_refusal(user=comment.author, statement=statement)


def test_a_rejected_notifier_appeals_and_a_reversal_hides_the_comment():
    comment = make_comment()
    notifier, first, second = UserFactory(), ModeratorFactory(), ModeratorFactory()
    notice = notice_for(comment, notifier=notifier)
    notices.notice_decide(notice=notice, moderator=first, act=False, decision_text="Zulässig.")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.REJECTED and not Statement.objects.exists()
    assert appeals.appeal_refusal(user=UserFactory(), notice=notice) is not None
    appeal = appeals.appeal_create(appellant=notifier, notice=notice, text="Doch strafbar.")
    with pytest.raises(ValidationError):
        appeals.appeal_decide(appeal=appeal, moderator=first, reverse_decision=True, text="x")
    appeals.appeal_decide(appeal=appeal, moderator=second, reverse_decision=True, text="Strafbar")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    statement = Statement.objects.get()
    assert statement.notice == notice and statement.decided_by == second


def test_a_notice_is_decided_once():
    notice = notice_for(make_comment())
    notices.notice_decide(notice=notice, moderator=ModeratorFactory(), act=False, decision_text="x")
    with pytest.raises(ValidationError, match="already been decided"):
        notices.notice_decide(
            notice=notice,
            moderator=ModeratorFactory(),
            act=True,
            facts="Fakten der Moderation",
            decision_text="y",
        )
    with pytest.raises(ValidationError):
        notices.notice_decide(
            notice=notice,
            moderator=UserFactory(),
            act=True,
            facts="Fakten der Moderation",
            decision_text="y",
        )


# --- Trusted flaggers and misuse ----------------------------------------------------------------


def test_trusted_flaggers_come_first_and_are_recorded_as_such():
    from comments.moderation import selectors

    flagger = UserFactory()
    TrustedFlagger.objects.create(user=flagger, organisation="HateAid")
    first = notice_for(make_comment())
    trusted = notice_for(make_comment(), notifier=flagger)
    assert list(selectors.notice_queue()) == [trusted, first]
    notices.notice_decide(
        notice=trusted,
        moderator=ModeratorFactory(),
        act=True,
        facts="Fakten der Moderation",
        decision_text="Strafbar",
    )
    assert Statement.objects.get().source_type == SourceType.TRUSTED_FLAGGER
    settings_with(trusted_flaggers_enabled=False)
    assert notice_for(make_comment(), notifier=flagger).trusted_flagger is False


def test_notifier_with_manifestly_unfounded_notices_is_warned_then_suspended():
    settings_with(misuse_warn_after=1, misuse_suspend_after=2, misuse_suspension_days=10)
    notifier, mod = UserFactory(), ModeratorFactory()
    for _ in range(2):
        notice = notice_for(make_comment(), notifier=notifier)
        notices.notice_decide(
            notice=notice, moderator=mod, act=False, decision_text="Unsinn", manifest=True
        )
    assert Notification.objects.filter(recipient=notifier, title__contains="Warning").exists()
    suspension = NotifierSuspension.objects.get(user=notifier)
    assert suspension.ends_at > timezone.now() + timezone.timedelta(days=9)
    statement = Statement.objects.get(restriction=Statement.Restriction.NOTICE_SUSPENSION)
    assert statement.user == notifier and statement.automated_detection
    with pytest.raises(ValidationError, match="suspended"):
        notice_for(make_comment(), notifier=notifier)
    settings_with(misuse_enabled=False)
    notice = notice_for(make_comment(), email="other@example.org")
    notices.notice_decide(notice=notice, moderator=mod, act=False, decision_text="x", manifest=True)
    assert NotifierSuspension.objects.count() == 1


def test_reader_repeatedly_posting_manifestly_illegal_content_is_suspended():
    settings_with(misuse_warn_after=1, misuse_suspend_after=2, misuse_suspension_days=14)
    author, mod = UserFactory(), ModeratorFactory()
    for _ in range(2):
        notice = notice_for(make_comment(author=author))
        notices.notice_decide(
            notice=notice,
            moderator=mod,
            act=True,
            facts="Fakten der Moderation",
            decision_text="Strafbar",
            manifest=True,
        )
    sanction = Sanction.objects.active().get(user=author)
    assert sanction.kind == Sanction.Kind.SUSPENSION
    assert Statement.objects.filter(user=author, restriction="suspension").count() == 1
    assert Notification.objects.filter(recipient=author, title__contains="Warning").exists()


# --- Surge breaker, night mode, graduated trust, explanations ----------------------------------


def post(article, author=None, body="Ein Beitrag"):
    return services.comment_create(article=article, author=author or UserFactory(), body=body)


def test_surge_breaker_premoderates_an_article_and_says_why():
    settings_with(surge_comments_per_minute=3, surge_minutes=30)
    article, other = ArticleFactory(), ArticleFactory()
    statuses = [post(article).status for _ in range(5)]
    assert statuses == ["visible"] * 4 + ["pending"]
    surge_row = ArticleSurge.objects.get(article=article)
    assert "4 comments within a minute" in surge_row.reason
    assert surge_row.until > timezone.now() + timezone.timedelta(minutes=29)
    held = Comment.objects.get(article=article, status="pending")
    assert HoldExplanation.objects.get(comment=held).rule == HoldRule.SURGE
    assert "review every comment" in rules.reviewing_notice(article)
    assert post(other).status == "visible" and rules.reviewing_notice(other) == ""


def test_report_surge_trips_the_breaker():
    settings_with(surge_reports_per_minute=1)
    comment = make_comment()
    notice_for(comment)
    assert not ArticleSurge.objects.exists()
    notice_for(comment, email="zwei@example.org")
    assert ArticleSurge.objects.filter(article=comment.article).exists()


def test_night_mode_holds_comments_in_the_configured_hours():
    now = timezone.localtime()
    start = (now - timezone.timedelta(hours=1)).time()
    end = (now + timezone.timedelta(hours=1)).time()
    site = settings_with(night_mode_start=start, night_mode_end=end)
    assert rules.is_night(site)
    assert post(ArticleFactory()).status == "pending"
    assert HoldExplanation.objects.get().rule == HoldRule.NIGHT
    # A night that crosses midnight.
    site.night_mode_start, site.night_mode_end = datetime.time(22), datetime.time(6)
    at = timezone.make_aware(datetime.datetime(2026, 1, 1, 23, 30))
    assert rules.is_night(site, at)
    assert not rules.is_night(site, at.replace(hour=12))


def test_watched_word_explanation_names_the_entry_and_the_text():
    WordRule.objects.create(phrase="Lügenpresse", kind=WordRule.Kind.WATCH)
    comment = post(ArticleFactory(), body="Typisch LÜGENPRESSE hier")
    held = HoldExplanation.objects.get(comment=comment)
    assert (held.rule, held.phrase, held.matched_text) == (
        HoldRule.WATCHED_WORD,
        "Lügenpresse",
        "LÜGENPRESSE",
    )
    assert "word the moderators check first" in rules.reader_hold_sentence(comment)


def test_premoderation_rules_are_explained():
    settings_with(premoderation=PreModeration.NEW_USERS)
    comment = post(ArticleFactory())
    assert HoldExplanation.objects.get(comment=comment).rule == HoldRule.NEW_USER


def test_graduated_trust_premoderates_with_a_statement():
    settings_with(trust_hidden_threshold=2, trust_window_days=30)
    author, mod = UserFactory(), ModeratorFactory()
    moderation.comment_hide(comment=make_comment(author=author), moderator=mod, reason="insult")
    assert not UserModeration.objects.filter(user=author, always_premoderate=True).exists()
    moderation.comment_hide(comment=make_comment(author=author), moderator=mod, reason="insult")
    assert UserModeration.objects.get(user=author).always_premoderate
    statement = Statement.objects.get(restriction=Statement.Restriction.PREMODERATION)
    assert statement.automated_detection and statement.decided_by is None
    assert statement.automated_decision == "AUTOMATED_DECISION_FULLY"
    assert "2 of your comments were hidden" in statement.decision_facts


# --- Retention -------------------------------------------------------------------------------


def test_retention_erases_old_hidden_text_and_keeps_structure(capsys):
    mod = ModeratorFactory()
    old = make_comment(body="Alter Hass")
    reply = make_comment(parent=old, body="Antwort bleibt")
    recent = make_comment(body="Neuer Hass")
    for comment in (old, recent):
        moderation.comment_hide(comment=comment, moderator=mod, reason="insult")
    Comment.objects.filter(pk=old.pk).update(
        hidden_at=timezone.now() - timezone.timedelta(days=400)
    )
    call_command("dsa_erase_hidden", "--dry-run")
    assert "1 hidden comments would be erased" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.body == "Alter Hass"
    call_command("dsa_erase_hidden")
    old.refresh_from_db()
    recent.refresh_from_db()
    reply.refresh_from_db()
    assert (old.body, old.body_html) == ("", "")
    assert recent.body == "Neuer Hass" and reply.parent_id == old.pk
    assert Statement.objects.filter(comment=old).exists()
    call_command("dsa_erase_hidden", "--days", "0")
    recent.refresh_from_db()
    assert recent.body == ""
