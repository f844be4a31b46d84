"""A desk that scales (issue 16): a hide marked manifestly illegal counts towards misuse like a
notice decision, every queue is worked by priority and age with a visible waiting time, and a
section's claim keeps other moderators' actions off its comments until they take it over."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Notification
from comments.models import Comment
from comments.moderation import desk
from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, notices
from comments.moderation.forms import HideForm
from comments.moderation.models import (
    ModerationAction,
    Notice,
    Report,
    Sanction,
    SectionClaim,
    Statement,
)
from comments.templatetags.moderation_tags import waiting, waiting_for
from tests.comments.test_dsa_desk import notify
from tests.comments.test_dsa_services import settings_with
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - timezone.timedelta(**delta)


MANIFEST_HIDE = {
    "reason": "unlawful",
    "legal_ground": "stgb_130",
    "facts": "Volksverhetzung gegen Geflüchtete",
    "manifestly_illegal": "on",
}


# --- 1. A hide marked manifestly illegal ----------------------------------------------------------


def test_a_manifest_hide_counts_like_a_manifest_notice_decision(client):
    """One rule (moderation.poster_misuse_check): the hide form and a notice decision add up."""
    settings_with(misuse_warn_after=1, misuse_suspend_after=2)
    author, mod = UserFactory(), ModeratorFactory()
    client.force_login(mod)
    first = make_comment(author=author)
    response = client.post(reverse("moderation:comment-hide", args=[first.pk]), MANIFEST_HIDE)
    assert response.status_code == 302
    statement = Statement.objects.get(comment=first)
    assert statement.manifestly_illegal and statement.is_illegal()
    assert Notification.objects.filter(recipient=author, title__contains="Warning").exists()
    assert not Sanction.objects.exists()  # one manifest case: a warning
    notice = notify(make_comment(author=author))
    notices.notice_decide(
        notice=notice,
        moderator=mod,
        act=True,
        facts="Fakten der Moderation",
        decision_text="Ja",
        manifest=True,
    )
    assert Statement.objects.get(notice=notice).manifestly_illegal
    assert Sanction.objects.active().get(user=author).kind == Sanction.Kind.SUSPENSION


def test_an_illegal_hide_not_marked_manifest_does_not_count(client):
    settings_with(misuse_warn_after=1, misuse_suspend_after=1)
    author = UserFactory()
    client.force_login(ModeratorFactory())
    plain = {key: value for key, value in MANIFEST_HIDE.items() if key != "manifestly_illegal"}
    for _n in range(2):
        comment = make_comment(author=author)
        client.post(reverse("moderation:comment-hide", args=[comment.pk]), plain)
    assert Statement.objects.filter(user=author, manifestly_illegal=False).count() == 2
    assert not Sanction.objects.exists()
    assert not Notification.objects.filter(recipient=author, title__contains="Warning").exists()


def test_a_reversed_manifest_hide_no_longer_counts():
    settings_with(misuse_warn_after=5, misuse_suspend_after=2)
    author, first, second = UserFactory(), ModeratorFactory(), ModeratorFactory()
    comment = make_comment(author=author)
    moderation.comment_hide(
        comment=comment,
        moderator=first,
        reason="unlawful",
        legal_ground="stgb_130",
        facts="x",
        manifestly_illegal=True,
    )
    appeal = appeals.appeal_create(
        appellant=author, statement=Statement.objects.get(), text="Satire"
    )
    appeals.appeal_decide(appeal=appeal, moderator=second, reverse_decision=True, text="Satire")
    moderation.comment_hide(
        comment=make_comment(author=author),
        moderator=first,
        reason="unlawful",
        legal_ground="stgb_130",
        facts="y",
        manifestly_illegal=True,
    )
    assert not Sanction.objects.exists()  # the reversed hide no longer counts: 1 of 2
    moderation.comment_hide(
        comment=make_comment(author=author),
        moderator=first,
        reason="unlawful",
        legal_ground="stgb_130",
        facts="z",
        manifestly_illegal=True,
    )
    assert Sanction.objects.active().filter(user=author).exists()  # 2 of 2


def test_manifest_with_a_netiquette_ground_is_refused_and_the_text_kept(client):
    comment = make_comment()
    client.force_login(ModeratorFactory())
    response = client.post(
        reverse("moderation:comment-hide", args=[comment.pk]),
        {
            "reason": "insult",
            "note": "Meine Notiz",
            "facts": "Meine Begründung",
            "manifestly_illegal": "on",
            "next": comment.get_absolute_url(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only illegal content can be manifestly illegal" in body
    assert "Meine Begründung" in body and 'value="Meine Notiz"' in body
    assert 'name="csrfmiddlewaretoken"' in body  # the form again, to send once corrected
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert not Statement.objects.exists() and not ModerationAction.objects.exists()


def test_the_form_error_speaks_german():
    form = HideForm({"reason": "spam", "manifestly_illegal": "on"})
    with translation.override("de"):
        assert not form.is_valid()
        assert "Nur rechtswidrige Inhalte" in form.errors["manifestly_illegal"][0]


def test_the_service_refuses_manifest_without_the_illegal_ground():
    """Every path (admin, bulk, a future one) meets the rule in statements.ground_fields."""
    comment = make_comment()
    with pytest.raises(ValidationError) as raised:
        moderation.comment_hide(
            comment=comment, moderator=ModeratorFactory(), reason="insult", manifestly_illegal=True
        )
    assert raised.value.code == "manifest"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE  # the hide rolled back with the statement
    assert not Statement.objects.exists()


def test_every_hide_form_offers_manifestly_illegal(client):
    comment = make_comment(status="pending")
    client.force_login(ModeratorFactory())
    for url in (
        reverse("moderation:pending"),
        reverse("moderation:desk"),
        comment.article.get_absolute_url(),  # the conversation view
    ):
        assert 'name="manifestly_illegal"' in client.get(url).content.decode(), url


def test_the_statement_and_the_report_say_manifestly_illegal(client):
    author = UserFactory()
    comment = make_comment(author=author)
    moderation.comment_hide(
        comment=comment,
        moderator=ModeratorFactory(),
        reason="unlawful",
        legal_ground="stgb_130",
        facts="x",
        manifestly_illegal=True,
    )
    client.force_login(author)
    page = client.get(Statement.objects.get().get_absolute_url()).content.decode()
    assert "Whoever repeatedly posts manifestly illegal content is suspended" in page
    from comments.moderation.dsa import transparency

    today = timezone.localdate()
    assert transparency.report(today, today)["actions"]["manifestly_illegal"] == 1


def test_the_migration_carries_manifest_notice_decisions_over():
    """Statements written before the field keep counting: their notice said manifest."""
    notice = notify(make_comment())
    notices.notice_decide(
        notice=notice,
        moderator=ModeratorFactory(),
        act=True,
        facts="Fakten der Moderation",
        decision_text="Ja",
        manifest=True,
    )
    plain = make_comment()
    moderation.comment_hide(
        comment=plain, moderator=ModeratorFactory(), reason="unlawful", legal_ground="stgb_185"
    )
    Statement.objects.update(manifestly_illegal=False)  # as the old rows were
    migration = importlib.import_module("comments.migrations.0014_statement_manifestly_illegal")
    migration.from_notices(apps, None)
    assert Statement.objects.get(notice=notice).manifestly_illegal
    assert not Statement.objects.get(comment=plain).manifestly_illegal


# --- 2. Every queue by priority and age, with the waiting time ------------------------------------


def test_the_waiting_time_is_short_and_german():
    now = timezone.now()
    with translation.override("de"):
        assert waiting_for(now - timezone.timedelta(hours=2, minutes=10), now) == "2 Std."
        assert waiting_for(now - timezone.timedelta(minutes=5), now) == "5 Min."
        assert waiting_for(now - timezone.timedelta(seconds=5), now) == "1 Min."
        assert waiting_for(now - timezone.timedelta(days=1, hours=3), now) == "1 Tag"
        assert waiting_for(now - timezone.timedelta(days=3), now) == "3 Tagen"
        since = now - timezone.timedelta(hours=2, minutes=1)
        html = waiting(since)
    assert "wartet seit 2 Std.</time>" in html
    assert f'datetime="{timezone.localtime(since).replace(microsecond=0).isoformat()}"' in html
    assert waiting(None) == ""


def test_the_reported_queue_is_worked_by_priority_then_age(client):
    old_report = make_comment(body="Alte Meldung")
    new_report = make_comment(body="Neue Meldung")
    noticed = make_comment(body="Mit Hinweis")
    for comment, hours in ((old_report, 5), (new_report, 1), (noticed, 0)):
        report = Report.objects.create(comment=comment, reporter=UserFactory(), reason="spam")
        Report.objects.filter(pk=report.pk).update(created_at=ago(hours=hours))
    notify(noticed)
    client.force_login(ModeratorFactory())
    body = client.get(reverse("moderation:reported")).content.decode()
    order = [body.index(text) for text in ("Mit Hinweis", "Alte Meldung", "Neue Meldung")]
    assert order == sorted(order)
    assert "Notice of illegal content</span>" in body  # why it comes first
    assert "waiting 5 hrs</time>" in body


def test_the_pending_queue_shows_the_waiting_time_in_a_time_element(client):
    comment = make_comment(status="pending")
    Comment.objects.filter(pk=comment.pk).update(created_at=ago(days=2, hours=1))
    client.force_login(ModeratorFactory())
    body = client.get(reverse("moderation:pending")).content.decode()
    assert '<time class="mod-wait" datetime="' in body and "waiting 2 days</time>" in body


def test_the_pending_queue_reads_in_constant_queries(client):
    """Guards against a query per item from the priority annotation or the claims."""
    make_comment(status="pending")
    client.force_login(ModeratorFactory())
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("moderation:pending"))
    first = len(queries)
    for _n in range(5):
        make_comment(status="pending")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("moderation:pending"))
    assert len(queries) == first


def test_notices_and_complaints_show_the_waiting_time(client):
    flagger_notice = notify(make_comment())
    Notice.objects.filter(pk=flagger_notice.pk).update(created_at=ago(hours=3))
    author = UserFactory()
    comment = make_comment(author=author)
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason="spam")
    appeals.appeal_create(appellant=author, statement=Statement.objects.get(), text="Nein")
    client.force_login(ModeratorFactory())
    notices_page = client.get(reverse("moderation:notices")).content.decode()
    assert '<time class="mod-wait"' in notices_page and "waiting 3 hrs</time>" in notices_page
    appeals_page = client.get(reverse("moderation:appeals")).content.decode()
    assert '<time class="mod-wait"' in appeals_page and "waiting 1 min</time>" in appeals_page


# --- 3. Claimed sections are enforced on actions --------------------------------------------------


@pytest.fixture
def claimed():
    """Anna works on Politik; Bernd does not."""
    politik = SectionFactory(name="Politik")
    anna, bernd = ModeratorFactory(display_name="Anna Acht"), ModeratorFactory()
    desk.section_claim(section=politik, moderator=anna)
    return {
        "section": politik,
        "anna": anna,
        "bernd": bernd,
        "article": ArticleFactory(section=politik),
    }


def _state(comment) -> tuple:
    comment.refresh_from_db()
    return comment.status, Report.objects.open().filter(comment=comment).count()


ACTIONS = {
    "comment-approve": ("pending", {}),
    "comment-hide": ("visible", {"reason": "spam"}),
    "comment-restore": ("hidden", {}),
    "comment-dismiss": ("visible", {}),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_another_moderators_claim_refuses_every_action(client, claimed, action):
    status, data = ACTIONS[action]
    comment = make_comment(article=claimed["article"], status=status)
    Report.objects.create(comment=comment, reporter=UserFactory(), reason="spam")
    before = _state(comment)
    client.force_login(claimed["bernd"])
    response = client.post(reverse(f"moderation:{action}", args=[comment.pk]), data, follow=True)
    assert response.status_code == 200
    assert "Anna Acht is working on the section Politik" in response.content.decode()
    assert _state(comment) == before
    assert not ModerationAction.objects.exists() and not Statement.objects.exists()


def test_the_conversation_view_is_refused_and_returns_to_the_comment(client, claimed):
    comment = make_comment(article=claimed["article"])
    back = f"{comment.article.get_absolute_url()}#comment-{comment.pk}"
    client.force_login(claimed["bernd"])
    response = client.post(
        reverse("moderation:comment-hide", args=[comment.pk]),
        {"reason": "insult", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    assert _state(comment)[0] == Comment.Status.VISIBLE
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert "is working on the section Politik" in page


def test_bulk_actions_skip_the_claimed_comments(client, claimed):
    mine = make_comment(article=claimed["article"], status="pending")
    free = make_comment(article=ArticleFactory(section=SectionFactory()), status="pending")
    client.force_login(claimed["bernd"])
    response = client.post(
        reverse("moderation:bulk"), {"ids": [mine.pk, free.pk], "action": "approve"}, follow=True
    )
    body = response.content.decode()
    assert "1 comment not done: another moderator is working on its section" in body
    assert "1 comment done." in body
    assert (_state(mine)[0], _state(free)[0]) == ("pending", "visible")


def test_the_holder_acts_and_a_stale_claim_blocks_nobody(client, claimed):
    first = make_comment(article=claimed["article"], status="pending")
    second = make_comment(article=claimed["article"], status="pending")
    client.force_login(claimed["anna"])
    client.post(reverse("moderation:comment-approve", args=[first.pk]))
    assert _state(first)[0] == "visible"
    SectionClaim.objects.update(claimed_at=ago(hours=desk.CLAIM_HOURS, minutes=1))
    client.force_login(claimed["bernd"])
    client.post(reverse("moderation:comment-approve", args=[second.pk]))
    assert _state(second)[0] == "visible"


def test_taking_the_section_over_lets_the_other_moderator_act(client, claimed):
    comment = make_comment(article=claimed["article"], status="pending")
    client.force_login(claimed["bernd"])
    page = client.get(reverse("moderation:pending")).content.decode()
    take_over = reverse("moderation:desk-take-over", args=[claimed["section"].pk])
    assert "taken by Anna Acht" in page and take_over in page
    assert client.get(take_over).status_code == 405
    back = reverse("moderation:pending")
    response = client.post(take_over, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert SectionClaim.objects.get().moderator == claimed["bernd"]
    client.post(reverse("moderation:comment-approve", args=[comment.pk]))
    assert _state(comment)[0] == "visible"
    # Now Anna is the one refused.
    other = make_comment(article=claimed["article"], status="pending")
    client.force_login(claimed["anna"])
    client.post(reverse("moderation:comment-approve", args=[other.pk]))
    assert _state(other)[0] == "pending"


def test_the_desk_offers_the_take_over_of_a_claimed_section(client, claimed):
    client.force_login(claimed["bernd"])
    page = client.get(reverse("moderation:desk")).content.decode()
    assert reverse("moderation:desk-take-over", args=[claimed["section"].pk]) in page


def test_a_claim_covers_sub_sections_and_the_nearest_claim_wins(client, claimed):
    inland = SectionFactory(name="Inland", parent=claimed["section"])
    in_inland = make_comment(article=ArticleFactory(section=inland), status="pending")
    in_politik = make_comment(article=claimed["article"], status="pending")
    bernd, anna = claimed["bernd"], claimed["anna"]
    assert desk.claim_holder(moderator=bernd, comment=in_inland).moderator == anna
    desk.section_claim(section=inland, moderator=bernd)
    assert desk.claim_holder(moderator=bernd, comment=in_inland) is None
    assert desk.claim_holder(moderator=anna, comment=in_inland).moderator == bernd
    assert desk.claim_holder(moderator=bernd, comment=in_politik).moderator == anna
    assert list(desk.desk_for(anna)) == [in_politik]  # her desk leaves Inland to Bernd
    assert list(desk.desk_for(bernd)) == [in_inland]
    with pytest.raises(ValidationError, match="take the section over|Take the section over"):
        desk.claim_check(moderator=anna, comment=in_inland)


def test_admin_actions_respect_claims(client, claimed):
    comment = make_comment(article=claimed["article"], status="pending")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve_comments", "_selected_action": [comment.pk]},
        follow=True,
    )
    assert "another moderator is working on its section" in response.content.decode()
    assert _state(comment)[0] == "pending"


def test_only_moderators_take_over(claimed):
    with pytest.raises(ValidationError):
        desk.section_take_over(section=claimed["section"], moderator=UserFactory())
    assert SectionClaim.objects.get().moderator == claimed["anna"]


def test_a_notice_in_a_claimed_section_is_decided_by_the_holder(client, claimed):
    notice = notify(make_comment(article=claimed["article"]))
    decide = reverse("moderation:notice-decide", args=[notice.pk])
    data = {"decision": "act", "decision_text": "Strafbar", "legal_ground": "", "facts": "Fakten"}
    client.force_login(claimed["bernd"])
    page = client.get(reverse("moderation:notices")).content.decode()
    assert "taken by Anna Acht" in page and decide not in page  # the take-over, not the form
    response = client.post(decide, data, follow=True)
    assert "Anna Acht is working on the section Politik" in response.content.decode()
    assert Notice.objects.get().status == Notice.Status.OPEN
    client.post(
        reverse("moderation:desk-take-over", args=[claimed["section"].pk]),
        {"next": reverse("moderation:notices")},
    )
    client.post(decide, data)
    assert Notice.objects.get().status == Notice.Status.ACTIONED


def test_complaints_are_not_held_back_by_claims(client, claimed):
    """Four-eyes: another moderator than the one who decided must be able to decide."""
    author = UserFactory()
    comment = make_comment(article=claimed["article"], author=author)
    moderation.comment_hide(comment=comment, moderator=claimed["anna"], reason="spam")
    appeal = appeals.appeal_create(appellant=author, statement=Statement.objects.get(), text="Nein")
    client.force_login(claimed["bernd"])
    client.post(
        reverse("moderation:appeal-decide", args=[appeal.pk]),
        {"outcome": "reverse", "text": "Keine Werbung"},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_a_claim_is_refused_before_the_hide_form_is_checked(client, claimed):
    """No point correcting a form for a comment someone else is working on."""
    comment = make_comment(article=claimed["article"])
    client.force_login(claimed["bernd"])
    response = client.post(
        reverse("moderation:comment-hide", args=[comment.pk]),
        {"reason": "insult", "manifestly_illegal": "on"},
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "is working on the section Politik" in body
    assert "Only illegal content can be manifestly illegal" not in body


@pytest.mark.german
def test_the_pending_queue_speaks_german(client, claimed):
    comment = make_comment(article=claimed["article"], status="pending")
    Comment.objects.filter(pk=comment.pk).update(created_at=ago(hours=2, minutes=5))
    client.force_login(claimed["bernd"])
    page = client.get(reverse("moderation:pending")).content.decode()
    assert "wartet seit 2 Std.</time>" in page
    assert "Offensichtlich rechtswidrig (zählt gegen die Verfasserin" in page
    assert "übernommen von Anna Acht" in page and "Politik trotzdem übernehmen" in page
    response = client.post(reverse("moderation:comment-approve", args=[comment.pk]), follow=True)
    assert "Anna Acht bearbeitet das Ressort Politik." in response.content.decode()


def test_the_desk_offers_each_section_exactly_one_claim_action(client, claimed):
    """Free: take; mine: release; another's: take over (never a "take" that can only fail)."""
    free = SectionFactory(name="Sport")
    take = reverse("moderation:desk-claim", args=[claimed["section"].pk])
    take_over = reverse("moderation:desk-take-over", args=[claimed["section"].pk])
    release = reverse("moderation:desk-release", args=[claimed["section"].pk])

    client.force_login(claimed["bernd"])
    html = client.get(reverse("moderation:desk")).content.decode()
    assert "taken by Anna Acht" in html
    assert take_over in html and take not in html and release not in html
    assert reverse("moderation:desk-claim", args=[free.pk]) in html

    client.force_login(claimed["anna"])
    html = client.get(reverse("moderation:desk")).content.decode()
    assert release in html and take not in html and take_over not in html
