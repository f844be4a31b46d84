import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles import images
from articles.images import clean_upload, validate_image_file
from articles.models import Image
from articles.templatetags.article_tags import picture
from tests.factories import image_bytes


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_exif(width=300, height=200, orientation=6) -> bytes:
    img = PILImage.new("RGB", (width, height), (200, 30, 30))
    # Left half a different colour, so that rotation is observable in the pixels too.
    img.paste((20, 20, 200), (0, 0, width // 2, height))
    exif = PILImage.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=b"private note")
    return out.getvalue()


class TestValidation:
    def test_accepts_a_real_jpeg(self):
        image = validate_image_file(upload(image_bytes()))
        assert image.size == (800, 500)

    @pytest.mark.parametrize(
        ("data", "name"),
        [
            (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
            (b"just some text, not a picture", "holiday.jpg"),
            (b"GIF89a<html><script>alert(1)</script></html>", "polyglot.gif"),
            (image_bytes()[:400], "truncated.jpg"),
            (b"", "empty.png"),
        ],
    )
    def test_refuses_non_images_and_damaged_files(self, data, name):
        with pytest.raises(Exception) as excinfo:
            validate_image_file(upload(data, name))
        assert excinfo.type.__name__ == "ValidationError"
        assert excinfo.value.code == "invalid_image"

    def test_refuses_formats_we_do_not_serve(self):
        out = io.BytesIO()
        PILImage.new("RGB", (300, 300)).save(out, "BMP")
        with pytest.raises(Exception) as excinfo:
            validate_image_file(upload(out.getvalue(), "x.bmp"))
        assert excinfo.value.code == "invalid_format"

    def test_refuses_decompression_bombs_before_decoding(self, monkeypatch):
        monkeypatch.setattr(images, "MAX_PIXELS", 100_000)
        with pytest.raises(Exception) as excinfo:
            validate_image_file(upload(image_bytes(400, 400)))
        assert excinfo.value.code == "too_many_pixels"

    def test_refuses_pillows_own_bomb_limit(self, monkeypatch):
        monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 10_000)
        with pytest.raises(Exception) as excinfo:
            validate_image_file(upload(image_bytes(400, 400)))
        assert excinfo.value.code == "too_many_pixels"

    def test_refuses_files_that_are_too_large(self, monkeypatch):
        monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
        with pytest.raises(Exception) as excinfo:
            validate_image_file(upload(image_bytes()))
        assert excinfo.value.code == "too_large"

    def test_refuses_tiny_images(self):
        with pytest.raises(Exception) as excinfo:
            validate_image_file(upload(image_bytes(100, 80)))
        assert excinfo.value.code == "too_small"


class TestCleanUpload:
    def test_applies_exif_orientation_and_strips_metadata(self):
        cleaned = clean_upload(upload(jpeg_with_exif(300, 200, orientation=6)))
        img = PILImage.open(io.BytesIO(cleaned.read()))
        assert img.size == (200, 300)  # rotated upright
        assert img.format == "JPEG"
        assert len(img.getexif()) == 0
        assert "exif" not in img.info
        assert "comment" not in img.info
        # Orientation 6 = rotate 90° clockwise: the blue left half ends up on top.
        assert img.getpixel((100, 20))[2] > 150
        assert img.getpixel((100, 280))[0] > 150

    def test_file_lying_about_its_type_is_stored_as_what_it_is(self):
        out = io.BytesIO()
        PILImage.new("RGBA", (300, 300), (0, 0, 0, 0)).save(out, "PNG")
        cleaned = clean_upload(upload(out.getvalue(), "innocent.jpg"))
        assert cleaned.name == "innocent.png"
        assert PILImage.open(io.BytesIO(cleaned.read())).format == "PNG"


@pytest.mark.django_db
class TestRenditions:
    def make_image(self, width=1000, height=600):
        cleaned = clean_upload(upload(image_bytes(width, height)))
        image = Image.objects.create(file=cleaned, alt_text="Ein Hafen im Regen")
        image.refresh_from_db()  # the renditions task wrote them to the row
        return image

    def test_renditions_in_webp_and_fallback_for_each_width(self):
        image = self.make_image()
        assert sorted(int(w) for w in image.renditions) == [320, 640, 960, 1000]
        for width, entry in image.renditions.items():
            webp = PILImage.open(image.file.storage.open(entry["webp"]))
            fallback = PILImage.open(image.file.storage.open(entry["fallback"]))
            assert webp.format == "WEBP"
            assert fallback.format == "JPEG"
            assert webp.width == int(width)
            assert webp.height == round(600 * int(width) / 1000)

    def test_renditions_follow_a_replaced_file(self):
        image = self.make_image()
        image.file = clean_upload(upload(image_bytes(700, 700), "other.jpg"))
        image.save()
        image.refresh_from_db()
        assert sorted(int(w) for w in image.renditions) == [320, 640, 700]

    def test_picture_markup_has_srcsets_sizes_and_dimensions(self):
        image = self.make_image()
        ctx = picture(image, sizes="100vw", loading="eager")
        assert ctx["width"] == 1000 and ctx["height"] == 600
        assert ctx["alt"] == "Ein Hafen im Regen"
        assert ".webp 320w" in ctx["webp_srcset"] and ".webp 1000w" in ctx["webp_srcset"]
        assert ".jpg 640w" in ctx["srcset"]
        assert ctx["src"].endswith("/960.jpg")

    def test_picture_template_renders_source_and_img(self):
        from django.template import Context, Template

        image = self.make_image()
        html = Template("{% load article_tags %}{% picture image sizes='50vw' %}").render(
            Context({"image": image})
        )
        assert '<source type="image/webp"' in html
        assert 'width="1000" height="600"' in html
        assert 'alt="Ein Hafen im Regen"' in html
        assert 'loading="lazy"' in html
        assert 'sizes="50vw"' in html

    def test_picture_without_image_renders_nothing(self):
        assert picture(None)["src"] == ""


@pytest.mark.django_db
def test_renditions_of_an_uncleaned_file_are_upright_and_metadata_free():
    from django.core.files.base import ContentFile

    image = Image.objects.create(
        file=ContentFile(jpeg_with_exif(400, 300, orientation=6), name="raw.jpg"), alt_text="x"
    )
    image.refresh_from_db()
    entry = image.renditions["300"]
    for kind in ("webp", "fallback"):
        rendition = PILImage.open(image.file.storage.open(entry[kind]))
        assert rendition.size == (300, 400)
        assert len(rendition.getexif()) == 0
        assert "comment" not in rendition.info


IMG = __import__("re").compile(r"<img\b[^>]*>")


def img_tags(html: str, css_scope: str) -> list[str]:
    """The <img> tags inside the first element whose class list holds css_scope."""
    start = html.index(f'class="{css_scope}')
    return IMG.findall(html[start:])


@pytest.mark.django_db
class TestLargestContentfulPaint:
    """The LCP image (the article's hero, the front page's lead teaser) loads at once and
    first; every other picture stays lazy, sized for its slot."""

    def test_article_hero_is_eager_with_high_priority(self, client):
        from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

        article = ArticleFactory(hero_image=ImageFactory(),
                                 authors=[AuthorFactory(photo=ImageFactory())])  # fmt: skip
        html = client.get(article.get_absolute_url()).content.decode()
        hero = img_tags(html, "article__hero")[0]
        assert 'loading="eager"' in hero and 'fetchpriority="high"' in hero
        assert 'sizes="(min-width: 856px) 832px, calc(100vw - 1.5rem)"' in hero
        others = [tag for tag in IMG.findall(html) if tag != hero]
        assert others and all('loading="lazy"' in t and "fetchpriority" not in t for t in others)
        assert html.count('fetchpriority="high"') == 1

    def test_front_page_lead_is_eager_and_teasers_are_lazy_thumbnails(self, client):
        from articles.templatetags.article_tags import TEASER_SIZES
        from tests.factories import ArticleFactory, ImageFactory

        for _ in range(6):
            ArticleFactory(hero_image=ImageFactory())
        html = client.get("/").content.decode()
        lead = img_tags(html, "teaser teaser--lead")[0]
        assert 'loading="eager"' in lead and 'fetchpriority="high"' in lead
        assert html.count('fetchpriority="high"') == 1
        rest = IMG.findall(html[html.index('class="teaser-list') :])
        assert rest and all('loading="lazy"' in t for t in rest)
        # Phones show list teasers as 6.5rem thumbnails: the 320 px rendition, not 960.
        assert all(t.endswith(", 104px") for t in (TEASER_SIZES["list"], TEASER_SIZES["top"]))
        assert f'sizes="{TEASER_SIZES["top"]}"' in html

    def test_teaser_sizes_never_ask_for_more_than_the_slot(self):
        from articles.templatetags.article_tags import TEASER_SIZES

        # 3 columns at 1400px: (1296 - 2 * 24) / 3 = 416 px; the lead: 3/5 of 1296 - 32.
        assert "(min-width: 1400px) 416px" in TEASER_SIZES["list"]
        assert "(min-width: 1400px) 758px" in TEASER_SIZES["lead"]
        assert all("100vw," not in s for s in TEASER_SIZES.values())
