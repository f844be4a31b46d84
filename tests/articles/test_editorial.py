"""The desk's tools: corrections, versions, publish times, "updated on", preview, page details."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import article_publish, article_save, correction_add
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True, display_name="Rita Redakteurin")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def change_form(article, **overrides):
    """The admin change form as the editor would send it, with the article's own values."""
    local = timezone.localtime(article.published_at)
    byline = article.bylines.first()
    data = article_form(
        article.section,
        byline.author,
        kicker=article.kicker,
        headline=article.headline,
        slug=article.slug,
        lead=article.lead,
        body=article.body,
        status=article.status,
        published_at_0=local.strftime("%Y-%m-%d"),
        published_at_1=local.strftime("%H:%M:%S"),
        **{
            # The browser sends the shown value back (show_hidden_initial: callable default),
            # which is how the form tells an untouched time from a typed one.
            "initial-published_at_0": local.strftime("%Y-%m-%d"),
            "initial-published_at_1": local.strftime("%H:%M:%S"),
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": byline.pk,
            "bylines-0-article": article.pk,
        },
    )
    data.update(overrides)
    return data


def post_change(client, article, **overrides):
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form(article, **overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


# --- Publishing sets the time right -----------------------------------------------------
class TestPublishTime:
    def test_publishing_a_draft_in_the_admin_form_sets_the_time_to_now(self, client, editor):
        written = timezone.now() - timezone.timedelta(hours=6)
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=written)
        before = timezone.now()
        post_change(client, draft, status="published")
        assert draft.status == "published"
        assert draft.published_at >= before.replace(microsecond=0)

    def test_a_future_time_in_the_form_is_kept_as_the_schedule(self, client, editor):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        later = timezone.localtime() + timezone.timedelta(days=1)
        post_change(
            client,
            draft,
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        )
        assert draft.published_at > timezone.now()
        assert not draft.is_published()

    def test_a_past_time_the_editor_typed_is_deliberate(self, client, editor):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        backdated = timezone.localtime() - timezone.timedelta(days=3)
        post_change(
            client,
            draft,
            status="published",
            published_at_0=backdated.strftime("%Y-%m-%d"),
            published_at_1=backdated.strftime("%H:%M:%S"),
        )
        assert draft.published_at.date() == backdated.date()

    def test_editing_a_published_article_keeps_its_time(self, client, editor):
        article = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=2))
        original = article.published_at.replace(microsecond=0)
        post_change(client, article, headline="Neue Überschrift")
        assert article.published_at.replace(microsecond=0) == original

    def test_the_bulk_action_and_the_service_set_now_too(self, client, editor):
        draft = ArticleFactory(
            status=Article.Status.DRAFT, published_at=timezone.now() - timezone.timedelta(days=1)
        )
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
        draft.refresh_from_db()
        assert draft.is_published()
        assert timezone.now() - draft.published_at < timezone.timedelta(minutes=1)

    def test_a_scheduled_draft_keeps_its_future_time_when_published(self):
        later = timezone.now() + timezone.timedelta(hours=3)
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=later)
        article_publish(article=draft)
        assert draft.published_at == later


# --- "Updated on" only for a substantial change -----------------------------------------
class TestUpdatedOn:
    def test_a_typo_fix_does_not_tell_readers_anything_changed(self, client, editor):
        article = ArticleFactory()
        post_change(client, article, body=article.body + " Tippfehler")
        assert article.revised_at is None
        assert "updated on" not in client.get(article.get_absolute_url()).content.decode()

    def test_a_ticked_substantial_change_shows_updated_on(self, client, editor):
        article = ArticleFactory()
        post_change(client, article, body="Ganz neue Lage.", substantial_change="on")
        assert article.revised_at is not None
        html = client.get(article.get_absolute_url()).content.decode()
        assert "updated on" in html
        revised = timezone.localtime(article.revised_at).replace(microsecond=0)
        assert f'datetime="{revised.isoformat()}"' in html

    def test_a_draft_is_never_updated_for_readers(self):
        draft = ArticleFactory(status=Article.Status.DRAFT)
        article_save(article=draft, substantial=True)
        assert draft.revised_at is None


