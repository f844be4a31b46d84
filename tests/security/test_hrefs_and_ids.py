"""URL fields that end up in an href, and ids out of range (issue 10, finding 13)."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import SupportBox
from newsroom.converters import parse_id
from newsroom.validators import is_safe_href
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

BAD = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "/\\evil.example",
    "ftp://files.example/",
    "mailto:x@example.org",
    "",
]
GOOD = ["https://newsroom.example/unterstuetzen", "http://example.org/a?b=c#d", "/abo/"]


@pytest.mark.parametrize("value", BAD)
def test_unsafe_hrefs_are_refused(value):
    assert not is_safe_href(value)
    box = SupportBox(title="Unterstützen", text="Bitte", link_url=value, link_label="Jetzt")
    with pytest.raises(ValidationError):
        box.full_clean()


@pytest.mark.parametrize("value", GOOD)
def test_http_links_and_own_paths_are_fine(value):
    SupportBox(title="U", text="T", link_url=value, link_label="L").full_clean()


def test_the_support_box_admin_refuses_javascript(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/articles/supportbox/add/",
        {
            "title": "Unterstützen",
            "text": "Bitte",
            "link_url": "javascript:alert(document.cookie)",
            "link_label": "Jetzt",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert not SupportBox.objects.exists()


def test_a_stored_javascript_link_is_not_rendered(client):
    SupportBox.objects.create(
        title="Alt", text="Vor der Prüfung", link_url="javascript:alert(1)", link_label="Klick"
    )
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert "Vor der Prüfung" in html


@pytest.mark.parametrize("field", ["website", "social_url"])
def test_author_links_accept_only_http(field):
    author = AuthorFactory.build(**{field: "ftp://files.example/cv.pdf"})
    with pytest.raises(ValidationError) as caught:
        author.full_clean(exclude=["photo", "user"])
    assert field in caught.value.message_dict
    AuthorFactory.build(**{field: "https://example.org/"}).full_clean(exclude=["photo", "user"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), ("0", None), ("-3", None), ("9223372036854775808", None),
     ("99999999999999999999999", None), ("1e3", None), ("abc", None), (None, None)],
)  # fmt: skip
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected
