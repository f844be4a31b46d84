"""Moderation pages: the authorization table, the queues, the user card, reports and rules."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from comments.models import Comment
from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation import urls as moderation_urls
from comments.moderation.models import (
    DiscussionRules,
    ModerationAction,
    ModerationSettings,
    Report,
    Sanction,
)
from tests.comments.test_moderation_services import count, make_comment
from tests.factories import ArticleFactory, ModeratorFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def moderation_patterns():
    """Every URL pattern in the "moderation" namespace, read from the root URLconf."""
    found = []

    def walk(patterns, namespace_stack):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, [*namespace_stack, pattern.namespace])
            elif isinstance(pattern, URLPattern) and "moderation" in namespace_stack:
                found.append(pattern)

    walk(get_resolver().url_patterns, [])
    return found


def url_for(pattern, target):
    """The pattern's URL with pks of existing objects of the kind its name says."""
    kind = pattern.name.split("-")[0]
    pk = {
        "user": target["user"].pk,
        "sanction": target["sanction"].pk,
        "article": target["article"].pk,
    }.get(kind, target["comment"].pk)
    kwargs = dict.fromkeys(pattern.pattern.converters, pk)
    return reverse(f"moderation:{pattern.name}", kwargs=kwargs)


# The table below is parametrized at collection time from the moderation URL module; loading
# the root URLconf that early would freeze DEBUG-only routes into it for the whole session.
PATTERNS = [p for p in moderation_urls.urlpatterns if isinstance(p, URLPattern)]
GET_PAGES = {
    "pending",
    "reported",
    "hidden",
    "user",
    "articles",
    "notices",
    "appeals",
    "desk",
    "transparency",
    "refused",
    "live-counts",  # the queues' counts for static/js/moderation-live.js (JSON)
}


def test_the_table_covers_every_pattern_in_the_moderation_namespace():
    """A moderation endpoint added anywhere in the URLconf must appear in the table below."""
    in_urlconf = sorted(str(p.pattern) for p in moderation_patterns())
    assert in_urlconf == sorted(str(p.pattern) for p in PATTERNS)
    names = {p.name for p in PATTERNS}
    assert GET_PAGES | {"bulk", "comment-hide", "comment-restore", "comment-approve"} <= names
    assert len(PATTERNS) >= 18


@pytest.fixture
def target():
    """A comment, its author and a sanction, so every pk in a moderation URL exists."""
    comment = make_comment()
    ban = Sanction.objects.create(user=comment.author, kind="ban", reason="x")
    return {"comment": comment, "user": comment.author, "sanction": ban, "article": comment.article}


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_login(client, pattern, target):
    url = url_for(pattern, target)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_readers_and_editors_get_403(client, pattern, target):
    comment = target["comment"]
    url = url_for(pattern, target)
    for user in (UserFactory(), UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "spam", "action": "hide"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "visible"
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_moderators_get_pages_and_no_get_changes_anything(client, pattern, target):
    comment = target["comment"]
    client.force_login(ModeratorFactory())
    response = client.get(url_for(pattern, target))
    if pattern.name in GET_PAGES:
        assert response.status_code == 200
    else:
        assert response.status_code == 405
    assert not ModerationAction.objects.exists()
    comment.refresh_from_db()
    assert comment.status == "visible"


# --- queues ------------------------------------------------------------------------------------


@pytest.fixture
def mod_client(client):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    client.moderator = moderator
    return client


def test_pending_queue_shows_comment_in_context_oldest_first_with_waiting_time(mod_client):
    """The Pending queue is worked like the desk (issue 16): the longest waiting first."""
    article = ArticleFactory(headline="Haushaltsstreit")
    root = make_comment(article=article, body="Der Elternkommentar")
    older = make_comment(parent=root, status="pending", body="Älterer Kommentar")
    newer = make_comment(article=article, status="pending", body="Neuerer Kommentar")
    Comment.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )
    html = mod_client.get(reverse("moderation:pending")).content.decode()
    assert "Haushaltsstreit" in html
    assert "Der Elternkommentar" in html  # parent excerpt
    assert html.index("Älterer Kommentar") < html.index("Neuerer Kommentar")
    assert "waiting 1 hr</time>" in html and "waiting 1 min</time>" in html
    assert f'id="select-{newer.pk}"' in html and f'for="select-{newer.pk}"' in html
    assert f"#comment-{older.pk}" in html or f"/{older.pk}/" in html


