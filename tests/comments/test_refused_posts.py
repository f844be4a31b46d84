"""A reader's words are never lost or cut: every refused post comes back with its text.

Each test reproduces one finding of issue 24 at the view level; tests/browser/
test_refused_posts.py drives the same paths in Chromium.
"""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RulesAcceptance
from articles.models import Article
from comments.models import Comment
from comments.services import comment_create
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Ich bin anderer Meinung: die Zahlen im dritten Absatz stimmen nicht über B"


def post_url(article, anchor=""):
    return reverse("comments:post", kwargs={"article_pk": article.pk}) + anchor


def post(client, article, body=TEXT, **extra):
    return client.post(post_url(article), {"body": body, "parent": "", **extra})


def kept_text(content: bytes) -> list[str]:
    """The texts of every textarea on the page, unescaped."""
    page = content.decode()
    return [
        html_lib.unescape(t) for t in re.findall(r"<textarea[^>]*>\n?(.*?)</textarea>", page, re.S)
    ]


def test_closed_meanwhile_keeps_the_text_in_a_read_only_box_with_the_reason(
    client, article, reader
):
    client.force_login(reader)
    client.get(article.get_absolute_url())  # the form is open while the reader writes
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    response = post(client, article)
    assert response.status_code == 409
    page = response.content.decode()
    assert TEXT in kept_text(response.content)
    box = re.search(r'<div class="comment-form__kept"[^>]*>.*?</div>', page, re.S).group(0)
    assert 'id="comment-form"' in box  # the form's anchor: the browser lands here
    assert "readonly" in box and "data-copy" in box
    assert "closed" in box.lower()
    assert not Comment.objects.exists()


def test_a_closed_reply_lands_at_the_reply_anchor(client, article, reader, other_reader):
    root = comment_create(article=article, author=other_reader, body="Frage")
    client.force_login(reader)
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    response = post(client, article, parent=str(root.pk))
    assert response.status_code == 409
    assert 'id="reply-form"' in response.content.decode()
    assert TEXT in kept_text(response.content)


def test_a_suspended_reader_gets_the_text_back_with_the_reason(client, article, reader):
    from comments.moderation.services import user_suspend

    client.force_login(reader)
    user_suspend(user=reader, moderator=ModeratorFactory(),
                 until=timezone.now() + timedelta(days=2), reason="Beleidigungen")  # fmt: skip
    response = post(client, article)
    assert response.status_code == 403
    assert TEXT in kept_text(response.content)
    assert "comment-form__kept" in response.content.decode()


def test_an_overlong_comment_is_refused_whole_and_never_cut(client, article, reader, settings):
    settings.COMMENT_MAX_LENGTH = 100
    client.force_login(reader)
    page = client.get(article.get_absolute_url()).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", page).group(0)
    assert "maxlength" not in textarea  # the browser would cut a pasted text silently
    assert 'data-max-length="100"' in textarea
    long_text = "Wort " * 4000
    response = post(client, article, body=long_text)
    assert response.status_code == 400
    assert long_text.strip() in [t.strip() for t in kept_text(response.content)]
    assert "at most 100" in response.content.decode()


def test_the_limit_is_one_setting_for_model_form_and_page(settings, article, reader):
    from django.core.exceptions import ValidationError

    settings.COMMENT_MAX_LENGTH = 50
    comment = Comment(article=article, author=reader, body="x" * 51)
    with pytest.raises(ValidationError):
        comment.full_clean(exclude=["tree_id", "lft", "rght", "level", "body_html"])


def test_a_banned_word_keeps_the_text(client, article, reader):
    from comments.moderation.models import WordRule

    WordRule.objects.create(phrase="Spinner", kind=WordRule.Kind.BLOCK)
    client.force_login(reader)
    response = post(client, article, body="Du Spinner, " + TEXT)
    assert response.status_code == 400
    assert "Du Spinner, " + TEXT in kept_text(response.content)


def test_an_expired_session_keeps_the_draft_through_the_login(client, article, reader):
    response = post(client, article)  # the session ran out while the reader typed
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    login = client.post(
        response["Location"], {"username": reader.username, "password": "correct-horse-42"}
    )
    assert login.status_code == 302
    page = client.get(login["Location"])
    assert TEXT in kept_text(page.content)
    assert "logged out" in page.content.decode() or "log in" in page.content.decode().lower()
    # Shown once: the draft does not haunt later visits.
    assert TEXT not in kept_text(client.get(article.get_absolute_url()).content)


def test_the_same_token_and_text_is_one_comment(client, article, reader):
    client.force_login(reader)
    first = post(client, article, post_token="a" * 32)
    again = post(client, article, post_token="a" * 32)
    assert Comment.objects.count() == 1
    assert first["Location"] == again["Location"]


def test_the_same_token_with_a_new_text_is_a_new_comment(client, article, reader):
    client.force_login(reader)
    post(client, article, body="Erster Text", post_token="b" * 32)
    response = post(client, article, body="Zweiter Text, neu getippt", post_token="b" * 32)
    assert response.status_code == 302
    assert sorted(Comment.objects.values_list("body", flat=True)) == [
        "Erster Text", "Zweiter Text, neu getippt",
    ]  # fmt: skip
    # and its own retry is deduplicated again
    post(client, article, body="Zweiter Text, neu getippt", post_token="b" * 32)
    assert Comment.objects.count() == 2


