"""The live ticker in Chromium, in German: an editor writes on the desk, a reader follows it,
on a phone (390 px) and on a desktop."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import TickerEntry
from tests.factories import (
    AuthorFactory,
    EditorFactory,
    SectionFactory,
    TickerArticleFactory,
    TickerEntryFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.german, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def logged_in_context(browser, live_server, user, **kwargs):
    """A browser context with the user's session cookie (no login form to fill in)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**kwargs)
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


def no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.fixture
def ticker():
    section = SectionFactory(name="Panorama", slug="panorama")
    article = TickerArticleFactory(
        section=section,
        headline="Sturmflut an der Nordsee",
        live_started_at=timezone.now() - timedelta(hours=5),
    )
    start = timezone.now() - timedelta(hours=4)
    for n in range(7):
        TickerEntryFactory(
            article=article,
            body=f"Meldung {n}: Pegel steigt weiter.",
            published_at=start + timedelta(minutes=10 * n),
        )
    return article


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_editor_writes_and_reader_follows_the_ticker(
    browser, live_server, ticker, device, settings
):
    settings.LIVETICKER_PAGE_SIZE = 5
    editor = EditorFactory(username="redaktion")
    AuthorFactory(user=editor, name="Eva Redakteurin")
    viewport = VIEWPORTS[device]
    desk_context = logged_in_context(
        browser, live_server, editor, locale="de-DE", viewport=viewport
    )
    desk = desk_context.new_page()
    desk.goto(f"{live_server.url}/artikel/{ticker.slug}/ticker/redaktion/")
    expect(
        desk.get_by_role("heading", name="Ticker-Desk: Sturmflut an der Nordsee")
    ).to_be_visible()
    no_sideways_scrolling(desk)

    # Publish at once, marked important; the desk stays where it is (fetch, no reload).
    desk.evaluate("window.stillHere = true")
    desk.get_by_label("Text", exact=True).fill("Der **Deich** bei Husum hält.")
    desk.get_by_label("Wichtig (wichtiges Ereignis)").check()
    expect(desk.get_by_label("Autor")).to_have_value(str(editor.author_profile.pk))
    desk.get_by_role("button", name="Jetzt veröffentlichen").click()
    expect(desk.get_by_text("Eintrag veröffentlicht.")).to_be_visible()
    assert desk.evaluate("window.stillHere") is True
    expect(desk.get_by_label("Text", exact=True)).to_have_value("")
    expect(desk.get_by_label("Text", exact=True)).to_be_focused()

    # A draft, published with one click; Ctrl+Enter publishes too.
    desk.get_by_label("Text", exact=True).fill("Evakuierung von Nordstrand vorbereitet.")
    desk.get_by_role("button", name="Als Entwurf speichern").click()
    expect(desk.get_by_text("Entwurf gespeichert.")).to_be_visible()
    draft = desk.locator(".desk-entry--draft")
    expect(draft).to_contain_text("Evakuierung von Nordstrand")
    draft.get_by_role("button", name="Veröffentlichen").click()
    expect(desk.locator(".desk-entry--draft")).to_have_count(0)
    desk.get_by_label("Text", exact=True).fill("Fähren fahren nicht.")
    desk.get_by_label("Text", exact=True).press("Control+Enter")
    expect(desk.locator(".desk-entry", has_text="Fähren fahren nicht.")).to_be_visible()
    assert TickerEntry.objects.filter(article=ticker, status="published").count() == 10

    # The reader, in German, on the same device.
    reader_context = browser.new_context(locale="de-DE", viewport=viewport)
    reader = reader_context.new_page()
    reader.goto(f"{live_server.url}{ticker.get_absolute_url()}")
    expect(reader.locator(".ticker-status")).to_contain_text("Liveticker seit")
    expect(reader.locator(".ticker-status .live-badge")).to_have_text("Live")
    expect(reader.get_by_role("heading", name="Das Wichtigste in Kürze")).to_be_visible()
    key_events = reader.locator(".ticker__key-events")
    expect(key_events).to_contain_text("Der Deich bei Husum hält.")
    entries = reader.locator("#ticker-entries .ticker-entry")
    expect(entries).to_have_count(5)
    expect(entries.first).to_contain_text("Fähren fahren nicht.")
    expect(entries.nth(1)).to_contain_text("Evakuierung von Nordstrand")
    expect(entries.nth(2).locator(".ticker-entry__key")).to_have_text("Wichtig")
    expect(entries.nth(2).locator("strong")).to_have_text("Deich")
    no_sideways_scrolling(reader)

    # "ältere Einträge laden" appends the next page in place.
    url = reader.url
    reader.get_by_role("link", name="ältere Einträge laden").click()
    expect(entries).to_have_count(10)
    assert reader.url == url
    expect(entries.last).to_contain_text("Meldung 0")
    expect(reader.get_by_role("link", name="ältere Einträge laden")).to_have_count(0)

    # The editor corrects an entry: the reader sees it marked "aktualisiert".
    desk.locator(".desk-entry", has_text="Fähren").get_by_role("link", name="Bearbeiten").click()
    desk.get_by_label("Text", exact=True).fill("Fähren fahren ab 18 Uhr wieder.")
    desk.get_by_role("button", name="Speichern").click()
    reader.reload()
    newest = reader.locator("#ticker-entries .ticker-entry").first
    expect(newest).to_contain_text("Fähren fahren ab 18 Uhr wieder.")
    expect(newest.locator(".ticker-entry__edited")).to_contain_text("aktualisiert")
    desk_context.close()
    reader_context.close()


def test_the_ticker_works_without_javascript(browser, live_server, ticker, settings):
    settings.LIVETICKER_PAGE_SIZE = 5
    context = browser.new_context(
        locale="de-DE", java_script_enabled=False, viewport=VIEWPORTS["phone"]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{ticker.get_absolute_url()}")
    expect(page.locator("#ticker-entries .ticker-entry")).to_have_count(5)
    page.get_by_role("link", name="ältere Einträge laden").click()
    cursor = TickerEntry.objects.order_by("published_at")[2].pk
    expect(page).to_have_url(
        f"{live_server.url}{ticker.get_absolute_url()}?vor={cursor}#ticker-entries"
    )
    expect(page.locator("#ticker-entries .ticker-entry")).to_have_count(2)
    expect(page.get_by_role("link", name="Zu den neuesten Einträgen")).to_be_visible()
    context.close()
