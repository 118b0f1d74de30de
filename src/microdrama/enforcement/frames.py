"""Still frames for the evidence pack: the registered episode and the suspect copy at the moments
the matcher paired, decoded with PyAV and stored as JPEG."""

from __future__ import annotations

import io
import os

import av
from PIL import Image

HEIGHT = 360


def grab(path: str | os.PathLike, seconds: float, height: int = HEIGHT) -> bytes:
    """The first frame at or after `seconds` (the last frame if the video is shorter), as JPEG."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        base = stream.time_base or 1
        target = max(0.0, seconds)
        container.seek(
            int(target / base) + (stream.start_time or 0), stream=stream, backward=True, any_frame=False
        )
        picked = None
        for frame in container.decode(stream):
            picked = frame
            if frame.time is not None and frame.time >= target - 0.02:
                break
        if picked is None:
            raise ValueError(f"no frame at {seconds:.2f}s")
        image = picked.to_image()
    width = max(2, round(image.width * height / image.height))
    image = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def pick_pairs(match_data: dict, count: int = 4) -> list[dict]:
    """Up to `count` evidence pairs spread over the matched segments, most similar first per segment."""
    pairs = [e for seg in match_data.get("segments", []) for e in seg.get("evidence", [])]
    if not pairs:
        for seg in match_data.get("segments", [])[:count]:
            mid_q = (seg["query_start"] + seg["query_end"]) / 2
            mid_r = (seg["ref_start"] + seg["ref_end"]) / 2
            pairs.append({"query_time": mid_q, "ref_time": mid_r, "similarity": None})
    pairs.sort(key=lambda e: e["query_time"])
    if len(pairs) <= count:
        return pairs
    step = (len(pairs) - 1) / (count - 1)
    return [pairs[round(i * step)] for i in range(count)]
