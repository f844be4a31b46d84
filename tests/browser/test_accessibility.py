"""axe-core on the reader pages: no violation of serious or critical impact."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import SupportBox
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def newsroom():
    politik = SectionFactory(name="Politik", slug="politik")
    tag = TagFactory(name="Haushalt")
    author = AuthorFactory(name="Jonas Petersen", photo=ImageFactory(alt_text="Jonas Petersen"))
    SupportBox.objects.create(title="Unterstützen Sie uns", text="Mit fünf Euro im Monat.",
                              link_url="/", link_label="Jetzt unterstützen")  # fmt: skip
    articles = [
        ArticleFactory(
            section=politik,
            tags=[tag],
            authors=[author],
            genre=genre,
            hero_image=ImageFactory(alt_text=f"Bild {n}"),
            body="Absatz.\n\n## Zwischentitel\n\n> Ein Zitat.\n\n- eins\n- zwei",
        )  # fmt: skip
        for n, genre in enumerate(["news", "commentary", "interview", "report", "review"])
    ]
    return articles


@pytest.mark.parametrize("locale", ["de-DE", "en-US"])
def test_home_and_article_pages_have_no_serious_violations(browser, live_server, newsroom, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    author_url = newsroom[0].bylines.get().author.get_absolute_url()
    urls = ["/", newsroom[1].get_absolute_url(), "/ressort/politik/", author_url, "/artikel/x/"]
    for url in urls:
        page.goto(live_server.url + url)
        assert blocking_violations(page) == [], url
    context.close()


def test_small_screen_article_has_no_serious_violations(browser, live_server, newsroom):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + newsroom[0].get_absolute_url())
    assert blocking_violations(page) == []
    context.close()