# --- Corrections ------------------------------------------------------------------------
class TestCorrections:
    def test_a_correction_shows_at_the_end_with_its_date_and_updates_the_article(self, client):
        article = ArticleFactory(body="Der Text.\n\nEnde des Textes.")
        when = timezone.now() - timezone.timedelta(minutes=5)
        correction_add(article=article, text="Es waren 2,3 Prozent, nicht 2,1.", at=when)
        article.refresh_from_db()
        assert article.revised_at == when
        html = client.get(article.get_absolute_url()).content.decode()
        body_end = html.index("Ende des Textes.")
        note = html.index("Es waren 2,3 Prozent, nicht 2,1.", body_end)  # the JSON-LD has it too
        assert body_end < note < html.index('id="comments"')
        assert timezone.localtime(when).strftime("%H:%M") in html[note - 200 : note]
        assert "updated on" in html

    def test_empty_correction_is_refused(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            correction_add(article=ArticleFactory(), text="   ")

    def test_the_corrections_page_lists_published_articles_only(self, client):
        shown = ArticleFactory(headline="Öffentlich")
        hidden = ArticleFactory(headline="Zurückgezogen")
        correction_add(article=shown, text="Korrigiert: Name.")
        correction_add(article=hidden, text="Geheim korrigiert.")
        Article.objects.filter(pk=hidden.pk).update(status=Article.Status.DRAFT)
        response = client.get(reverse("articles:corrections"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Korrigiert: Name." in html and "Öffentlich" in html
        assert "Geheim korrigiert." not in html
        assert reverse("articles:corrections") in client.get("/").content.decode()  # footer

    def test_editors_add_a_correction_in_the_article_form(self, client, editor):
        article = ArticleFactory()
        post_change(
            client,
            article,
            **{
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-text": "Wir hatten den Ort falsch angegeben.",
                "corrections-0-created_at_0": timezone.localtime().strftime("%Y-%m-%d"),
                "corrections-0-created_at_1": timezone.localtime().strftime("%H:%M:%S"),
            },
        )
        assert Correction.objects.get(article=article).text.startswith("Wir hatten")
        assert article.revised_at is not None


# --- Versions ---------------------------------------------------------------------------
class TestVersions:
    def test_every_save_keeps_a_version_with_who_and_when(self, client, editor):
        article = ArticleFactory(headline="Erste Fassung")
        post_change(client, article, headline="Zweite Fassung")
        versions = list(article.history.all())
        assert [v.headline for v in versions[:2]] == ["Zweite Fassung", "Erste Fassung"]
        assert versions[0].history_user == editor
        assert versions[0].history_date is not None

    def test_history_page_compare_and_restore(self, client, editor):
        article = ArticleFactory(headline="Alte Zeile", body="Ein Satz mit Fehler.")
        post_change(client, article, headline="Neue Zeile", body="Ein Satz ohne Fehler.")
        history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
        assert history.status_code == 200
        html = history.content.decode()
        assert 'name="old"' in html and 'name="new"' in html
        new, old = article.history.all()[:2]
        compare = client.get(
            reverse("admin:articles_article_compare", args=[article.pk]),
            {"old": old.history_id, "new": new.history_id},
        )
        assert compare.status_code == 200
        diff = compare.content.decode()
        assert "<del>mit</del><ins>ohne</ins>" in diff
        assert "<del>Alte</del><ins>Neue</ins>" in diff
        # Restoring the old version is a save like any other: a new version on top.
        restore_url = reverse(
            "admin:articles_article_simple_history", args=[article.pk, old.history_id]
        )
        assert client.get(restore_url).status_code == 200
        data = change_form(article, headline="Alte Zeile", body="Ein Satz mit Fehler.")
        response = client.post(restore_url, data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Alte Zeile"
        assert article.history.count() == 3

    def test_compare_with_bad_or_foreign_ids_is_a_404_not_a_500(self, client, editor):
        article, other = ArticleFactory(), ArticleFactory()
        foreign = other.history.first()
        url = reverse("admin:articles_article_compare", args=[article.pk])
        mine = article.history.first()
        assert (
            client.get(url, {"old": foreign.history_id, "new": mine.history_id}).status_code == 404
        )
        assert client.get(url, {"old": "x", "new": "y"}).status_code == 200  # falls back
        assert (
            client.get(reverse("admin:articles_article_compare", args=[999999])).status_code == 404
        )

    def test_readers_cannot_see_the_history(self, client):
        article = ArticleFactory()
        client.force_login(UserFactory())
        response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
        assert response.status_code == 302  # to the admin login


# --- Markdown preview -------------------------------------------------------------------
class TestPreview:
    def test_preview_renders_the_posted_markdown_with_the_sites_renderer(self, client, editor):
        url = reverse("admin:articles_article_preview")
        response = client.post(
            url, {"headline": "Probe", "body": "## Teil\n\n**fett** <script>x</script>"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h2>Teil</h2>" in html and "<strong>fett</strong>" in html
        assert "<script>x</script>" not in html
        assert not Article.objects.filter(headline="Probe").exists()

    def test_the_change_form_has_a_preview_button_that_posts_without_javascript(
        self, client, editor
    ):
        html = client.get(reverse("admin:articles_article_add")).content.decode()
        assert f'formaction="{reverse("admin:articles_article_preview")}"' in html
        assert 'formtarget="_blank"' in html

    def test_get_is_404_and_readers_are_refused(self, client, editor):
        url = reverse("admin:articles_article_preview")
        assert client.get(url).status_code == 404
        client.force_login(UserFactory(is_staff=True))  # staff without article permissions
        assert client.post(url, {"body": "x"}).status_code == 403


# --- Article page details ---------------------------------------------------------------
class TestArticlePage:
    def test_reading_time(self, client):
        article = ArticleFactory(body=" ".join(["Wort"] * 1000))
        assert article.reading_minutes() == 5
        assert "5 minutes read" in client.get(article.get_absolute_url()).content.decode()
        assert ArticleFactory(body="Kurz.").reading_minutes() == 1

    def test_related_falls_back_to_the_same_section(self, client):
        section = SectionFactory()
        article = ArticleFactory(section=section)
        neighbour = ArticleFactory(section=section, headline="Nachbar im Ressort")
        ArticleFactory(headline="Ganz woanders")
        html = client.get(article.get_absolute_url()).content.decode()
        related = html[html.index('id="related-title"') :]
        assert neighbour.headline in related and "Ganz woanders" not in related

    def test_shared_topics_come_before_the_section(self, client):
        tag, section = TagFactory(), SectionFactory()
        article = ArticleFactory(section=section, tags=[tag])
        same_section = ArticleFactory(section=section, headline="Gleiches Ressort")
        earlier = timezone.now() - timezone.timedelta(days=3)
        same_topic = ArticleFactory(tags=[tag], headline="Gleiches Thema", published_at=earlier)
        from articles.views import related_articles

        assert related_articles(Article.objects.for_detail().get(pk=article.pk)) == [
            same_topic,
            same_section,
        ]

    def test_teasers_invite_comments_when_there_are_none(self, client):
        ArticleFactory(headline="Offen")
        closed = ArticleFactory(headline="Geschlossen", comments_open=False)
        ArticleFactory()
        html = client.get("/").content.decode()
        assert "0 comments – comment now" in html
        teaser = html[html.index("Geschlossen") :]
        teaser = teaser[: teaser.index("</article>")]
        assert "comment now" not in teaser
        assert closed.get_absolute_url() in html

    def test_print_stylesheet_hides_navigation_forms_and_comments(self):
        from pathlib import Path

        from django.conf import settings

        css = (Path(settings.BASE_DIR) / "static/css/newsroom.css").read_text()
        print_css = css[css.index("@media print") :]
        for selector in [".site-sections", ".comments", "form", ".site-footer"]:
            assert selector in print_css


# --- The admin in German ----------------------------------------------------------------
@pytest.mark.german
def test_the_article_admin_speaks_german_with_one_term_for_authors(client, editor):
    ArticleFactory(authors=[AuthorFactory()])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>.*?<(?:a|span)[^>]*>([^<]+)<', html, re.S)
    headers = [h.strip() for h in headers if h.strip()]
    assert "Autoren" in headers
    english = {"headline", "image", "status", "section", "authors", "publish time",
               "visible comments", "readers see it", "on the site"}  # fmt: skip
    assert not {h.lower() for h in headers} & (english - {"status"}), headers
    form = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Autorenzeile" not in form and "Verfasser" not in form
    assert "Autoren (in Reihenfolge)" in form
    assert "Wesentliche Änderung" in form


def test_saving_unchanged_text_from_a_browser_records_no_change(client, editor):
    """CRLF from text areas and the dropped microseconds must not count as edits."""
    article = ArticleFactory(body="Eins.\n\nZwei.", lead="Vorspann.\nZweite Zeile.")
    post_change(client, article, body="Eins.\r\n\r\nZwei.", lead="Vorspann.\r\nZweite Zeile.")
    new, old = article.history.all()[:2]
    assert [c.field for c in new.diff_against(old).changes] == []


def test_json_ld_carries_the_corrections_and_the_readers_update_time(client):
    import json

    article = ArticleFactory()
    when = timezone.now() - timezone.timedelta(minutes=3)
    correction_add(article=article, text="Der Ort war falsch.", at=when)
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    news = next(b for b in map(json.loads, blocks) if b.get("@type") == "NewsArticle")
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Der Ort war falsch.",
            "datePublished": timezone.localtime(when).replace(microsecond=0).isoformat(),
        }
    ]
    assert news["dateModified"] == news["correction"][0]["datePublished"]