def test_queue_filters_by_article_and_section(mod_client):
    politics, sport = SectionFactory(slug="politik"), SectionFactory(slug="sport")
    a = ArticleFactory(section=politics)
    b = ArticleFactory(section=sport)
    make_comment(article=a, status="pending", body="Kommentar Politik")
    make_comment(article=b, status="pending", body="Kommentar Sport")
    html = mod_client.get(reverse("moderation:pending"), {"section": "sport"}).content.decode()
    assert "Kommentar Sport" in html and "Kommentar Politik" not in html
    html = mod_client.get(reverse("moderation:pending"), {"article": a.pk}).content.decode()
    assert "Kommentar Politik" in html and "Kommentar Sport" not in html


def test_reported_queue_respects_threshold(mod_client):
    site = ModerationSettings.load()
    site.report_threshold = 2
    site.save()
    comment = make_comment(body="Gemeldeter Text")
    moderation.report_create(comment=comment, reporter=UserFactory(), reason="spam")
    url = reverse("moderation:reported")
    assert "Gemeldeter Text" not in mod_client.get(url).content.decode()
    moderation.report_create(
        comment=comment, reporter=UserFactory(), reason="other", text="Werbung für Pillen"
    )
    html = mod_client.get(url).content.decode()
    assert "Gemeldeter Text" in html and "Werbung für Pillen" in html
    # Moderators see the reasons, not who reported.
    for report in Report.objects.all():
        assert report.reporter.public_name not in html


def test_queue_query_count_does_not_grow_with_comments(mod_client, django_assert_max_num_queries):
    """Guards against a query per queued comment (author, article, parent, reports)."""
    article = ArticleFactory()
    root = make_comment(article=article)
    for _ in range(3):
        c = make_comment(parent=root, status="visible")
        moderation.report_create(comment=c, reporter=UserFactory(), reason="spam")
    with django_assert_max_num_queries(18) as small:
        mod_client.get(reverse("moderation:reported"))
    for _ in range(20):
        c = make_comment(parent=root, status="visible")
        moderation.report_create(comment=c, reporter=UserFactory(), reason="spam")
    with django_assert_max_num_queries(len(small.captured_queries)):
        mod_client.get(reverse("moderation:reported"))


def test_bulk_approve_and_hide(mod_client):
    article = ArticleFactory()
    pending = [make_comment(article=article, status="pending") for _ in range(3)]
    response = mod_client.post(
        reverse("moderation:bulk"),
        {"ids": [c.pk for c in pending[:2]], "action": "approve", "next": "/moderation/"},
    )
    assert response.status_code == 302 and response["Location"] == "/moderation/"
    assert count(article) == 2
    response = mod_client.post(
        reverse("moderation:bulk"), {"ids": [pending[2].pk], "action": "hide"}, follow=True
    )
    assert "Choose a reason" in response.content.decode()
    assert Comment.objects.get(pk=pending[2].pk).status == "pending"
    mod_client.post(
        reverse("moderation:bulk"), {"ids": [pending[2].pk], "action": "hide", "reason": "spam"}
    )
    assert Comment.objects.get(pk=pending[2].pk).status == "hidden"


