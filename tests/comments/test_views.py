import re

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", kwargs={"article_pk": article.pk})


def test_anonymous_sees_thread_and_login_link(client, article, reader):
    comment_create(article=article, author=reader, body="Erster Kommentar")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Erster Kommentar" in html
    assert "/accounts/login/?next=" in html and "%23comments" in html
    assert 'id="comment-form"' not in html


def test_post_comment_redirects_to_anchor(client, article, reader):
    client.force_login(reader)
    response = client.post(post_url(article), {"body": "Mein Beitrag", "parent": ""})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert "Mein Beitrag" in html


def test_reply_via_form(client, article, reader, other_reader):
    root = comment_create(article=article, author=other_reader, body="Frage")
    client.force_login(reader)
    response = client.post(post_url(article), {"body": "Antwort", "parent": str(root.pk)})
    assert response.status_code == 302
    reply = Comment.objects.get(body="Antwort")
    assert reply.parent_id == root.pk
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="#comment-{root.pk}">@Bernd Krause:</a>' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "", "parent": ""}, "Please write something"),
        ({"body": "y" * 3001, "parent": ""}, "3001"),
        ({"body": "Behalte mich", "parent": "999999"}, "no longer exists"),
        ({"body": "Behalte mich", "parent": "abc"}, "no longer exists"),
    ],
)
def test_errors_rerender_with_text_and_400(client, article, reader, data, message):
    client.force_login(reader)
    response = client.post(post_url(article), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data["body"]:
        assert data["body"][:50] in html
    assert Comment.objects.count() == 0


def test_reply_error_keeps_form_under_parent(client, article, reader, other_reader):
    root = comment_create(article=article, author=other_reader, body="Frage")
    client.force_login(reader)
    response = client.post(post_url(article), {"body": "", "parent": str(root.pk)})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="reply-form"' in html
    assert html.index(f'id="comment-{root.pk}"') < html.index('id="reply-form"')


def test_refused_post_lands_on_the_form_that_sent_it(client, article, reader, other_reader):
    """A refused post re-renders the whole article; the form's anchor brings the reader back."""
    root = comment_create(article=article, author=other_reader, body="Frage")
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{post_url(article)}#comment-form"' in html
    html = client.post(post_url(article), {"body": "", "parent": str(root.pk)}).content.decode()
    assert f'action="{post_url(article)}#reply-form"' in html


def test_parent_of_other_article_is_400(client, article, reader):
    other = comment_create(article=ArticleFactory(), author=reader, body="Anderswo")
    client.force_login(reader)
    response = client.post(post_url(article), {"body": "Text bleibt", "parent": str(other.pk)})
    assert response.status_code == 400
    assert "Text bleibt" in response.content.decode()


def test_unverified_reader_is_told_why(client, article):
    user = UserFactory(email_verified=False)
    client.force_login(user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "confirm your e-mail" in html
    response = client.post(post_url(article), {"body": "Hallo"})
    assert response.status_code == 403  # a refusal about the reader; the text comes back
    assert "confirm your e-mail" in response.content.decode()
    assert ">Hallo</textarea>" in response.content.decode()


def test_closed_article_shows_no_form(client, reader):
    article = ArticleFactory(comments_open=False)
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comment-form"' not in html


def test_anonymous_post_redirects_to_login(client, article):
    response = client.post(post_url(article), {"body": "Hallo"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_reply_to_param_renders_form_under_comment_without_js(client, article, reader):
    root = comment_create(article=article, author=reader, body="Frage")
    client.force_login(reader)
    html = client.get(f"{article.get_absolute_url()}?reply_to={root.pk}").content.decode()
    assert f'value="{root.pk}"' in html
    assert html.index(f'id="comment-{root.pk}"') < html.index('id="reply-form"')


def test_rate_limit_keeps_text(client, article, reader, settings):
    settings.RATE_LIMIT_OVERRIDES = {"comment-post-user": "2/60"}
    client.force_login(reader)
    for n in range(2):
        assert client.post(post_url(article), {"body": f"Nr {n}"}).status_code == 302
    response = client.post(post_url(article), {"body": "Zu schnell"})
    assert response.status_code == 429
    assert "Zu schnell" in response.content.decode()
    assert Comment.objects.count() == 2


def test_permalink_finds_later_page(client, article, reader, settings):
    settings.COMMENT_THREADS_PER_PAGE = 2
    comments = [comment_create(article=article, author=reader, body=f"K{n}") for n in range(5)]
    response = client.get(reverse("comments:permalink", kwargs={"pk": comments[4].pk}))
    assert response["Location"] == f"{article.get_absolute_url()}?page=3#comment-{comments[4].pk}"
    html = client.get(f"{article.get_absolute_url()}?page=3").content.decode()
    assert f'id="comment-{comments[4].pk}"' in html
    assert f'id="comment-{comments[0].pk}"' not in html


def test_newest_first(client, article, reader):
    first = comment_create(article=article, author=reader, body="Alt")
    second = comment_create(article=article, author=reader, body="Neu")
    html = client.get(article.get_absolute_url() + "?order=newest").content.decode()
    assert html.index(f'comment-{second.pk}"') < html.index(f'comment-{first.pk}"')
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(f'comment-{first.pk}"') < html.index(f'comment-{second.pk}"')


def test_placeholders(client, article, reader, other_reader):
    root = comment_create(article=article, author=reader, body="Geloescht mit Antwort")
    comment_create(article=article, author=other_reader, body="Antwort bleibt", parent=root)
    lonely = comment_create(article=article, author=reader, body="Geloescht allein")
    hidden = comment_create(article=article, author=reader, body="Versteckt mit Antwort")
    comment_create(article=article, author=other_reader, body="Antwort zwei", parent=hidden)
    Comment.objects.filter(pk__in=[root.pk, lonely.pk]).update(status=Comment.Status.DELETED)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Geloescht mit Antwort" not in html
    assert "deleted by the author" in html
    assert "Antwort bleibt" in html
    assert f'id="comment-{lonely.pk}"' not in html
    assert "Versteckt mit Antwort" not in html
    assert "Removed by the moderators" in html


def test_pending_visible_to_author_only(client, article, reader, other_reader):
    pending = comment_create(article=article, author=reader, body="Wartet")
    Comment.objects.filter(pk=pending.pk).update(status=Comment.Status.PENDING)
    assert "Wartet" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(other_reader)
    assert "Wartet" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Wartet" in html and "awaiting review" in html


def test_deep_replies_are_capped_at_visual_depth_4(client, article, reader):
    parent = None
    chain = []
    for n in range(7):
        parent = comment_create(article=article, author=reader, body=f"Ebene {n}", parent=parent)
        chain.append(parent)
    html = client.get(article.get_absolute_url()).content.decode()
    depths = [int(d) for d in re.findall(r"comment--depth-(\d)", html)]
    assert depths == [0, 1, 2, 3, 4, 4, 4]


def test_edit_and_delete_views(client, article, reader):
    comment = comment_create(article=article, author=reader, body="Urspruenglich")
    client.force_login(reader)
    edit_url = reverse("comments:edit", kwargs={"pk": comment.pk})
    assert client.get(edit_url).status_code == 200
    assert client.post(edit_url, {"body": ""}).status_code == 400
    response = client.post(edit_url, {"body": "Korrigiert"})
    assert response.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Korrigiert" in html and "edited" in html
    delete_url = reverse("comments:delete", kwargs={"pk": comment.pk})
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert Article.objects.get(pk=article.pk).comment_count == 0


def test_others_cannot_edit_or_delete(client, article, reader, other_reader):
    comment = comment_create(article=article, author=reader, body="Meins")
    client.force_login(other_reader)
    assert (
        client.post(reverse("comments:edit", kwargs={"pk": comment.pk}), {"body": "x"}).status_code
        == 403
    )
    assert client.post(reverse("comments:delete", kwargs={"pk": comment.pk})).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_anonymous_thread_is_cached_and_invalidated(
    client, article, reader, django_capture_on_commit_callbacks
):
    """Threads are cached one by one: a write re-renders its own thread and no other."""
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_create(article=article, author=reader, body="Erst")
        second = comment_create(article=article, author=reader, body="Zweit")
    client.get(article.get_absolute_url())
    # Writes that skip the version bump stay invisible: proof that the cache is used.
    Comment.objects.filter(pk=first.pk).update(body_html="<p>Heimlich eins</p>")
    Comment.objects.filter(pk=second.pk).update(body_html="<p>Heimlich zwei</p>")
    assert "Heimlich" not in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=reader, body="Danach")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Danach" in html and "Heimlich" not in html  # a new thread leaves the others
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=reader, body="Antwort", parent=first)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Antwort" in html and "Heimlich eins" in html  # the reply re-rendered its thread
    assert "Heimlich zwei" not in html  # ... and only that one


def test_no_reply_links_when_replying_is_impossible(client, reader):
    article = ArticleFactory()
    comment = comment_create(article=article, author=reader, body="Frage")
    assert "comment__reply" in client.get(article.get_absolute_url()).content.decode()
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert "comment__reply" not in html
    Article.objects.filter(pk=article.pk).update(comments_open=True)
    assert "comment__reply" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(UserFactory(email_verified=False))
    assert "comment__reply" not in client.get(article.get_absolute_url()).content.decode()
