"""Drawn stand-in photos for the demo sets: a simple scene per kind (palace roofs, a brick tenement
block, a glass office, an LED volume, a European street) with the set's name, made with Pillow from
a seed so that every load draws the same picture. Demo only."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont

from microdrama.fonts import cjk_font_path

SIZE = (960, 640)
PALETTES = {
    "costume": ((58, 22, 18), (196, 120, 72), (168, 38, 30), (236, 196, 120)),
    "period": ((70, 62, 52), (214, 190, 150), (150, 84, 60), (236, 226, 200)),
    "modern": ((24, 44, 78), (150, 190, 226), (70, 110, 170), (236, 244, 252)),
    "virtual": ((12, 8, 36), (88, 40, 170), (40, 220, 200), (250, 110, 210)),
    "overseas": ((40, 78, 96), (232, 214, 178), (176, 150, 112), (250, 246, 236)),
}


def _gradient(top, bottom) -> Image.Image:
    w, h = SIZE
    img = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(img)
    for y in range(h):
        t = y / (h - 1)
        draw.line(
            [(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return img


def _costume(draw, rng, pal):
    for i in range(rng.randint(2, 4)):
        x = 60 + i * 240 + rng.randint(-30, 30)
        y = 260 + rng.randint(-40, 40)
        draw.polygon([(x - 40, y), (x + 230, y), (x + 170, y - 70), (x + 20, y - 70)], fill=(46, 40, 44))
        draw.rectangle([x, y, x + 190, y + 220], fill=pal[2])
        for c in range(4):
            draw.rectangle([x + 14 + c * 48, y + 20, x + 26 + c * 48, y + 220], fill=(110, 22, 18))
        draw.rectangle([x + 70, y + 120, x + 120, y + 220], fill=(60, 30, 20))
    for _ in range(6):
        cx = rng.randint(40, 920)
        draw.ellipse([cx, 90, cx + 26, 130], fill=(232, 70, 40))


def _period(draw, rng, pal):
    x0 = rng.randint(40, 120)
    draw.rectangle([x0, 120, x0 + 760, 600], fill=pal[2])
    for row in range(6):
        for col in range(9):
            x = x0 + 24 + col * 82
            y = 140 + row * 76
            draw.rectangle([x, y, x + 48, y + 44], fill=pal[3] if rng.random() > 0.3 else (60, 58, 54))
            draw.rectangle([x - 4, y + 46, x + 52, y + 52], fill=(90, 90, 86))
    for row in range(6):  # washing lines on the balconies
        y = 186 + row * 76
        draw.line([(x0, y), (x0 + 760, y)], fill=(40, 36, 30), width=1)
        for _ in range(3):
            cx = rng.randint(x0 + 10, x0 + 740)
            draw.rectangle(
                [cx, y, cx + 18, y + 22], fill=rng.choice([(200, 60, 50), (60, 110, 170), (230, 220, 200)])
            )


def _modern(draw, rng, pal):
    for i in range(rng.randint(3, 5)):
        x = 30 + i * 200 + rng.randint(-20, 20)
        top = rng.randint(60, 220)
        draw.rectangle([x, top, x + 170, 640], fill=pal[2])
        for y in range(top + 14, 630, 26):
            for cx in range(x + 12, x + 160, 26):
                lit = rng.random() > 0.45
                draw.rectangle([cx, y, cx + 16, y + 14], fill=pal[3] if lit else (40, 64, 104))
    draw.rectangle([0, 560, 960, 640], fill=(32, 38, 48))


def _virtual(draw, rng, pal):
    draw.rectangle([60, 80, 900, 480], fill=pal[1])
    for x in range(60, 900, 42):
        draw.line([(x, 80), (x, 480)], fill=pal[0], width=2)
    for y in range(80, 480, 42):
        draw.line([(60, y), (900, y)], fill=pal[0], width=2)
    for _ in range(5):
        cx, cy, r = rng.randint(120, 840), rng.randint(120, 440), rng.randint(30, 90)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=pal[2], width=6)
    draw.polygon([(0, 640), (960, 640), (760, 500), (200, 500)], fill=(30, 26, 50))
    for i in range(6):
        x = 140 + i * 130
        draw.line([(x, 500), (x - 40 + i * 10, 640)], fill=pal[3], width=2)


def _overseas(draw, rng, pal):
    x0 = rng.randint(30, 90)
    for i in range(3):
        x = x0 + i * 300
        draw.rectangle([x, 180, x + 270, 600], fill=pal[1] if i % 2 else pal[2])
        draw.polygon([(x - 10, 180), (x + 280, 180), (x + 135, 100)], fill=(120, 60, 50))
        for col in range(3):
            cx = x + 30 + col * 80
            draw.rectangle([cx, 260, cx + 50, 360], fill=(60, 80, 96))
            draw.pieslice([cx, 236, cx + 50, 286], 180, 360, fill=(60, 80, 96))
        draw.rectangle([x + 105, 440, x + 165, 600], fill=(80, 50, 36))
        draw.pieslice([x + 105, 410, x + 165, 470], 180, 360, fill=(80, 50, 36))
    draw.rectangle([0, 600, 960, 640], fill=(110, 104, 96))


DRAWERS = {
    "costume": _costume,
    "period": _period,
    "modern": _modern,
    "virtual": _virtual,
    "overseas": _overseas,
}


def draw_set_photo(seed: str, kind: str, title: str, subtitle: str) -> Image.Image:
    """A 960×640 picture of a stylised set of this kind, labelled with its name."""
    rng = random.Random(seed)
    pal = PALETTES[kind]
    img = _gradient(pal[0], pal[1])
    draw = ImageDraw.Draw(img)
    DRAWERS[kind](draw, rng, pal)
    band = Image.new("RGBA", (SIZE[0], 96), (0, 0, 0, 140))
    img.paste(band, (0, SIZE[1] - 96), band)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(cjk_font_path()), 38, index=0)
    small = ImageFont.truetype(str(cjk_font_path()), 22, index=0)
    draw.text((28, SIZE[1] - 88), title, font=font, fill=(255, 255, 255))
    draw.text((30, SIZE[1] - 38), subtitle, font=small, fill=(230, 230, 230))
    return img


def detail_of(img: Image.Image, seed: str) -> Image.Image:
    """A second "angle": a closer crop of the same picture."""
    rng = random.Random(seed)
    w, h = img.size
    cw, ch = int(w * 0.62), int(h * 0.62)
    x, y = rng.randint(0, w - cw), rng.randint(0, int((h - ch) * 0.6))
    return img.crop((x, y, x + cw, y + ch)).resize(SIZE, Image.Resampling.BILINEAR)


def jpeg(img: Image.Image, quality: int = 82) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
