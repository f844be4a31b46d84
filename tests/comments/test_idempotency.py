"""A resubmitted comment form (same one-time token) returns the comment it already created."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Notification
from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_INPUT = re.compile(r'<input type="hidden" name="post_token" value="([0-9a-f]{32})"')


def post_url(article):
    return reverse("comments:post", kwargs={"article_pk": article.pk})


def test_every_rendered_form_carries_a_fresh_token(client, article, reader):
    client.force_login(reader)
    first = TOKEN_INPUT.findall(client.get(article.get_absolute_url()).content.decode())
    second = TOKEN_INPUT.findall(client.get(article.get_absolute_url()).content.decode())
    assert len(first) == 1 and len(second) == 1
    assert first != second


def test_anonymous_pages_carry_no_token(client, article):
    assert "post_token" not in client.get(article.get_absolute_url()).content.decode()


def test_resubmitted_form_returns_the_first_comment(client, article, reader):
    client.force_login(reader)
    data = {"body": "Nur einmal, bitte", "parent": "", "post_token": "a" * 32}
    first = client.post(post_url(article), data)
    second = client.post(post_url(article), data)
    comment = Comment.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert second["Location"].endswith(f"#comment-{comment.pk}")
    article.refresh_from_db()
    assert article.comment_count == 1


def test_retry_is_recognised_before_the_rate_limit(client, article, reader, settings):
    settings.RATE_LIMIT_OVERRIDES = {"comment-post-user": "1/60"}
    client.force_login(reader)
    data = {"body": "Einmal", "parent": "", "post_token": "b" * 32}
    assert client.post(post_url(article), data).status_code == 302
    assert client.post(post_url(article), data).status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("token", ["", "not-a-token", "A" * 31])
def test_missing_or_malformed_tokens_post_without_deduplication(client, article, reader, token):
    client.force_login(reader)
    data = {"body": "Ohne Marke", "parent": "", "post_token": token}
    assert client.post(post_url(article), data).status_code == 302
    assert client.post(post_url(article), data).status_code == 302
    assert Comment.objects.count() == 2


def test_tokens_are_per_author(article, reader, other_reader):
    token = "c" * 32
    one = comment_create(article=article, author=reader, body="Eins", post_token=token)
    two = comment_create(article=article, author=other_reader, body="Zwei", post_token=token)
    assert one.pk != two.pk


def test_a_retried_reply_notifies_and_counts_once(article, reader, other_reader):
    root = comment_create(article=article, author=other_reader, body="Frage")
    token = "d" * 32
    first = comment_create(
        article=article, author=reader, body="Antwort", parent=root, post_token=token
    )
    again = comment_create(
        article=article, author=reader, body="Antwort", parent=root, post_token=token
    )
    assert again.pk == first.pk
    assert Comment.objects.filter(body="Antwort").count() == 1
    assert Notification.objects.filter(comment_id=first.pk).count() == 1
    article.refresh_from_db()
    assert article.comment_count == 2


def test_a_refused_post_keeps_its_token_for_the_retry(client, article, reader):
    client.force_login(reader)
    token = "e" * 32
    response = client.post(post_url(article), {"body": "", "parent": "", "post_token": token})
    assert response.status_code == 400
    assert TOKEN_INPUT.findall(response.content.decode()) == [token]


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_on_two_connections_store_one_comment():
    """Two workers get the same form at once: the unique constraint lets one win."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    article = ArticleFactory()
    author = UserFactory()
    root = comment_create(article=article, author=UserFactory(), body="Frage")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def post(parent):
        from django.db import connection as own

        try:
            own.ensure_connection()
            barrier.wait()
            comment = comment_create(
                article=article, author=author, body="Zugleich", parent=parent,
                post_token="f" * 32,
            )  # fmt: skip
            results.append(comment.pk)
        except Exception as error:
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=post, args=(p,)) for p in (root, root, None, None)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(set(results)) == 1
    assert Comment.objects.filter(body="Zugleich").count() == 1
    article.refresh_from_db()
    assert article.comment_count == 2


# --- reports --------------------------------------------------------------------------------


def test_report_form_carries_a_token_and_a_resent_report_is_a_success(client, article, reader):
    from comments.models import Report

    comment = comment_create(article=article, author=UserFactory(), body="Kaufen Sie Pillen")
    client.force_login(reader)
    url = reverse("discussion:report", kwargs={"pk": comment.pk})
    tokens = TOKEN_INPUT.findall(client.get(url).content.decode())
    assert len(tokens) == 1
    data = {"reason": "spam", "post_token": tokens[0]}
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert Report.objects.count() == 1
    # A new form (another token) for the same comment is still "already reported".
    other = client.post(url, {"reason": "spam", "post_token": "9" * 32})
    assert other.status_code == 400


# --- notices (DSA Art. 16): strangers send them, so the token alone is unique -------------------


def test_a_resent_notice_shows_the_first_receipt_and_mails_once(
    client, article, django_capture_on_commit_callbacks, mailoutbox
):
    from comments.moderation.models import LegalGround, Notice

    comment = comment_create(article=article, author=UserFactory(), body="Hetze")
    url = reverse("discussion:notice-create", args=[comment.pk])
    tokens = TOKEN_INPUT.findall(client.get(url).content.decode())
    assert len(tokens) == 1
    data = {
        "legal_ground": LegalGround.STGB_130,
        "explanation": "Der Kommentar hetzt.",
        "location": "http://testserver/",
        "name": "Nora",
        "email": "nora@example.org",
        "bona_fide": "on",
        "post_token": tokens[0],
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        again = client.post(url, data)
    notice = Notice.objects.get()
    assert first.status_code == again.status_code == 200
    assert notice.reference in again.content.decode()
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "post_token": "7" * 32})  # a new form: a new notice
    assert Notice.objects.count() == 2
