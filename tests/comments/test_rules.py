"""One home per rule: the discussion state, who may report, who moderates, what links show.

Each test below was written against a defect readers ran into (issue 9) and failed before
the rule had its one home.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation.models import ModerationAction, ModerationSettings, Report
from comments.services import comment_create
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _auto_close_after(days: int) -> None:
    site = ModerationSettings.load()
    site.auto_close_days = days
    site.save()


# --- the discussion state ------------------------------------------------------------------------


def test_discussion_state_names_why_it_is_closed():
    assert rules.discussion_state(ArticleFactory()).is_open
    closed = rules.discussion_state(ArticleFactory(comments_open=False))
    assert (closed.is_open, closed.reason) == (False, rules.Closed.Reason.CLOSED)
    draft = rules.discussion_state(ArticleFactory(status=Article.Status.DRAFT))
    assert draft.reason == rules.Closed.Reason.UNPUBLISHED
    _auto_close_after(2)
    old = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    auto = rules.discussion_state(old)
    assert auto.reason == rules.Closed.Reason.AUTO
    assert "2 days" in auto.message


@pytest.mark.parametrize("how", ["editor", "auto"])
def test_anonymous_readers_of_a_closed_thread_see_the_notice_not_reply_links(how):
    author = UserFactory()
    if how == "auto":
        _auto_close_after(2)
        article = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=3))
        Comment.objects.create(article=article, author=author, body="Alt", body_html="<p>Alt</p>")
    else:
        article = ArticleFactory()
        comment_create(article=article, author=author, body="Vorher geschrieben")
        Article.objects.filter(pk=article.pk).update(comments_open=False)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "comment__reply" not in html
    assert "Log in to comment" not in html
    assert "closed" in html


def test_an_open_thread_still_invites_anonymous_readers_to_log_in():
    article = ArticleFactory()
    comment_create(article=article, author=UserFactory(), body="Hallo")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Log in to comment" in html and "comment__reply" in html


def test_the_write_path_asks_the_same_state():
    article = ArticleFactory(comments_open=False)
    with pytest.raises(ValidationError) as error:
        comment_create(article=article, author=UserFactory(), body="Hallo")
    assert error.value.messages == [rules.discussion_state(article).message]


# --- editors closing in the article admin ------------------------------------------------------


def _editor_client():
    """An editor: staff with the article permissions (granted directly, so a flushed
    database without the migrated Editors group does not matter)."""
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "change_article", "view_articleauthor",
                          "change_articleauthor", "add_articleauthor"],
        )
    )  # fmt: skip
    client = Client()
    client.force_login(editor)
    return client, editor


def _admin_form(article: Article, **changes) -> dict:
    byline = article.bylines.get()
    data = article_form(article.section, byline.author, slug=article.slug, **changes)
    data.update({"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk})
    data["bylines-0-article"] = article.pk
    return {key: value for key, value in data.items() if value is not None}


def test_an_editor_closing_in_the_admin_goes_through_the_close_service():
    article = ArticleFactory()
    comment_create(article=article, author=UserFactory(), body="Schon da")
    version = Article.objects.get(pk=article.pk).thread_version
    client, editor = _editor_client()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, _admin_form(article, comments_open=None))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.comments_open is False
    action = ModerationAction.objects.get(article=article)
    assert (action.kind, action.actor) == (ModerationAction.Kind.CLOSE, editor)
    assert article.thread_version > version  # every worker's cached thread is out of date
    response = client.post(url, _admin_form(article, comments_open="on"))
    article.refresh_from_db()
    assert article.comments_open is True
    assert ModerationAction.objects.filter(
        article=article, kind=ModerationAction.Kind.REOPEN, actor=editor
    ).exists()


def test_saving_an_article_in_the_admin_keeps_counts_written_meanwhile():
    """A full save of a stale article object must not overwrite the comment counters."""
    article = ArticleFactory()
    stale = Article.objects.get(pk=article.pk)
    comment_create(article=article, author=UserFactory(), body="Dazwischen")
    stale.headline = "Neue Schlagzeile"
    stale.save()
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.headline, fresh.comment_count) == ("Neue Schlagzeile", 1)
    assert fresh.thread_version >= 1


# --- who moderates --------------------------------------------------------------------------------


def test_moderators_are_who_has_the_permission():
    """Django's permission, not a group name: granted directly, by the group or as superuser."""
    direct = UserFactory()
    direct.user_permissions.add(Permission.objects.get(codename="moderate_comments"))
    article = ArticleFactory()
    comment_create(article=article, author=UserFactory(), body="Hallo")
    for user, moderates in [
        (direct, True),
        (ModeratorFactory(), True),
        (UserFactory(is_superuser=True, is_staff=True), True),
        (UserFactory(is_staff=True), False),  # editors do not moderate
        (ModeratorFactory(is_active=False), False),
    ]:
        client = Client()
        client.force_login(user)
        dashboard = client.get(reverse("moderation:pending"))
        page = client.get(article.get_absolute_url()).content.decode()
        assert (dashboard.status_code == 200) is moderates, user
        assert ("mod-controls" in page) is moderates, user
        assert not hasattr(user, "_is_moderator")


# --- reporting ---------------------------------------------------------------------------------


