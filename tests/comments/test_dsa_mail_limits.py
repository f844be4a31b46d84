"""Issue 22: every DSA mail counts against the per-inbox mail limit
(accounts.services.mail_recipient_check), and none repeats what a sender typed.

A notice form (a stranger may type any address) answers a full inbox with a German error,
4xx, the typed text kept; a complaint is always taken, its receipt withheld. A mail the site
owes by law (a statement of reasons, its amendment, the decision on a notice or a complaint)
is never dropped silently: the decision stands, and the record says the mail was withheld,
for the moderators and on the statement's page."""

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts.services import mail_recipient_check
from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, links, notices
from comments.moderation.models import Appeal, LegalGround, ModerationSettings, Notice, Statement
from tests.comments.test_moderation_services import make_comment
from tests.factories import ModeratorFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.german]  # the reader sees German

FULL = "An diese E-Mail-Adresse wurden in letzter Zeit zu viele E-Mails geschickt"


@pytest.fixture
def one_mail_an_hour(settings):
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "1/3600", "dsa-notice-ip": "100/3600"}


def fill_inbox(email: str) -> None:
    """Start a fresh hour for this inbox and use up its one mail."""
    caches["ratelimit"].clear()
    mail_recipient_check(email)


def anonymous_notice(comment=None, email="notifier@example.org", **overrides):
    data = {
        "comment": comment or make_comment(),
        "legal_ground": LegalGround.STGB_185,
        "explanation": "Beleidigung",
        "location": "http://testserver/",
        "bona_fide": True,
        "name": "Nora",
        "email": email,
    }
    data.update(overrides)
    return notices.notice_create(**data)


# --- Forms a stranger submits: a German 4xx, the typed text kept ----------------------------


