"""Phones (390 px): no moderation page scrolls sideways; a comment's actions fit one row."""

import pytest
from django.test import Client

from comments.models import Comment
from comments.moderation import services as moderation
from comments.moderation.models import Report
from comments.services import comment_create
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenberechnung " * 3


@pytest.fixture
def busy_moderation(transactional_db):
    """Articles with long headlines, reported, pending and hidden comments."""
    article = ArticleFactory(headline="Die Koalition streitet über den Haushalt " + LONG[:120])
    ArticleFactory(headline="Mietenkrise: " + LONG[:150])
    readers = [UserFactory(display_name=f"Leserin Nummer {i} mit langem Namen") for i in range(4)]
    root = comment_create(article=article, author=readers[0], body="Der Haushalt ist solide. " * 8)
    reply = comment_create(article=article, author=readers[1], body=LONG, parent=root)
    for reporter in readers[2:]:
        for comment in (root, reply):
            moderation.report_create(
                comment=comment, reporter=reporter, reason=Report.Reason.values[0], text=LONG
            )
    moderator = ModeratorFactory()
    pending = comment_create(article=article, author=readers[3], body="Noch zu prüfen. " + LONG)
    Comment.objects.filter(pk=pending.pk).update(status=Comment.Status.PENDING)
    hidden = comment_create(article=article, author=readers[2], body="Ausgeblendet. " + LONG)
    moderation.comment_hide(comment=hidden, moderator=moderator, reason="off_topic", note=LONG)
    return article, moderator, readers


def phone_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US", viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


MODERATION_PAGES = [
    "/moderation/",
    "/moderation/reported/",
    "/moderation/hidden/",
    "/moderation/refused/",
    "/moderation/desk/",
    "/moderation/notices/",
    "/moderation/appeals/",
    "/moderation/articles/",
]


def test_every_moderation_page_fits_a_phone(browser, live_server, busy_moderation):
    _article, moderator, readers = busy_moderation
    page = phone_page(browser, live_server, moderator)
    for path in [*MODERATION_PAGES, f"/moderation/users/{readers[0].pk}/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide at 390px"
