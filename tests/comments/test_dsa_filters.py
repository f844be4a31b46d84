"""Explainable filters (issue 16): a held or refused comment shows moderators which rule
matched (the word-list entry and the matched text, or the trust rule), readers a plain
sentence; graduated trust pre-moderates with a statement and is named as the rule."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment
from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation.models import (
    HoldExplanation,
    HoldRule,
    RefusedComment,
    Statement,
    UserModeration,
    WordRule,
)
from tests.comments.test_dsa_services import settings_with as site_with
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def block(phrase="Vollpfosten"):
    return WordRule.objects.create(phrase=phrase, kind=WordRule.Kind.BLOCK)


# --- Refused comments are kept for the moderators ------------------------------------------


def test_a_refused_comment_is_kept_with_its_rule_and_never_becomes_a_comment():
    block()
    article, author = ArticleFactory(), UserFactory()
    with pytest.raises(ValidationError) as refused:
        services.comment_create(article=article, author=author, body="Du VOLLPFOSTEN, echt.")
    assert refused.value.code == "blocked_word"
    # The reader's sentence quotes their own words, never the word-list entry.
    message = refused.value.messages[0]
    assert "“VOLLPFOSTEN”" in message and "Vollpfosten" not in message
    assert "discussion rules do not allow" in message
    assert not Comment.objects.exists()
    record = RefusedComment.objects.get()
    assert (record.author, record.article, record.rule) == (author, article, HoldRule.BLOCKED_WORD)
    assert (record.phrase, record.matched_text) == ("Vollpfosten", "VOLLPFOSTEN")
    assert record.body == "Du VOLLPFOSTEN, echt."
    assert article.__class__.objects.get(pk=article.pk).comment_count == 0


def test_an_evasion_is_recorded_in_the_readers_own_spelling():
    block()
    with pytest.raises(ValidationError):
        services.comment_create(
            article=ArticleFactory(), author=UserFactory(), body="Du bist ein Vоllpfоstеn!"
        )
    record = RefusedComment.objects.get()
    assert record.phrase == "Vollpfosten"
    assert record.matched_text == "Vоllpfоstеn"  # Cyrillic о and е, as typed


def test_a_refused_reply_and_a_refused_edit_name_their_comment():
    block()
    parent = make_comment()
    author = UserFactory()
    with pytest.raises(ValidationError):
        services.comment_create(
            article=parent.article, author=author, body="Vollpfosten", parent=parent
        )
    own = services.comment_create(article=parent.article, author=author, body="Harmlos")
    with pytest.raises(ValidationError):
        services.comment_edit(comment=own, user=author, body="Doch ein Vollpfosten")
    reply, edit = RefusedComment.objects.order_by("pk")
    assert (reply.parent, reply.edit_of) == (parent, None)
    assert (edit.edit_of, edit.body) == (own, "Doch ein Vollpfosten")
    own.refresh_from_db()
    assert own.body == "Harmlos"


def test_a_resent_refused_form_is_recorded_once():
    block()
    article, author = ArticleFactory(), UserFactory()
    for _attempt in range(3):
        with pytest.raises(ValidationError):
            services.comment_create(article=article, author=author, body="Vollpfosten")
    assert RefusedComment.objects.count() == 1


def test_other_refusals_are_not_filter_records():
    """A closed thread or an empty text is no filter: nothing is kept."""
    article = ArticleFactory(comments_open=False)
    with pytest.raises(ValidationError):
        services.comment_create(article=article, author=UserFactory(), body="Vollpfosten")
    with pytest.raises(ValidationError):
        services.comment_create(article=ArticleFactory(), author=UserFactory(), body="  ")
    assert not RefusedComment.objects.exists()


def test_the_refused_text_is_erased_after_its_retention_period(capsys):
    block()
    site_with(refused_retention_days=30)
    for body in ("Alter Vollpfosten", "Neuer Vollpfosten"):
        with pytest.raises(ValidationError):
            services.comment_create(article=ArticleFactory(), author=UserFactory(), body=body)
    old = RefusedComment.objects.get(body="Alter Vollpfosten")
    RefusedComment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=31)
    )
    call_command("dsa_erase_hidden", "--dry-run")
    assert "1 refused comments would be erased" in capsys.readouterr().out
    call_command("dsa_erase_hidden")
    assert "1 refused comments erased" in capsys.readouterr().out
    old.refresh_from_db()
    assert (old.body, old.matched_text) == ("", "")
    assert (old.rule, old.phrase) == (HoldRule.BLOCKED_WORD, "Vollpfosten")  # ours, kept
    assert RefusedComment.objects.get(body="Neuer Vollpfosten").matched_text == "Vollpfosten"
    call_command("dsa_erase_hidden", "--refused-days", "0")
    assert "1 refused comments erased" in capsys.readouterr().out


# --- What readers and moderators see -----------------------------------------------------------


def test_the_reader_keeps_the_text_and_reads_a_plain_sentence(client):
    block()
    article = ArticleFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("comments:post", kwargs={"article_pk": article.pk}),
        {"body": "Der Minister ist ein VOLLPFOSTEN."},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Der Minister ist ein VOLLPFOSTEN." in html  # still in the textarea
    assert "which our discussion rules do not allow" in html
    assert "Vollpfosten" not in html  # the word list stays private
    assert RefusedComment.objects.count() == 1


def test_moderators_see_refused_comments_in_their_queue_and_on_the_card(client):
    block()
    author = UserFactory(display_name="Rudi Refused")
    article = ArticleFactory(headline="Ein Artikel")
    with pytest.raises(ValidationError):
        services.comment_create(article=article, author=author, body="Du Vollpfosten!")
    url = reverse("moderation:refused")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(ModeratorFactory())
    html = client.get(url).content.decode()
    assert "Blocked word" in html and "Rudi Refused" in html
    assert "word-list entry “Vollpfosten”, matched “Vollpfosten”" in html
    assert "Du Vollpfosten!" in html
    assert client.get(url, {"article": article.pk}).status_code == 200
    assert "Du Vollpfosten!" not in client.get(url, {"article": article.pk + 1}).content.decode()
    card = client.get(reverse("moderation:user", args=[author.pk])).content.decode()
    assert "Refused by the filters" in card and "Du Vollpfosten!" in card
    # Erased: the rule stays, the text goes.
    RefusedComment.objects.update(body="", matched_text="")
    html = client.get(url).content.decode()
    assert "Du Vollpfosten!" not in html and "erased" in html


def test_readers_never_see_a_refused_comment(client):
    block()
    article = ArticleFactory()
    author = UserFactory()
    with pytest.raises(ValidationError):
        services.comment_create(article=article, author=author, body="Geheimer Vollpfosten")
    client.force_login(author)
    assert "Geheimer" not in client.get(article.get_absolute_url()).content.decode()


def test_the_conversation_view_shows_moderators_why_a_comment_is_held(client):
    WordRule.objects.create(phrase="Lügenpresse", kind=WordRule.Kind.WATCH)
    author = UserFactory()
    comment = services.comment_create(
        article=ArticleFactory(), author=author, body="Alles LÜGENPRESSE hier"
    )
    assert comment.is_pending()
    url = comment.article.get_absolute_url()
    client.force_login(ModeratorFactory())
    page = client.get(url).content.decode()
    assert "Held by" in page and "Watched word" in page
    assert "word-list entry “Lügenpresse”, matched “LÜGENPRESSE”" in page
    client.force_login(author)  # the author sees their pending comment, not the rule
    page = client.get(url).content.decode()
    assert "Alles LÜGENPRESSE hier" in page and "word-list entry" not in page


def test_an_edit_sent_back_to_review_is_explained():
    WordRule.objects.create(phrase="Impfung", kind=WordRule.Kind.WATCH)
    author = UserFactory()
    comment = services.comment_create(article=ArticleFactory(), author=author, body="Harmlos")
    assert comment.is_visible()
    services.comment_edit(comment=comment, user=author, body="Zur Impfung")
    held = HoldExplanation.objects.get(comment=comment)
    assert (held.rule, held.phrase, held.matched_text) == (
        HoldRule.WATCHED_WORD,
        "Impfung",
        "Impfung",
    )


# --- Graduated trust -----------------------------------------------------------------------


def test_graduated_trust_is_named_as_the_rule_and_explained_to_the_reader(client):
    site_with(trust_hidden_threshold=2, trust_window_days=30)
    author, mod = UserFactory(), ModeratorFactory()
    for _n in range(2):
        moderation.comment_hide(comment=make_comment(author=author), moderator=mod, reason="spam")
    flags = UserModeration.objects.get(user=author)
    assert flags.always_premoderate and flags.premoderated_automatically
    statement = Statement.objects.get(restriction=Statement.Restriction.PREMODERATION)
    assert statement.automated_detection and statement.user == author
    comment = services.comment_create(article=ArticleFactory(), author=author, body="Neu")
    assert comment.is_pending()
    assert HoldExplanation.objects.get(comment=comment).rule == HoldRule.GRADUATED_TRUST
    assert "were removed recently" in rules.reader_hold_sentence(comment)
    client.force_login(mod)
    card = client.get(reverse("moderation:user", args=[author.pk])).content.decode()
    assert "switched on by graduated trust" in card
    assert "Graduated trust: many hidden comments lately" in card  # the held comment's rule
    # The reader is told on posting, too.
    client.force_login(author)
    response = client.post(
        reverse("comments:post", kwargs={"article_pk": comment.article_id}),
        {"body": "Noch einer"},
        follow=True,
    )
    assert "were removed recently" in response.content.decode()


def test_a_moderators_own_premoderation_is_not_called_graduated_trust():
    author, mod = UserFactory(), ModeratorFactory()
    moderation.user_premoderation_set(user=author, moderator=mod, enabled=True)
    assert not UserModeration.objects.get(user=author).premoderated_automatically
    comment = services.comment_create(article=ArticleFactory(), author=author, body="Neu")
    assert HoldExplanation.objects.get(comment=comment).rule == HoldRule.USER_PREMODERATED
    moderation.user_premoderation_set(user=author, moderator=mod, enabled=False)
    assert services.comment_create(article=ArticleFactory(), author=author, body="x").is_visible()


def test_the_reader_is_never_shown_the_entry_itself():
    """Where the matched words cannot be found in the reader's text, the sentence quotes none."""
    from comments.moderation.rules import WordRefused

    refused = WordRefused(phrase="Vollpfosten", matched_text="Vollpfosten", body="V o l l")
    assert "Vollpfosten" not in refused.messages[0]
    assert "words our discussion rules do not allow" in refused.messages[0]


def test_the_admin_lists_refused_comments_read_only(admin_client):
    block()
    with pytest.raises(ValidationError):
        services.comment_create(article=ArticleFactory(), author=UserFactory(), body="Vollpfosten")
    page = admin_client.get(reverse("admin:comments_refusedcomment_changelist"))
    assert page.status_code == 200 and "Vollpfosten" in page.content.decode()
    assert admin_client.get(reverse("admin:comments_refusedcomment_add")).status_code == 403


def test_refused_texts_are_in_the_export_and_go_with_the_account():
    from accounts.services import user_delete, user_export

    block()
    author = UserFactory()
    with pytest.raises(ValidationError):
        services.comment_create(article=ArticleFactory(), author=author, body="Du Vollpfosten")
    data = user_export(user=author)
    assert [r["body"] for r in data["refused_comments"]] == ["Du Vollpfosten"]
    user_delete(user=author)
    record = RefusedComment.objects.get()
    assert (record.body, record.matched_text) == ("", "")
