"""In Chromium: recommend and take back (with and without JS), pick and unpick, each tab,
badges, questions and answers, mute, folded replies and "Load more discussions"."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, AuthorFactory, EditorFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-42"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def world(transactional_db):
    writer = UserFactory(username="autorin", display_name="Petra Autorin")
    article = ArticleFactory(
        headline="Streit um die Rente", authors=[AuthorFactory(user=writer)], questions_open=True
    )
    anna = UserFactory(username="anna", display_name="Anna Kühn")
    bernd = UserFactory(username="bernd", display_name="Bernd Krause")
    editor = EditorFactory(username="redakteur", display_name="Rita Redakteurin")
    first = comment_create(article=article, author=bernd, body="Die Rente ist sicher.")
    second = comment_create(article=article, author=anna, body="Das bezweifle ich.")
    comment_create(article=article, author=writer, body="Dazu eine Ergänzung.", parent=first)
    comment_create(article=article, author=editor, body="Hinweis der Redaktion.")
    return article, writer, anna, bernd, editor, first, second


def log_in(page, base, handle, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", handle)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()


def test_recommend_and_take_back_with_javascript(page, live_server, world):
    article, _w, anna, _b, _e, first, _s = world
    url = article.get_absolute_url()
    log_in(page, live_server.url, "anna", url)
    comment = page.locator(f"#comment-{first.pk}")
    button = comment.get_by_role("button", name="Recommend")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(comment.locator("[data-recommend-count]")).to_have_text("1 recommendation")
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))  # no page load
    assert Comment.objects.get(pk=first.pk).recommendation_count == 1
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(comment.locator("[data-recommend-count]")).to_have_text("")
    assert Comment.objects.get(pk=first.pk).recommendation_count == 0
    # One's own comment has no button.
    own = page.locator(f"#comment-{world[6].pk}")
    expect(own.get_by_role("button", name="Recommend")).to_have_count(0)


def test_recommend_and_take_back_without_javascript(browser, live_server, world, settings):
    # Counts in the shared thread fragment follow within two slots (the documented delay);
    # one-second slots keep the test short.
    settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS = 1
    article, _w, anna, _b, _e, first, _s = world
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    url = article.get_absolute_url() + "?sort=newest"
    log_in(page, live_server.url, "anna", url)
    comment = page.locator(f"#comment-{first.pk}")
    comment.get_by_role("button", name="Recommend").click()
    expect(page).to_have_url(re.compile(re.escape(url) + f"#comment-{first.pk}$"))
    comment = page.locator(f"#comment-{first.pk}")
    expect(comment.get_by_role("button", name="Recommend")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(comment).to_contain_text("1 recommendation")
    comment.get_by_role("button", name="Recommend").click()
    expect(
        page.locator(f"#comment-{first.pk}").get_by_role("button", name="Recommend")
    ).to_have_attribute("aria-pressed", "false")  # the reader's own state: at once
    assert Comment.objects.get(pk=first.pk).recommendation_count == 0
    page.wait_for_timeout(2100)  # two slots later the shared count has followed
    page.reload()
    expect(page.locator(f"#comment-{first.pk} [data-recommend-count]")).to_have_text("")
    context.close()


def test_pick_unpick_and_the_tabs(page, live_server, world):
    article, _w, _a, bernd, _e, first, second = world
    url = article.get_absolute_url()
    log_in(page, live_server.url, "redakteur", url)
    comment = page.locator(f"#comment-{second.pk}")
    comment.locator("summary", has_text="Editors' pick").click()
    comment.get_by_label("Note on the pick (optional)").fill("Gut begründeter Zweifel")
    comment.get_by_role("button", name="Make it an editors' pick").click()
    comment = page.locator(f"#comment-{second.pk}")
    expect(comment.locator(".comment__pick")).to_have_text("Editors' pick")
    expect(comment).to_contain_text("Gut begründeter Zweifel")
    # The tab lists the pick only.
    page.get_by_role("navigation", name="Order and selection of comments").get_by_role(
        "link", name="Editors' picks"
    ).click()
    expect(page.locator(".comment-list--picks > li")).to_have_count(1)
    expect(page.locator(".comment-list--picks")).to_contain_text("Das bezweifle ich.")
    tabs = page.get_by_role("navigation", name="Order and selection of comments")
    expect(tabs.get_by_role("link", name="Editors' picks")).to_have_attribute(
        "aria-current", "page"
    )
    page.locator(f"#comment-{second.pk}").get_by_role(
        "button", name="Remove from editors' picks"
    ).click()
    expect(page.locator(".comments__empty")).to_contain_text("not picked any comments")
    # Each order is a link and marks itself current.
    for name, first_text in (
        ("Newest", "Hinweis der Redaktion."),
        ("Oldest", "Die Rente ist sicher."),
        ("Most recommended", "Die Rente ist sicher."),
    ):
        page.get_by_role("navigation", name="Order and selection of comments").get_by_role(
            "link", name=name, exact=True
        ).click()
        expect(page.locator(".comment-list--threads > li").first).to_contain_text(first_text)


def test_badges_are_announced(page, live_server, world):
    article, writer, *_ = world
    page.goto(live_server.url + article.get_absolute_url())
    author_badge = page.locator(".comment__role--author")
    expect(author_badge).to_have_count(1)
    expect(author_badge).to_contain_text("Author")
    expect(author_badge.locator(".visually-hidden")).to_have_text(
        " (verified: an author of this article)"
    )
    expect(page.locator(".comment__role--editor")).to_contain_text("Editorial team")


def test_questions_and_inline_answers(browser, live_server, world):
    article, writer, anna, *_ = world
    base = live_server.url
    url = article.get_absolute_url() + "?sort=questions"
    reader = browser.new_context(locale="en-US").new_page()
    log_in(reader, base, "anna", url)
    reader.get_by_label("Your question to the authors").fill("Woher stammen die Zahlen?")
    reader.get_by_role("button", name="Ask the question").click()
    question = Comment.objects.get(is_question=True)
    expect(reader.locator(f"#comment-{question.pk}")).to_contain_text("Question")

    author = browser.new_context(locale="en-US").new_page()
    log_in(author, base, "autorin", url)
    queue = author.locator(".question-queue")
    expect(queue).to_contain_text("1 unanswered question for you")
    queue.get_by_label("Your answer").fill("Vom Statistischen Bundesamt.")
    queue.get_by_role("button", name="Send answer").click()
    expect(author.locator(".question-queue")).to_have_count(0)
    thread = author.locator(f"#comment-{question.pk}")
    expect(thread.locator(".comment__answered")).to_have_text("Answered")
    expect(author.locator(".comment__role--author").first).to_be_visible()
    author.get_by_role("link", name="Answered questions first").click()
    expect(author.locator(".comment-list--threads > li").first).to_contain_text("Woher")


def test_mute_collapses_for_the_reader_only(page, live_server, world):
    article, _w, anna, bernd, _e, first, _s = world
    base = live_server.url
    log_in(page, base, "anna", f"/accounts/profil/{bernd.username}/")
    page.get_by_role("button", name="Mute this reader").click()
    page.goto(base + article.get_absolute_url())
    muted = page.locator(f"#comment-{first.pk} details.comment__muted")
    expect(muted.locator("summary")).to_have_text("Comment by a muted person")
    expect(page.locator(f"#comment-{first.pk} .comment__body")).not_to_be_visible()
    muted.locator("summary").click()
    expect(page.locator(f"#comment-{first.pk} .comment__body")).to_be_visible()
    page.goto(base + "/accounts/einstellungen/")
    expect(page.locator(".account-mutes")).to_contain_text("Bernd Krause")


def test_folded_replies_and_load_more(page, live_server, settings, transactional_db):
    settings.COMMENT_THREADS_PER_PAGE = 2
    settings.COMMENT_REPLIES_SHOWN = 1
    article = ArticleFactory()
    people = [UserFactory() for _ in range(3)]
    roots = [comment_create(article=article, author=people[0], body=f"Faden {n}") for n in range(5)]
    for n in range(3):
        comment_create(article=article, author=people[1], body=f"Antwort {n}", parent=roots[0])
    page.goto(live_server.url + article.get_absolute_url())
    thread = page.locator(".comment-list--threads > li").first
    expect(thread.locator(".comment-thread__count")).to_have_text("3 replies")
    expect(thread.get_by_text("Antwort 2")).not_to_be_visible()
    thread.locator("summary", has_text="Show 2 more replies").click()
    expect(thread.get_by_text("Antwort 2")).to_be_visible()
    expect(page.locator(".comment-list--threads > li")).to_have_count(2)
    page.get_by_role("link", name="Load more discussions").click()
    expect(page.locator(".comment-list--threads > li")).to_have_count(4)
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    page.get_by_role("link", name="Load more discussions").click()
    expect(page.locator(".comment-list--threads > li")).to_have_count(5)
    expect(page.get_by_role("link", name="Load more discussions")).to_have_count(0)
