"""An editor in Chromium: logs into the admin, writes and publishes an article with a picture."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import AuthorFactory, SectionFactory, UserFactory, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-42"  # tests.factories.UserFactory


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def choose_autocomplete(page, select_id: str, text: str):
    """Pick `text` in one of the admin's select2 autocomplete widgets."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(page.locator(f"#{select_id} option:checked")).to_have_text(text)


def test_editor_publishes_an_article_with_an_image(page, live_server, tmp_path):
    # The Editors group comes from a data migration; transactional tests flush it, so
    # re-run that migration's code path through the real migration module.
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("articles.migrations.0002_editor_groups")
    migration.grant(global_apps, None)
    editor = UserFactory(username="redakteurin", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    SectionFactory(name="Politik", slug="politik")
    AuthorFactory(name="Jonas Petersen")
    picture = tmp_path / "bundestag.jpg"
    picture.write_bytes(image_bytes(1400, 800, color=(30, 60, 120)))

    base = live_server.url
    page.goto(f"{base}/admin/")
    page.fill("input[name=username]", "redakteurin")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_kicker", "Haushalt 2027")
    # Typed key by key: the admin's prepopulate script listens to keyup, not to fill().
    page.locator("#id_headline").press_sequentially("Koalition einigt sich auf den Etat")
    expect(page.locator("#id_slug")).to_have_value("koalition-einigt-sich-auf-den-etat")
    page.fill("#id_lead", "Nach einer langen Nacht steht der Entwurf.")
    page.fill("#id_body", "Erster Absatz.\n\n## Was sich ändert\n\nMehr Geld für Schienen.")
    page.select_option("#id_status", "published")
    choose_autocomplete(page, "id_section", "Politik")
    choose_autocomplete(page, "id_bylines-0-author", "Jonas Petersen")
    page.set_input_files("#id_new_image", str(picture))
    page.fill("#id_new_image_alt_text", "Der Reichstag im Morgenlicht")
    page.fill("#id_new_image_credit", "dpa")
    page.locator("input[name=_save]").first.click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(slug="koalition-einigt-sich-auf-den-etat")
    assert article.is_published()
    assert article.hero_image.alt_text == "Der Reichstag im Morgenlicht"

    page.goto(f"{base}/")
    lead = page.locator("article.teaser--lead")
    expect(lead).to_contain_text("Koalition einigt sich auf den Etat")
    expect(lead.locator("img")).to_have_attribute("alt", "Der Reichstag im Morgenlicht")
    lead.get_by_role("link", name="Koalition einigt sich auf den Etat").click()
    expect(page).to_have_url(re.compile(r"/artikel/koalition-einigt-sich-auf-den-etat/$"))
    expect(page.get_by_role("heading", name="Was sich ändert")).to_be_visible()


def test_invalid_upload_shows_a_form_error(page, live_server, tmp_path):
    from importlib import import_module

    from django.apps import apps as global_apps

    import_module("articles.migrations.0002_editor_groups").grant(global_apps, None)
    editor = UserFactory(username="redakteur", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    fake = tmp_path / "foto.jpg"
    fake.write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")

    page.goto(f"{live_server.url}/admin/articles/image/add/")
    page.fill("input[name=username]", "redakteur")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.set_input_files("#id_file", str(fake))
    page.fill("#id_alt_text", "Ein Foto")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errorlist")).to_contain_text("not a valid image")
    expect(page.locator("#id_alt_text")).to_have_value("Ein Foto")
