"""Generated pictures for the demo: calm gradients and shapes drawn with Pillow."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

# top colour, bottom colour, two accent colours
PALETTES = {
    "dusk": ((38, 50, 92), (236, 150, 110), (250, 214, 160), (24, 30, 52)),
    "sea": ((120, 180, 214), (18, 70, 112), (240, 248, 255), (10, 40, 70)),
    "forest": ((214, 228, 200), (52, 112, 78), (248, 236, 190), (26, 64, 44)),
    "grass": ((22, 40, 30), (40, 130, 70), (240, 240, 230), (20, 80, 40)),
    "night": ((10, 14, 40), (60, 40, 96), (255, 210, 120), (6, 8, 24)),
    "space": ((2, 4, 16), (24, 30, 70), (230, 230, 240), (120, 120, 140)),
    "europe": ((20, 50, 140), (40, 80, 180), (255, 204, 0), (10, 30, 90)),
    "brick": ((236, 214, 190), (170, 90, 60), (250, 240, 228), (110, 54, 36)),
    "tech": ((16, 24, 48), (30, 90, 130), (90, 220, 210), (12, 18, 36)),
    "rice": ((200, 226, 236), (96, 150, 90), (236, 244, 210), (50, 96, 60)),
    "sky": ((110, 170, 230), (220, 236, 250), (255, 255, 255), (60, 90, 120)),
    "asphalt": ((40, 44, 52), (96, 100, 110), (250, 210, 70), (20, 22, 26)),
    "theatre": ((30, 6, 12), (120, 20, 36), (255, 230, 180), (14, 2, 6)),
    "neon": ((18, 10, 40), (90, 30, 110), (255, 90, 160), (10, 6, 24)),
    "court": ((230, 170, 100), (170, 100, 50), (255, 255, 255), (30, 60, 140)),
    "clinic": ((226, 240, 244), (150, 200, 214), (255, 255, 255), (40, 120, 140)),
    "office": ((232, 230, 224), (180, 176, 166), (250, 250, 246), (80, 84, 90)),
    "heat": ((255, 210, 120), (220, 90, 40), (255, 244, 200), (140, 40, 20)),
    "paper": ((244, 238, 226), (214, 200, 176), (160, 40, 36), (60, 52, 44)),
    "autumn": ((230, 196, 140), (150, 80, 40), (250, 230, 190), (80, 50, 30)),
}


def _mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def _gradient(size, top, bottom):
    w, h = size
    strip = Image.new("RGB", (1, h))
    for y in range(h):
        strip.putpixel((0, y), _mix(top, bottom, y / max(h - 1, 1)))
    return strip.resize((w, h))


def _draw_motif(img, motif, pal, rnd):
    w, h = img.size
    top, bottom, light, dark = pal
    d = ImageDraw.Draw(img, "RGBA")
    if motif == "city":
        x = 0
        while x < w:
            bw, bh = rnd.randint(60, 160), rnd.randint(h // 5, int(h * 0.7))
            d.rectangle([x, h - bh, x + bw, h], fill=(*dark, 235))
            for wy in range(h - bh + 20, h - 20, 34):
                for wx in range(x + 12, x + bw - 16, 26):
                    if rnd.random() < 0.35:
                        d.rectangle([wx, wy, wx + 10, wy + 16], fill=(*light, 200))
            x += bw + rnd.randint(4, 20)
    elif motif in ("waves", "wind"):
        for i in range(9):
            y0 = h * (0.45 + i * 0.07)
            amp, freq = rnd.uniform(10, 30), rnd.uniform(0.004, 0.01)
            pts = [(x, y0 + amp * math.sin(x * freq + i)) for x in range(0, w + 20, 20)]
            d.line(pts, fill=(*_mix(light, dark, i / 9), 170), width=6)
        if motif == "wind":
            for _ in range(5):
                cx, base = rnd.randint(100, w - 100), rnd.randint(int(h * 0.35), int(h * 0.55))
                d.line([cx, base, cx, h], fill=(*light, 255), width=8)
                a0 = rnd.uniform(0, math.tau)
                for k in range(3):
                    a = a0 + k * math.tau / 3
                    d.line([cx, base, cx + 140 * math.cos(a), base + 140 * math.sin(a)],
                           fill=(*light, 255), width=7)  # fmt: skip
    elif motif == "bars":
        n = 9
        for i in range(n):
            bh = h * rnd.uniform(0.15, 0.7)
            x0 = w * 0.08 + i * (w * 0.84 / n)
            d.rectangle([x0, h - bh, x0 + w * 0.84 / n * 0.7, h], fill=(*light, 210))
        d.line([(w * 0.05, h * 0.6), (w * 0.5, h * 0.35), (w * 0.95, h * 0.45)],
               fill=(*dark, 255), width=10)  # fmt: skip
    elif motif == "pitch":
        d.rectangle([w * 0.06, h * 0.4, w * 0.94, h * 0.98], outline=(*light, 220), width=6)
        d.line([w / 2, h * 0.4, w / 2, h * 0.98], fill=(*light, 220), width=6)
        d.ellipse([w / 2 - 110, h * 0.69 - 110, w / 2 + 110, h * 0.69 + 110],
                  outline=(*light, 220), width=6)  # fmt: skip
        for x in (w * 0.1, w * 0.9):
            d.ellipse([x - 90, 40, x + 90, 120], fill=(*light, 240))
    elif motif in ("night", "space"):
        for _ in range(260):
            x, y, r = rnd.randint(0, w), rnd.randint(0, h), rnd.choice((1, 1, 2, 3))
            d.ellipse([x - r, y - r, x + r, y + r], fill=(*light, rnd.randint(120, 255)))
        if motif == "space":
            d.ellipse([w * 0.55, h * 0.5, w * 1.3, h * 1.9], fill=(*_mix(light, dark, 0.4), 255))
        else:
            d.rectangle([0, h * 0.78, w, h], fill=(*dark, 255))
            d.rectangle([w * 0.3, h * 0.62, w * 0.62, h * 0.8], fill=(*light, 230))
    elif motif == "grid":
        for i in range(12):
            a = i * math.tau / 12
            cx, cy = w / 2 + 260 * math.cos(a), h / 2 + 260 * math.sin(a)
            d.regular_polygon((cx, cy, 26), 5, fill=(*light, 255))
    elif motif == "circles":
        for _ in range(14):
            r = rnd.randint(40, 220)
            x, y = rnd.randint(0, w), rnd.randint(0, h)
            d.ellipse([x - r, y - r, x + r, y + r], outline=(*light, 150), width=rnd.randint(3, 12))
    elif motif == "mountains":
        for layer in range(3):
            base = h * (0.5 + layer * 0.15)
            pts, x = [(0, h)], 0
            while x <= w:
                pts.append((x, base - rnd.uniform(40, 220) / (layer + 1)))
                x += rnd.randint(120, 260)
            pts += [(w, base), (w, h)]
            d.polygon(pts, fill=(*_mix(light, dark, 0.3 + layer * 0.3), 255))
    elif motif in ("road", "rails"):
        d.polygon([(w * 0.42, h * 0.45), (w * 0.58, h * 0.45), (w * 0.95, h), (w * 0.05, h)],
                  fill=(*dark, 255))  # fmt: skip
        if motif == "road":
            for i in range(6):
                t0, t1 = 0.45 + i * 0.1, 0.45 + i * 0.1 + 0.05
                d.polygon([(w / 2 - 4 - 30 * t0, h * t0), (w / 2 + 4 + 30 * t0, h * t0),
                           (w / 2 + 6 + 40 * t1, h * t1), (w / 2 - 6 - 40 * t1, h * t1)],
                          fill=(*light, 255))  # fmt: skip
        else:
            for side in (-1, 1):
                d.line([(w / 2 + side * 40, h * 0.45), (w / 2 + side * 300, h)],
                       fill=(*light, 255), width=8)  # fmt: skip
            for i in range(10):
                y = h * (0.47 + i * 0.055)
                half = 50 + (y - h * 0.45) * 0.6
                d.line([(w / 2 - half, y), (w / 2 + half, y)], fill=(*light, 150), width=5)
    elif motif == "stage":
        for cx in (w * 0.25, w * 0.5, w * 0.75):
            d.polygon([(cx - 20, 0), (cx + 20, 0), (cx + 240, h), (cx - 240, h)],
                      fill=(*light, 45))  # fmt: skip
        d.rectangle([0, h * 0.85, w, h], fill=(*dark, 255))
        d.ellipse([w / 2 - 40, h * 0.45, w / 2 + 40, h * 0.53], fill=(*dark, 255))
        d.rectangle([w / 2 - 50, h * 0.53, w / 2 + 50, h * 0.85], fill=(*dark, 255))
    elif motif == "sun":
        d.ellipse([w * 0.6, h * 0.1, w * 0.6 + 260, h * 0.1 + 260], fill=(*light, 255))
        for i in range(16):
            a = i * math.tau / 16
            cx, cy = w * 0.6 + 130, h * 0.1 + 130
            d.line([cx + 170 * math.cos(a), cy + 170 * math.sin(a),
                    cx + 230 * math.cos(a), cy + 230 * math.sin(a)],
                   fill=(*light, 200), width=8)  # fmt: skip
        d.rectangle([0, h * 0.75, w, h], fill=(*dark, 230))
    elif motif == "books":
        x = w * 0.08
        while x < w * 0.92:
            bw, bh = rnd.randint(34, 80), rnd.randint(int(h * 0.35), int(h * 0.6))
            color = _mix(light, dark, rnd.random())
            d.rectangle([x, h * 0.85 - bh, x + bw, h * 0.85], fill=(*color, 255))
            x += bw + 4
        d.rectangle([0, h * 0.85, w, h * 0.88], fill=(*dark, 255))


def hero_picture(*, motif: str, palette: str, seed: int, size=(1600, 900)) -> bytes:
    """Return JPEG bytes of a generated hero picture (deterministic for the seed)."""
    pal = PALETTES.get(palette, PALETTES["dusk"])
    rnd = random.Random(seed)
    img = _gradient(size, pal[0], pal[1])
    _draw_motif(img, motif, pal, rnd)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=86)
    return out.getvalue()


def portrait(*, color: tuple[int, int, int], seed: int, size: int = 480) -> bytes:
    """Return JPEG bytes of a friendly silhouette on a coloured background."""
    rnd = random.Random(seed)
    light = _mix(color, (255, 255, 255), 0.55)
    img = _gradient((size, size), light, color)
    d = ImageDraw.Draw(img, "RGBA")
    skin = rnd.choice([(240, 208, 180), (214, 170, 130), (170, 120, 90), (120, 84, 60)])
    hair = rnd.choice([(40, 30, 24), (110, 70, 40), (200, 170, 110), (150, 150, 150)])
    s = size
    d.ellipse([s * 0.18, s * 0.72, s * 0.82, s * 1.3], fill=(*_mix(color, (20, 20, 30), 0.6), 255))
    d.rectangle([s * 0.44, s * 0.58, s * 0.56, s * 0.76], fill=(*skin, 255))
    d.ellipse([s * 0.32, s * 0.2, s * 0.68, s * 0.64], fill=(*hair, 255))
    d.ellipse([s * 0.35, s * 0.27, s * 0.65, s * 0.65], fill=(*skin, 255))
    d.chord([s * 0.32, s * 0.18, s * 0.68, s * 0.5], 180, 360, fill=(*hair, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()
