"""Image uploads: validation with Pillow, clean re-encoding and responsive renditions."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps

if TYPE_CHECKING:
    from articles.models import Image

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_EDGE = 200
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# The file picker's filter for the formats above.
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
# 1200 is the width Open Graph and Twitter cards ask for (articles.seo.share_image).
SHARE_WIDTH = 1200
RENDITION_WIDTHS = (320, 640, 960, SHARE_WIDTH, 1920)


def validate_image_file(upload) -> PILImage.Image:
    """Return the decoded image, or raise ValidationError with a reader-friendly message.

    Refuses non-images, formats we do not serve, decompression bombs, huge files and tiny ones.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)d MB); at most %(max)d MB are allowed.")
            % {"size": size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF image."), code="invalid_format"
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels (at most %(max)d megapixels).")
                    % {"max": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            probe.verify()  # detects truncated and corrupt files
            image = PILImage.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels (at most %(max)d megapixels).")
            % {"max": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from None
    except Exception:  # Pillow raises many types for broken input
        raise ValidationError(
            _("The file is not a valid image or it is damaged."), code="invalid_image"
        ) from None
    if min(image.size) < MIN_EDGE:
        raise ValidationError(
            _("The image is too small; each side needs at least %(min)d pixels.")
            % {"min": MIN_EDGE},
            code="too_small",
        )
    return image


def clean_image_bytes(image: PILImage.Image) -> tuple[bytes, str]:
    """Apply the EXIF orientation and re-encode without metadata; return (bytes, extension)."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    icc_profile = image.info.get("icc_profile")
    clean = image.convert("RGBA" if has_alpha else "RGB")
    # convert() copies .info, and Pillow writes some of it back (JPEG comments, EXIF, XMP):
    # start from nothing and keep only the colour profile, which changes how pixels look.
    clean.info = {}
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, "PNG", optimize=True, **extra)
        return out.getvalue(), "png"
    clean.save(out, "JPEG", quality=88, optimize=True, progressive=True, **extra)
    return out.getvalue(), "jpg"


def clean_upload(upload) -> ContentFile:
    """Validate an uploaded file and return a metadata-free copy ready to store."""
    image = validate_image_file(upload)
    data, ext = clean_image_bytes(image)
    stem = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60]
    return ContentFile(data, name=f"{stem or 'image'}.{ext}")


def generate_renditions(image: Image) -> dict:
    """Write narrower copies (original format and WebP) and return the renditions map."""
    renditions: dict[str, dict[str, str]] = {}
    image.file.open("rb")
    try:
        source = PILImage.open(image.file)
        source.load()
    finally:
        image.file.close()
    source = ImageOps.exif_transpose(source)
    has_alpha = source.mode in ("RGBA", "LA", "P")
    widths = [w for w in RENDITION_WIDTHS if w < source.width] + [source.width]
    for width in widths:
        height = round(source.height * width / source.width)
        resized = (
            source if width == source.width else source.resize((width, height), PILImage.LANCZOS)
        )
        entry = {}
        for fmt, ext in (
            ("WEBP", "webp"),
            ("PNG" if has_alpha else "JPEG", "png" if has_alpha else "jpg"),
        ):
            out = io.BytesIO()
            frame = resized.convert("RGBA" if has_alpha else "RGB")
            frame.info = {}  # never carry metadata into what readers download
            kwargs = {"quality": 82} if fmt in ("WEBP", "JPEG") else {"optimize": True}
            frame.save(out, fmt, **kwargs)
            path = f"renditions/{image.pk}/{width}.{ext}"
            if default_storage.exists(path):
                default_storage.delete(path)
            entry["webp" if fmt == "WEBP" else "fallback"] = default_storage.save(
                path, ContentFile(out.getvalue())
            )
        renditions[str(width)] = entry
    return renditions


def renditions_update(*, image_id: int) -> bool:
    """Derive an image's renditions when its file is new or replaced; False if current.

    The task articles.tasks.image_renditions runs this after the upload commits. It asks the
    row again, so a repeated or late task does nothing, and it writes the map only while the
    row still has the file it was made from (a newer upload gets its own task).
    """
    from articles.models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.renditions_stale():
        return False
    renditions = generate_renditions(image)
    for entry in renditions.values():
        entry["source"] = image.file.name
    Image.objects.filter(pk=image.pk, file=image.file.name).update(renditions=renditions)
    return True


def picture_context(image, *, sizes: str, loading: str, css_class: str) -> dict:
    """Template context for a responsive <picture>; works before renditions exist."""
    if image is None or not image.file:
        return {"src": ""}
    renditions = image.renditions or {}
    widths = sorted(int(w) for w in renditions)

    def srcset(kind):
        return ", ".join(
            f"{default_storage.url(renditions[str(w)][kind])} {w}w"
            for w in widths
            if kind in renditions[str(w)]
        )

    fallback_src = image.file.url
    if widths:
        mid = next((w for w in widths if w >= 960), widths[-1])
        fallback_src = default_storage.url(renditions[str(mid)]["fallback"])
    return {
        "src": fallback_src,
        "srcset": srcset("fallback") if widths else "",
        "webp_srcset": srcset("webp") if widths else "",
        "sizes": sizes,
        "width": image.width,
        "height": image.height,
        "alt": image.alt_text,
        "loading": loading,
        "css_class": css_class,
    }
