"""The DSA chain in Chromium: an anonymous notice, a hide with a statement of reasons, the
author's complaint from the inbox, and its reversal by a second moderator."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from comments.moderation.models import Appeal, Notice, Statement
from tests.browser.test_moderation import logged_in_page
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def test_notice_hide_with_statement_appeal_and_reversal_by_a_second_moderator(
    page, browser, live_server
):
    article = ArticleFactory(headline="Debatte um das Bürgergeld")
    comment = make_comment(article=article, body="Alle Empfänger sind Schmarotzer, du Idiot.")
    url = f"{live_server.url}{article.get_absolute_url()}"

    # 1. An anonymous reader sends a notice of illegal content.
    page.goto(url)
    page.locator(f"#comment-{comment.pk} details.comment__more summary").click()  # the "…" menu
    page.locator(f"#comment-{comment.pk}").get_by_role(
        "link", name="Report illegal content"
    ).click()
    expect(page.get_by_label("Exact location of the content")).to_have_value(
        re.compile(rf"/comments/{comment.pk}/$")
    )
    page.get_by_label("Which law does the content break?").select_option(label="§ 185 StGB: insult")
    page.get_by_label("Why is the content illegal?").fill("Der Kommentar beschimpft Leser.")
    page.get_by_label("Your name").fill("Nora Notifier")
    page.get_by_label("Your e-mail address").fill("nora@example.org")
    page.get_by_label(re.compile("I am convinced in good faith")).check()
    page.get_by_role("button", name="Send notice").click()
    notice = Notice.objects.get()
    expect(page.locator(".dsa-reference")).to_have_text(notice.reference)

    # 2. The first moderator decides it from the notice queue: hide, with a statement.
    first = logged_in_page(browser, live_server, ModeratorFactory(display_name="Erste Moderatorin"))
    first.goto(f"{live_server.url}/moderation/notices/")
    item = first.locator(f"#notice-{notice.pk}")
    expect(item).to_contain_text("waiting")
    item.get_by_label("Illegal: hide the comment").check()
    # The facts are the moderator's own words, from a template here (issue 22).
    item.get_by_label("Facts: template").select_option(index=1)
    item.get_by_label("Reasons of the decision (sent to the notifier)").fill("Beleidigung.")
    item.get_by_role("button", name="Decide").click()
    expect(first.locator(".messages")).to_contain_text(f"Notice {notice.reference} decided.")
    statement = Statement.objects.get()

    # 3. The author finds the statement in the inbox and complains.
    author = logged_in_page(browser, live_server, comment.author)
    author.goto(f"{live_server.url}/accounts/benachrichtigungen/")
    expect(author.locator(".inbox")).to_contain_text(statement.reference)
    author.get_by_role("link", name=re.compile("^Open")).first.click()
    expect(author.locator("h1")).to_contain_text(statement.reference)
    expect(author.locator(".dsa-facts")).to_contain_text("§ 185 StGB")
    expect(author.locator(".dsa-redress")).to_contain_text("six months")
    author.get_by_label("Why is the decision wrong?").fill("Das war überspitzt, aber erlaubt.")
    author.get_by_role("button", name="Send complaint").click()
    expect(author.locator(".messages")).to_contain_text("Your complaint has been received.")
    appeal = Appeal.objects.get()

    # 4. The first moderator may not decide it; the second reverses it.
    first.goto(f"{live_server.url}/moderation/appeals/")
    expect(first.locator(f"#appeal-{appeal.pk}")).to_contain_text("another moderator must decide")
    expect(first.locator(f"#appeal-{appeal.pk}").get_by_role("button")).to_have_count(0)
    second = logged_in_page(browser, live_server, ModeratorFactory(display_name="Zweiter"))
    second.goto(f"{live_server.url}/moderation/appeals/")
    item = second.locator(f"#appeal-{appeal.pk}")
    item.get_by_label("Reverse the decision").check()
    item.get_by_label("Answer to the complainant").fill("Grenzwertig, aber zulässig.")
    item.get_by_role("button", name="Decide complaint").click()
    expect(second.locator(".messages")).to_contain_text(f"Complaint {appeal.reference} decided.")

    # 5. The comment is back for everyone; the statement says it was amended.
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    page.goto(url)
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Schmarotzer")
    author.goto(f"{live_server.url}{statement.get_absolute_url()}")
    expect(author.locator(".alert-success")).to_contain_text("the decision was reversed")
    expect(author.locator(".dsa-appeal")).to_contain_text("Grenzwertig, aber zulässig.")


def test_a_refused_comment_keeps_its_text_and_moderators_see_the_rule(browser, live_server):
    """Explainable filters: the reader is quoted their own words and keeps the text; the
    moderator sees the word-list entry and the matched text in the Refused queue."""
    from comments.moderation.models import WordRule
    from tests.browser.test_moderation import logged_in_page as page_for
    from tests.factories import UserFactory

    WordRule.objects.create(phrase="Vollpfosten", kind=WordRule.Kind.BLOCK)
    WordRule.objects.create(phrase="Systempresse", kind=WordRule.Kind.WATCH)
    article = ArticleFactory(headline="Streit um die Schuldenbremse")
    reader = page_for(browser, live_server, UserFactory(display_name="Rita Leserin"))
    reader.goto(f"{live_server.url}{article.get_absolute_url()}#comments")
    text = "Der Minister ist ein VOLLPFOSTEN, finde ich."
    reader.get_by_label("Your comment").fill(text)
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.get_by_text("Your comment contains “VOLLPFOSTEN”").first).to_be_visible()
    expect(reader.get_by_label("Your comment")).to_have_value(text)
    assert not Comment.objects.exists()
    # A watched word holds the next one; the reader is told why in a plain sentence.
    reader.get_by_label("Your comment").fill("Typisch Systempresse.")
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.locator(".messages")).to_contain_text("word the moderators check first")

    mod = page_for(browser, live_server, ModeratorFactory())
    mod.goto(f"{live_server.url}/moderation/refused/")
    item = mod.locator(".mod-queue .mod-item").first
    expect(item).to_contain_text("Rita Leserin")
    expect(item).to_contain_text("word-list entry “Vollpfosten”, matched “VOLLPFOSTEN”")
    expect(item).to_contain_text(text)
    # The held one, in the conversation view: which rule holds it.
    mod.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(mod.locator(".mod-item__held")).to_contain_text("Watched word")
