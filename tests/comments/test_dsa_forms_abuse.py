"""Issue 22: the public DSA forms cannot be turned against readers.

Mail relay, misuse counted per confirmed identity, the surge breaker per distinct notifier,
receipts scoped to their sender, complaint links that expire and bind to their recipient,
four eyes by identity, claims on every action, suspended moderators."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, links, notices
from comments.moderation.models import (
    ArticleSurge,
    LegalGround,
    ModerationSettings,
    Notice,
    NotifierSuspension,
    Statement,
)
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_site(settings):
    settings.LANGUAGE_CODE = "en"


def settings_with(**fields):
    site = ModerationSettings.load()
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()
    return site


def notice_post(client, comment, **overrides):
    data = {
        "legal_ground": LegalGround.OTHER,
        "other_provision": "Kauft billige Uhren bei http://spam.example",
        "explanation": "Werbung",
        "name": "Opfer",
        "email": "victim@example.org",
        "bona_fide": "on",
        "location": "http://testserver" + comment.get_absolute_url(),
    }
    data.update(overrides)
    return client.post(reverse("discussion:notice-create", args=[comment.pk]), data)


# --- Mail relay ------------------------------------------------------------------------------


def test_the_receipt_never_repeats_free_text_to_an_unconfirmed_address(
    client, django_capture_on_commit_callbacks
):
    comment = make_comment()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_post(client, comment).status_code == 200
    (receipt,) = mail.outbox
    assert receipt.to == ["victim@example.org"]
    assert "spam.example" not in receipt.body and "Uhren" not in receipt.body
    assert "Werbung" not in receipt.body


def test_dsa_mails_count_against_the_per_inbox_limit(settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "2/3600", "dsa-notice-ip": "100/3600"}
    comment = make_comment()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            notice_post(Client(), comment, explanation=f"Nr {n}").status_code for n in range(4)
        ]
    assert len([m for m in mail.outbox if m.to == ["victim@example.org"]]) <= 2
    assert codes[-1] == 429


# --- Misuse per confirmed identity -----------------------------------------------------------


def test_junk_notices_under_someone_elses_address_never_suspend_them(settings):
    # Receipts and decisions count against the inbox (test_dsa_mail_limits): not this test's.
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "100/3600"}
    settings_with(misuse_enabled=True, misuse_suspend_after=2, misuse_warn_after=1)
    victim = UserFactory(email="victim@example.org")
    moderator = ModeratorFactory()
    for n in range(4):
        notice = notices.notice_create(
            comment=make_comment(),
            legal_ground=LegalGround.STGB_185,
            explanation=f"Unsinn {n}",
            location="http://testserver/",
            bona_fide=True,
            name="Victim",
            email="victim@example.org",  # typed by somebody else, never confirmed
        )
        notices.notice_decide(
            notice=notice, moderator=moderator, act=False, decision_text="Unbegründet",
            manifest=True,
        )  # fmt: skip
    assert not NotifierSuspension.objects.exists()
    assert notices.notifier_suspension(user=victim, email=victim.email) is None


def test_a_registered_notifier_is_suspended_with_a_statement_they_can_complain_about():
    settings_with(misuse_enabled=True, misuse_suspend_after=2, misuse_warn_after=1)
    notifier = UserFactory()
    moderator = ModeratorFactory()
    for n in range(2):
        notice = notices.notice_create(
            comment=make_comment(),
            legal_ground=LegalGround.STGB_185,
            explanation=f"Unsinn {n}",
            location="http://testserver/",
            bona_fide=True,
            notifier=notifier,
        )
        notices.notice_decide(
            notice=notice, moderator=moderator, act=False, decision_text="Unbegründet",
            manifest=True,
        )  # fmt: skip
    suspension = NotifierSuspension.objects.get()
    assert suspension.user == notifier
    statement = Statement.objects.get(restriction=Statement.Restriction.NOTICE_SUSPENSION)
    assert statement.user == notifier
    assert appeals.appeal_refusal(user=notifier, statement=statement) is None


# --- The surge breaker counts distinct notifiers per comment --------------------------------


def test_one_visitor_cannot_trip_the_surge_breaker():
    settings_with(surge_reports_per_minute=5)
    comment = make_comment()
    client = Client()
    for n in range(8):
        notice_post(client, comment, email=f"n{n}@example.org", explanation=f"Nr {n}")
    assert not ArticleSurge.objects.filter(article=comment.article).exists()


def test_many_distinct_notifiers_still_trip_it():
    settings_with(surge_reports_per_minute=3)
    comment = make_comment()
    for n in range(5):
        notice_post(
            Client(REMOTE_ADDR=f"198.51.100.{n}"), comment, email=f"n{n}@example.org",
            explanation=f"Nr {n}",
        )  # fmt: skip
    assert ArticleSurge.objects.filter(article=comment.article).exists()


# --- Receipts scoped to their sender ---------------------------------------------------------


def test_someone_elses_form_token_shows_no_receipt_and_drops_nothing(client):
    comment = make_comment()
    page = Client(REMOTE_ADDR="192.0.2.1").get(
        reverse("discussion:notice-create", args=[comment.pk])
    )
    import re

    token = re.search(r'name="post_token" value="([^"]+)"', page.content.decode())[1]
    first = Client(REMOTE_ADDR="192.0.2.1")
    assert notice_post(first, comment, post_token=token).status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.9")
    response = notice_post(other, comment, post_token=token, email="other@example.org")
    assert "victim@example.org" not in response.content.decode()
    assert Notice.objects.count() == 2


# --- Complaint links -------------------------------------------------------------------------


def rejected_notice(**extra):
    notice = notices.notice_create(
        comment=make_comment(),
        legal_ground=LegalGround.STGB_185,
        explanation="Beleidigung",
        location="http://testserver/",
        bona_fide=True,
        name="Nora",
        email="nora@example.org",
        **extra,
    )
    return notices.notice_decide(
        notice=notice, moderator=ModeratorFactory(), act=False, decision_text="Keine"
    )


def test_a_complaint_link_expires_with_the_complaint_period(client):
    notice = rejected_notice()
    url = links.notice_complaint_url(notice)
    Notice.objects.filter(pk=notice.pk).update(
        decided_at=timezone.now() - timezone.timedelta(days=200)
    )
    notice.refresh_from_db()
    assert not links.notice_key_valid(notice, url.split("key=", 1)[1])


def test_a_signed_in_reader_cannot_complain_with_someone_elses_link(client):
    notice = rejected_notice()
    url = links.notice_complaint_url(notice).split("testserver", 1)[1]
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(url, {"text": "Ich beschwere mich"})
    assert response.status_code in (400, 403, 404)
    assert not notice.appeals.filter(appellant=stranger).exists()


# --- Four eyes by identity -------------------------------------------------------------------


def test_a_moderator_cannot_decide_a_notice_they_sent_logged_out():
    moderator = ModeratorFactory(email="mod@example.org")
    notice = notices.notice_create(
        comment=make_comment(),
        legal_ground=LegalGround.STGB_185,
        explanation="Beleidigung",
        location="http://testserver/",
        bona_fide=True,
        name="Irgendwer",
        email="MOD@example.org",
    )
    with pytest.raises(ValidationError):
        notices.notice_decide(notice=notice, moderator=moderator, act=False, decision_text="Keine")


def test_a_moderator_cannot_decide_a_complaint_against_a_notice_they_sent():
    moderator = ModeratorFactory(email="mod@example.org")
    notice = notices.notice_create(
        comment=make_comment(),
        legal_ground=LegalGround.STGB_185,
        explanation="Beleidigung",
        location="http://testserver/",
        bona_fide=True,
        name="Irgendwer",
        email="mod@example.org",
    )
    notice = notices.notice_decide(
        notice=notice, moderator=ModeratorFactory(), act=False, decision_text="Keine"
    )
    appeal = appeals.appeal_create(appellant=None, text="Doch!", notice=notice, notifier_key=True)
    with pytest.raises(ValidationError):
        appeals.appeal_decide(appeal=appeal, moderator=moderator, reverse_decision=True, text="x")


def test_a_suspended_moderator_cannot_moderate():
    moderator = ModeratorFactory()
    moderation.user_suspend(
        user=moderator, moderator=UserFactory(is_superuser=True, is_staff=True),
        until=timezone.now() + timezone.timedelta(days=3), reason="Pause",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        moderation.comment_hide(
            comment=make_comment(), moderator=moderator, reason="spam", facts="Werbung"
        )


# --- Claims on every action ------------------------------------------------------------------


def test_a_ban_that_hides_all_comments_respects_claims():
    from comments.moderation import desk

    article = ArticleFactory()
    author = UserFactory()
    make_comment(article=article, author=author)
    owner, other = ModeratorFactory(), ModeratorFactory()
    desk.section_claim(section=article.section, moderator=owner)
    with pytest.raises(ValidationError):
        moderation.user_ban(
            user=author, moderator=other, reason="Spam", hide_comments=True, hide_reason="spam"
        )


def test_editors_picks_respect_claims():
    from comments.moderation import desk

    comment = make_comment()
    owner, other = ModeratorFactory(), ModeratorFactory()
    desk.section_claim(section=comment.article.section, moderator=owner)
    with pytest.raises(ValidationError):
        moderation.comment_pick(comment=comment, editor=other)


def test_the_moderator_whose_hides_triggered_graduated_trust_cannot_decide_the_complaint():
    settings_with(trust_hidden_threshold=2, trust_window_days=30)
    author, hider = UserFactory(), ModeratorFactory()
    for _ in range(2):
        moderation.comment_hide(
            comment=make_comment(author=author), moderator=hider, reason="spam", facts="Werbung"
        )
    automated = Statement.objects.get(restriction=Statement.Restriction.PREMODERATION)
    assert automated.decided_by is None
    appeal = appeals.appeal_create(appellant=author, text="Unfair", statement=automated)
    with pytest.raises(ValidationError):
        appeals.appeal_decide(appeal=appeal, moderator=hider, reverse_decision=True, text="x")
    appeals.appeal_decide(
        appeal=appeal, moderator=ModeratorFactory(), reverse_decision=True, text="Stimmt"
    )
