"""Moderation in Chromium: hide and restore in a thread, approve from the queue, reports,
and a suspended reader at the comment form."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Notification
from comments.models import Comment
from comments.moderation import services as moderation
from comments.moderation.models import ModerationSettings, PreModeration
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # English interface strings, whatever the German catalogue says.
    return {**browser_context_args, "locale": "en-US"}


def logged_in_page(browser, live_server, user):
    """A new browser context with `user`'s session cookie (the login form has its own tests)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_moderator_hides_a_reply_readers_see_placeholder_and_replies_then_restore(
    page, browser, live_server
):
    article = ArticleFactory(headline="Streit um die Schuldenbremse")
    root = make_comment(article=article, body="Die Schuldenbremse ist vernünftig.")
    reply = make_comment(parent=root, body="Das ist eine Frechheit, du Dummkopf.")
    below = make_comment(parent=reply, body="Bitte sachlich bleiben.")
    url = f"{live_server.url}{article.get_absolute_url()}"

    mod_page = logged_in_page(browser, live_server, ModeratorFactory(display_name="Mona Moder"))
    mod_page.goto(url)
    target = mod_page.locator(f"#comment-{reply.pk}")
    target.locator("summary", has_text="Hide").click()
    reason = target.get_by_label("Reason for hiding", exact=True)
    reason.select_option(label="Insults, hate or discrimination")
    target.get_by_label("Internal note (optional; only moderators see it)").fill("Beleidigung")
    target.get_by_role("button", name="Hide comment").click()
    expect(mod_page.locator(".messages")).to_contain_text("The comment is hidden.")
    # Moderators still see the text, marked as hidden, with who and why.
    target = mod_page.locator(f"#comment-{reply.pk}")
    expect(target.locator(".mod-hidden-note")).to_contain_text("Mona Moder")
    expect(target.locator(".mod-hidden-note")).to_contain_text("Insults, hate or discrimination")
    expect(target).to_contain_text("Das ist eine Frechheit")

    # An anonymous reader sees the placeholder, and the reply below it in place.
    page.goto(url)
    hidden = page.locator(f"#comment-{reply.pk}")
    expect(hidden).to_contain_text("Removed by the moderators.")
    expect(hidden.get_by_role("link", name="Discussion rules")).to_be_visible()
    expect(page.get_by_text("Das ist eine Frechheit")).to_have_count(0)
    expect(page.locator(f"#comment-{below.pk}")).to_contain_text("Bitte sachlich bleiben.")
    expect(page.locator(f"#comment-{root.pk}")).to_contain_text("Die Schuldenbremse")
    expect(page.locator("#comments-title")).to_contain_text("2 comments")

    # The author learns why.
    author_page = logged_in_page(browser, live_server, reply.author)
    author_page.goto(url)
    expect(author_page.locator(f"#comment-{reply.pk}")).to_contain_text(
        "Reason: Insults, hate or discrimination"
    )

    # Restore: everyone sees the text again.
    mod_page.goto(url)
    mod_page.locator(f"#comment-{reply.pk}").get_by_role("button", name="Restore").click()
    expect(mod_page.locator(".messages")).to_contain_text("visible again")
    page.reload()
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("Das ist eine Frechheit")
    expect(page.locator("#comments-title")).to_contain_text("3 comments")


def test_moderator_approves_a_pending_comment_and_the_mention_then_arrives(browser, live_server):
    site = ModerationSettings.load()
    site.premoderation = PreModeration.ALL
    site.save()
    article = ArticleFactory(headline="Neue Radwege")
    bernd = UserFactory(username="bernd", display_name="Bernd Krause")
    anna = UserFactory(username="anna", display_name="Anna Berger")
    url = f"{live_server.url}{article.get_absolute_url()}"

    anna_page = logged_in_page(browser, live_server, anna)
    anna_page.goto(url)
    form = anna_page.locator(".comments__compose form.comment-form")
    expect(form.locator(".rules-short")).to_have_count(0)  # the rules sit above the form
    expect(anna_page.locator(".comments__compose .rules-short")).to_be_visible()
    form.locator("textarea[name=body]").fill("Gute Idee, @bernd, was meinst du?")
    form.get_by_role("button", name="Post comment").click()
    mine = anna_page.locator(".comment", has_text="Gute Idee")
    expect(mine).to_contain_text("awaiting review")
    comment = Comment.objects.get(body__startswith="Gute Idee")
    assert comment.status == Comment.Status.PENDING
    assert not Notification.objects.filter(recipient=bernd).exists()

    mod_page = logged_in_page(browser, live_server, ModeratorFactory())
    mod_page.goto(f"{live_server.url}/moderation/")
    row = mod_page.locator(f"#mod-comment-{comment.pk}")
    expect(row).to_contain_text("Neue Radwege")
    row.get_by_role("button", name="Approve").click()
    expect(mod_page.locator(".messages")).to_contain_text("The comment is published.")
    expect(mod_page.locator(f"#mod-comment-{comment.pk}")).to_have_count(0)

    notification = Notification.objects.get(recipient=bernd)
    assert (notification.kind, notification.comment_id) == ("mention", comment.pk)
    bernd_page = logged_in_page(browser, live_server, bernd)
    bernd_page.goto(url)
    expect(bernd_page.locator(f"#comment-{comment.pk}")).not_to_contain_text("awaiting review")
    expect(bernd_page.locator("#comments-title")).to_contain_text("1 comment")


