"""The admin fills slugs the German way as the editor types (ä -> ae, ß -> ss)."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-42"  # tests.factories.UserFactory


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def test_the_admin_writes_german_slugs_while_typing(page, live_server):
    from importlib import import_module

    from django.apps import apps as global_apps

    import_module("articles.migrations.0002_editor_groups").grant(global_apps, None)
    editor = UserFactory(username="redakteurin", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    base = live_server.url
    page.goto(f"{base}/admin/")
    page.fill("input[name=username]", "redakteurin")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Wir müssen über Straßen reden")
    expect(page.locator("#id_slug")).to_have_value("wir-muessen-ueber-strassen-reden")
    page.goto(f"{base}/admin/articles/tag/add/")
    page.locator("#id_name").press_sequentially("Öffentlicher Nahverkehr")
    expect(page.locator("#id_slug")).to_have_value("oeffentlicher-nahverkehr")
