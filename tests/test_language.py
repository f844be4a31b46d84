import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.german]


def test_german_is_the_default_language():
    assert settings.LANGUAGE_CODE == "de"


def test_pages_speak_german_by_default(client):
    article = ArticleFactory()
    home = client.get(reverse("articles:home")).content.decode()
    assert 'lang="de"' in home
    assert "Anmelden" in home  # "Log in"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "0 Kommentare" in page or "Kommentare" in page
    assert "Log in" not in page


def test_english_is_chosen_with_the_language_cookie(client):
    article = ArticleFactory()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert 'class="article__body" lang="de"' in page  # the article stays German


def test_accept_language_alone_never_changes_the_language(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="de">' in page and "Anmelden" in page
    assert response["Content-Language"] == "de"
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Cookie" in response["Vary"]


def test_the_switcher_remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Anmelden" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_an_unknown_cookie_value_falls_back_to_german(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="de">' in client.get("/").content.decode()


def test_ambiguous_msgids_have_contexts():
    from django.utils import translation

    from accounts.models import Notification
    from articles.models import Article

    with translation.override("de"):
        assert str(Article.Genre.REPORT.label) == "Reportage"
        assert str(Notification.Kind.REPLY.label) == "Antwort"
        assert translation.gettext("Report") == "Melden"  # the verb on the comment
        assert translation.gettext("Reply") == "Antworten"


def test_feeds_and_metadata_say_german_for_english_readers(client):
    article = ArticleFactory()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert b"<language>de</language>" in client.get("/feed/").content
    page = client.get(article.get_absolute_url()).content.decode()
    assert '"inLanguage":"de"' in page and 'content="de_DE"' in page


def test_every_german_message_is_translated():
    import polib

    po = polib.pofile(str(settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