def test_the_same_token_of_another_reader_never_returns_their_comment(client, article, reader):
    other = UserFactory()
    client.force_login(other)
    post(client, article, body="Von jemand anderem", post_token="c" * 32)
    client.force_login(reader)
    post(client, article, body="Von jemand anderem", post_token="c" * 32)
    assert Comment.objects.filter(author=reader).count() == 1


@pytest.mark.german
def test_a_published_comment_is_confirmed_with_a_link_for_screen_readers(client, article, reader):
    client.force_login(reader)
    response = post(client, article)
    comment = Comment.objects.get()
    page = client.get(response["Location"]).content.decode()
    status = re.search(r'<div class="messages" role="status">(.*?)</div>\s*</div>', page, re.S)
    assert status, "the confirmation is in a role=status region"
    assert "Ihr Kommentar ist veröffentlicht" in status.group(1)
    assert f'href="#comment-{comment.pk}"' in status.group(1)


@pytest.mark.german
def test_a_held_comment_is_confirmed_as_waiting(client, article, reader, settings):
    from comments.moderation.models import ModerationSettings, PreModeration

    site = ModerationSettings.load() if hasattr(ModerationSettings, "load") else None
    if site is None:
        pytest.skip("no site settings")
    site.premoderation = PreModeration.ALL
    site.save()
    client.force_login(reader)
    response = post(client, article)
    page = client.get(response["Location"]).content.decode()
    assert "wartet auf Freigabe" in page


def test_new_rules_are_accepted_in_the_comment_form_before_the_next_comment(
    client, article, reader, settings
):
    settings.DISCUSSION_RULES_VERSION = "2027-1"
    client.force_login(reader)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="accept_rules"' in page
    response = post(client, article)
    assert response.status_code == 400
    assert TEXT in kept_text(response.content)
    assert not Comment.objects.exists()
    response = post(client, article, accept_rules="on")
    assert response.status_code == 302
    assert RulesAcceptance.objects.filter(user=reader, version="2027-1").exists()
    assert 'name="accept_rules"' not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.german
def test_the_rate_limit_message_uses_a_real_plural(client, article, reader, settings):
    settings.RATE_LIMIT_OVERRIDES = {"comment-post-user": "1/60"}
    client.force_login(reader)
    post(client, article, body="Eins")
    page = post(client, article, body="Zwei").content.decode()
    assert "Minute(n)" not in page
    assert re.search(r"1 Minute\b", page)


# --- The same rule for reports and notices: the token dedups retries of the same text. ---------


def test_a_report_resent_with_the_same_token_and_text_is_one_report(client, reader):
    from comments.moderation.models import Report
    from tests.comments.test_moderation_services import make_comment

    comment = make_comment(body="Werbung!")
    client.force_login(reader)
    url = reverse("discussion:report", args=[comment.pk])
    data = {"reason": "spam", "text": "Reine Werbung.", "post_token": "d" * 32}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Report.objects.count() == 1


def test_a_report_token_with_a_new_text_is_never_a_silent_thanks(client, reader):
    from comments.moderation.models import Report
    from tests.comments.test_moderation_services import make_comment

    comment = make_comment(body="Werbung!")
    client.force_login(reader)
    url = reverse("discussion:report", args=[comment.pk])
    client.post(url, {"reason": "spam", "text": "Reine Werbung.", "post_token": "e" * 32})
    response = client.post(
        url, {"reason": "other", "text": "Und beleidigend dazu.", "post_token": "e" * 32}
    )
    assert response.status_code == 400  # an explicit message, with the new text kept
    assert "already reported" in response.content.decode()
    assert "Und beleidigend dazu." in response.content.decode()
    assert Report.objects.count() == 1


def test_a_notice_token_with_a_new_explanation_is_a_new_notice(client):
    from comments.moderation.models import LegalGround, Notice
    from tests.comments.test_moderation_services import make_comment

    comment = make_comment(body="Hetze")
    url = reverse("discussion:notice-create", args=[comment.pk])
    data = {
        "legal_ground": LegalGround.STGB_130, "name": "Nora", "email": "nora@example.org",
        "location": "http://example.org/",
        "bona_fide": "on", "post_token": "f" * 32,
    }  # fmt: skip
    client.post(url, {**data, "explanation": "Hetze gegen eine Religionsgemeinschaft."})
    client.post(url, {**data, "explanation": "Hetze gegen eine Religionsgemeinschaft."})
    assert Notice.objects.count() == 1
    client.post(url, {**data, "explanation": "Außerdem eine Drohung im zweiten Satz."})
    assert sorted(Notice.objects.values_list("explanation", flat=True)) == [
        "Außerdem eine Drohung im zweiten Satz.", "Hetze gegen eine Religionsgemeinschaft.",
    ]  # fmt: skip
