import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from accounts.services import AVATAR_SIZE, avatar_process
from tests.accounts.conftest import png_bytes, upload
from tests.factories import image_bytes


def _open(content_file):
    content_file.seek(0)
    image = PILImage.open(io.BytesIO(content_file.read()))
    image.load()
    return image


def jpeg_with_exif(width=600, height=300, orientation=6) -> bytes:
    image = PILImage.new("RGB", (width, height), (10, 120, 200))
    # Red left half: after rotating by the EXIF tag it must be the top half.
    image.paste((220, 0, 0), (0, 0, width // 2, height))
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return out.getvalue()


def test_avatar_is_cropped_square_resized_and_metadata_free():
    result = avatar_process(upload(jpeg_with_exif()))
    image = _open(result)
    assert image.format == "JPEG"
    assert image.size == (AVATAR_SIZE, AVATAR_SIZE)
    assert not image.getexif()
    assert "comment" not in image.info and "exif" not in image.info
    assert result.name.endswith(".jpg") and "avatar" not in result.name


def test_exif_orientation_is_applied():
    # Orientation 6 means "rotate 90° clockwise to display": the red left half goes on top.
    image = _open(avatar_process(upload(jpeg_with_exif(orientation=6))))
    top = image.getpixel((AVATAR_SIZE // 2, 5))
    bottom = image.getpixel((AVATAR_SIZE // 2, AVATAR_SIZE - 5))
    assert top[0] > 150 and top[2] < 100
    assert bottom[2] > 150


def test_transparent_png_becomes_an_opaque_jpeg():
    image = _open(avatar_process(upload(png_bytes(), name="a.png", content_type="image/png")))
    assert image.mode == "RGB"
    assert image.size == (AVATAR_SIZE, AVATAR_SIZE)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "a.svg", None),
        (b"GIF89a<html><script>alert(1)</script></html>", "a.gif", None),
        (b"just text pretending", "photo.jpg", None),
        (image_bytes(50, 50), "tiny.jpg", "too_small"),
        (image_bytes(800, 500, fmt="BMP"), "lying.jpg", "invalid_format"),
        (image_bytes(800, 500, fmt="TIFF"), "a.tiff", "invalid_format"),
        (image_bytes()[:400], "truncated.jpg", None),
    ],
)
def test_bad_uploads_are_refused(data, name, code):
    with pytest.raises(ValidationError) as info:
        avatar_process(upload(data, name=name))
    if code:
        assert info.value.code == code


def test_decompression_bomb_is_refused():
    # A tiny PNG that claims 20000 x 20000 pixels: refused before it is decoded.
    out = io.BytesIO()
    PILImage.new("1", (20000, 20000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 200_000
    with pytest.raises(ValidationError) as info:
        avatar_process(upload(out.getvalue(), name="bomb.png"))
    assert info.value.code == "too_many_pixels"


def test_oversized_file_is_refused(settings):
    big = upload(b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), name="big.jpg")
    with pytest.raises(ValidationError) as info:
        avatar_process(big)
    assert info.value.code == "too_large"
