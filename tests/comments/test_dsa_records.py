"""Issue 22: deletion and export cover the DSA records; a closed discussion says why; a
complaint gets a receipt; the Art. 15 report is a page with charts and a CSV; the comment
feed's titles carry no raw comment text."""

import csv
import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import user_delete, user_export
from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, notices
from comments.moderation.models import LegalGround, Notice, Statement
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_site(settings):
    settings.LANGUAGE_CODE = "en"


def _notice_by(user, comment=None):
    return notices.notice_create(
        comment=comment or make_comment(),
        legal_ground=LegalGround.STGB_185,
        explanation="Beleidigung",
        location="http://testserver/",
        bona_fide=True,
        notifier=user,
    )


def test_deleting_an_account_anonymises_its_dsa_records(client, django_capture_on_commit_callbacks):
    reader = UserFactory(display_name="Nora Meier", email="nora@example.org")
    notice = _notice_by(reader)
    address_only = notices.notice_create(
        comment=make_comment(),
        legal_ground=LegalGround.STGB_185,
        explanation="Beleidigung",
        location="http://testserver/",
        bona_fide=True,
        name="Nora Meier",
        email="NORA@example.org",
    )
    user_delete(user=reader)
    for row in Notice.objects.filter(pk__in=[notice.pk, address_only.pk]):
        assert row.name == "" and row.email == ""
    moderator = ModeratorFactory()
    client.force_login(moderator)
    page = client.get(reverse("moderation:notices")).content.decode()
    assert "Nora Meier" not in page and "nora@example.org" not in page.lower()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(
            notice=address_only, moderator=moderator, act=False, decision_text="Keine"
        )
    assert not [m for m in mail.outbox if "nora@example.org" in [t.lower() for t in m.to]]


def test_the_export_covers_notices_complaints_statements_reports_and_sanctions():
    reader = UserFactory()
    _notice_by(reader)
    comment = make_comment(author=reader)
    moderation.report_create(comment=make_comment(), reporter=reader, reason="spam", text="")
    moderation.comment_hide(
        comment=comment, moderator=ModeratorFactory(), reason="insult", facts="Beleidigung"
    )
    statement = Statement.objects.get(comment=comment)
    appeals.appeal_create(appellant=reader, text="Unfair", statement=statement)
    data = user_export(user=reader)
    for section in ("notices_sent", "complaints", "statements", "reports", "sanctions",
                    "recommendations"):  # fmt: skip
        assert section in data, section
    assert data["statements"][0]["reference"] == statement.reference
    json.dumps(data)  # the export view writes it as JSON
    assert data["complaints"][0]["text"] == "Unfair"


def test_closing_a_discussion_records_a_reason_readers_see(client):
    article = ArticleFactory()
    moderation.article_close(article=article, actor=ModeratorFactory(), reason="Hetze im Forum")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Hetze im Forum" in page


def test_a_complaint_gets_a_receipt(django_capture_on_commit_callbacks):
    comment = make_comment()
    moderation.comment_hide(
        comment=comment, moderator=ModeratorFactory(), reason="insult", facts="Beleidigung"
    )
    statement = Statement.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeals.appeal_create(appellant=comment.author, text="Unfair", statement=statement)
    (receipt,) = mail.outbox
    assert receipt.to == [comment.author.email]
    assert appeal.reference in receipt.subject + receipt.body


def test_moderators_see_the_transparency_report_with_server_rendered_charts(client):
    make_comment()
    url = reverse("moderation:transparency")
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403, 404)
    client.force_login(ModeratorFactory())
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    # Drawn on our server: no script of another host, and none in the charts themselves.
    assert re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]*src="([^"]+)"', html))
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        assert "<script" not in svg
    download = client.get(url + "?format=csv")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0]  # the header of the Commission's template


def test_comment_feed_titles_carry_no_comment_text(client):
    comment = make_comment(body="<b>Geheimnis</b> und viel Text")
    article = comment.article
    feed = client.get(reverse("comments:feed", args=[article.slug])).content.decode()
    title = feed.split("<item>", 1)[1].split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Geheimnis" not in title
    assert comment.author.public_name in title and article.headline[:20] in title
