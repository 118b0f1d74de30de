"""Generated test video for the watermark tests: textured, moving, with flat areas and sound.

Flat colours would be useless (a mark has nowhere to hide and nothing to survive in), so the picture
is a multi-scale noise texture seen by a locked-off camera (slow drift, a little sensor noise in
every frame), a flat "sky" band at the top, and a bright disc crossing the picture; the sound is a
tone. Also the attack helpers the tests use
(re-encode, rescale, crop, mirror), all through PyAV.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from scipy import ndimage


def _texture(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    out = np.zeros((h, w), dtype=np.float32)
    for cell, amp in ((64, 40.0), (16, 16.0), (4, 5.0), (1, 1.5)):
        small = rng.standard_normal((h // cell + 2, w // cell + 2)).astype(np.float32)
        big = np.kron(small, np.ones((cell, cell), dtype=np.float32))[:h, :w]
        if cell > 1:  # smooth the blocks so the texture has no grid
            big = ndimage.uniform_filter(big, cell)
        out += amp * big / (big.std() + 1e-6)
    return np.clip(128 + out, 20, 235)


def make_video(
    path: Path,
    width: int = 360,
    height: int = 640,
    seconds: float = 4.0,
    fps: int = 25,
    audio: bool = True,
    title: str | None = "测试片",
    seed: int = 7,
) -> Path:
    """Write an H.264 (+ AAC) file of a panning texture with a flat band and a moving disc."""
    rng = np.random.default_rng(seed)
    frames = round(seconds * fps)
    tex = _texture(rng, height + 64, width + frames // 8 + 64)
    yy, xx = np.mgrid[0:height, 0:width]
    out = av.open(str(path), "w")
    if title:
        out.metadata["title"] = title
    v = out.add_stream("libx264", rate=fps)
    v.width, v.height, v.pix_fmt = width, height, "yuv420p"
    v.options = {"crf": "12", "preset": "ultrafast"}
    a = None
    if audio:
        a = out.add_stream("aac", rate=44100)
        a.layout = "mono"
    for i in range(frames):
        x0 = i // 8  # a slow drift, a pixel every eight frames
        y = tex[16 : 16 + height, x0 : x0 + width].copy()
        y += rng.normal(0.0, 1.2, size=y.shape).astype(np.float32)
        y[: height // 6] = 170.0  # flat sky band
        cx, cy = (i * 7) % width, height // 2
        y[(xx - cx) ** 2 + (yy - cy) ** 2 < (width // 8) ** 2] = 225.0
        rgb = np.repeat(np.clip(y, 0, 255).astype(np.uint8)[..., None], 3, axis=2)
        rgb[..., 0] = np.clip(rgb[..., 0].astype(np.int16) + 12, 0, 255)
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame.pts = i
        frame.time_base = Fraction(1, fps)
        for p in v.encode(frame):
            out.mux(p)
    for p in v.encode():
        out.mux(p)
    if a is not None:
        n = int(seconds * 44100)
        t = np.arange(n) / 44100
        wave = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
        for start in range(0, n, 1024):
            af = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(wave[:, start : start + 1024]), format="fltp", layout="mono"
            )
            af.sample_rate = 44100
            af.pts = start
            for p in a.encode(af):
                out.mux(p)
        for p in a.encode():
            out.mux(p)
    out.close()
    return path


def transform(
    src: Path,
    dst: Path,
    *,
    codec: str = "libx264",
    crf: int = 28,
    scale: float | None = None,
    size: tuple[int, int] | None = None,
    crop: tuple[float, float, float, float] | None = None,
    mirror: bool = False,
    gain: float = 1.0,
    offset: float = 0.0,
) -> Path:
    """Re-encode `src` with the given attack: crop (left, top, right, bottom fractions), mirror,
    brightness gain/offset, rescale (factor or exact size), then `codec` at `crf`."""
    inp = av.open(str(src))
    vin = inp.streams.video[0]
    out = av.open(str(dst), "w")
    vout = None
    for frame in inp.decode(vin):
        rgb = frame.to_ndarray(format="rgb24")
        h, w = rgb.shape[:2]
        if crop:
            left, top, right, bottom = crop
            rgb = rgb[int(top * h) : h - int(bottom * h), int(left * w) : w - int(right * w)]
        if mirror:
            rgb = rgb[:, ::-1]
        if gain != 1.0 or offset:
            rgb = np.clip(rgb.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)
        rgb = np.ascontiguousarray(rgb)
        h, w = rgb.shape[:2]
        if size:
            tw, th = size
        elif scale:
            tw, th = round(w * scale / 2) * 2, round(h * scale / 2) * 2
        else:
            tw, th = w - w % 2, h - h % 2
        f = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(width=tw, height=th, format="yuv420p")
        if vout is None:
            vout = out.add_stream(codec, rate=vin.average_rate or 25)
            vout.width, vout.height, vout.pix_fmt = tw, th, "yuv420p"
            vout.options = {"crf": str(crf), "preset": "veryfast"}
            if codec == "libx265":
                vout.options["x265-params"] = "log-level=error"
        f.pts = None
        for p in vout.encode(f):
            out.mux(p)
    for p in vout.encode():
        out.mux(p)
    out.close()
    inp.close()
    return dst