def test_a_full_inbox_refuses_the_notice_form_in_german_and_keeps_the_text(one_mail_an_hour):
    comment = make_comment()
    fill_inbox("victim@example.org")
    response = Client().post(
        reverse("discussion:notice-create", args=[comment.pk]),
        {
            "legal_ground": LegalGround.STGB_185,
            "explanation": "Mein langer Text über die Beleidigung",
            "name": "Opfer",
            "email": "victim@example.org",
            "bona_fide": "on",
            "location": "http://testserver" + comment.get_absolute_url(),
        },
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert FULL in html
    assert "Mein langer Text über die Beleidigung" in html  # still in the form
    assert not Notice.objects.exists()


def test_a_full_inbox_withholds_the_complaint_receipt_never_the_complaint(client, one_mail_an_hour):
    """The right to complain (Art. 20) does not depend on how much mail the site sent; the
    receipt would only go to the complainant's own inbox, so it is withheld, not the text."""
    comment = make_comment()
    moderation.comment_hide(
        comment=comment, moderator=ModeratorFactory(), reason="insult", facts="Beleidigung"
    )
    statement = Statement.objects.get()
    fill_inbox(comment.author.email)
    mail.outbox.clear()
    client.force_login(comment.author)
    response = client.post(statement.get_absolute_url(), {"text": "Das war Satire, ehrlich"})
    assert response.status_code == 302
    assert Appeal.objects.get().text == "Das war Satire, ehrlich"
    assert mail.outbox == []  # the receipt counted and was withheld
    page = client.get(statement.get_absolute_url()).content.decode()
    assert Appeal.objects.get().reference in page


def test_a_notifier_complaining_by_link_is_heard_with_a_full_inbox(one_mail_an_hour):
    notice = anonymous_notice()
    notices.notice_decide(
        notice=notice, moderator=ModeratorFactory(), act=False, decision_text="Zulässig"
    )
    notice.refresh_from_db()
    fill_inbox("notifier@example.org")
    mail.outbox.clear()
    url = links.notice_complaint_url(notice).split("testserver", 1)[1]
    response = Client().post(url, {"text": "Die Meldung war richtig"})
    assert response.status_code == 302
    assert Appeal.objects.get().email == "notifier@example.org"
    assert mail.outbox == []


# --- Mails the site owes: withheld, recorded, shown ------------------------------------------


def test_a_statement_mail_to_a_full_inbox_is_withheld_and_recorded(
    client, one_mail_an_hour, django_capture_on_commit_callbacks
):
    comment = make_comment()
    fill_inbox(comment.author.email)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.comment_hide(
            comment=comment, moderator=ModeratorFactory(), reason="insult", facts="Beleidigung"
        )
    statement = Statement.objects.get()
    assert statement.mail_withheld_at is not None  # the legal record says so
    assert not [m for m in mail.outbox if comment.author.email in m.to]
    assert comment.author.notifications.exists()  # the inbox still has it
    client.force_login(comment.author)
    assert "nicht per E-Mail" in client.get(statement.get_absolute_url()).content.decode()


def test_an_amendment_mail_to_a_full_inbox_is_withheld_and_recorded(
    one_mail_an_hour, django_capture_on_commit_callbacks
):
    comment = make_comment()
    moderator = ModeratorFactory()
    moderation.comment_hide(comment=comment, moderator=moderator, reason="insult", facts="Fakt")
    fill_inbox(comment.author.email)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.comment_restore(comment=comment, moderator=moderator)
    statement = Statement.objects.get()
    assert statement.reversed_at is not None
    assert statement.amendment_mail_withheld_at is not None
    assert not mail.outbox


def test_a_notice_decision_to_a_full_inbox_stands_and_the_moderators_see_it(
    client, one_mail_an_hour, django_capture_on_commit_callbacks
):
    notice = anonymous_notice()
    moderator = ModeratorFactory()
    fill_inbox("notifier@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(
            notice=notice, moderator=moderator, act=False, decision_text="Zulässig"
        )
    notice.refresh_from_db()
    assert notice.status == Notice.Status.REJECTED
    assert notice.mail_withheld_at is not None
    assert not mail.outbox
    client.force_login(ModeratorFactory())
    page = client.get(reverse("discussion:notice", args=[notice.reference])).content.decode()
    assert "nicht per E-Mail" in page


def test_a_complaint_decision_to_a_full_inbox_is_recorded_on_the_statement_page(
    client, one_mail_an_hour, django_capture_on_commit_callbacks
):
    comment = make_comment()
    moderation.comment_hide(
        comment=comment, moderator=ModeratorFactory(), reason="insult", facts="Beleidigung"
    )
    statement = Statement.objects.get()
    caches["ratelimit"].clear()
    appeal = appeals.appeal_create(appellant=comment.author, statement=statement, text="Satire")
    fill_inbox(comment.author.email)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_decide(
            appeal=appeal, moderator=ModeratorFactory(), reverse_decision=False, text="Bleibt"
        )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD and appeal.mail_withheld_at is not None
    assert not mail.outbox
    client.force_login(comment.author)
    assert "nicht per E-Mail" in client.get(statement.get_absolute_url()).content.decode()


# --- No DSA mail repeats what a sender typed --------------------------------------------------


def test_no_dsa_mail_repeats_the_senders_free_text(settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    ModerationSettings.objects.update(appeals_enabled=True)
    typed = ["Uhren-bei-spam.example", "Erklaerung-QQQ", "Beschwerde-WWW"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = anonymous_notice(
            legal_ground=LegalGround.OTHER, other_provision=typed[0], explanation=typed[1]
        )
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(
            notice=notice, moderator=ModeratorFactory(), act=False, decision_text="Zulässig"
        )
    notice.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeals.appeal_create(
            appellant=None, text=typed[2], notice=notice, notifier_key=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_decide(
            appeal=appeal, moderator=ModeratorFactory(), reverse_decision=False, text="Bleibt"
        )
    sent = [m for m in mail.outbox if m.to == ["notifier@example.org"]]
    assert len(sent) == 4  # receipt, decision, complaint receipt, complaint decision
    for message in sent:
        for text in typed:
            assert text not in message.subject + message.body


def test_misuse_never_mails_an_address_nobody_confirmed(
    settings, django_capture_on_commit_callbacks
):
    """Misuse counts accounts only; an address typed into the form gets no warning mail."""
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "100/3600"}
    ModerationSettings.objects.update(misuse_enabled=True, misuse_warn_after=1)
    moderator = ModeratorFactory()
    UserFactory(email="victim@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            notice = anonymous_notice(email="victim@example.org", explanation=f"Unsinn {n}")
            notices.notice_decide(
                notice=notice, moderator=moderator, act=False, decision_text="Unbegründet",
                manifest=True,
            )  # fmt: skip
    assert len(mail.outbox) == 6  # three receipts, three decisions: no warning, no statement
