import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage


def upload(data: bytes, name="avatar.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bytes(width=400, height=300, color=(200, 30, 30, 255)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGBA", (width, height), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory(username="anna_k", display_name="Anna Kühn", email="anna@example.org")
