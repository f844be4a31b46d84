"""The reader's account journey in Chromium: sign up, confirm, discuss, export, delete."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import ArticleFactory, UserFactory, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Quiet-river-71"


@pytest.fixture
def browser_context_args(browser_context_args):
    # English interface strings, whatever the German catalogue says.
    return {**browser_context_args, "locale": "en-US"}


def log_in(page, base, handle, password, next_url="/"):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", handle)
    page.fill("input[name=password]", password)
    page.locator("main").get_by_role("button", name="Log in").click()


def post_comment(page, text):
    form = page.locator(".comments__compose form.comment-form")
    form.locator("textarea[name=body]").fill(text)
    form.get_by_role("button", name="Post comment").click()


def test_account_journey(page, browser, live_server):
    base = live_server.url
    article = ArticleFactory(headline="Streit um den Haushalt")
    UserFactory(username="bernd", display_name="Bernd Brot")
    article_url = article.get_absolute_url()

    # Sign up; the form keeps what was typed when something is wrong.
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", "anna@example.org")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=display_name]", "Anna Kühn")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#id_username")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("input[name=email]")).to_have_value("anna@example.org")
    expect(page.locator("input[name=password1]")).to_have_value("")
    page.fill("input[name=username]", "anna_k")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=accept_rules]")
    page.get_by_role("button", name="Create account").click()
    # The same answer for a registered address, so nobody is signed in by the form.
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.locator(".site-account").get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.get(username="anna_k").email_verified

    # Confirm by the e-mailed link.
    assert mail.outbox[-1].to == ["anna@example.org"]
    link = re.search(r"https?://\S+/accounts/bestaetigen/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    expect(page.get_by_text("is confirmed")).to_be_visible()
    assert User.objects.get(username="anna_k").email_verified

    # Log in, with ?next= back to the article.
    log_in(page, base, "anna@example.org", PASSWORD, next_url=article_url)
    expect(page).to_have_url(re.compile(re.escape(article_url)))

    # Post a comment.
    post_comment(page, "Der Kompromiss ist teuer, aber vernünftig.")
    expect(page.locator(".comment").filter(has_text="Der Kompromiss ist teuer")).to_be_visible()

    # Another reader mentions Anna.
    other = browser.new_context(locale="en-US")
    bernd = other.new_page()
    log_in(bernd, base, "bernd", "correct-horse-42", next_url=article_url)
    post_comment(bernd, "Da hat @anna_k recht, finde ich.")
    expect(bernd.locator(".comment").filter(has_text="recht, finde ich")).to_be_visible()
    other.close()

    # Anna sees the unread count and the notification, and follows it to the comment.
    page.goto(f"{base}/")
    inbox_link = page.locator(".site-account__inbox")
    expect(inbox_link.locator(".badge")).to_contain_text("1")
    inbox_link.click()
    item = page.locator(".inbox__item").first
    expect(item).to_contain_text("Bernd Brot mentioned you")
    expect(item).to_contain_text("Da hat @anna_k recht")
    item.get_by_role("link", name="Go to the comment").click()
    expect(page).to_have_url(re.compile(re.escape(article_url) + r".*#comment-\d+"))
    expect(page.locator(".site-account__inbox .badge")).to_have_count(0)

    # Change the avatar.
    page.goto(f"{base}/accounts/einstellungen/")
    page.set_input_files(
        "input[name=avatar]",
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(640, 480)}],
    )
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    expect(page.locator(".account-settings__avatar img")).to_be_visible()
    assert User.objects.get(username="anna_k").avatar.name.startswith("avatars/")

    # Export the data.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["profile"]["handle"] == "anna_k"
    assert [c["body"] for c in data["comments"]] == ["Der Kompromiss ist teuer, aber vernünftig."]
    assert data["notifications"][0]["from"] == "Bernd Brot"

    # Delete the account: the comment stays, shown as by a deleted account.
    page.get_by_role("link", name="Delete my account").click()
    page.fill("input[name=password]", "wrong")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.locator("#id_password")).to_have_class(re.compile("is-invalid"))
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    page.goto(f"{base}{article_url}")
    comment = page.locator(".comment").filter(has_text="Der Kompromiss ist teuer")
    expect(comment.locator(".comment__author")).to_have_text("deleted account")
    expect(comment.locator("a.comment__author")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Anna Kühn")
    assert page.goto(f"{base}/accounts/profil/anna_k/").status == 404
    log_in(page, base, "anna_k", PASSWORD)
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()


def test_account_pages_pass_axe(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    from accounts.models import Notification

    user = UserFactory(username="lena", display_name="Lena Weiß")
    Notification.objects.create(
        recipient=user, kind="mention", url="/", title="Ein Artikel", excerpt="Hallo @lena"
    )
    axe = Axe()
    base = live_server.url
    pages = ["/accounts/signup/", "/accounts/login/", "/accounts/passwort/vergessen/"]
    for path in pages:
        page.goto(base + path)
        assert axe.run(page).violations_count == 0, path
    log_in(page, base, "lena", "correct-horse-42")
    for path in [
        "/accounts/profil/lena/",
        "/accounts/einstellungen/",
        "/accounts/benachrichtigungen/",
        "/accounts/einstellungen/loeschen/",
        "/accounts/einstellungen/email/",
        "/accounts/passwort/aendern/",
    ]:
        page.goto(base + path)
        results = axe.run(page)
        assert results.violations_count == 0, (path, results.generate_report())
