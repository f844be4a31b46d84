"""The desk: priority and age order, waiting time, section claims that keep items from being
worked twice, the keyboard shortcuts listed on the page, and the settings admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.moderation import desk
from comments.moderation.dsa import notices
from comments.moderation.models import LegalGround, Notice, Report, SectionClaim, TrustedFlagger
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_site(settings):
    """Statements and DSA mails are written in the site's language: English here."""
    settings.LANGUAGE_CODE = "en"


def notify(comment, notifier=None):
    return notices.notice_create(
        comment=comment,
        notifier=notifier,
        legal_ground=LegalGround.STGB_130,
        explanation="Hetze",
        location="x",
        bona_fide=True,
        name="N",
        email="n@example.org",
    )


def aged(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timezone.timedelta(minutes=minutes)
    )
    return comment


@pytest.fixture
def queue_world():
    flagger = UserFactory()
    TrustedFlagger.objects.create(user=flagger, organisation="Meldestelle")
    old_pending = aged(make_comment(status="pending"), 90)
    new_pending = aged(make_comment(status="pending"), 5)
    reported = make_comment()
    Report.objects.create(comment=reported, reporter=UserFactory(), reason="spam")
    noticed = make_comment()
    notify(noticed)
    trusted = make_comment()
    notify(trusted, notifier=flagger)
    untouched = make_comment()
    return {
        "order": [trusted, noticed, reported, old_pending, new_pending],
        "untouched": untouched,
    }


def test_desk_orders_by_priority_then_age(queue_world):
    items = list(desk.desk_queryset())
    assert items == queue_world["order"]
    assert [item.priority for item in items] == [0, 1, 2, 3, 3]


def test_desk_page_shows_priority_waiting_time_and_shortcuts(client, queue_world):
    client.force_login(ModeratorFactory())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("moderation:desk"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Trusted flagger" in body and "waiting 1 hr</time>" in body
    assert "<kbd>a</kbd>" in body and "js/desk.js" in body
    assert "<script>" not in body  # CSP: no inline script
    first_count = len(queries)
    for _ in range(5):
        make_comment(status="pending")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("moderation:desk"))
    assert len(queries) == first_count, "a query per desk item"


def test_claimed_sections_are_not_worked_twice():
    politik, sport = SectionFactory(name="Politik"), SectionFactory(name="Sport")
    in_politik = make_comment(article=ArticleFactory(section=politik), status="pending")
    in_sport = make_comment(article=ArticleFactory(section=sport), status="pending")
    anna, bernd = ModeratorFactory(), ModeratorFactory()
    desk.section_claim(section=politik, moderator=anna)
    with pytest.raises(Exception, match="already working on this section"):
        desk.section_claim(section=politik, moderator=bernd)
    assert list(desk.desk_for(anna)) == [in_politik]
    assert list(desk.desk_for(bernd)) == [in_sport]
    # A stale claim is taken over; a released one is free.
    SectionClaim.objects.update(claimed_at=timezone.now() - timezone.timedelta(hours=5))
    assert desk.section_claim(section=politik, moderator=bernd).moderator == bernd
    assert desk.section_release(section=politik, moderator=anna) is False
    assert desk.section_release(section=politik, moderator=bernd) is True


def test_claim_views(client):
    section = SectionFactory(name="Kultur")
    anna, bernd = ModeratorFactory(), ModeratorFactory()
    client.force_login(anna)
    client.post(reverse("moderation:desk-claim", args=[section.pk]))
    assert SectionClaim.objects.get().moderator == anna
    client.force_login(bernd)
    response = client.post(reverse("moderation:desk-claim", args=[section.pk]), follow=True)
    assert "already working on this section" in response.content.decode()
    assert "taken by" in client.get(reverse("moderation:desk")).content.decode()
    assert client.get(reverse("moderation:desk-claim", args=[section.pk])).status_code == 405


def test_actions_from_the_desk_reach_the_services(client):
    comment = make_comment(status="pending")
    client.force_login(ModeratorFactory())
    page = client.get(reverse("moderation:desk")).content.decode()
    assert reverse("moderation:comment-approve", args=[comment.pk]) in page
    client.post(reverse("moderation:comment-approve", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == "visible"


def test_surges_are_shown_on_the_dashboard(client):
    from comments.moderation.models import ArticleSurge

    article = ArticleFactory(headline="Wahlabend")
    ArticleSurge.objects.create(
        article=article, until=timezone.now() + timezone.timedelta(minutes=30), reason="40 x"
    )
    client.force_login(ModeratorFactory())
    for name in ("moderation:desk", "moderation:pending"):
        body = client.get(reverse(name)).content.decode()
        assert "Wahlabend" in body and "40 x" in body


def test_settings_admin_groups_the_dsa_switches(admin_client):
    body = admin_client.get(reverse("admin:comments_moderationsettings_add")).content.decode()
    assert "Digital Services Act" in body and "appeals_enabled" in body
    assert "retention_days" in body and ">Other<" not in body
    assert admin_client.get(reverse("admin:comments_statement_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:comments_trustedflagger_add")).status_code == 200


def test_hidden_notice_comment_leaves_the_desk():
    comment = make_comment()
    notice = notify(comment)
    assert list(desk.desk_queryset()) == [comment]
    notices.notice_decide(
        notice=notice,
        moderator=ModeratorFactory(),
        act=True,
        facts="Fakten der Moderation",
        decision_text="x",
    )
    assert list(desk.desk_queryset()) == []
    assert Notice.objects.get().status == "actioned"
