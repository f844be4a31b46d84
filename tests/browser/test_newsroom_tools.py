"""Issue 14 in Chromium: phone header and menu, full grids, print, contrast, preview, paging."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, FrontPageSlot
from articles.services import correction_add
from comments.services import comment_create
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-42"  # tests.factories.UserFactory
PHONE = {"width": 390, "height": 844}
SECTIONS = ["Politik", "Wirtschaft", "Gesellschaft", "Kultur", "Wissen", "Sport", "Reise"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def ago(hours):
    return timezone.now() - timezone.timedelta(hours=hours)


@pytest.fixture
def newsroom():
    """Seven sections; blocks of 3, 2 and 1 teasers below a lead and four top slots."""
    sections = [SectionFactory(name=name, slug=name.lower()) for name in SECTIONS]
    author = AuthorFactory(name="Jonas Petersen")
    hour = 0

    def story(section, **kwargs):
        nonlocal hour
        hour += 1
        return ArticleFactory(
            section=section,
            authors=[author],
            hero_image=ImageFactory(),
            published_at=ago(hour),
            **kwargs,
        )

    top = [story(sections[0], headline=f"Top {n}") for n in range(5)]
    for section, count in zip(sections[1:4], [3, 2, 1], strict=True):
        for n in range(count):
            story(section, headline=f"{section.name} {n}")
    FrontPageSlot.objects.create(position=1, article=top[3])
    return top


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def contrast(a: str, b: str) -> float:
    def luminance(color):
        channels = []
        for value in rgb(color):
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        r, g, b_ = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_phone_header_is_one_row_and_the_menu_opens_without_javascript(
    browser, live_server, newsroom
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/")
    logo = page.locator(".site-logo").first.bounding_box()
    toggle = page.locator(".site-menu__toggle")
    button = toggle.bounding_box()
    assert abs((logo["y"] + logo["height"] / 2) - (button["y"] + button["height"] / 2)) < 12
    assert button["height"] >= 44 and button["x"] + button["width"] <= PHONE["width"]
    login = page.locator(".site-account").get_by_role("link", name="Log in")
    expect(login).to_be_hidden()
    toggle.click()
    expect(login).to_be_visible()
    expect(page.locator(".site-account").get_by_role("link", name="Sign up")).to_be_visible()
    assert login.bounding_box()["height"] >= 44
    context.close()


def test_phone_section_bar_scrolls_and_its_links_are_44px(browser, live_server, newsroom):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    bar = page.locator(".site-sections ul")
    assert bar.evaluate("el => el.scrollWidth > el.clientWidth")
    # The edge shadow that says "more to the right" is a background of the scrolling list.
    assert "linear-gradient" in bar.evaluate("el => getComputedStyle(el).backgroundImage")
    for link in page.locator(".site-sections a").all():
        assert link.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_wide_screens_show_the_account_links_without_a_button(page, live_server, newsroom):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.locator(".site-account").get_by_role("link", name="Log in")).to_be_visible()
    expect(page.locator(".site-dateline")).to_have_text(
        timezone.localtime().strftime("%A, %-d. %B %Y")
    )


@pytest.mark.parametrize("width", [1280, 800])
def test_every_grid_row_on_the_front_page_is_full(browser, live_server, newsroom, width):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto(live_server.url + "/")
    lists = page.locator(".teaser-list")
    assert lists.count() >= 4
    for grid in lists.all():
        box = grid.bounding_box()
        last = grid.locator(":scope > .teaser").last.bounding_box()
        assert abs((last["x"] + last["width"]) - (box["x"] + box["width"])) < 2, grid.inner_text()[
            :80
        ]
    expect(page.locator("article.teaser--lead")).to_contain_text("Top 3")  # the pinned one
    context.close()


def test_a_single_related_article_spans_the_row(page, live_server):
    section = SectionFactory(name="Kultur", slug="kultur")
    article = ArticleFactory(section=section)
    ArticleFactory(section=section, headline="Der einzige Nachbar", hero_image=ImageFactory())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + article.get_absolute_url())
    grid = page.locator(".related .teaser-list")
    teaser = grid.locator(".teaser").bounding_box()
    assert teaser["width"] > grid.bounding_box()["width"] - 2


def test_print_shows_the_article_and_hides_navigation_forms_and_comments(page, live_server):
    article = ArticleFactory(
        hero_image=ImageFactory(credit="dpa"), authors=[AuthorFactory(name="Rita Muster")]
    )
    correction_add(article=article, text="Ein Name war falsch geschrieben.")
    page.goto(live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")
    for hidden in [".site-sections", ".site-menu", ".comments", ".site-footer", ".popular"]:
        expect(page.locator(hidden).first).to_be_hidden()
    for shown in [".article__body", ".article__byline", ".article__hero img", ".credit",
                  ".corrections"]:  # fmt: skip
        expect(page.locator(shown).first).to_be_visible()
    assert page.locator("form:visible").count() == 0


def test_form_fields_and_radio_buttons_have_3_to_1_contrast(page, live_server):
    reader = UserFactory(username="leserin")
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body="Ein Beitrag")
    page.goto(live_server.url + "/accounts/login/")
    paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for name in ["username", "password"]:  # one has the focus, one has not
        field = page.locator(f"input[name={name}]")
        assert contrast(field.evaluate("el => getComputedStyle(el).borderTopColor"), paper) >= 3
    weights = page.locator("main .btn").evaluate_all(
        "els => els.map(el => getComputedStyle(el).fontWeight)"
    )
    assert weights and set(weights) == {"600"}  # one weight for every button
    page.fill("input[name=username]", reader.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("discussion:report", args=[comment.pk]))
    radio = page.locator("input[type=radio]").first
    expect(radio).to_be_visible()
    assert contrast(radio.evaluate("el => getComputedStyle(el).borderTopColor"), paper) >= 3


def test_comment_pages_are_announced_above_and_below(page, live_server, settings):
    settings.COMMENT_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    author = UserFactory()
    for n in range(5):
        comment_create(article=article, author=author, body=f"Beitrag {n}")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator(".comments__page-status")).to_have_count(2)
    expect(page.locator(".comments__page-status").first).to_have_text("Page 1 of 3")
    page.locator(".comments__pages--top").get_by_role("link", name="Page 3").click()
    expect(page.locator(".comments__page-status").last).to_have_text("Page 3 of 3")
    assert page.url.endswith("#comments")
    for action in page.locator(".comment__action:visible").all():  # the "…" menu is shut
        assert action.bounding_box()["height"] >= 44


def _grant_editor_permissions():
    # Transactional tests flush the groups the data migrations made; make them again.
    from importlib import import_module

    from django.apps import apps as global_apps

    import_module("articles.migrations.0002_editor_groups").grant(global_apps, None)
    import_module("articles.migrations.0004_editor_permissions_newsroom_tools").grant(
        global_apps, None
    )


def test_editor_previews_markdown_and_publishing_a_draft_sets_now(page, live_server):
    _grant_editor_permissions()
    editor = UserFactory(username="redakteurin", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=ago(20), headline="Entwurf")
    base = live_server.url
    page.goto(f"{base}/admin/")
    page.fill("input[name=username]", "redakteurin")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/admin/articles/article/{draft.pk}/change/")
    page.fill("#id_body", "## Vorschau-Titel\n\nMit **Fett**.")
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Preview the text").first.click()
    preview = popup_info.value
    expect(preview.get_by_role("heading", name="Vorschau-Titel")).to_be_visible()
    expect(preview.locator(".article__body strong")).to_have_text("Fett")
    preview.close()
    expect(page.locator("#id_body")).to_have_value("## Vorschau-Titel\n\nMit **Fett**.")
    draft.refresh_from_db()
    assert "Vorschau-Titel" not in draft.body  # the preview saved nothing
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    draft.refresh_from_db()
    assert draft.is_published()
    assert timezone.now() - draft.published_at < timezone.timedelta(minutes=2)
    page.goto(f"{base}/admin/articles/article/{draft.pk}/history/")
    page.get_by_role("button", name="Compare the selected versions").click()
    expect(page.locator(".nr-diff ins").first).to_be_visible()
