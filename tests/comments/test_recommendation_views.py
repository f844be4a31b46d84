"""Recommend, pick, sort, badges, questions, mute and the feed through the web."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Mute
from comments.models import Comment, Recommendation
from comments.moderation.services import comment_hide, comment_pick
from comments.services import comment_create, comment_recommend
from tests.factories import ArticleFactory, AuthorFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(article, reader):
    return comment_create(article=article, author=reader, body="Ein guter Gedanke.")


def rec_url(comment, take_back=False):
    return reverse("comments:unrecommend" if take_back else "comments:recommend", args=[comment.pk])


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


# --- Recommend and take back --------------------------------------------------------------


def test_recommend_without_javascript_redirects_back_to_the_comment(client, comment, other_reader):
    client.force_login(other_reader)
    back = comment.article.get_absolute_url() + "?sort=newest"
    response = client.post(rec_url(comment), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == f"{back}#comment-{comment.pk}"
    assert Comment.objects.get(pk=comment.pk).recommendation_count == 1
    html = client.get(back).content.decode()
    assert 'aria-pressed="true"' in html
    response = client.post(rec_url(comment, take_back=True), {"next": back})
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).recommendation_count == 0


def test_recommend_with_javascript_answers_json(client, comment, other_reader):
    client.force_login(other_reader)
    response = client.post(rec_url(comment), HTTP_ACCEPT="application/json")
    assert response.json() == {"count": 1, "recommended": True, "label": "1 recommendation"}
    response = client.post(rec_url(comment, take_back=True), HTTP_ACCEPT="application/json")
    assert response.json() == {"count": 0, "recommended": False, "label": ""}


def test_refusals_are_clear_4xx(client, comment, reader):
    client.force_login(reader)
    response = client.post(rec_url(comment), HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "your own comment" in response.json()["error"]
    response = client.post(rec_url(comment), {"next": "https://evil.example/"}, follow=True)
    assert b"your own comment" in response.content  # the message, back on our own page


def test_anonymous_recommend_goes_to_login(client, comment):
    response = client.post(rec_url(comment))
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(rec_url(comment), HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


def test_recommend_needs_post(client, comment, other_reader):
    client.force_login(other_reader)
    assert client.get(rec_url(comment)).status_code == 405


def test_recommendations_are_rate_limited(client, comment, article, settings):
    settings.RATE_LIMIT_MULTIPLIER = 1
    settings.RATE_LIMIT_OVERRIDES = {"comment-recommend": "2/60"}
    client.force_login(UserFactory())
    for _ in range(2):
        assert client.post(rec_url(comment), HTTP_ACCEPT="application/json").status_code == 200
    response = client.post(rec_url(comment), HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_unknown_comment_is_404(client, other_reader):
    client.force_login(other_reader)
    assert client.post(reverse("comments:recommend", args=[999999])).status_code == 404


# --- Picks ----------------------------------------------------------------------------------


def test_editor_picks_and_unpicks_through_the_form(client, comment):
    client.force_login(editor())
    url = reverse("comments:pick", args=[comment.pk])
    response = client.post(url, {"note": "Lesenswert"})
    assert response.status_code == 302
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert 'class="comment__pick"' in html and "Lesenswert" in html
    client.post(url, {"unpick": "1"})
    assert Comment.objects.get(pk=comment.pk).picked_at is None


def test_readers_cannot_pick(client, comment, other_reader):
    client.force_login(other_reader)
    assert client.post(reverse("comments:pick", args=[comment.pk])).status_code == 403
    assert Comment.objects.get(pk=comment.pk).picked_at is None


# --- Tabs, badges, reply counts ---------------------------------------------------------------


def test_picks_tab_lists_only_visible_picks(client, article, reader, other_reader):
    picked = comment_create(article=article, author=reader, body="Ausgezeichnet")
    gone = comment_create(article=article, author=other_reader, body="Entfernt")
    comment_create(article=article, author=other_reader, body="Gewöhnlich")
    moderator = ModeratorFactory()
    comment_pick(comment=picked, editor=moderator)
    comment_pick(comment=gone, editor=moderator)
    comment_hide(comment=gone, moderator=moderator, reason="insult")
    html = client.get(article.get_absolute_url() + "?sort=picks").content.decode()
    assert "Ausgezeichnet" in html
    assert "Entfernt" not in html and "Gewöhnlich" not in html


def test_most_recommended_orders_threads_by_root(client, article, reader, other_reader):
    first = comment_create(article=article, author=reader, body="Faden Alpha")
    second = comment_create(article=article, author=reader, body="Faden Beta")
    comment_create(article=article, author=reader, body="Faden Gamma")
    for _ in range(2):
        comment_recommend(comment=second, user=UserFactory())
    comment_recommend(comment=first, user=other_reader)
    html = client.get(article.get_absolute_url() + "?sort=recommended").content.decode()
    assert html.index("Faden Beta") < html.index("Faden Alpha") < html.index("Faden Gamma")
    html = client.get(article.get_absolute_url() + "?sort=newest").content.decode()
    assert html.index("Faden Gamma") < html.index("Faden Beta") < html.index("Faden Alpha")


@pytest.mark.parametrize("sort", ["oldest", "newest", "recommended", "picks"])
def test_permalinks_find_the_page_in_every_order(client, settings, sort):
    settings.COMMENT_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    author, moderator = UserFactory(), ModeratorFactory()
    roots = [comment_create(article=article, author=author, body=f"Faden {n}") for n in range(5)]
    for n, root in enumerate(roots):
        for _ in range(n % 3):
            comment_recommend(comment=root, user=UserFactory())
        comment_pick(comment=root, editor=moderator)
    reply = comment_create(article=article, author=UserFactory(), body="Antwort", parent=roots[1])
    for target in [*roots, reply]:
        response = client.get(reverse("comments:permalink", args=[target.pk]) + f"?sort={sort}")
        assert response.status_code == 302
        page = client.get(response["Location"].split("#")[0]).content.decode()
        assert f'id="comment-{target.pk}"' in page, (sort, target.body, response["Location"])


def test_badges_come_from_account_and_byline(client):
    writer = UserFactory(display_name="Die Autorin")
    article = ArticleFactory(authors=[AuthorFactory(user=writer)])
    comment_create(article=article, author=writer, body="Von der Autorin")
    comment_create(article=article, author=editor(), body="Von der Redaktion")
    comment_create(article=article, author=ModeratorFactory(), body="Moderiert", as_moderator=True)
    comment_create(article=article, author=UserFactory(display_name="Autor:in Redaktion"), body="x")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("comment__role--author") == 1
    assert html.count("comment__role--editor") == 1
    assert html.count("comment__role--moderator") == 1


def test_moderators_choose_to_write_as_moderators(client, article):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="as_moderator"' in html
    client.post(
        reverse("comments:post", args=[article.pk]),
        {"body": "Bitte sachlich", "as_moderator": "on"},
    )
    assert Comment.objects.get().staff_role == "moderator"


def test_readers_get_no_moderator_checkbox_and_cannot_forge_it(client, article, reader):
    client.force_login(reader)
    assert 'name="as_moderator"' not in client.get(article.get_absolute_url()).content.decode()
    client.post(reverse("comments:post", args=[article.pk]), {"body": "Ich", "as_moderator": "on"})
    assert Comment.objects.get().staff_role == ""


def test_long_threads_show_reply_count_and_fold(client, article, reader, settings):
    settings.COMMENT_REPLIES_SHOWN = 2
    root = comment_create(article=article, author=reader, body="Wurzel")
    for n in range(5):
        comment_create(article=article, author=UserFactory(), body=f"Antwort {n}", parent=root)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "5 replies" in html
    assert "<details" in html and "Show 3 more replies" in html


# --- Questions to the authors -----------------------------------------------------------------


def test_questions_tab_queue_and_inline_answer(client, reader):
    writer = UserFactory(display_name="Die Autorin")
    article = ArticleFactory(authors=[AuthorFactory(user=writer)], questions_open=True)
    url = article.get_absolute_url() + "?sort=questions"
    client.force_login(reader)
    assert 'name="question"' in client.get(url).content.decode()
    client.post(
        reverse("comments:post", args=[article.pk]), {"body": "Woher die Zahlen?", "question": "1"}
    )
    question = Comment.objects.get()
    assert question.is_question
    # Questions live in their own tab, not in the discussion.
    assert "Woher die Zahlen?" not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(writer)
    html = client.get(url).content.decode()
    assert "1 unanswered question for you" in html and f'id="answer-{question.pk}"' in html
    client.post(
        reverse("comments:post", args=[article.pk]),
        {"body": "Vom Statistikamt.", "parent": str(question.pk)},
    )
    question.refresh_from_db()
    assert question.answered_at is not None
    html = client.get(url).content.decode()
    assert "unanswered question" not in html and "Answered" in html


def test_questions_tab_is_absent_when_closed(client, article):
    html = client.get(article.get_absolute_url() + "?sort=questions").content.decode()
    assert "Questions to the authors" not in html


# --- Mute -----------------------------------------------------------------------------------


def test_mute_collapses_comments_for_the_muting_reader_only(client, comment, reader, other_reader):
    client.force_login(other_reader)
    response = client.post(reverse("accounts:mute", args=[reader.username]))
    assert response.status_code == 302
    assert Mute.objects.filter(user=other_reader, muted=reader).exists()
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert "Comment by a muted person" in html
    client.force_login(UserFactory())
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert "Comment by a muted person" not in html


# --- Feed -----------------------------------------------------------------------------------


def test_feed_has_visible_comments_only(client, article, reader):
    comment_create(article=article, author=reader, body="Sichtbar & schön")
    hidden = comment_create(article=article, author=reader, body="Versteckt")
    comment_hide(comment=hidden, moderator=ModeratorFactory(), reason="insult")
    Comment.objects.create(article=article, author=reader, body="Wartet", status="pending")
    response = client.get(reverse("comments:feed", args=[article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert len(items) == 1
    assert "Sichtbar &amp; schön" in items[0].find("description").text
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("comments:feed", args=[article.slug]) in html


def test_feed_of_unpublished_article_is_404(client):
    draft = ArticleFactory(status="draft")
    assert client.get(reverse("comments:feed", args=[draft.slug])).status_code == 404
