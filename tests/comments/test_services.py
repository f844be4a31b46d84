import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from accounts.models import Notification
from articles.models import Article
from comments.models import Comment
from comments.services import comment_create, comment_delete, comment_edit
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _count(article):
    return Article.objects.get(pk=article.pk).comment_count


def test_create_top_level_comment_cooks_and_counts(article, reader):
    comment = comment_create(article=article, author=reader, body="Hallo <b>Welt</b>\n\nZweiter")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert comment.parent is None and comment.level == 0
    assert comment.body_html == "<p>Hallo &lt;b&gt;Welt&lt;/b&gt;</p>\n<p>Zweiter</p>"
    assert _count(article) == 1


def test_each_root_gets_its_own_tree(article, reader):
    first = comment_create(article=article, author=reader, body="Eins")
    second = comment_create(article=article, author=reader, body="Zwei")
    assert first.tree_id != second.tree_id
    assert (first.lft, first.rght) == (1, 2)


def test_reply_nests_under_parent(article, reader, other_reader):
    root = comment_create(article=article, author=reader, body="Frage")
    reply = comment_create(article=article, author=other_reader, body="Antwort", parent=root)
    deeper = comment_create(article=article, author=reader, body="Danke", parent=reply)
    root.refresh_from_db()
    reply.refresh_from_db()
    assert reply.tree_id == root.tree_id == deeper.tree_id
    assert (root.lft, reply.lft, deeper.lft, deeper.rght, reply.rght, root.rght) == (
        1,
        2,
        3,
        4,
        5,
        6,
    )
    assert deeper.level == 2
    assert _count(article) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Please write something"), ("   \n  ", "Please write something"), ("x" * 3001, "3001")],
)
def test_invalid_bodies_are_refused(article, reader, body, message):
    with pytest.raises(ValidationError) as excinfo:
        comment_create(article=article, author=reader, body=body)
    assert message in str(excinfo.value)
    assert Comment.objects.count() == 0
    assert _count(article) == 0


def test_exactly_the_limit_is_fine(article, reader):
    comment_create(article=article, author=reader, body="x" * 3000)


def test_parent_from_another_article_is_refused(article, reader):
    other = comment_create(article=ArticleFactory(), author=reader, body="Anderswo")
    with pytest.raises(ValidationError, match="this article"):
        comment_create(article=article, author=reader, body="Hm", parent=other)


@pytest.mark.parametrize("status", [Comment.Status.HIDDEN, Comment.Status.DELETED])
def test_reply_to_removed_comment_is_refused(article, reader, status):
    parent = comment_create(article=article, author=reader, body="Weg")
    Comment.objects.filter(pk=parent.pk).update(status=status)
    with pytest.raises(ValidationError, match="removed"):
        comment_create(article=article, author=reader, body="Hm", parent=parent)


def test_reply_to_vanished_parent_is_refused(article, reader):
    parent = comment_create(article=article, author=reader, body="Weg")
    Comment.objects.filter(pk=parent.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        comment_create(article=article, author=reader, body="Hm", parent=parent)


def test_closed_article_refuses(reader):
    article = ArticleFactory(comments_open=False)
    with pytest.raises(ValidationError, match="closed"):
        comment_create(article=article, author=reader, body="Hallo")


def test_unverified_email_refuses(article):
    user = UserFactory(email_verified=False)
    with pytest.raises(ValidationError, match="confirm your e-mail"):
        comment_create(article=article, author=user, body="Hallo")


def test_moderation_refusal_is_respected(article, reader, monkeypatch):
    from comments.moderation import rules

    monkeypatch.setattr(rules, "posting_refusal", lambda **kw: "Gesperrt bis morgen.")
    with pytest.raises(ValidationError, match="Gesperrt"):
        comment_create(article=article, author=reader, body="Hallo")


def test_pending_comment_is_not_counted_and_notifies_nobody(
    article, reader, other_reader, monkeypatch
):
    from comments.moderation import rules
    from comments.moderation.models import HoldRule

    root = comment_create(article=article, author=other_reader, body="Wurzel")
    monkeypatch.setattr(rules, "intake_hold", lambda **kw: rules.Hold(HoldRule.ARTICLE_ALL))
    reply = comment_create(article=article, author=reader, body="Hallo @bernd", parent=root)
    assert reply.status == Comment.Status.PENDING
    assert _count(article) == 1
    assert not Notification.objects.filter(recipient=other_reader).exists()
    assert list(reply.mentions.all()) == [other_reader]


def test_publish_side_effects_notify_once_approved(article, reader, other_reader, monkeypatch):
    from comments.moderation import rules
    from comments.moderation.models import HoldRule
    from comments.services import comment_publish_side_effects

    root = comment_create(article=article, author=other_reader, body="Wurzel")
    monkeypatch.setattr(rules, "intake_hold", lambda **kw: rules.Hold(HoldRule.ARTICLE_ALL))
    reply = comment_create(article=article, author=reader, body="Antwort", parent=root)
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.VISIBLE)
    comment_publish_side_effects(Comment.objects.get(pk=reply.pk))
    notification = Notification.objects.get(recipient=other_reader)
    assert notification.kind == Notification.Kind.REPLY
    assert notification.comment_id == reply.pk


def test_mentions_and_parent_author_notified_once_each_not_self(article, reader, other_reader):
    carla = UserFactory(username="Carla_K")
    root = comment_create(article=article, author=other_reader, body="Wurzel")
    reply = comment_create(
        article=article,
        author=reader,
        body="@bernd und @carla_k und nochmal @BERND, ich @anna selbst, @niemand",
        parent=root,
    )
    assert set(reply.mentions.all()) == {other_reader, carla, reader}
    assert Notification.objects.filter(recipient=other_reader, comment_id=reply.pk).count() == 1
    assert Notification.objects.filter(recipient=carla, kind="mention").count() == 1
    assert not Notification.objects.filter(recipient=reader).exists()


def test_edit_within_window_marks_edited(article, reader):
    comment = comment_create(article=article, author=reader, body="Tippfehlr")
    comment_edit(comment=comment, user=reader, body="Tippfehler")
    comment.refresh_from_db()
    assert comment.body == "Tippfehler"
    assert comment.edited_at is not None
    assert "Tippfehler" in comment.body_html


def test_edit_after_window_or_by_others_is_refused(article, reader, other_reader):
    comment = comment_create(article=article, author=reader, body="Alt")
    with pytest.raises(ValidationError):
        comment_edit(comment=comment, user=other_reader, body="Fremd")
    with override_settings(COMMENT_EDIT_WINDOW_MINUTES=0):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=comment.created_at - __import__("datetime").timedelta(minutes=1)
        )
        comment.refresh_from_db()
        with pytest.raises(ValidationError, match="within 0 minutes"):
            comment_edit(comment=comment, user=reader, body="Neu")


def test_delete_is_soft_and_uncounts(article, reader, other_reader):
    root = comment_create(article=article, author=reader, body="Wurzel")
    comment_create(article=article, author=other_reader, body="Antwort", parent=root)
    comment_delete(comment=root, user=reader)
    root.refresh_from_db()
    assert root.status == Comment.Status.DELETED
    assert root.body == "Wurzel"
    assert Comment.objects.count() == 2
    assert _count(article) == 1
    with pytest.raises(ValidationError):
        comment_delete(comment=root, user=reader)
    assert _count(article) == 1


def test_delete_by_someone_else_is_refused(article, reader, other_reader):
    comment = comment_create(article=article, author=reader, body="Meins")
    with pytest.raises(ValidationError):
        comment_delete(comment=comment, user=other_reader)
