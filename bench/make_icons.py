"""Draw the site icons and the publisher logo with Pillow (run once; the PNGs are committed).

    .venv/bin/python bench/make_icons.py

The shapes follow static/img/favicon.svg: a white serif "N" on ink, so every icon is ours.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
INK = (26, 26, 26)
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
]


def font(size):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def icon(size: int, *, radius_share=0.125, padding_share=0.0) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    pad = round(size * padding_share)
    draw.rounded_rectangle(
        [pad, pad, size - 1 - pad, size - 1 - pad], radius=round(size * radius_share), fill=INK
    )
    f = font(round(size * 0.62))
    draw.text((size / 2, size / 2), "N", font=f, fill="white", anchor="mm")
    return img


def logo(width=600, height=60) -> Image.Image:
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((width / 2, height / 2), "Newsroom", font=font(44), fill=INK, anchor="mm")
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    icon(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # Apple and Android mask corners themselves: a full square, no transparency.
    full = icon(180, radius_share=0).convert("RGB")
    full.save(OUT / "apple-touch-icon.png", optimize=True)
    icon(192).save(OUT / "icon-192.png", optimize=True)
    icon(512).save(OUT / "icon-512.png", optimize=True)
    logo().save(OUT / "logo.png", optimize=True)
    for name in ("favicon.ico", "apple-touch-icon.png", "icon-192.png", "icon-512.png", "logo.png"):
        print(name, (OUT / name).stat().st_size, "bytes")
