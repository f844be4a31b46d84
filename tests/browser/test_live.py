"""Live threads in Chromium with two browsers: one writes, the other sees it without reloading."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import comment_create
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.german,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def fast_polling(settings):
    settings.LIVE_POLL_SECONDS = 0.4
    settings.LIVE_POLL_MAX_SECONDS = 1


def logged_in_context(browser, live_server, user, **kwargs):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="de-DE", **kwargs)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.fixture
def discussion(transactional_db):
    article = ArticleFactory(headline="Streit um den Haushalt")
    anna = UserFactory(username="anna", display_name="Anna Kühn")
    bernd = UserFactory(username="bernd", display_name="Bernd Krause")
    first = comment_create(article=article, author=bernd, body="Der Haushalt ist solide.")
    return article, anna, bernd, first


def test_a_comment_and_a_reply_arrive_without_reloading(browser, live_server, discussion):
    article, anna, bernd, first = discussion
    url = live_server.url + article.get_absolute_url()
    reader_context = browser.new_context(locale="de-DE")
    reader = reader_context.new_page()
    reader.goto(url)
    reader.evaluate("window.stillHere = true")
    writer_context = logged_in_context(browser, live_server, anna)
    writer = writer_context.new_page()
    writer.goto(url)

    # A new comment: announced, shown on click.
    writer.locator("#comment-form textarea[name=body]").fill("Woher kommen die Zahlen?")
    writer.locator("#comment-form").get_by_role("button", name="Kommentar senden").click()
    new = Comment.objects.get(author=anna, parent=None)
    button = reader.get_by_role("button", name="1 neuer Kommentar – anzeigen")
    expect(button).to_be_visible()
    expect(reader.locator("#live-status")).to_contain_text("1 neuer Kommentar")
    expect(reader.locator(f"#comment-{new.pk}")).to_have_count(0)
    button.click()
    expect(reader.locator(f"#comment-{new.pk}")).to_contain_text("Woher kommen die Zahlen?")
    expect(
        reader.locator(f"#comment-{new.pk}").get_by_role("link", name="Antworten")
    ).to_be_visible()

    # A reply: announced under its parent.
    writer.reload()
    writer.locator(f"#comment-{first.pk} .comment__reply").click()
    writer.locator(f"#comment-{first.pk} #reply-form textarea").fill("Aus dem Bericht.")
    writer.locator(f"#comment-{first.pk} #reply-form").get_by_role(
        "button", name="Kommentar senden"
    ).click()
    reply = Comment.objects.get(author=anna, parent=first)
    replies = reader.locator(f"#live-replies-{first.pk}")
    expect(replies).to_have_text("1 neue Antwort")
    replies.click()
    expect(reader.locator(f"#comment-{reply.pk}")).to_contain_text("@Bernd Krause:")
    assert reader.evaluate("window.stillHere") is True  # never reloaded
    reader_context.close()
    writer_context.close()


def test_a_hidden_comment_disappears_and_typed_text_stays(browser, live_server, discussion):
    from comments.moderation.services import comment_hide

    article, anna, bernd, first = discussion
    doomed = comment_create(article=article, author=bernd, body="Ein beleidigender Satz.")
    url = live_server.url + article.get_absolute_url()
    context = logged_in_context(browser, live_server, anna)
    page = context.new_page()
    page.goto(url)
    page.locator(f"#comment-{first.pk} .comment__reply").click()
    typing = page.locator(f"#comment-{first.pk} #reply-form textarea")
    typing.fill("Ich schreibe gerade eine lange Antwort")

    comment_hide(comment=doomed, moderator=ModeratorFactory(), reason="insult")
    expect(page.locator(f"#comment-{doomed.pk}")).to_have_count(0)

    other = comment_create(article=article, author=bernd, body="Noch eine Antwort.", parent=first)
    expect(page.get_by_role("button", name="1 neue Antwort")).to_be_visible()
    page.get_by_role("button", name="1 neue Antwort").click()
    expect(page.locator(f"#comment-{other.pk}")).to_be_visible()
    expect(typing).to_have_value("Ich schreibe gerade eine lange Antwort")
    expect(typing).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]
)
def test_a_ticker_entry_reaches_an_open_page(browser, live_server, viewport):
    from tests.factories import EditorFactory, TickerArticleFactory, TickerEntryFactory

    article = TickerArticleFactory(headline="Sturmflut an der Nordsee")
    TickerEntryFactory(article=article, body="Der Pegel steigt.")
    reader_context = browser.new_context(locale="de-DE", viewport=viewport)
    reader = reader_context.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.locator("#ticker-entries .ticker-entry")).to_have_count(1)
    editor_context = logged_in_context(browser, live_server, EditorFactory(), viewport=viewport)
    desk = editor_context.new_page()
    desk.goto(f"{live_server.url}/artikel/{article.slug}/ticker/redaktion/")
    desk.get_by_label("Text", exact=True).fill("Der Deich bei Husum hält.")
    desk.get_by_role("button", name="Jetzt veröffentlichen").click()
    expect(desk.get_by_text("Eintrag veröffentlicht.")).to_be_visible()

    button = reader.get_by_role("button", name="1 neuer Eintrag – anzeigen")
    expect(button).to_be_visible()
    button.click()
    entries = reader.locator("#ticker-entries .ticker-entry")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Der Deich bei Husum hält.")
    expect(entries.first).to_be_focused()
    reader_context.close()
    editor_context.close()


def test_a_reply_being_typed_survives_the_hiding_of_its_comment(browser, live_server, discussion):
    from comments.moderation.services import comment_hide

    article, anna, bernd, first = discussion
    context = logged_in_context(browser, live_server, anna)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    page.locator(f"#comment-{first.pk} .comment__reply").click()
    typing = page.locator(f"#comment-{first.pk} #reply-form textarea")
    typing.fill("Da widerspreche ich")
    comment_hide(comment=first, moderator=ModeratorFactory(), reason="insult")
    expect(page.locator(f"#comment-{first.pk} .comment__body")).to_be_hidden()
    expect(typing).to_have_value("Da widerspreche ich")
    expect(typing).to_be_visible()
    context.close()


def test_a_moderator_sees_new_work_arrive_without_reloading(browser, live_server, settings):
    from comments.services import comment_status_set

    settings.LIVE_MODERATION_POLL_SECONDS = 0.4
    article = ArticleFactory()
    context = logged_in_context(browser, live_server, ModeratorFactory())
    page = context.new_page()
    page.goto(f"{live_server.url}/moderation/")
    page.evaluate("window.stillHere = true")
    badge = page.locator('[data-live-count="pending"]')
    expect(badge).to_have_text("0")
    held = comment_create(article=article, author=UserFactory(), body="Bitte prüfen.")
    comment_status_set(comment=held, expect=Comment.COUNTED, to=Comment.Status.PENDING)
    expect(badge).to_have_text("1")
    notice = page.locator("#mod-live-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("wartende Kommentare: 1")
    assert page.evaluate("window.stillHere") is True
    notice.get_by_role("link", name="Liste neu laden").click()
    expect(page.get_by_text("Bitte prüfen.")).to_be_visible()
    context.close()
