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


def test_english_is_available(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page


def test_every_german_message_is_translated():
    import polib

    po = polib.pofile(str(settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
