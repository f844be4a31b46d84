"""Search that understands German: compounds, typos ("Meinten Sie ...?"), highlighted snippets.

The same answers on PostgreSQL (pg_trgm word similarity beside the German full-text ranking)
and on SQLite (substring matching and difflib), within SQLite's means.
"""

import pytest
from django.db import connection

from articles.models import SearchWord
from articles.search import search_words_rebuild, suggest
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.fixture
def world():
    return {
        "miete": ArticleFactory(
            headline="Die Mietenkrise erreicht die Vororte", kicker="Wohnen",
            lead="Familien ziehen weg.", body="Die Stadt baut zu wenig.",
        ),
        "gehalt": ArticleFactory(
            headline="Frauen in der Bundesliga", kicker="Fußball",
            lead="Das Mediangehalt liegt bei 4000 Euro.", body="Die Vereine wachsen.",
        ),
        "lohn": ArticleFactory(
            headline="Der Mindestlohn steigt", kicker="Arbeit",
            lead="Zum Januar gibt es mehr.", body="Gewerkschaften fordern mehr.",
        ),
    }  # fmt: skip


def headlines(response):
    return [a.headline for a in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [("Miete", "miete"), ("Gehalt", "gehalt"), ("gehalt", "gehalt"), ("Mindestlohn", "lohn")],
)
def test_parts_of_german_compounds_find_the_compound(client, world, query, found):
    response = client.get("/suche/", {"q": query})
    assert headlines(response) == [world[found].headline]


def test_a_typo_gets_a_did_you_mean_link(client, world):
    response = client.get("/suche/", {"q": "Mindeslohn"})
    assert response.status_code == 200
    assert response.context["suggestion"] == "Mindestlohn"
    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="/suche/?q=Mindestlohn"' in html
    assert headlines(client.get("/suche/", {"q": "Mindestlohn"})) == ["Der Mindestlohn steigt"]


def test_a_typo_in_one_word_of_several_keeps_the_others_and_the_filters(client, world):
    response = client.get("/suche/", {"q": "Mindeslohn steigt", "genre": "news"})
    assert response.context["suggestion"] == "Mindestlohn steigt"
    assert 'href="/suche/?q=Mindestlohn+steigt&amp;genre=news"' in response.content.decode()


def test_no_suggestion_when_the_query_finds_enough_or_nothing_fits(client, world):
    assert client.get("/suche/", {"q": "Mindestlohn"}).context["suggestion"] is None
    assert client.get("/suche/", {"q": "Xylophon"}).context["suggestion"] is None


def test_words_of_unpublished_articles_are_never_suggested(client, world):
    ArticleFactory(headline="Der Geheimplan der Koalition", status="draft")
    assert client.get("/suche/", {"q": "Geheimplam"}).context["suggestion"] is None


def test_the_snippet_marks_the_compound(client, world):
    response = client.get("/suche/", {"q": "Gehalt"})
    article = response.context["page_obj"][0]
    assert "<mark>" in article.hl_snippet and "gehalt" in article.hl_snippet.lower()


def test_the_vocabulary_follows_published_articles_and_can_be_rebuilt(world):
    assert SearchWord.objects.filter(word="mindestlohn").exists()
    SearchWord.objects.all().delete()
    assert suggest("Mindeslohn") is None
    search_words_rebuild()
    assert suggest("Mindeslohn") == "Mindestlohn"
    assert not SearchWord.objects.filter(word="der").exists()  # too short to suggest


@on_postgres
def test_the_trigram_extension_and_index_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_searchword_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]


@on_postgres
def test_exact_matches_rank_above_compound_matches(client):
    ArticleFactory(headline="Mietenkrise in Köln", lead="x", body="x")
    ArticleFactory(headline="Die Miete steigt", lead="x", body="x")
    assert headlines(client.get("/suche/", {"q": "Miete"}))[0] == "Die Miete steigt"
