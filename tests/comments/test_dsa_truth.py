"""Issue 22: legal records that tell the truth.

A restore or a reversal amends the statement (page, mail, no complaint offer, export end date);
facts and explanations are the moderator's words, never the notifier's; the internal note
stays internal; the hide form preselects no reason."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, notices, transparency
from comments.moderation.models import (
    HideReason,
    LegalGround,
    Statement,
)
from tests.comments.test_moderation_services import make_comment
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db

NOTIFIER_TEXT = "Er hat mich beleidigt, ich bin Nora Meier aus der Lindenstraße 4."


@pytest.fixture(autouse=True)
def _english_site(settings):
    settings.LANGUAGE_CODE = "en"


def hidden(*, reason=HideReason.INSULT, facts="Beleidigung eines Lesers", **extra):
    comment = make_comment(body="Du Dummkopf")
    moderator = ModeratorFactory()
    moderation.comment_hide(
        comment=comment, moderator=moderator, reason=reason, facts=facts, **extra
    )
    return comment, moderator, Statement.objects.get(comment=comment)


# --- A restore amends the statement --------------------------------------------------------


def test_a_restore_amends_the_statement_and_tells_the_author(
    client, django_capture_on_commit_callbacks
):
    comment, _moderator, statement = hidden()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.comment_restore(comment=comment, moderator=ModeratorFactory(), note="Satire")
    statement.refresh_from_db()
    assert statement.reversed_at is not None
    assert statement.reversal_note  # what readers see: the decision was reversed
    (message,) = [m for m in mail.outbox if m.to == [comment.author.email]]
    assert statement.reference in message.subject + message.body
    assert "reversed" in (message.subject + message.body).lower()
    client.force_login(comment.author)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "reversed" in page.lower()
    assert "Complain against this decision" not in page
    assert appeals.appeal_refusal(user=comment.author, statement=statement)


def test_a_restored_hide_is_exported_with_the_end_of_its_restriction():
    comment, _moderator, statement = hidden()
    moderation.comment_restore(comment=comment, moderator=ModeratorFactory())
    statement.refresh_from_db()
    record = transparency.statement_record(statement)
    assert record["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert record["end_date_visibility_restriction"] == timezone.localdate().isoformat()


def test_an_appeal_reversal_is_exported_with_the_end_of_its_restriction():
    comment, moderator, statement = hidden()
    appeal = appeals.appeal_create(appellant=comment.author, text="Unfair", statement=statement)
    appeals.appeal_decide(
        appeal=appeal, moderator=ModeratorFactory(), reverse_decision=True, text="Stimmt"
    )
    statement.refresh_from_db()
    record = transparency.statement_record(statement)
    assert record["end_date_visibility_restriction"] == timezone.localdate().isoformat()


def test_the_export_uses_the_categories_of_the_2025_07_01_schema():
    _comment, _moderator, statement = hidden(reason=HideReason.OFF_TOPIC, facts="Thema verfehlt")
    record = transparency.statement_record(statement)
    assert record["category"] == "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
    assert "SCOPE_OF_PLATFORM_SERVICE" not in repr(record)


# --- The moderator's words, never the notifier's ------------------------------------------


def notice_for(comment, **overrides):
    data = {
        "comment": comment,
        "legal_ground": LegalGround.STGB_185,
        "explanation": NOTIFIER_TEXT,
        "location": "http://testserver" + comment.get_absolute_url(),
        "bona_fide": True,
        "name": "Nora Meier",
        "email": "nora@example.org",
    }
    data.update(overrides)
    return notices.notice_create(**data)


def test_acting_on_a_notice_needs_the_moderators_own_facts():
    notice = notice_for(make_comment(body="Du Dummkopf"))
    with pytest.raises(ValidationError) as refused:
        notices.notice_decide(
            notice=notice, moderator=ModeratorFactory(), act=True, decision_text="Beleidigung"
        )
    assert "facts" in str(refused.value).lower()


def test_the_notifiers_text_never_reaches_the_statement_or_the_author(
    django_capture_on_commit_callbacks,
):
    comment = make_comment(body="Du Dummkopf")
    notice = notice_for(comment)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(
            notice=notice,
            moderator=ModeratorFactory(),
            act=True,
            decision_text="Beleidigung",
            facts="The comment calls another reader an idiot.",
        )
    statement = Statement.objects.get(comment=comment)
    record = transparency.statement_record(statement)
    for text in (
        statement.decision_facts,
        statement.illegal_content_explanation,
        repr(record),
        *(m.body for m in mail.outbox if m.to == [comment.author.email]),
    ):
        assert "Nora" not in text and "Lindenstraße" not in text


def test_the_internal_note_stays_internal(client, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment, _moderator, statement = hidden(
            note="Kollegin: der Account ist uns bekannt", explanation="Persönlicher Angriff"
        )
    secret = "uns bekannt"
    assert secret not in statement.decision_facts + statement.incompatible_content_explanation
    assert statement.incompatible_content_explanation == "Persönlicher Angriff"
    assert all(secret not in m.body for m in mail.outbox)
    client.force_login(comment.author)
    assert secret not in client.get(statement.get_absolute_url()).content.decode()


def test_the_hide_form_labels_say_who_reads_them_and_no_reason_is_preselected(client):
    comment = make_comment(body="Du Dummkopf")
    client.force_login(ModeratorFactory())
    page = client.get(reverse("moderation:pending") + "?all=1").content.decode()
    page += client.get(comment.article.get_absolute_url()).content.decode()
    assert "Internal note" in page and "only moderators" in page
    assert "Explanation for the author" in page
    response = client.post(reverse("moderation:comment-hide", args=[comment.pk]), {"note": "x"})
    assert response.status_code == 400
    assert "Choose a reason" in response.content.decode()
    assert not Statement.objects.exists()


def test_the_queue_offers_no_preselected_reason(client):
    make_comment(body="Wartet", status="pending")
    client.force_login(ModeratorFactory())
    page = client.get(reverse("moderation:pending")).content.decode()
    import re

    for select in re.findall(r'<select name="reason"[^>]*>(.*?)</select>', page, re.S):
        first = re.search(r"<option([^>]*)>", select)[1]
        assert 'value=""' in first  # the first option is the empty prompt
        assert "selected" not in select
