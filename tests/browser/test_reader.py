"""A reader in Chromium: front page, an article with its picture and author box."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, TagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def image_loaded(locator) -> bool:
    return locator.evaluate("img => img.complete && img.naturalWidth > 0")


def test_reader_opens_an_article_from_the_front_page(page, live_server):
    author = AuthorFactory(
        name="Katrin Albers",
        role="Foreign editor (Asia)",
        bio="Reports on East Asia.",
        photo=ImageFactory(alt_text="Katrin Albers"),
    )
    tag = TagFactory(name="Taiwan")
    article = ArticleFactory(
        kicker="Election in Taiwan",
        headline="Democracy in Taipei is stronger than Beijing thinks",
        genre="commentary",
        authors=[author],
        tags=[tag],
        hero_image=ImageFactory(alt_text="Voters queue at a polling station",
                                caption="A polling station in Taipei", credit="kcna/yna/dpa"),
    )  # fmt: skip
    ArticleFactory(headline="An older story", tags=[tag], hero_image=ImageFactory())

    page.goto(live_server.url + "/")
    teaser = page.locator("article.teaser").filter(has_text=article.headline)
    expect(teaser).to_be_visible()
    expect(teaser.locator(".kicker")).to_have_text("Election in Taiwan")
    assert image_loaded(page.locator("article.teaser--lead img"))

    teaser.get_by_role("link", name=article.headline).click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    expect(page.locator(".article__byline")).to_contain_text("Commentary by Katrin Albers")

    hero = page.locator(".article__hero img")
    expect(hero).to_be_visible()
    expect(hero).to_have_attribute("alt", "Voters queue at a polling station")
    assert image_loaded(hero)
    assert hero.evaluate("img => img.currentSrc").endswith(".webp")
    expect(page.locator(".article__hero figcaption")).to_contain_text("kcna/yna/dpa")

    box = page.get_by_role("complementary", name="About the author")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Foreign editor (Asia)")
    expect(box).to_contain_text("Reports on East Asia.")
    assert image_loaded(box.locator("img"))

    expect(page.get_by_role("heading", name="More on this topic")).to_be_visible()
    box.get_by_role("link", name="Katrin Albers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Katrin Albers")
    expect(page.locator("article.teaser")).to_have_count(1)


def test_small_screen_has_no_horizontal_scrolling(page, live_server):
    ArticleFactory(hero_image=ImageFactory(), headline="Donaudampfschifffahrtsgesellschaftskapitän")
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ("/", ArticleFactory(hero_image=ImageFactory()).get_absolute_url()):
        page.goto(live_server.url + url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px"
