import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from articles.pages.migrations import PLACEHOLDER_TEXT
from articles.pages.models import Page
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

LEGAL = ["impressum", "datenschutz", "kontakt", "nutzungsbedingungen"]


def test_the_migration_creates_every_legal_page_with_a_placeholder(client):
    assert sorted(Page.objects.values_list("slug", flat=True)) == sorted(LEGAL)
    for slug in LEGAL:
        response = client.get(f"/{slug}/")
        assert response.status_code == 200
        assert PLACEHOLDER_TEXT in response.content.decode()


def test_every_page_footer_links_the_legal_pages_and_the_netiquette(client):
    article = ArticleFactory()
    for url in ["/", article.get_absolute_url(), "/impressum/", "/suche/", "/accounts/login/"]:
        html = client.get(url).content.decode()
        for href in ['href="/impressum/"', 'href="/datenschutz/"', 'href="/kontakt/"',
                     f'href="{reverse("discussion:rules")}"']:  # fmt: skip
            assert href in html, (url, href)


def test_netiquette_is_the_discussion_rules_page(client):
    response = client.get("/netiquette/")
    assert response.status_code == 301
    assert response["Location"] == reverse("discussion:rules")


def test_unknown_page_is_404(client):
    assert client.get("/agb/").status_code == 404


def test_seed_pages_fills_placeholders_once_and_leaves_edited_pages_alone():
    edited = Page.objects.get(slug="kontakt")
    edited.body = "Schreiben Sie uns."
    edited.save()
    call_command("seed_pages", stdout=open("/dev/null", "w"))
    impressum = Page.objects.get(slug="impressum")
    assert "Demo-Text" in impressum.body and "fiktiv" in impressum.body
    assert "§ 5 DDG" in impressum.body_html
    privacy = Page.objects.get(slug="datenschutz").body
    for stored in ("sessionid", "csrftoken", "django_language", "Hash", "Kommentar"):
        assert stored in privacy
    assert Page.objects.get(slug="kontakt").body == "Schreiben Sie uns."


def test_editors_change_the_legal_texts_in_the_admin(client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perm("pages.change_page") and not editor.has_perm("pages.delete_page")
    client.force_login(editor)
    page = Page.objects.get(slug="impressum")
    url = reverse("admin:pages_page_change", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Impressum", "body": "Verlag **Beispiel**"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.slug == "impressum"  # read-only once it exists
    assert "<strong>Beispiel</strong>" in client.get("/impressum/").content.decode()


def test_page_markdown_is_sanitised(client):
    page = Page.objects.get(slug="kontakt")
    page.body = "<script>alert(1)</script> [x](javascript:alert(1))"
    page.save()
    html = client.get("/kontakt/").content.decode()
    assert "<script>alert" not in html and "javascript:" not in html


def test_robots_names_the_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text


def test_security_txt_takes_the_contact_from_security_md(client, settings):
    from datetime import datetime

    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    contact = (settings.BASE_DIR / "SECURITY.md").read_text()
    assert lines["Contact"].removeprefix("mailto:") in contact
    expires = datetime.fromisoformat(lines["Expires"].replace("Z", "+00:00"))
    from django.utils import timezone

    assert 30 < (expires - timezone.now()).days <= 366


def test_icons_and_manifest(client):
    import io

    from PIL import Image as PILImage

    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico["Content-Type"] == "image/x-icon"
    assert PILImage.open(io.BytesIO(ico.content)).format == "ICO"
    touch = client.get("/apple-touch-icon.png")
    assert PILImage.open(io.BytesIO(touch.content)).size == (180, 180)
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["lang"] == "de" and data["theme_color"] == "#1a1a1a"
    from django.contrib.staticfiles import finders

    for icon in data["icons"]:
        found = finders.find(icon["src"].removeprefix("/static/"))
        assert PILImage.open(found).size == tuple(map(int, icon["sizes"].split("x")))
    home = client.get("/").content.decode()
    assert '<meta name="theme-color" content="#1a1a1a">' in home
    assert 'rel="manifest"' in home and 'rel="apple-touch-icon"' in home
