"""Every refused or failed post comes back in Chromium with the reader's text, at its form.

One test per path of issue 24: closed meanwhile, too long (no silent cut), rate limited,
banned word, sanction, the 503 page during an outage and an expired session; plus the
confirmation after posting, the counter below the textarea and the phone layout of a thread.
"""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-42"  # the factory's password
TEXT = "Ich widerspreche: die Zahlen im dritten Absatz stimmen so nicht, über Bahn und Bund."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def scene(transactional_db):
    article = ArticleFactory(headline="Streit um den Haushalt")
    anna = UserFactory(username="anna", display_name="Anna Kühn")
    bernd = UserFactory(username="bernd", display_name="Bernd Krause")
    first = comment_create(article=article, author=bernd, body="Der Haushalt ist solide.")
    return article, anna, first


def reader_page(browser, live_server, user, **context):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(locale="en-US", **context)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx.new_page()


def write(page, text=TEXT, form="#comment-form"):
    page.locator(f"{form} textarea[name=body]").fill(text)


def send(page, form="#comment-form"):
    page.locator(form).locator("[type=submit]").first.click()


def test_closed_meanwhile_gives_the_text_back_read_only_with_a_copy_button(
    browser, live_server, scene
):
    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page)
    Article.objects.filter(pk=article.pk).update(comments_open=False)  # a moderator closes it
    send(page)
    kept = page.locator(".comment-form__kept")
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("closed")
    expect(kept.locator("textarea")).to_have_value(TEXT)
    expect(kept.locator("textarea")).to_have_attribute("readonly", "")
    assert page.url.endswith("#comment-form")
    kept.get_by_role("button", name="Copy text").click()
    expect(kept.get_by_role("button", name="Copy text")).to_be_visible()


def test_a_pasted_long_text_is_never_cut_the_counter_warns_and_the_server_keeps_it(
    browser, live_server, scene, settings
):
    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    long_text = ("Ein sehr langer Kommentar über Bahn und Bund. " * 500).strip()  # ~23,000
    write(page, long_text)
    textarea = page.locator("#comment-form textarea[name=body]")
    expect(textarea).to_have_value(long_text)  # no maxlength: nothing cut in the browser
    counter = page.locator("#comment-form .comment-form__counter")
    expect(counter).to_have_class(re.compile("comment-form__counter--over"))
    expect(counter).to_contain_text("too many")
    expect(page.locator("#comment-form .comment-form__excess mark")).to_be_visible()
    send(page)
    expect(page.locator("#comment-form textarea[name=body]")).to_have_value(long_text)
    expect(page.locator("#comment-form")).to_contain_text("at most 3000")
    assert not Comment.objects.filter(author=anna).exists()


def test_near_the_limit_the_counter_warns_and_it_sits_below_the_border(browser, live_server, scene):
    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page, "x" * 2800)
    counter = page.locator("#comment-form .comment-form__counter")
    expect(counter).to_have_class(re.compile("comment-form__counter--near"))
    gap = page.evaluate(
        """() => {
          const area = document.querySelector('#comment-form textarea[name=body]');
          const counter = document.querySelector('#comment-form .comment-form__counter');
          return counter.getBoundingClientRect().top - area.getBoundingClientRect().bottom;
        }"""
    )
    assert gap >= 0, f"the counter overlaps the textarea's border by {-gap}px"


def test_rate_limited_keeps_the_text(browser, live_server, scene, settings):
    article, anna, _first = scene
    settings.RATE_LIMIT_OVERRIDES = {"comment-post-user": "1/60"}
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page, "Erster Beitrag.")
    send(page)
    page.goto(live_server.url + article.get_absolute_url())
    write(page)
    send(page)
    expect(page.locator("#comment-form textarea[name=body]")).to_have_value(TEXT)
    expect(page.locator("#comment-form")).to_contain_text("faster than we allow")
    assert page.url.endswith("#comment-form")


def test_a_banned_word_keeps_the_text(browser, live_server, scene):
    from comments.moderation.models import WordRule

    article, anna, _first = scene
    WordRule.objects.create(phrase="Spinner", kind=WordRule.Kind.BLOCK)
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page, "Du Spinner. " + TEXT)
    send(page)
    expect(page.locator("#comment-form textarea[name=body]")).to_have_value("Du Spinner. " + TEXT)
    expect(page.locator("#comment-form")).to_contain_text("do not allow")


