"""Generated videos for the copyright tests: a registered episode (textured, moving, with sound) and
a pirated, altered copy of it — cropped, scaled down, brightened and re-encoded with PyAV."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageEnhance


def make_pirated(
    src: Path,
    dst: Path,
    *,
    crop: float = 0.08,
    width: int = 432,
    height: int = 768,
    start: float = 0.0,
    end: float | None = None,
) -> Path:
    """A re-encoded copy of `src` (optionally an excerpt): centre crop, scale, brighter, lower quality."""
    with av.open(str(src)) as inp, av.open(str(dst), "w") as out:
        vin = inp.streams.video[0]
        ain = inp.streams.audio[0] if inp.streams.audio else None
        rate = round(vin.average_rate or 25)
        vout = out.add_stream("libx264", rate=rate, options={"preset": "ultrafast", "crf": "32"})
        vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
        aout = None
        if ain is not None:
            aout = out.add_stream("aac", rate=44100)
            aout.layout = "stereo"
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=44100)
        n_video = 0
        for packet in inp.demux(*(s for s in (vin, ain) if s is not None)):
            for frame in packet.decode():
                t = float(frame.time or 0.0)
                if t < start or (end is not None and t >= end):
                    continue
                if isinstance(frame, av.VideoFrame):
                    img = frame.to_image()
                    w, h = img.size
                    box = (int(w * crop), int(h * crop), int(w * (1 - crop)), int(h * (1 - crop)))
                    img = ImageEnhance.Brightness(img.crop(box).resize((width, height))).enhance(1.12)
                    vf = av.VideoFrame.from_ndarray(np.asarray(img), format="rgb24")
                    vf.pts, vf.time_base = n_video, Fraction(1, rate)
                    n_video += 1
                    for p in vout.encode(vf):
                        out.mux(p)
                elif aout is not None:
                    frame.pts = None
                    for rf in resampler.resample(frame):
                        for p in aout.encode(rf):
                            out.mux(p)
        for p in vout.encode():
            out.mux(p)
        if aout is not None:
            for p in aout.encode():
                out.mux(p)
    return dst


def make_unrelated(
    dst: Path, seconds: float = 8.0, *, seed: int = 7, width: int = 540, height: int = 960
) -> Path:
    """A video that copies nothing: drifting coloured blocks on a moving noise texture, and a tone."""
    rng = np.random.default_rng(seed)
    fps, rate = 25, 48000
    noise = (rng.random((height // 8 + 40, width // 8 + 40, 3)) * 255).astype(np.uint8)
    texture = np.asarray(Image.fromarray(noise).resize(((width // 8 + 40) * 8, (height // 8 + 40) * 8)))
    blocks = [
        (
            rng.integers(0, width),
            rng.integers(0, height),
            rng.integers(40, 160),
            rng.integers(40, 160),
            tuple(int(v) for v in rng.integers(0, 255, 3)),
            rng.normal(0, 6, 2),
        )
        for _ in range(12)
    ]
    with av.open(str(dst), "w") as out:
        video = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "crf": "28"})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = out.add_stream("aac", rate=rate)
        audio.layout = "mono"
        for i in range(int(seconds * fps)):
            ox, oy = (i * 3) % 300, (i * 2) % 300
            frame = texture[oy : oy + height, ox : ox + width].copy()
            for x, y, w, h, colour, (vx, vy) in blocks:
                cx, cy = int(x + vx * i) % width, int(y + vy * i) % height
                frame[cy : cy + h, cx : cx + w] = colour
            vf = av.VideoFrame.from_ndarray(frame, format="rgb24")
            for p in video.encode(vf):
                out.mux(p)
        t = np.arange(int(seconds * rate)) / rate
        tone = (0.2 * np.sin(2 * np.pi * (220 + 40 * np.sin(t)) * t)).astype(np.float32)
        for k in range(0, len(tone), 1024):
            af = av.AudioFrame.from_ndarray(tone[None, k : k + 1024], format="fltp", layout="mono")
            af.sample_rate = rate
            for p in audio.encode(af):
                out.mux(p)
        for stream in (video, audio):
            for p in stream.encode():
                out.mux(p)
    return dst