def test_an_unconfirmed_account_cannot_report():
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body="Hallo")
    newcomer = UserFactory(email_verified=False)
    with pytest.raises(ValidationError, match="confirm your e-mail"):
        moderation.report_create(comment=comment, reporter=newcomer, reason="spam")
    assert not Report.objects.exists()
    client = Client()
    client.force_login(newcomer)
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert "comment__report" not in html
    response = client.post(
        reverse("discussion:report", kwargs={"pk": comment.pk}), {"reason": "spam"}
    )
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_a_suspended_reader_sees_no_report_or_edit_links():
    article = ArticleFactory()
    reader = UserFactory()
    own = comment_create(article=article, author=reader, body="Mein Beitrag")
    comment_create(article=article, author=UserFactory(), body="Fremder Beitrag")
    moderation.user_suspend(
        user=reader,
        moderator=ModeratorFactory(),
        until=timezone.now() + timezone.timedelta(days=1),
        reason="Beleidigung",
    )
    client = Client()
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "comment__report" not in html
    assert reverse("comments:edit", kwargs={"pk": own.pk}) not in html
    assert "suspended" in html


def test_a_reader_in_good_standing_sees_report_and_edit_links():
    article = ArticleFactory()
    reader = UserFactory()
    own = comment_create(article=article, author=reader, body="Mein Beitrag")
    comment_create(article=article, author=UserFactory(), body="Fremder Beitrag")
    client = Client()
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    # The page's <template id="live-footer"> (inert: never shown nor read out) holds the footer
    # for comments that arrive live, with its own Report link; the comments are counted without it.
    shown, live_footer = re.subn(r'<template id="live-footer">.*?</template>', "", html, flags=re.S)
    assert live_footer == 1
    assert shown.count("comment__report") == 1  # not on the reader's own comment
    assert shown.count(reverse("discussion:report", args=[own.pk])) == 0
    assert reverse("comments:edit", kwargs={"pk": own.pk}) in shown


# --- deleting ------------------------------------------------------------------------------------


def test_delete_confirmation_says_what_really_happens():
    article = ArticleFactory()
    reader = UserFactory()
    lonely = comment_create(article=article, author=reader, body="Ohne Antworten")
    answered = comment_create(article=article, author=reader, body="Mit Antwort")
    comment_create(article=article, author=UserFactory(), body="Antwort", parent=answered)
    client = Client()
    client.force_login(reader)
    lonely_page = client.get(reverse("comments:delete", kwargs={"pk": lonely.pk}))
    answered_page = client.get(reverse("comments:delete", kwargs={"pk": answered.pk}))
    assert "disappears from the discussion" in lonely_page.content.decode()
    assert "shown as deleted" not in lonely_page.content.decode()
    assert "shown as deleted" in answered_page.content.decode()


# --- moderation forms ---------------------------------------------------------------------------


@pytest.fixture
def mod_client():
    client = Client()
    client.force_login(ModeratorFactory())
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.parametrize("action", ["comment-restore", "comment-dismiss", "comment-approve"])
def test_a_note_too_long_is_named_as_such(mod_client, action):
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body="Hallo")
    response = mod_client.post(
        reverse(f"moderation:{action}", kwargs={"pk": comment.pk}), {"note": "x" * 501}, follow=True
    )
    texts = _messages(response)
    assert any("500 characters" in t for t in texts), texts
    assert not any("Choose a reason" in t for t in texts), texts


def test_hiding_without_a_reason_asks_for_the_reason(mod_client):
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body="Hallo")
    response = mod_client.post(
        reverse("moderation:comment-hide", kwargs={"pk": comment.pk}), {"note": "x"}, follow=True
    )
    assert response.status_code == 400  # shown again on the hide form, the note kept
    assert "Choose a reason" in response.content.decode()
    assert response.context["form"]["note"].value() == "x"


def test_the_approve_view_keeps_the_note(mod_client):
    article = ArticleFactory()
    pending = Comment.objects.create(
        article=article,
        author=UserFactory(),
        body="Wartet",
        body_html="<p>Wartet</p>",
        status=Comment.Status.PENDING,
    )
    mod_client.post(
        reverse("moderation:comment-approve", kwargs={"pk": pending.pk}),
        {"note": "Grenzwertig, aber zulässig"},
    )
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.APPROVE)
    assert action.note == "Grenzwertig, aber zulässig"


def test_moderators_are_offered_to_reopen_an_auto_closed_discussion(mod_client):
    _auto_close_after(2)
    old = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    html = mod_client.get(old.get_absolute_url()).content.decode()
    assert reverse("moderation:article-reopen", kwargs={"pk": old.pk}) in html
    assert reverse("moderation:article-close", kwargs={"pk": old.pk}) not in html
    fresh = ArticleFactory()
    html = mod_client.get(fresh.get_absolute_url()).content.decode()
    assert reverse("moderation:article-close", kwargs={"pk": fresh.pk}) in html


def test_the_partial_index_leaves_out_exactly_the_counted_statuses():
    from comments import models

    assert frozenset({models._COUNTED_STATUS}) == Comment.COUNTED


# --- One home per rule (issue 21) ------------------------------------------------------------


def test_a_teaser_never_invites_to_a_discussion_that_closed_by_itself(client):
    """The teaser asked the raw comments_open flag and invited to comment on articles whose
    discussion had closed by itself; it asks the discussion rule now."""
    site = ModerationSettings.load()
    site.auto_close_days = 3
    site.save()
    old = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=10))
    new = ArticleFactory()
    invitation = "comment now"
    assert invitation not in client.get(old.section.get_absolute_url()).content.decode()
    assert invitation in client.get(new.section.get_absolute_url()).content.decode()
    # The rule itself: closed by the clock, open for a fresh article.
    assert not rules.discussion_state(old, site=site).is_open
    assert rules.teaser_invites_comments(new, site=site)
