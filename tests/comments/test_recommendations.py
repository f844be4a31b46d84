"""Reader recommendations, editors' picks, staff badges and questions: the service layer."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Notification
from articles.models import Article, ArticleAuthor
from comments.models import Comment, ModerationAction, Recommendation, recommendation_slot
from comments.moderation.services import (
    comment_hide,
    comment_pick,
    comment_unpick,
    user_ban,
    user_suspend,
)
from comments.services import (
    comment_create,
    comment_delete,
    comment_recommend,
    comment_unrecommend,
    recommendations_withdraw,
)
from tests.factories import ArticleFactory, AuthorFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(article, reader):
    return comment_create(article=article, author=reader, body="Ein guter Gedanke.")


def _count(comment) -> int:
    return Comment.objects.get(pk=comment.pk).recommendation_count


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


# --- Recommendations -------------------------------------------------------------------------


def test_recommend_counts_once_and_take_back(comment, other_reader):
    assert comment_recommend(comment=comment, user=other_reader) == 1
    assert comment_recommend(comment=comment, user=other_reader) == 1  # a double click
    assert Recommendation.objects.filter(comment=comment).count() == 1
    assert _count(comment) == 1
    assert comment_unrecommend(comment=comment, user=other_reader) == 0
    assert comment_unrecommend(comment=comment, user=other_reader) == 0  # nothing to take back
    assert _count(comment) == 0 and not Recommendation.objects.exists()


def test_one_row_per_reader_and_comment_is_a_database_rule(comment, other_reader):
    Recommendation.objects.create(comment=comment, user=other_reader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(comment=comment, user=other_reader)


def test_many_readers_add_up(comment):
    for _ in range(3):
        comment_recommend(comment=comment, user=UserFactory())
    assert _count(comment) == 3


def test_own_comment_cannot_be_recommended(comment, reader):
    with pytest.raises(ValidationError, match="your own comment"):
        comment_recommend(comment=comment, user=reader)
    assert _count(comment) == 0


@pytest.mark.parametrize("status", [Comment.Status.HIDDEN, Comment.Status.PENDING])
def test_hidden_or_pending_comments_cannot_be_recommended(comment, other_reader, status):
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be recommended"):
        comment_recommend(comment=comment, user=other_reader)
    assert not Recommendation.objects.exists()


def test_readers_who_may_not_comment_cannot_recommend(comment):
    unconfirmed = UserFactory(email_verified=False)
    with pytest.raises(ValidationError, match="confirm your e-mail"):
        comment_recommend(comment=comment, user=unconfirmed)


def test_suspended_reader_keeps_recommendations_but_cannot_add(comment, article, other_reader):
    from django.utils import timezone

    comment_recommend(comment=comment, user=other_reader)
    second = comment_create(article=article, author=UserFactory(), body="Noch einer")
    user_suspend(
        user=other_reader,
        moderator=ModeratorFactory(),
        until=timezone.now() + timezone.timedelta(days=1),
        reason="Pöbelei",
    )
    with pytest.raises(ValidationError, match="suspended"):
        comment_recommend(comment=second, user=other_reader)
    assert _count(comment) == 1


def test_a_ban_withdraws_the_readers_recommendations(comment, article, other_reader):
    second = comment_create(article=article, author=UserFactory(), body="Noch einer")
    comment_recommend(comment=comment, user=other_reader)
    comment_recommend(comment=second, user=other_reader)
    comment_recommend(comment=second, user=UserFactory())
    user_ban(user=other_reader, moderator=ModeratorFactory(), reason="Gekaufte Empfehlungen")
    assert (_count(comment), _count(second)) == (0, 1)
    assert not Recommendation.objects.filter(user=other_reader).exists()
    assert recommendations_withdraw(user=other_reader) == 0


def test_deleted_accounts_keep_their_recommendations(comment, other_reader):
    from accounts.services import user_delete

    comment_recommend(comment=comment, user=other_reader)
    user_delete(user=other_reader)
    assert _count(comment) == 1


def test_recommendations_write_the_slot_at_most_once_per_slot(comment, article, settings):
    settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS = 3600
    comment_recommend(comment=comment, user=UserFactory())
    assert Article.objects.get(pk=article.pk).recommendations_epoch == recommendation_slot()
    Article.objects.filter(pk=article.pk).update(recommendations_epoch=recommendation_slot())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        comment_recommend(comment=comment, user=UserFactory())
    article_updates = [
        q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "articles_article"')
    ]
    # The conditional update runs, but matches no row within the same slot.
    assert len(article_updates) == 1 and "recommendations_epoch" in article_updates[0]


# --- Editors' picks -------------------------------------------------------------------------


def test_editor_picks_with_note_notifies_author_and_logs(comment, reader):
    picker = editor()
    comment_pick(comment=comment, editor=picker, note="Sehr gut begründet.")
    comment.refresh_from_db()
    assert comment.is_pick() and comment.pick_note == "Sehr gut begründet."
    assert comment.picked_by == picker
    notification = Notification.objects.get(recipient=reader, kind=Notification.Kind.PICK)
    assert notification.excerpt == "Sehr gut begründet."
    assert ModerationAction.objects.filter(kind="pick", comment=comment, actor=picker).exists()
    # Picking again changes the note but does not notify twice.
    comment_pick(comment=comment, editor=picker, note="Neu")
    assert Notification.objects.filter(recipient=reader, kind="pick").count() == 1


def test_moderators_pick_too_readers_cannot(comment, other_reader):
    comment_pick(comment=comment, editor=ModeratorFactory())
    with pytest.raises(ValidationError, match="Only editors and moderators"):
        comment_pick(comment=comment, editor=other_reader)
    with pytest.raises(ValidationError, match="Only editors and moderators"):
        comment_unpick(comment=comment, editor=other_reader)


def test_unpick_is_logged(comment):
    picker = editor()
    comment_pick(comment=comment, editor=picker)
    comment_unpick(comment=comment, editor=picker)
    comment.refresh_from_db()
    assert comment.picked_at is None and not comment.is_pick()
    assert ModerationAction.objects.filter(kind="unpick", comment=comment).exists()
    with pytest.raises(ValidationError, match="not an editors' pick"):
        comment_unpick(comment=comment, editor=picker)


def test_pick_note_too_long_is_refused(comment):
    with pytest.raises(ValidationError, match="at most 300"):
        comment_pick(comment=comment, editor=editor(), note="x" * 301)


def test_hidden_comment_cannot_be_picked_and_loses_its_pick(comment, reader):
    moderator = ModeratorFactory()
    comment_pick(comment=comment, editor=moderator)
    comment_hide(comment=comment, moderator=moderator, reason="insult")
    comment.refresh_from_db()
    assert comment.picked_at is None
    with pytest.raises(ValidationError, match="Only visible comments"):
        comment_pick(comment=comment, editor=moderator)


def test_deleted_comment_loses_its_pick(comment, reader):
    comment_pick(comment=comment, editor=editor())
    comment_delete(comment=comment, user=reader)
    comment.refresh_from_db()
    assert comment.picked_at is None


def test_banned_authors_comments_lose_their_picks(comment, reader):
    moderator = ModeratorFactory()
    comment_pick(comment=comment, editor=moderator)
    user_ban(user=reader, moderator=moderator, reason="Spam", hide_comments=True)
    comment.refresh_from_db()
    assert comment.picked_at is None


# --- Badges from the account, never from the display name -----------------------------------


def test_staff_role_comes_from_the_account(article):
    assert comment_create(article=article, author=editor(), body="x").staff_role == "editor"
    moderator = ModeratorFactory()
    assert comment_create(article=article, author=moderator, body="x").staff_role == ""
    as_mod = comment_create(article=article, author=moderator, body="x", as_moderator=True)
    assert as_mod.staff_role == "moderator"
    impostor = UserFactory(display_name="Redaktion")
    fake = comment_create(article=article, author=impostor, body="x", as_moderator=True)
    assert fake.staff_role == ""


# --- Questions to the authors ---------------------------------------------------------------


@pytest.fixture
def qa_article():
    writer = UserFactory(username="autorin", display_name="Die Autorin")
    article = ArticleFactory(authors=[AuthorFactory(user=writer)], questions_open=True)
    return article, writer


def test_questions_only_where_the_editors_opened_them(article, reader):
    with pytest.raises(ValidationError, match="not open"):
        comment_create(article=article, author=reader, body="Frage?", is_question=True)


def test_author_reply_answers_the_question(qa_article, reader, other_reader):
    article, writer = qa_article
    question = comment_create(article=article, author=reader, body="Warum?", is_question=True)
    assert question.is_question and question.answered_at is None
    comment_create(article=article, author=other_reader, body="Weil.", parent=question)
    question.refresh_from_db()
    assert question.answered_at is None  # another reader's reply is no answer
    comment_create(article=article, author=writer, body="Darum.", parent=question)
    question.refresh_from_db()
    assert question.answered_at is not None


def test_a_question_cannot_be_a_reply(qa_article, reader):
    article, _writer = qa_article
    root = comment_create(article=article, author=reader, body="Kommentar")
    with pytest.raises(ValidationError, match="not open"):
        comment_create(article=article, author=reader, body="?", parent=root, is_question=True)


def test_byline_without_account_changes_nothing(reader):
    article = ArticleFactory(questions_open=True)
    assert not ArticleAuthor.objects.filter(article=article, author__user__isnull=False).exists()
    comment_create(article=article, author=reader, body="Frage", is_question=True)
