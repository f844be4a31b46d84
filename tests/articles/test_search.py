"""Search: the same behaviour on SQLite (plain matching) and PostgreSQL (full text)."""

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import highlight_words, marked
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


@pytest.fixture
def world():
    politik = SectionFactory(slug="politik", name="Politik")
    sport = SectionFactory(slug="sport", name="Sport")
    now = timezone.now()
    return {
        "bahn": ArticleFactory(
            headline="Bahnstreik legt den Fernverkehr lahm", kicker="Verkehr",
            lead="Die Gewerkschaft ruft zum Streik auf.", body="Reisende warten.",
            section=politik, genre="news", published_at=now - timezone.timedelta(days=1),
        ),
        "sport": ArticleFactory(
            headline="Pokalfinale in Berlin", kicker="Fußball", lead="Ein Abend voller Tore.",
            body="Auch die Bahn setzte Sonderzüge ein.", section=sport, genre="report",
            published_at=now - timezone.timedelta(days=20),
        ),
        "draft": ArticleFactory(headline="Bahn Entwurf", status=Article.Status.DRAFT),
        "scheduled": ArticleFactory(
            headline="Bahn morgen", published_at=now + timezone.timedelta(days=1)
        ),
    }  # fmt: skip


def headlines(response):
    return [a.headline for a in response.context["page_obj"]]


def test_search_finds_published_articles_only_and_keeps_the_query(client, world):
    response = client.get("/suche/", {"q": "Bahn"})
    assert response.status_code == 200
    found = headlines(response)
    assert "Pokalfinale in Berlin" in found
    assert "Bahn Entwurf" not in found and "Bahn morgen" not in found
    assert 'value="Bahn"' in response.content.decode()  # page form and header box


def test_filters_by_section_genre_and_date(client, world):
    assert headlines(client.get("/suche/", {"q": "Bahn", "section": "sport"})) == [
        "Pokalfinale in Berlin"
    ]
    assert headlines(client.get("/suche/", {"q": "Bahn", "genre": "report"})) == [
        "Pokalfinale in Berlin"
    ]
    since = (timezone.now() - timezone.timedelta(days=5)).date().isoformat()
    found = headlines(client.get("/suche/", {"q": "Streik", "date_from": since}))
    assert found == ["Bahnstreik legt den Fernverkehr lahm"]
    assert headlines(client.get("/suche/", {"section": "sport"})) == ["Pokalfinale in Berlin"]


def test_pagination_keeps_query_and_filters(client):
    section = SectionFactory(slug="wirtschaft")
    for i in range(13):
        ArticleFactory(headline=f"Inflation Teil {i}", section=section)
    response = client.get("/suche/", {"q": "Inflation", "section": "wirtschaft"})
    assert response.context["page_obj"].paginator.count == 13
    html = response.content.decode()
    assert "?page=2&amp;q=Inflation&amp;section=wirtschaft" in html
    second = client.get("/suche/", {"q": "Inflation", "section": "wirtschaft", "page": 2})
    assert len(second.context["page_obj"]) == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "'; DROP TABLE articles_article; --",
        '" OR 1=1 --',
        "!!! ((( &&& |||",
        "<script>alert(1)</script>",
        "der die das",  # German stop words only
        "a:* & !b | (c <-> d)",
        "ä" * 200,
        "-",
        '"',
        "\\",
        "%_%",
    ],
)
def test_odd_queries_get_a_friendly_page(client, world, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("query", ["x" * 201, "Bahn\x00"])
def test_overlong_and_null_queries_are_refused_with_a_message(client, world, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 400
    if "\x00" in query:  # refused for every URL before any view (newsroom.middleware)
        assert b"control character" in response.content
    else:
        assert response.context["form"].errors["q"]


def test_bad_filters_are_refused_with_a_message(client, world):
    response = client.get("/suche/", {"q": "Bahn", "date_from": "2026-13-45", "genre": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"date_from", "genre"}
    response = client.get("/suche/", {"q": "Bahn", "date_from": "2026-05-02",
                                      "date_to": "2026-05-01"})  # fmt: skip
    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors


def test_empty_search_page_explains_instead_of_listing(client):
    response = client.get("/suche/")
    assert response.status_code == 200
    assert "page_obj" not in response.context
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_highlighting_escapes_article_text(client):
    ArticleFactory(headline="Bahn <img src=x onerror=alert(1)>", lead="<b>Bahn</b> & Co")
    html = client.get("/suche/", {"q": "Bahn"}).content.decode()
    assert "<img src=x" not in html and "<b>Bahn</b>" not in html
    assert "<mark>" in html


def test_marked_only_turns_sentinel_pairs_into_marks():
    assert marked("\ue000<i>\ue001 \ue000") == "<mark>&lt;i&gt;</mark> "
    assert highlight_words("Die Bahn & <x>", ["bahn"]) == "Die <mark>Bahn</mark> &amp; &lt;x&gt;"


def test_the_header_has_a_real_search_form(client):
    html = client.get("/").content.decode()
    assert '<form class="site-search" role="search" method="get" action="/suche/">' in html
    assert 'name="q"' in html


@on_postgres
def test_ranking_puts_headline_above_kicker_above_lead_above_body(client):
    section = SectionFactory()
    ArticleFactory(headline="Eins", kicker="", lead="Nichts.", body="Die Windkraft wächst.",
                   section=section)  # fmt: skip
    ArticleFactory(headline="Zwei", kicker="", lead="Die Windkraft wächst.", body="x",
                   section=section)  # fmt: skip
    ArticleFactory(headline="Drei", kicker="Windkraft", lead="Nichts.", body="x",
                   section=section)  # fmt: skip
    ArticleFactory(headline="Windkraft wächst", kicker="", lead="Nichts.", body="x",
                   section=section)  # fmt: skip
    response = client.get("/suche/", {"q": "Windkraft"})
    assert headlines(response) == ["Windkraft wächst", "Drei", "Zwei", "Eins"]


@on_postgres
def test_german_stemming_and_websearch_syntax(client):
    ArticleFactory(headline="Die Häuser der Stadt", lead="Mieten steigen.")
    ArticleFactory(headline="Ein Haus am See", lead="Ruhig.")
    found = headlines(client.get("/suche/", {"q": "Häuser"}))
    assert set(found) == {"Die Häuser der Stadt", "Ein Haus am See"}
    found = headlines(client.get("/suche/", {"q": "Haus -See"}))
    assert found == ["Die Häuser der Stadt"]
    found = headlines(client.get("/suche/", {"q": '"Haus am See"'}))
    assert found == ["Ein Haus am See"]


@on_postgres
def test_the_vector_follows_saves_and_updates():
    article = ArticleFactory(headline="Alpha", body="Beta")
    matches = Article.objects.filter(search_vector="gamma")
    assert not matches.exists()
    article.body = "Gamma"
    article.save()
    assert matches.exists()
    Article.objects.filter(pk=article.pk).update(headline="Delta")
    assert Article.objects.filter(search_vector="delta").exists()


@on_postgres
def test_a_result_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    section = SectionFactory()
    for i in range(25):
        ArticleFactory(headline=f"Energie {i}", section=section)
    client.get("/suche/", {"q": "Energie"})  # warm the navigation cache
    # 9 on PostgreSQL: one more per query word, which looks up its compounds (SearchWord).
    with django_assert_max_num_queries(9):
        response = client.get("/suche/", {"q": "Energie"})
    assert len(response.context["page_obj"]) == 10