def test_a_sanction_while_typing_gives_the_text_back(browser, live_server, scene):
    from comments.moderation.services import user_suspend

    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page)
    user_suspend(user=anna, moderator=ModeratorFactory(),
                 until=timezone.now() + timedelta(days=1), reason="Beleidigungen")  # fmt: skip
    send(page)
    kept = page.locator(".comment-form__kept")
    expect(kept.locator("textarea")).to_have_value(TEXT)
    expect(kept).to_contain_text("suspended")


def test_the_outage_page_keeps_the_text_and_sends_it_again(browser, live_server, scene):
    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page)
    down = OperationalError("connection refused: is the server running?")
    with mock.patch("comments.views.comment_create", side_effect=down):
        send(page)
        expect(page.get_by_role("heading", name="We'll be right back")).to_be_visible()
        expect(page.locator(".outage textarea")).to_have_value(TEXT)
    page.get_by_role("button", name="Send again").click()
    mine = Comment.objects.get(author=anna)
    assert mine.body == TEXT
    expect(page).to_have_url(re.compile(f"#comment-{mine.pk}$"))


def test_an_expired_session_keeps_the_text_through_the_login(browser, live_server, scene):
    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page)
    page.context.clear_cookies(name="sessionid")  # the session ran out while typing
    send(page)
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator("#comment-form textarea[name=body]")).to_have_value(TEXT)
    send(page)
    expect(page.locator(".messages")).to_contain_text("Your comment is published")
    assert Comment.objects.get(author=anna).body == TEXT


def test_after_posting_a_confirmation_links_to_the_comment(browser, live_server, scene):
    article, anna, _first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page)
    send(page)
    status = page.get_by_role("status")
    expect(status).to_contain_text("Your comment is published")
    mine = Comment.objects.get(author=anna)
    expect(status.get_by_role("link")).to_have_attribute("href", f"#comment-{mine.pk}")


def test_a_reply_form_opened_before_keeps_its_new_text(browser, live_server, scene):
    """The token is for retries of the same text: new text with an old token is a new comment."""
    article, anna, first = scene
    page = reader_page(browser, live_server, anna)
    page.goto(live_server.url + article.get_absolute_url())
    write(page, "Erster Text.")
    # The post and its redirect must have landed before going back: a go_back racing the
    # navigation hits a frame Chromium is swapping ("Not attached to an active page", CI).
    with page.expect_navigation():
        send(page)
    page.go_back()  # the browser restores the form that was sent, with its token
    write(page, "Ein zweiter, neuer Text.")
    send(page)
    assert sorted(Comment.objects.filter(author=anna).values_list("body", flat=True)) == [
        "Ein zweiter, neuer Text.", "Erster Text.",
    ]  # fmt: skip


def test_on_a_phone_the_actions_fit_one_row_and_the_rare_ones_are_in_a_menu(
    browser, live_server, scene
):
    article, anna, first = scene
    page = reader_page(browser, live_server, anna, viewport={"width": 390, "height": 844})
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    comment = page.locator(f"#comment-{first.pk}")
    actions = comment.locator(".comment__actions").first
    tops = set(
        actions.evaluate(
            """(row) => [...row.children].filter((n) => n.offsetParent !== null)
                 .map((n) => Math.round(n.getBoundingClientRect().top))"""
        )
    )
    assert len(tops) == 1, f"the actions wrap into {len(tops)} rows"
    menu = actions.locator("details.comment__more")
    expect(menu.locator("summary")).to_have_attribute("aria-label", re.compile("More"))
    expect(menu.get_by_role("link", name="Report", exact=True)).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Report", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name=re.compile("illegal", re.I))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_more_menu_works_without_javascript(browser, live_server, scene):
    article, anna, first = scene
    page = reader_page(
        browser,
        live_server,
        anna,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    page.goto(live_server.url + article.get_absolute_url())
    menu = page.locator(f"#comment-{first.pk} details.comment__more")
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Report", exact=True)).to_be_visible()
