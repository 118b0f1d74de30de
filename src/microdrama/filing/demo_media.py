"""A short sample episode for demo dramas: vertical 540×960 H.264 with sound, the filing number in
the opening titles (so the pre-check's OCR has something to read) and moving, textured pictures."""

from __future__ import annotations

import hashlib
import math
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from microdrama.fonts import cjk_font_path

WIDTH, HEIGHT, FPS, RATE = 540, 960, 25, 48000
MARGIN = 240


def _seed(title: str, episode: int) -> np.random.Generator:
    """Every drama and episode gets pictures and sound of its own, so that two sample episodes
    are never copies of each other as far as the copy detector can tell."""
    digest = hashlib.sha256(f"{title}#{episode}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _texture(rng: np.random.Generator) -> np.ndarray:
    """A colourful random field larger than the frame; frames are moving crops of it (cheap per frame)."""
    small = rng.integers(0, 256, size=((HEIGHT + MARGIN) // 90 + 2, (WIDTH + MARGIN) // 90 + 2, 3), dtype=np.uint8)
    field = Image.fromarray(small).resize((WIDTH + MARGIN, HEIGHT + MARGIN), Image.BICUBIC)
    y, x = np.mgrid[0:HEIGHT + MARGIN, 0:WIDTH + MARGIN].astype(np.float32)
    stripes = 18 * np.sin(x / rng.uniform(15, 45) + y / rng.uniform(15, 45))[..., None]
    return (np.asarray(field, dtype=np.float32) * 0.8 + stripes + 20).clip(0, 255).astype(np.uint8)


def _frame(t: float, texture: np.ndarray, motion: tuple[float, float, float], title: str, episode: int, number: str,
           font_big, font_small) -> np.ndarray:
    fx, fy, phase = motion
    dx = int((MARGIN / 2) * (1 + math.sin(t * fx + phase)))
    dy = int((MARGIN / 2) * (1 + math.cos(t * fy + phase)))
    img = Image.fromarray(texture[dy:dy + HEIGHT, dx:dx + WIDTH])
    draw = ImageDraw.Draw(img)
    if t < 4.0:  # the opening card with the number, as 片头 requires
        draw.rectangle([40, 330, WIDTH - 40, 630], fill=(15, 15, 20))
        draw.text((WIDTH / 2, 400), f"《{title}》", font=font_big, fill=(255, 240, 200), anchor="mm")
        draw.text((WIDTH / 2, 480), f"第{episode}集", font=font_small, fill=(255, 255, 255), anchor="mm")
        draw.text((WIDTH / 2, 560), number, font=font_small, fill=(255, 255, 255), anchor="mm")
    else:
        cx = WIDTH / 2 + 150 * math.sin(t)
        draw.ellipse([cx - 60, 420, cx + 60, 540], fill=(240, 220, 190))
        draw.text((WIDTH / 2, HEIGHT - 120), f"第{episode}集 {t:04.1f}s", font=font_small, fill=(255, 255, 255),
                  anchor="mm")
    return np.asarray(img)


def make_episode(path: Path, title: str, episode: int, number: str, seconds: float = 30.0) -> Path:
    font_big = ImageFont.truetype(str(cjk_font_path()), 40)
    font_small = ImageFont.truetype(str(cjk_font_path()), 30)
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=FPS, options={"preset": "veryfast", "crf": "28"})
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        audio = out.add_stream("aac", rate=RATE)
        audio.layout = "mono"
        rng = _seed(title, episode)
        texture = _texture(rng)
        motion = (rng.uniform(0.4, 1.2), rng.uniform(0.3, 1.0), rng.uniform(0, 2 * math.pi))
        pitch = rng.uniform(220, 660)
        for i in range(int(seconds * FPS)):
            picture = _frame(i / FPS, texture, motion, title, episode, number, font_big, font_small)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        samples_per_frame = 1024
        total = int(seconds * RATE)
        t0 = 0
        while t0 < total:
            n = min(samples_per_frame, total - t0)
            t = (np.arange(n) + t0) / RATE
            # a tone that swells and fades, around -16 LUFS like online video
            tone = 0.31 * np.sin(2 * np.pi * pitch * t) * (0.8 + 0.2 * np.sin(2 * np.pi * 0.25 * t))
            frame = av.AudioFrame.from_ndarray(tone.astype(np.float32).reshape(1, -1), format="fltp", layout="mono")
            frame.sample_rate = RATE
            frame.pts = t0
            frame.time_base = Fraction(1, RATE)
            for packet in audio.encode(frame):
                out.mux(packet)
            t0 += n
        for packet in audio.encode():
            out.mux(packet)
    return path
