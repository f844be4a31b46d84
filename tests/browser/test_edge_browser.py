"""Issue 23: a reader's browser never shows a hidden comment again, also on going back."""

import pytest

from comments.moderation.models import HideReason
from comments.moderation.services import comment_hide
from comments.services import comment_create
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_going_back_after_a_hide_does_not_show_the_hidden_comment(page, live_server):
    """Seen in Chromium: the page from the minute before still showed the hidden text."""
    article = ArticleFactory(headline="Zurueck Z1")
    comment = comment_create(article=article, author=UserFactory(), body="Wohnadresse W1")
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_text("Wohnadresse W1").count() == 1
    page.goto(live_server.url + "/")
    comment_hide(comment=comment, moderator=ModeratorFactory(), reason=HideReason.PRIVACY)
    page.go_back()
    # The page from history revalidates itself (static/js/fresh.js reloads it).
    page.wait_for_function(
        "document.readyState === 'complete'"
        " && performance.getEntriesByType('navigation')[0].type === 'reload'",
        timeout=10_000,
    )
    assert page.get_by_text("Zurueck Z1").count() >= 1
    assert page.get_by_text("Wohnadresse W1").count() == 0
    page.goto(live_server.url + article.get_absolute_url())  # and a new visit
    assert page.get_by_text("Wohnadresse W1").count() == 0
