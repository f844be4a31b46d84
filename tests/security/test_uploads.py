"""Hostile uploads: a clear form error, and nothing stored on disk or in the database."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Image
from tests.factories import ArticleFactory, UserFactory, image_bytes
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(width=30_000, height=30_000) -> bytes:
    """A tiny PNG that claims 900 megapixels: its rows of zeros compress to almost nothing."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def corrupt_jpeg() -> bytes:
    data = image_bytes(800, 600)
    return data[: len(data) // 2] + b"\x00" * 64


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" '
    b'onload="alert(1)"><script>alert(document.cookie)</script><rect width="800" height="600"/>'
    b"</svg>"
)

BAD_FILES = {
    "decompression-bomb": ("bomb.png", "image/png", decompression_bomb),
    "php-as-jpeg": ("photo.jpg", "image/jpeg", lambda: b"<?php system($_GET['c']); ?>" * 50),
    "html-as-png": ("photo.png", "image/png", lambda: b"<html><script>alert(1)</script></html>"),
    "gif-polyglot": ("x.gif", "image/gif", lambda: b"GIF89a/*<script>alert(1)</script>*/=1;"),
    "huge": ("big.jpg", "image/jpeg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * (11 * 1024 * 1024)),
    "corrupt": ("broken.jpg", "image/jpeg", corrupt_jpeg),
    "svg": ("logo.svg", "image/svg+xml", lambda: SVG),
    "svg-named-png": ("logo.png", "image/png", lambda: SVG),
    "empty": ("empty.jpg", "image/jpeg", lambda: b""),
}


def _upload(kind: str) -> SimpleUploadedFile:
    name, content_type, make = BAD_FILES[kind]
    return SimpleUploadedFile(name, make(), content_type=content_type)


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _has_error(html: str) -> bool:
    return any(m in html for m in ("errorlist", "invalid-feedback", "alert-danger", "errornote"))


def test_bomb_is_really_a_bomb():
    """The fixture must be what it claims: a small file that opens as a huge image."""
    data = decompression_bomb()
    assert len(data) < 100_000
    PILImage.MAX_IMAGE_PIXELS, saved = None, PILImage.MAX_IMAGE_PIXELS
    try:
        assert PILImage.open(io.BytesIO(data)).size == (30_000, 30_000)
    finally:
        PILImage.MAX_IMAGE_PIXELS = saved


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("kind", BAD_FILES)
def test_admin_image_upload_refuses(editor, settings, kind):
    url = reverse("admin:articles_image_add")
    data = {**form_data(editor.get(url).content.decode(), "alt_text"), "alt_text": "Ein Bild"}
    response = editor.post(url, {**data, "file": _upload(kind)})
    assert response.status_code == 200, "the form comes back"
    assert _has_error(response.content.decode())
    assert Image.objects.count() == 0
    assert _media_files(settings) == []


def test_admin_image_upload_accepts_a_real_image(editor, settings):
    """Control: the same request with a real image is stored, so the refusals above mean it."""
    url = reverse("admin:articles_image_add")
    data = {**form_data(editor.get(url).content.decode(), "alt_text"), "alt_text": "Ein Bild"}
    upload = SimpleUploadedFile("ok.jpg", image_bytes(), content_type="image/jpeg")
    response = editor.post(url, {**data, "file": upload})
    assert response.status_code == 302
    assert Image.objects.count() == 1
    assert _media_files(settings)


@pytest.mark.parametrize("kind", BAD_FILES)
def test_article_hero_upload_refuses(editor, settings, kind):
    article = ArticleFactory(hero_image=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url).content.decode(), "headline")
    data.update(new_image_alt_text="Ein Bild", _save="Save")
    response = editor.post(url, {**data, "new_image": _upload(kind)})
    assert response.status_code == 200
    assert _has_error(response.content.decode())
    assert Image.objects.count() == 0
    assert Article.objects.get(pk=article.pk).hero_image_id is None
    assert _media_files(settings) == []


def test_article_hero_upload_accepts_a_real_image(editor, settings):
    article = ArticleFactory(hero_image=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url).content.decode(), "headline")
    data.update(new_image_alt_text="Ein Bild", _save="Save")
    upload = SimpleUploadedFile("ok.jpg", image_bytes(), content_type="image/jpeg")
    response = editor.post(url, {**data, "new_image": upload})
    assert response.status_code == 302, _has_error(response.content.decode())
    assert Article.objects.get(pk=article.pk).hero_image_id is not None


@pytest.fixture
def reader(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("kind", BAD_FILES)
def test_avatar_upload_refuses(client, reader, settings, kind):
    url = reverse("accounts:settings")
    data = form_data(client.get(url).content.decode(), "display_name")
    response = client.post(url, {**data, "avatar": _upload(kind)})
    assert 200 <= response.status_code < 500 and response.status_code != 302
    assert _has_error(response.content.decode())
    reader.refresh_from_db()
    assert not reader.avatar
    assert _media_files(settings) == []


def test_avatar_upload_accepts_a_real_image(client, reader, settings):
    url = reverse("accounts:settings")
    data = form_data(client.get(url).content.decode(), "display_name")
    upload = SimpleUploadedFile("me.jpg", image_bytes(400, 400), content_type="image/jpeg")
    assert client.post(url, {**data, "avatar": upload}).status_code == 302
    reader.refresh_from_db()
    assert reader.avatar
    assert _media_files(settings)
