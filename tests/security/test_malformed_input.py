"""NUL bytes, control characters and out-of-range dates answer 4xx, never 500 (issue 22)."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client():
    client = Client(raise_request_exception=False)
    client.force_login(ModeratorFactory())
    return client


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


NUL_PATHS = [
    "/accounts/profil/sissi%00kate/",
    "/accounts/stummschalten/sissi%00/",
    "/comments/notices/N-1%00/",
    "/comments/statements/S-1%00/",
    "/ressort/politik%00/",
    "/artikel/a%00b/",
    "/suche/%00/",
]
CONTROL_PATHS = ["/accounts/profil/sissi%01kate/", "/comments/statements/%7F/",
                 "/accounts/profil/a%C2%85b/"]  # fmt: skip


@pytest.mark.parametrize("path", NUL_PATHS + CONTROL_PATHS)
def test_nul_and_control_characters_in_the_path_answer_4xx(anonymous, path):
    UserFactory(username="sissi_kate")
    response = anonymous.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/moderation/?section=a%00b",
        "/moderation/reported/?section=%00",
        "/moderation/desk/?section=%00",
        "/moderation/articles/?q=a%00b",
        "/moderation/articles/?q=%01",
    ],
)
def test_nul_in_the_moderators_filters_answers_400(moderator_client, url):
    response = moderator_client.get(url)
    assert response.status_code == 400, url
    assert b"control character" in response.content.lower()


@pytest.mark.parametrize(
    "url", ["/suche/?q=a%00b", "/?page=%00", "/suche/?q%00=x", "/accounts/login/?next=/%00"]
)
def test_nul_in_any_query_answers_400_with_a_clear_message(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 400
    assert b"control character" in response.content.lower()
    assert (
        "no-store" in response.get("Cache-Control", "")
        or "private" in response.get("Cache-Control", "")
        or "max-age=0" in response.get("Cache-Control", "")
    )


def test_ordinary_text_with_umlauts_and_spaces_still_works(anonymous):
    assert anonymous.get("/suche/?q=M%C3%BCller+%26+S%C3%B6hne").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "date_to=9999-12-31",
        "date_from=9999-12-31",
        "date_from=0001-01-01&date_to=9999-12-31",
        "date_to=0001-01-01",
    ],
)
def test_search_dates_at_the_ends_of_the_calendar_are_a_form_error(anonymous, query):
    ArticleFactory()
    response = anonymous.get(f"/suche/?{query}")
    assert response.status_code == 400, query
    assert response.context["form"].errors
