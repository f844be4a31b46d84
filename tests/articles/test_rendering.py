import pytest

from articles.rendering import render_markdown
from tests.factories import ArticleFactory


def test_markdown_becomes_html():
    html = render_markdown(
        "## Zwischenzeile\n\nEin **fetter** Satz mit [Link](https://example.org)."
    )
    assert "<h2>Zwischenzeile</h2>" in html
    assert "<strong>fetter</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">Link</a>' in html


@pytest.mark.parametrize(
    "source",
    [
        "Hallo <script>alert('x')</script> Welt",
        "<img src=x onerror=alert(1)>",
        "[klick](javascript:alert(1))",
        '<a href="javascript:alert(1)">klick</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    ],
)
def test_dangerous_markup_is_removed(source):
    html = render_markdown(source)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "<iframe" not in lowered and "style=" not in lowered


@pytest.mark.django_db
def test_body_html_is_rendered_once_on_save():
    article = ArticleFactory(body="Text mit <script>alert(1)</script> und *Kursiv*.")
    assert "<em>Kursiv</em>" in article.body_html
    assert "<script" not in article.body_html
    article.body = "Neu."
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p>Neu.</p>"
