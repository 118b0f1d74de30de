"""Generated videos for the copyright tests: a registered episode (textured, moving, with sound) and
a pirated, altered copy of it — cropped, scaled down, brightened and re-encoded with PyAV."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import ImageEnhance


def make_pirated(src: Path, dst: Path, *, crop: float = 0.08, width: int = 432, height: int = 768,
                 start: float = 0.0, end: float | None = None) -> Path:
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
