"""Terms of use, the privacy notice at sign-up and accepting the discussion rules (versioned)."""

import pytest
from django.utils import timezone

from accounts.models import RulesAcceptance, User
from accounts.services import rules_accept, rules_accepted
from articles.pages.models import Page
from tests.accounts.test_signup import URL, data
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_terms_of_use_are_an_editable_page_linked_in_every_footer(client):
    page = Page.objects.get(slug="nutzungsbedingungen")
    page.body = "## Geltung\n\nDiese Bedingungen gelten."
    page.save()
    response = client.get("/nutzungsbedingungen/")
    assert response.status_code == 200
    assert "<h2>Geltung</h2>" in response.content.decode()
    for url in ["/", ArticleFactory().get_absolute_url(), "/suche/", URL]:
        assert 'href="/nutzungsbedingungen/"' in client.get(url).content.decode(), url


def test_signup_shows_the_privacy_notice_and_the_rules_to_accept(client):
    html = client.get(URL).content.decode()
    assert 'href="/datenschutz/"' in html
    assert 'href="/nutzungsbedingungen/"' in html
    assert 'href="/comments/rules/"' in html
    assert 'name="accept_rules"' in html and "required" in html.split('name="accept_rules"')[1][:80]


def test_signup_without_accepting_the_rules_is_refused_and_keeps_the_input(client):
    payload = data()
    del payload["accept_rules"]
    response = client.post(URL, payload)
    assert response.status_code == 400
    assert "accept_rules" in response.context["form"].errors
    assert 'value="neu_leser"' in response.content.decode()
    assert not User.objects.filter(username="neu_leser").exists()


def test_signup_stores_the_acceptance_with_time_and_version(client, settings):
    settings.DISCUSSION_RULES_VERSION = "2026-12"
    before = timezone.now()
    assert client.post(URL, data()).status_code == 302
    user = User.objects.get(username="neu_leser")
    acceptance = RulesAcceptance.objects.get(user=user)
    assert acceptance.version == "2026-12"
    assert acceptance.accepted_at >= before
    assert rules_accepted(user)


def test_a_new_rules_version_needs_a_new_acceptance(settings):
    user = UserFactory()
    settings.DISCUSSION_RULES_VERSION = "1"
    assert not rules_accepted(user)
    rules_accept(user=user)
    assert rules_accepted(user)
    settings.DISCUSSION_RULES_VERSION = "2"
    assert not rules_accepted(user)
    rules_accept(user=user)
    rules_accept(user=user)  # twice is once
    assert list(
        RulesAcceptance.objects.filter(user=user)
        .order_by("accepted_at")
        .values_list("version", flat=True)
    ) == ["1", "2"]
