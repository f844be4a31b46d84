"""Readers discuss an article in Chromium: post, reply, mention, edit, delete; also without JS."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Notification
from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-42"  # the factory's password


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def discussion(transactional_db):
    article = ArticleFactory(headline="Streit um den Haushalt")
    anna = UserFactory(username="anna", display_name="Anna Kühn")
    bernd = UserFactory(username="bernd", display_name="Bernd Krause")
    first = comment_create(article=article, author=bernd, body="Der Haushalt ist solide.")
    return article, anna, bernd, first


def log_in(page, base, handle, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", handle)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()


def test_post_reply_mention_edit_delete(page, live_server, discussion):
    article, anna, bernd, first = discussion
    base = live_server.url
    url = article.get_absolute_url()

    # Anonymous readers see the thread and a login link that returns to it.
    page.goto(base + url)
    expect(page.locator(f"#comment-{first.pk}")).to_contain_text("Der Haushalt ist solide.")
    page.get_by_role("link", name="Log in to comment").click()
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "#comments$"))

    # An empty comment is refused with a message, never a 500.
    compose = page.locator("#comment-form")
    compose.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment-form__errors, .invalid-feedback").first).to_contain_text(
        "Please write something"
    )

    # A new top-level comment with a mention; the reader lands on it.
    page.locator("#comment-form textarea[name=body]").fill("Ich frage @BERND: woher die Zahlen?")
    expect(page.locator("#comment-form .comment-form__counter")).to_contain_text("of 3000")
    page.locator("#comment-form").get_by_role("button", name="Post comment").click()
    mine = Comment.objects.get(author=anna, parent=None)
    expect(page).to_have_url(re.compile(f"#comment-{mine.pk}$"))
    mention = page.locator(f"#comment-{mine.pk} a.mention")
    expect(mention).to_have_text("@bernd")
    expect(mention).to_have_attribute("href", f"/accounts/leser/{bernd.pk}/")  # by id
    assert Notification.objects.filter(recipient=bernd, kind="mention", comment_id=mine.pk).exists()

    # Reply with JavaScript: the form opens inline, without navigation, with a counter.
    before = page.url
    page.locator(f"#comment-{first.pk} .comment__reply").click()
    reply_form = page.locator(f"#comment-{first.pk} #reply-form")
    expect(reply_form).to_be_visible()
    assert page.url == before
    reply_form.locator("textarea").fill("Aus dem Bericht des Rechnungshofs.")
    expect(reply_form.locator(".comment-form__counter")).to_contain_text("34 of 3000")
    reply_form.get_by_role("button", name="Post comment").click()
    reply = Comment.objects.get(author=anna, parent=first)
    expect(page).to_have_url(re.compile(f"#comment-{reply.pk}$"))
    nested = page.locator(f".comment-thread:has(#comment-{first.pk}) .comment-list--replies")
    expect(nested.locator(f"#comment-{reply.pk}")).to_contain_text("@Bernd Krause:")
    assert Notification.objects.filter(recipient=bernd, kind="reply", comment_id=reply.pk).exists()

    # Edit within the window: the text changes and is marked as edited.
    page.locator(f"#comment-{reply.pk}").get_by_role("link", name="Edit").click()
    page.locator("textarea[name=body]").fill("Aus dem Bericht des Bundesrechnungshofs.")
    page.get_by_role("button", name="Save changes").click()
    edited = page.locator(f"#comment-{reply.pk}")
    expect(edited).to_contain_text("Bundesrechnungshofs")
    expect(edited.locator(".comment__edited")).to_have_text("edited")

    # Delete: a comment without replies disappears; the data stays.
    page.locator(f"#comment-{reply.pk}").get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete comment").click()
    expect(page.locator(f"#comment-{reply.pk}")).to_have_count(0)
    reply.refresh_from_db()
    assert reply.status == Comment.Status.DELETED

    # A deleted comment with replies stays as a placeholder so the replies keep their place.
    comment_create(article=article, author=bernd, body="Aus dem Etat.", parent=mine)
    page.goto(base + mine.get_absolute_url())
    page.locator(f"#comment-{mine.pk}").get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete comment").click()
    expect(page.locator(f"#comment-{mine.pk}")).to_contain_text("deleted by the author")
    expect(page.get_by_text("Aus dem Etat.")).to_be_visible()


def test_reply_without_javascript(browser, live_server, discussion):
    article, anna, bernd, first = discussion
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    try:
        base = live_server.url
        log_in(page, base, "anna", article.get_absolute_url())
        page.locator(f"#comment-{first.pk} .comment__reply").click()
        expect(page).to_have_url(re.compile(rf"reply_to={first.pk}#reply-form$"))
        form = page.locator(f"#comment-{first.pk} #reply-form")
        expect(form).to_be_visible()
        # An error re-renders the reply form under the same comment, with a message.
        form.locator("textarea").fill("   ")
        form.get_by_role("button", name="Post comment").click()
        form = page.locator(f"#comment-{first.pk} #reply-form")
        expect(form).to_be_visible()
        expect(page.locator(".invalid-feedback, .comment-form__errors").first).to_contain_text(
            "Please write something"
        )
        form.locator("textarea").fill("Ohne JavaScript geantwortet.")
        form.get_by_role("button", name="Post comment").click()
        reply = Comment.objects.get(parent=first, author=anna)
        expect(page).to_have_url(re.compile(f"#comment-{reply.pk}$"))
        expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("Ohne JavaScript geantwortet.")
        expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("@Bernd Krause:")
    finally:
        context.close()


def test_permalink_highlights_comment_on_later_page(page, live_server, discussion, settings):
    article, anna, bernd, first = discussion
    settings.COMMENT_THREADS_PER_PAGE = 2
    later = [comment_create(article=article, author=anna, body=f"Thread {n}") for n in range(4)]
    page.goto(live_server.url + later[-1].get_absolute_url())
    expect(page).to_have_url(re.compile(rf"\?page=3#comment-{later[-1].pk}$"))
    target = page.locator(f"#comment-{later[-1].pk}")
    expect(target).to_be_in_viewport()
    assert target.evaluate("el => el.matches(':target')")
