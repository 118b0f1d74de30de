"""A pirated sample for the demo (only when sample media is on): a registered episode re-encoded the
way pirates do — cropped, scaled down, brightened, lower quality — dropped into the watched folder,
so the first monitoring run of a fresh demo finds a real copy and opens a real case."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import ImageEnhance


def make_pirated_copy(
    src: Path, dst: Path, *, crop: float = 0.08, width: int = 432, height: int = 768
) -> Path:
    tmp = dst.with_suffix(".part")
    with av.open(str(src)) as inp, av.open(str(tmp), "w", format="mp4") as out:
        vin = inp.streams.video[0]
        ain = inp.streams.audio[0] if inp.streams.audio else None
        rate = round(vin.average_rate or 25)
        vout = out.add_stream("libx264", rate=rate, options={"preset": "veryfast", "crf": "31"})
        vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
        aout = out.add_stream("aac", rate=44100) if ain is not None else None
        if aout is not None:
            aout.layout = "stereo"
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=44100)
        n = 0
        for packet in inp.demux(*(s for s in (vin, ain) if s is not None)):
            for frame in packet.decode():
                if isinstance(frame, av.VideoFrame):
                    img = frame.to_image()
                    w, h = img.size
                    img = img.crop((int(w * crop), int(h * crop), int(w * (1 - crop)), int(h * (1 - crop))))
                    img = ImageEnhance.Brightness(img.resize((width, height))).enhance(1.1)
                    out_frame = av.VideoFrame.from_ndarray(np.asarray(img), format="rgb24")
                    out_frame.pts, out_frame.time_base = n, Fraction(1, rate)
                    n += 1
                    for p in vout.encode(out_frame):
                        out.mux(p)
                elif aout is not None:
                    frame.pts = None
                    for resampled in resampler.resample(frame):
                        for p in aout.encode(resampled):
                            out.mux(p)
        for stream in (s for s in (vout, aout) if s is not None):
            for p in stream.encode():
                out.mux(p)
    tmp.replace(dst)  # appears complete, so a run never takes a half-written file
    return dst
