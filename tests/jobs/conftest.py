import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, UserFactory
from tests.jobs import flaky_mail


@pytest.fixture
def flaky_smtp(settings):
    """The mail server: set FAILURES["remaining"] to the number of sends that fail."""
    settings.EMAIL_BACKEND = "tests.jobs.flaky_mail.FlakyLocmemBackend"
    flaky_mail.FAILURES.update(remaining=0, attempts=0)
    yield flaky_mail.FAILURES
    flaky_mail.FAILURES.update(remaining=0, attempts=0)


@pytest.fixture
def mention_post(client):
    """Post a comment that mentions a reader who wants mention e-mails; return the response."""

    def post():
        article = ArticleFactory()
        UserFactory(username="mara", email="mara@example.org", notify_email_mention=True)
        client.force_login(UserFactory())
        return client.post(
            reverse("comments:post", kwargs={"article_pk": article.pk}),
            {"body": "Was meinst du, @mara?", "parent": ""},
        )

    return post
