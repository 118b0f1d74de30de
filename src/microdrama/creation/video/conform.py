"""Conforming any backend's clip to the render spec: centre-cropped to the spec's aspect, scaled
to its size and retimed (by nearest frame) to exactly `spec.frames` frames, whatever the model
produced (Wan's 129 frames at 16 fps, CogVideoX's 49 at 8 fps, a remote 25 fps clip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from microdrama.media.errors import MediaError

from ..models.storyboard import RenderSpec


def _count_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.frames:
            return int(stream.frames)
        return sum(1 for _ in container.decode(stream))


def _fit(frame: av.VideoFrame, spec: RenderSpec) -> np.ndarray:
    w, h = frame.width, frame.height
    target = spec.width / spec.height
    if abs(w / h - target) > 1e-3:  # centre-crop to the spec's aspect first (as Step-Video's 540p crop)
        array = frame.to_ndarray(format="rgb24")
        if w / h > target:
            cw = round(h * target)
            array = array[:, (w - cw) // 2 : (w - cw) // 2 + cw]
        else:
            ch = round(w / target)
            array = array[(h - ch) // 2 : (h - ch) // 2 + ch]
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
    if (frame.width, frame.height) != spec.size:
        frame = frame.reformat(width=spec.width, height=spec.height, format="rgb24", interpolation="BILINEAR")
    return frame.to_ndarray(format="rgb24")


def conformed_frames(path: Path, spec: RenderSpec) -> Iterator[np.ndarray]:
    """Exactly `spec.frames` RGB frames of the spec's size from any clip."""
    try:
        total = _count_frames(path)
    except (av.error.FFmpegError, IndexError) as exc:
        raise MediaError(f"生成的视频片段无法读取：{path.name}", code="unreadable") from exc
    if total <= 0:
        raise MediaError(f"生成的视频片段没有画面：{path.name}", code="no_frames")
    # output frame i shows source frame floor(i * total / frames): a uniform retime, first to last
    wanted = [min(total - 1, i * total // spec.frames) for i in range(spec.frames)]
    emitted = 0
    picture = None
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if emitted < spec.frames and wanted[emitted] == index:
                picture = _fit(frame, spec)
                while emitted < spec.frames and wanted[emitted] == index:
                    yield picture
                    emitted += 1
            if emitted >= spec.frames:
                break
    if picture is None:
        raise MediaError(f"生成的视频片段没有可解码的画面：{path.name}", code="no_frames")
    while emitted < spec.frames:  # the header promised more frames than decoded: hold the last one
        yield picture
        emitted += 1
