"""The DSA pages: notice form (anyone), statement page and complaint (the person concerned),
the moderators' notice and complaint queues, and the hide form's statement fields."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from comments.models import Comment
from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, notices
from comments.moderation.models import Appeal, LegalGround, Notice, Statement
from tests.comments.test_moderation_services import make_comment
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_site(settings):
    """Statements and DSA mails are written in the site's language: English here."""
    settings.LANGUAGE_CODE = "en"


def notice_data(**overrides):
    data = {
        "legal_ground": LegalGround.STGB_130,
        "explanation": "Der Kommentar hetzt gegen eine Religionsgemeinschaft.",
        "location": "http://evil.example/",
        "name": "Nora",
        "email": "nora@example.org",
        "bona_fide": "on",
    }
    data.update(overrides)
    return data


def test_every_visible_comment_links_to_the_notice_form(client):
    comment = make_comment(body="Hetze")
    page = client.get(comment.article.get_absolute_url())
    assert reverse("discussion:notice-create", args=[comment.pk]) in page.content.decode()


def test_anonymous_notice_form_fills_the_location_and_sends_a_receipt(
    client, django_capture_on_commit_callbacks
):
    comment = make_comment()
    url = reverse("discussion:notice-create", args=[comment.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert comment.get_absolute_url() in body and "§ 86a StGB" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, notice_data())
    assert response.status_code == 200
    notice = Notice.objects.get()
    assert notice.reference in response.content.decode()
    # The location is what we filled in, never what the client sent.
    assert notice.location.endswith(comment.get_absolute_url())
    assert mail.outbox[0].to == ["nora@example.org"]


def test_bad_notices_keep_the_text_and_answer_400(client):
    comment = make_comment()
    url = reverse("discussion:notice-create", args=[comment.pk])
    response = client.post(url, notice_data(bona_fide="", explanation="Mein langer Text"))
    assert response.status_code == 400
    assert "Mein langer Text" in response.content.decode()
    assert "accurate and complete" in response.content.decode()
    response = client.post(url, notice_data(name="", email=""))
    assert response.status_code == 400 and "name and e-mail" in response.content.decode()
    response = client.post(url, notice_data(legal_ground=LegalGround.OTHER))
    assert response.status_code == 400
    assert not Notice.objects.exists()


def test_the_honeypot_refuses_bots(client):
    comment = make_comment()
    url = reverse("discussion:notice-create", args=[comment.pk])
    response = client.post(url, notice_data(website="http://spam"))
    assert response.status_code == 400 and not Notice.objects.exists()


def test_notices_are_rate_limited_and_the_typed_text_is_kept(client, settings):
    settings.RATE_LIMIT_OVERRIDES = {"dsa-notice-ip": "2/3600"}
    comment = make_comment()
    url = reverse("discussion:notice-create", args=[comment.pk])
    codes = [client.post(url, notice_data()).status_code for _ in range(2)]
    typed = notice_data(explanation="Mein dritter, sorgfältig geschriebener Hinweis.")
    response = client.post(url, typed)
    assert codes + [response.status_code] == [200, 200, 429]
    html = response.content.decode()
    assert "Please send it again in" in html and "your text is kept below" in html
    assert "Mein dritter, sorgfältig geschriebener Hinweis." in html  # still in the form
    assert int(response["Retry-After"]) > 0
    assert Notice.objects.count() == 2


def test_complaints_are_rate_limited_and_the_typed_text_is_kept(client, settings):
    settings.RATE_LIMIT_OVERRIDES = {"dsa-appeal": "1/3600"}
    comment, statement = hidden_with_statement()
    client.force_login(comment.author)
    client.post(statement.get_absolute_url(), {"text": ""})  # counts, refused as empty
    response = client.post(statement.get_absolute_url(), {"text": "Bitte prüfen Sie das erneut"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "your text is kept below" in html and "Bitte prüfen Sie das erneut" in html
    assert not Appeal.objects.exists()


def test_hidden_comments_have_no_notice_form(client):
    comment = make_comment(status=Comment.Status.HIDDEN)
    assert client.get(reverse("discussion:notice-create", args=[comment.pk])).status_code == 404


def hidden_with_statement():
    comment = make_comment(body="Du Dummkopf")
    moderation.comment_hide(
        comment=comment, moderator=ModeratorFactory(), reason="insult", facts="Beleidigung"
    )
    return comment, Statement.objects.get()


def test_the_data_export_holds_the_statement_with_its_ground_as_text(client):
    """The ground is a lazy label of the rules: the export writes it as text (it was a 500)."""
    comment, statement = hidden_with_statement()
    client.force_login(comment.author)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    (exported,) = json.loads(response.content)["statements"]
    assert exported["reference"] == statement.reference
    assert exported["ground"] == str(statement.ground_label()) != ""


def test_the_statement_page_is_for_the_person_concerned_and_moderators(client):
    comment, statement = hidden_with_statement()
    url = statement.get_absolute_url()
    assert client.get(url).status_code == 302  # log in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # nobody else learns it exists
    client.force_login(ModeratorFactory())
    assert client.get(url).status_code == 200
    client.force_login(comment.author)
    page = client.get(url).content.decode()
    assert statement.reference in page and "Beleidigung" in page
    assert "Insults, hate or discrimination" in page and "Complain against this decision" in page
    assert client.get("/comments/statements/S-NOPE-NOPE/").status_code == 404


def test_the_author_complains_from_the_statement_page(client):
    comment, statement = hidden_with_statement()
    client.force_login(comment.author)
    url = statement.get_absolute_url()
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and not Appeal.objects.exists()
    response = client.post(url, {"text": "Das war Ironie."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.appellant == comment.author and appeal.statement == statement
    page = client.get(url).content.decode()
    assert appeal.reference in page and "Complain against this decision" not in page
    assert client.post(url, {"text": "Nochmal"}).status_code == 403


def test_notifications_link_to_the_statement(client):
    comment, statement = hidden_with_statement()
    notification = Notification.objects.get(recipient=comment.author)
    assert notification.url == statement.get_absolute_url()


def test_moderators_decide_notices_from_their_queue(client):
    comment = make_comment()
    notice = notices.notice_create(
        comment=comment,
        legal_ground=LegalGround.STGB_241,
        explanation="Drohung",
        location="x",
        bona_fide=True,
        name="N",
        email="n@example.org",
    )
    mod = ModeratorFactory()
    client.force_login(mod)
    page = client.get(reverse("moderation:notices")).content.decode()
    assert notice.reference in page and "waiting" in page
    url = reverse("moderation:notice-decide", args=[notice.pk])
    response = client.post(url, {"decision": "act", "decision_text": ""}, follow=True)
    assert "This field is required" in response.content.decode()
    response = client.post(
        url, {"decision": "act", "decision_text": "Strafbare Drohung", "fact_template": "threat"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert Statement.objects.get().illegal_content_legal_ground.startswith("§ 241 StGB")


def test_complaint_queue_enforces_four_eyes(client):
    comment = make_comment()
    first, second = ModeratorFactory(), ModeratorFactory()
    moderation.comment_hide(comment=comment, moderator=first, reason="spam")
    appeal = appeals.appeal_create(
        appellant=comment.author, statement=Statement.objects.get(), text="Keine Werbung"
    )
    client.force_login(first)
    page = client.get(reverse("moderation:appeals")).content.decode()
    assert "another moderator must decide" in page
    url = reverse("moderation:appeal-decide", args=[appeal.pk])
    response = client.post(url, {"outcome": "reverse", "text": "ok"}, follow=True)
    assert "four-eyes" in response.content.decode()
    assert Appeal.objects.get().status == Appeal.Status.OPEN
    client.force_login(second)
    client.post(url, {"outcome": "reverse", "text": "Keine Werbung, stimmt."})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert Appeal.objects.get().status == Appeal.Status.REVERSED


def test_hide_form_takes_provision_template_and_facts(client):
    comment = make_comment()
    client.force_login(ModeratorFactory())
    url = reverse("moderation:comment-hide", args=[comment.pk])
    response = client.post(url, {"reason": "unlawful"})
    assert response.status_code == 400
    assert "choose the legal provision" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    client.post(url, {"reason": "insult", "fact_template": "threat"})
    statement = Statement.objects.get()
    assert statement.decision_facts == "The comment threatens violence against a person."
    other = make_comment()
    client.post(
        reverse("moderation:comment-hide", args=[other.pk]),
        {"reason": "unlawful", "legal_ground": "stgb_130", "facts": "Hetze gegen Muslime"},
    )
    statement = Statement.objects.get(comment=other)
    assert statement.decision_facts == "Hetze gegen Muslime"
    assert statement.illegal_content_legal_ground.startswith("§ 130 StGB")


def test_the_rejected_notifier_follows_and_complains(client):
    notifier = UserFactory()
    notice = notices.notice_create(
        comment=make_comment(),
        notifier=notifier,
        legal_ground=LegalGround.STGB_185,
        explanation="Beleidigung",
        location="x",
        bona_fide=True,
    )
    notices.notice_decide(
        notice=notice, moderator=ModeratorFactory(), act=False, decision_text="Zulässige Kritik"
    )
    url = reverse("discussion:notice", args=[notice.reference])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(notifier)
    page = client.get(url).content.decode()
    assert "Zulässige Kritik" in page and "Complain against this decision" in page
    assert client.post(url, {"text": "Doch beleidigend"}).status_code == 302
    assert Appeal.objects.get().notice == notice


def test_the_hidden_comment_links_its_author_to_the_statement(client):
    comment = make_comment(body="Du Dummkopf")
    make_comment(parent=comment, body="Eine Antwort hält den Platzhalter")
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason="insult")
    statement = Statement.objects.get()
    client.force_login(comment.author)
    page = client.get(comment.article.get_absolute_url()).content.decode()
    link = reverse("discussion:comment-statement", args=[comment.pk])
    assert link in page
    assert client.get(link)["Location"] == statement.get_absolute_url()
    client.force_login(UserFactory())
    assert client.get(link).status_code == 404
    assert client.get(reverse("discussion:comment-statement", args=[99999])).status_code == 404


def test_the_conversation_view_offers_the_queue_actions_too(client):
    """Dismiss reports and the notice link appear in the thread too (one prefetch a page)."""
    from comments.moderation.models import Report

    reported = make_comment(body="Gemeldet")
    Report.objects.create(comment=reported, reporter=UserFactory(), reason="spam")
    noticed = make_comment(article=reported.article, body="Angezeigt")
    notices.notice_create(
        comment=noticed,
        legal_ground=LegalGround.STGB_185,
        explanation="x",
        location="x",
        bona_fide=True,
        name="N",
        email="n@example.org",
    )
    client.force_login(ModeratorFactory())
    page = client.get(reported.article.get_absolute_url()).content.decode()
    assert reverse("moderation:comment-dismiss", args=[reported.pk]) in page
    assert reverse("moderation:comment-dismiss", args=[noticed.pk]) not in page
    assert page.count(reverse("moderation:notices")) >= 1
    response = client.post(
        reverse("moderation:comment-dismiss", args=[reported.pk]),
        {"next": reported.article.get_absolute_url()},
    )
    assert response.status_code == 302
    assert not Report.objects.open().exists()
    # Readers see neither.
    client.logout()
    page = client.get(reported.article.get_absolute_url()).content.decode()
    assert "comment-dismiss" not in page and "/dismiss/" not in page


def test_readers_get_a_plain_sentence_and_the_form_says_comments_are_reviewed(client):
    from comments.moderation.models import ArticleSurge, WordRule
    from tests.factories import ArticleFactory

    WordRule.objects.create(phrase="Systempresse", kind=WordRule.Kind.WATCH)
    article = ArticleFactory()
    reader = UserFactory()
    client.force_login(reader)
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    response = client.post(url, {"body": "Typisch Systempresse"}, follow=True)
    body = response.content.decode()
    assert "word the moderators check first" in body
    assert "review every comment" not in body
    ArticleSurge.objects.create(
        article=article, until=timezone.now() + timezone.timedelta(minutes=5), reason="x"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Many readers are commenting right now; the moderators review every comment." in page