def test_hide_from_article_page_returns_to_the_comment(mod_client):
    comment = make_comment()
    back = f"{comment.article.get_absolute_url()}#comment-{comment.pk}"
    response = mod_client.post(
        reverse("moderation:comment-hide", kwargs={"pk": comment.pk}),
        {"reason": "insult", "note": "Beleidigung", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    comment.refresh_from_db()
    assert (comment.status, comment.hidden_note) == ("hidden", "Beleidigung")
    # An off-site next is ignored.
    response = mod_client.post(
        reverse("moderation:comment-restore", kwargs={"pk": comment.pk}),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("moderation:pending")


def test_hide_with_unknown_reason_changes_nothing(mod_client):
    comment = make_comment()
    response = mod_client.post(
        reverse("moderation:comment-hide", kwargs={"pk": comment.pk}),
        {"reason": "x", "facts": "Was ich schrieb"},
    )
    assert response.status_code == 400  # the hide form again, with the text kept
    body = response.content.decode()
    assert "Choose a reason for hiding the comment." in body and "Was ich schrieb" in body
    comment.refresh_from_db()
    assert comment.status == "visible"


# --- user card ---------------------------------------------------------------------------------


def test_user_card_shows_stats_sanction_notes_and_history(mod_client):
    user = UserFactory(display_name="Karl Kritisch", username="karl_k")
    comments = [make_comment(author=user, body=f"Beitrag {i}") for i in range(3)]
    moderation.comment_hide(comment=comments[0], moderator=mod_client.moderator, reason="insult")
    moderation.report_create(comment=comments[1], reporter=UserFactory(), reason="spam")
    mod_client.post(
        reverse("moderation:user-note", kwargs={"pk": user.pk}), {"text": "Bitte beobachten"}
    )
    mod_client.post(
        reverse("moderation:user-suspend", kwargs={"pk": user.pk}),
        {"days": 7, "reason": "Wiederholte Beleidigungen"},
    )
    response = mod_client.get(reverse("moderation:user", kwargs={"pk": user.pk}))
    html = response.content.decode()
    assert response.context["stats"] == {"total": 3, "hidden": 1, "pending": 0}
    assert response.context["open_reports"] == 1
    assert response.context["sanction"].kind == "suspension"
    for text in ("Karl Kritisch", "@karl_k", "Bitte beobachten", "Wiederholte Beleidigungen",
                 "Beitrag 2", "Suspended a user", "Hid a comment"):  # fmt: skip
        assert text in html


def test_ban_form_can_hide_all_comments(mod_client):
    user = UserFactory()
    comment = make_comment(author=user)
    mod_client.post(
        reverse("moderation:user-ban", kwargs={"pk": user.pk}),
        {"reason": "Hetze", "hide_comments": "on", "hide_reason": "insult"},
    )
    comment.refresh_from_db()
    assert comment.status == "hidden" and comment.hidden_reason == "insult"
    assert count(comment.article) == 0
    sanction = rules.active_sanction(user)
    mod_client.post(reverse("moderation:sanction-lift", kwargs={"pk": sanction.pk}))
    assert rules.active_sanction(user) is None


def test_invalid_suspension_shows_the_form_again_with_the_typed_reason(mod_client):
    user = UserFactory()
    response = mod_client.post(
        reverse("moderation:user-suspend", kwargs={"pk": user.pk}),
        {"days": 0, "reason": "Dreimal verwarnt"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dreimal verwarnt" in html
    assert "greater than or equal to 1" in html
    assert not Sanction.objects.exists()


# --- articles ----------------------------------------------------------------------------------


def test_close_reopen_and_premoderation_from_the_discussions_page(mod_client):
    article = ArticleFactory(headline="Wahlabend")
    assert "Wahlabend" in mod_client.get(reverse("moderation:articles")).content.decode()
    mod_client.post(
        reverse("moderation:article-close", kwargs={"pk": article.pk}), {"reason": "Hetze"}
    )
    article.refresh_from_db()
    assert not article.comments_open
    mod_client.post(reverse("moderation:article-reopen", kwargs={"pk": article.pk}))
    article.refresh_from_db()
    assert article.comments_open
    mod_client.post(
        reverse("moderation:article-premoderation", kwargs={"pk": article.pk}),
        {"premoderation": "all"},
    )
    assert rules.effective_premoderation(article) == "all"


# --- public: reports and rules -----------------------------------------------------------------


def test_report_page_requires_login(client):
    comment = make_comment()
    response = client.get(reverse("discussion:report", kwargs={"pk": comment.pk}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_reader_reports_once_and_never_sees_who_reported(client):
    comment = make_comment(body="Kaufen Sie Pillen")
    reader = UserFactory()
    client.force_login(reader)
    url = reverse("discussion:report", kwargs={"pk": comment.pk})
    assert "Kaufen Sie Pillen" in client.get(url).content.decode()
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 302
    assert Report.objects.get().reporter == reader
    response = client.post(url, {"reason": "insult"})
    assert response.status_code == 400
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_report_other_needs_text_and_keeps_the_choice(client):
    comment = make_comment()
    client.force_login(UserFactory())
    url = reverse("discussion:report", kwargs={"pk": comment.pk})
    response = client.post(url, {"reason": "other", "text": ""})
    assert response.status_code == 400
    assert "what is wrong" in response.content.decode()
    assert not Report.objects.exists()


def test_suspended_reader_cannot_report(client):
    comment, reader = make_comment(), UserFactory()
    moderation.user_suspend(
        user=reader,
        moderator=ModeratorFactory(),
        until=timezone.now() + timezone.timedelta(days=2),
        reason="Spam",
    )
    client.force_login(reader)
    url = reverse("discussion:report", kwargs={"pk": comment.pk})
    assert "suspended" in client.get(url).content.decode()
    assert client.post(url, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_reports_are_rate_limited(client, settings):
    settings.RATE_LIMIT_OVERRIDES = {"comment-report": "2/3600"}
    client.force_login(UserFactory())
    comments = [make_comment() for _ in range(3)]
    for comment in comments[:2]:
        url = reverse("discussion:report", kwargs={"pk": comment.pk})
        assert client.post(url, {"reason": "spam"}).status_code == 302
    url = reverse("discussion:report", kwargs={"pk": comments[2].pk})
    assert client.post(url, {"reason": "spam"}).status_code == 429


def test_hidden_comment_cannot_be_reported(client):
    comment = make_comment(status="hidden")
    client.force_login(UserFactory())
    assert client.get(reverse("discussion:report", kwargs={"pk": comment.pk})).status_code == 404


def test_rules_page_shows_admin_text_or_built_in_rules(client):
    url = reverse("discussion:rules")
    assert "Be respectful" in client.get(url).content.decode()
    DiscussionRules.objects.create(body="Regel eins.\n\nRegel zwei.", summary="Kurz")
    html = client.get(url).content.decode()
    assert "<p>Regel eins.</p>" in html and "Be respectful" not in html


# --- the write path and the article page -------------------------------------------------------


def post_comment(client, article, body):
    return client.post(reverse("comments:post", kwargs={"article_pk": article.pk}), {"body": body})


def test_blocked_word_refuses_the_comment_and_keeps_the_text(client):
    from tests.factories import WordRuleFactory

    WordRuleFactory(phrase="Volltrottel", kind="block")
    article = ArticleFactory()
    client.force_login(UserFactory())
    response = post_comment(client, article, "Der Minister ist ein VOLLTROTTEL, finde ich.")
    html = response.content.decode()
    assert response.status_code == 400
    assert "discussion rules do not allow" in html
    assert "Der Minister ist ein VOLLTROTTEL, finde ich." in html  # still in the textarea
    assert not Comment.objects.exists()


def test_watched_word_sends_the_comment_to_pending(client):
    from tests.factories import WordRuleFactory

    WordRuleFactory(phrase="Impfpflicht", kind="watch")
    article = ArticleFactory()
    client.force_login(UserFactory())
    response = post_comment(client, article, "Zur Impfpflicht habe ich eine Meinung.")
    assert response.status_code == 302
    assert Comment.objects.get().status == "pending"
    assert count(article) == 0


def test_suspended_reader_cannot_post_or_edit_and_is_told_why(client):
    article, reader = ArticleFactory(), UserFactory()
    own = make_comment(article=article, author=reader)
    moderation.user_suspend(
        user=reader,
        moderator=ModeratorFactory(),
        until=timezone.now() + timezone.timedelta(days=2),
        reason="Beleidigungen",
    )
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "suspended from commenting until" in html and "Beleidigungen" in html
    assert 'name="body"' not in html
    response = post_comment(client, article, "Trotzdem!")
    assert response.status_code == 403  # the text comes back read-only (issue 24)
    assert Comment.objects.count() == 1
    response = client.post(reverse("comments:edit", kwargs={"pk": own.pk}), {"body": "Neu"})
    own.refresh_from_db()
    assert own.body == "Ein Text"


def test_closed_discussion_replaces_the_form_with_a_notice(client):
    article = ArticleFactory()
    moderation.article_close(
        article=article, actor=ModeratorFactory(), reason="Zu viele Beleidigungen."
    )
    client.force_login(UserFactory())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "closed" in html and 'name="body"' not in html


def test_auto_closed_discussion(client):
    site = ModerationSettings.load()
    site.auto_close_days = 2
    site.save()
    article = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    client.force_login(UserFactory())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The discussion of this article is closed" in html
    assert post_comment(client, article, "Noch was").status_code == 409  # closed meanwhile


def test_article_page_controls_by_audience(client):
    article = ArticleFactory()
    comment = make_comment(article=article)
    hide_url = reverse("moderation:comment-hide", kwargs={"pk": comment.pk})
    report_url = reverse("discussion:report", kwargs={"pk": comment.pk})

    html = client.get(article.get_absolute_url()).content.decode()
    assert hide_url not in html and report_url not in html

    client.force_login(UserFactory())
    html = client.get(article.get_absolute_url()).content.decode()
    assert report_url in html and hide_url not in html
    assert reverse("discussion:rules") in html  # short rules above the form

    client.force_login(ModeratorFactory())
    html = client.get(article.get_absolute_url()).content.decode()
    assert hide_url in html and 'name="csrfmiddlewaretoken"' in html
    assert reverse("moderation:pending") in html  # header link


def test_hidden_comment_placeholder_only_where_replies_are_visible(client):
    mod = ModeratorFactory()
    article = ArticleFactory()
    with_reply = make_comment(article=article, body="Versteckt mit Antwort")
    make_comment(parent=with_reply, body="Die Antwort bleibt")
    alone = make_comment(article=article, body="Versteckt ohne Antwort")
    for comment in (with_reply, alone):
        moderation.comment_hide(comment=comment, moderator=mod, reason="insult")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Versteckt" not in html
    assert html.count("Removed by the moderators.") == 1
    assert "Die Antwort bleibt" in html
    assert f'id="comment-{alone.pk}"' not in html


def test_moderator_closes_and_reopens_from_the_article_page(client):
    article = ArticleFactory()
    close_url = reverse("moderation:article-close", kwargs={"pk": article.pk})
    client.force_login(UserFactory())
    assert close_url not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(ModeratorFactory())
    assert close_url in client.get(article.get_absolute_url()).content.decode()
    back = f"{article.get_absolute_url()}#comments"
    response = client.post(close_url, {"next": back, "reason": "Zu viele Beleidigungen."})
    assert response["Location"] == back
    html = client.get(article.get_absolute_url()).content.decode()
    assert reverse("moderation:article-reopen", kwargs={"pk": article.pk}) in html
    assert 'name="body"' not in html  # the form gave way to the notice