def test_reader_reports_a_comment_and_it_appears_in_the_reported_queue(browser, live_server):
    article = ArticleFactory()
    comment = make_comment(article=article, body="Billige Uhren unter example.com kaufen!")
    reader = UserFactory()
    reader_page = logged_in_page(browser, live_server, reader)
    reader_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    reader_page.locator(f"#comment-{comment.pk} details.comment__more summary").click()  # "…"
    reader_page.locator(f"#comment-{comment.pk}").get_by_role(
        "link", name="Report", exact=True
    ).click()
    reader_page.get_by_label("Spam").check()
    reader_page.get_by_role("button", name="Send report").click()
    expect(reader_page.locator(".messages")).to_contain_text("Thank you")
    expect(reader_page).to_have_url(re.compile(f"comment-{comment.pk}"))

    mod_page = logged_in_page(browser, live_server, ModeratorFactory())
    mod_page.goto(f"{live_server.url}/moderation/reported/")
    row = mod_page.locator(f"#mod-comment-{comment.pk}")
    expect(row).to_contain_text("Billige Uhren")
    expect(row).to_contain_text("1 open report")
    expect(row).not_to_contain_text(reader.public_name)
    row.get_by_role("button", name="Dismiss reports").click()
    expect(mod_page.locator(".mod-empty")).to_be_visible()


def test_suspended_reader_cannot_post_and_is_told_why(browser, live_server):
    article = ArticleFactory()
    reader = UserFactory()
    moderation.user_suspend(
        user=reader,
        moderator=ModeratorFactory(),
        until=timezone.now() + timezone.timedelta(days=7),
        reason="Wiederholte Beleidigungen",
    )
    reader_page = logged_in_page(browser, live_server, reader)
    reader_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    compose = reader_page.locator(".comments__compose")
    expect(compose).to_contain_text("suspended from commenting until")
    expect(compose).to_contain_text("Wiederholte Beleidigungen")
    expect(compose.locator("textarea")).to_have_count(0)


def test_dashboard_screenshot(browser, live_server, tmp_path):
    """Renders the queue with real data; the screenshot is for looking at, not asserting."""
    article = ArticleFactory(headline="Debatte über das Tempolimit")
    root = make_comment(article=article, body="Ein Tempolimit rettet Leben.")
    for text in ("Unsinn, das bringt nichts.", "Werbung: billige Reifen!"):
        make_comment(parent=root, status="pending", body=text)
    mod_page = logged_in_page(browser, live_server, ModeratorFactory())
    mod_page.set_viewport_size({"width": 1280, "height": 900})
    mod_page.goto(f"{live_server.url}/moderation/")
    expect(mod_page.get_by_role("heading", name="Pending")).to_be_visible()
    # Keyboard: every checkbox has a label, every action is a real button.
    for checkbox in mod_page.locator("input[type=checkbox]").all():
        assert mod_page.locator(f"label[for='{checkbox.get_attribute('id')}']").count() == 1
    # With JavaScript, one box selects every comment on the page.
    mod_page.get_by_label("Select all comments on this page").check()
    for checkbox in mod_page.locator("input[name=ids]").all():
        expect(checkbox).to_be_checked()
    mod_page.screenshot(path=str(tmp_path / "moderation.png"), full_page=True)


def test_moderation_pages_pass_axe(browser, live_server):
    """axe-core: no serious or critical violation on the dashboard, card, rules and report pages."""
    from axe_playwright_python.sync_playwright import Axe

    mod = ModeratorFactory()
    article = ArticleFactory()
    root = make_comment(article=article, body="Ein Kommentar.")
    reply = make_comment(parent=root, status="pending", body="Eine Antwort.")
    moderation.report_create(comment=root, reporter=UserFactory(), reason="spam")
    hidden = make_comment(article=article, body="Versteckt.")
    moderation.comment_hide(comment=hidden, moderator=mod, reason="spam")
    from comments.moderation.models import HoldRule, RefusedComment

    RefusedComment.objects.create(
        author=reply.author,
        article=article,
        body="Abgelehnt.",
        rule=HoldRule.BLOCKED_WORD,
        phrase="x",
        matched_text="x",
    )
    mod_page = logged_in_page(browser, live_server, mod)
    reader_page = logged_in_page(browser, live_server, UserFactory())
    axe = Axe()
    pages = [
        (mod_page, "/moderation/"),
        (mod_page, "/moderation/reported/"),
        (mod_page, "/moderation/hidden/"),
        (mod_page, f"/moderation/users/{reply.author_id}/"),
        (mod_page, "/moderation/articles/"),
        (mod_page, "/moderation/refused/"),
        (mod_page, "/moderation/desk/"),
        (mod_page, "/moderation/notices/"),
        (mod_page, "/moderation/appeals/"),
        (mod_page, article.get_absolute_url()),
        (reader_page, "/comments/rules/"),
        (reader_page, f"/comments/{root.pk}/report/"),
    ]
    for page, path in pages:
        page.goto(f"{live_server.url}{path}")
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in axe.run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert problems == [], path
