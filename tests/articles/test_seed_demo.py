import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles import images
from articles.demo import pictures
from articles.demo.stories import STORIES
from articles.models import Article, Author, Image, Section, SupportBox, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    """Same code paths with smaller pictures: the test is about content, not pixels."""
    original = pictures.hero_picture
    monkeypatch.setattr(
        pictures, "hero_picture", lambda **kw: original(**{**kw, "size": (480, 270)})
    )
    monkeypatch.setattr(images, "RENDITION_WIDTHS", (320,))


def snapshot():
    User = get_user_model()
    return {
        "articles": sorted(Article.objects.values_list("slug", "headline", "published_at")),
        "images": Image.objects.count(),
        "sections": sorted(Section.objects.values_list("slug", "parent__slug", "tree_id")),
        "tags": Tag.objects.count(),
        "authors": Author.objects.count(),
        "users": sorted(User.objects.values_list("username", "password")),
        "support": SupportBox.objects.count(),
    }


def test_seed_demo_fills_an_empty_database_and_is_idempotent(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    first = snapshot()
    # The stories, and the moderation assistant's unpublished archive of demo decisions.
    assert len(first["articles"]) == len(STORIES) + 1 and len(STORIES) >= 30
    assert Article.objects.published().count() == len(STORIES) - 2  # a draft, a scheduled one
    assert "Moderation assistant: 667 demo decisions, model v1" in out
    assert "DSA demo: 12 notices, 13 statements of reasons, 4 complaints." in out
    assert first["authors"] == 8 and first["tags"] >= 10 and first["support"] == 1
    assert Section.objects.get(slug="asien").get_ancestors().filter(slug="politik").exists()
    assert set(Article.objects.values_list("genre", flat=True)) >= {
        "news", "commentary", "analysis", "interview", "report", "review",
    }  # fmt: skip
    assert (
        not Article.objects.filter(hero_image=None).exclude(slug="demo-moderationsarchiv").exists()
    )
    assert not Author.objects.filter(photo=None).exists()
    User = get_user_model()
    editor = User.objects.get(username="redaktion")
    assert editor.is_staff and editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("articles.preview_article")
    assert User.objects.get(username="moderation").groups.filter(name="Moderators").exists()
    readers = User.objects.filter(is_staff=False)
    assert readers.count() >= 6 and not readers.filter(email_verified=False).exists()
    assert readers.filter(display_name="Jörg Müller").exists()
    assert "password:" in out

    call_command("seed_demo")
    assert snapshot() == first
    call_command("seed_demo", "--if-empty")
    assert snapshot() == first
    assert "already has articles" in capsys.readouterr().out


def test_seeded_pages_render(client):
    call_command("seed_demo")
    assert client.get("/").status_code == 200
    for slug in ("haushalt-2027-einigung-in-der-nacht", "mietendeckel-interview-stadtforscherin"):
        assert client.get(f"/artikel/{slug}/").status_code == 200
    assert client.get("/artikel/entwurf-rentenreform/").status_code == 404
    assert client.get("/ressort/politik/").status_code == 200
    assert client.get("/autor/katrin-albers/").status_code == 200
