"""The offline video backend: a keyframe becomes a moving shot by sliding the camera window of
`camera.window` over it, frame by frame. CPU only and cheap, so it is the CI default.

Besides the job interface (`submit` writes an H.264 clip; jobs finish inside `submit`), it offers
`frames(request)`, the same pictures as a stream: the renderer uses it to burn subtitles and
labels in the same pass, so an offline shot is encoded once instead of twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
from PIL import Image

from .base import ClipJob, ClipRequest, JobStatus, VideoError
from .camera import Window, perspective_coefficients, window

KENBURNS_VERSION = "1"


class KenBurnsVideo:
    identity = f"kenburns/{KENBURNS_VERSION}"

    def __init__(self) -> None:
        self._jobs: dict[str, ClipJob] = {}
        self._ids = itertools.count(1)

    def submit(self, request: ClipRequest) -> str:
        job_id = f"kb-{next(self._ids)}"
        try:
            render_moving_keyframe(request)
            spec = request.spec
            self._jobs[job_id] = ClipJob(
                job_id, JobStatus.SUCCEEDED, 1.0, request.out, spec.frames, spec.fps, spec.width, spec.height
            )
        except (OSError, ValueError, av.error.FFmpegError) as exc:
            self._jobs[job_id] = ClipJob(job_id, JobStatus.FAILED, error=f"{exc.__class__.__name__}: {exc}")
        return job_id

    def poll(self, job_id: str) -> ClipJob:
        try:
            return self._jobs[job_id]
        except KeyError:
            raise VideoError(f"没有这个视频任务：{job_id}", code="unknown_job") from None

    def frames(self, request: ClipRequest) -> Iterator[np.ndarray]:
        """The clip's frames (RGB, spec size), exactly `spec.frames` of them."""
        spec = request.spec
        with Image.open(request.keyframe) as opened:
            key = opened.convert("RGB")
        out_size = (spec.width, spec.height)
        for i in range(spec.frames):
            t = i / max(1, spec.frames - 1)
            yield _sample(key, window(request.camera_move, t, spec.seconds), out_size)


def render_moving_keyframe(request: ClipRequest) -> Path:
    spec = request.spec
    request.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = request.out.with_name(request.out.stem + ".part.mp4")
    with av.open(str(tmp), "w") as container:
        stream = container.add_stream("libx264", rate=spec.fps, options={"preset": "ultrafast", "crf": "16"})
        stream.width, stream.height, stream.pix_fmt = spec.width, spec.height, "yuv420p"
        for frame in KenBurnsVideo().frames(request):
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    tmp.replace(request.out)
    return request.out


def _sample(key: Image.Image, win: Window, out_size: tuple[int, int]) -> np.ndarray:
    if win.blur <= 0 and win.roll == 0 and win.keystone == 0:
        # an upright window: a sub-pixel crop-and-scale, several times cheaper than a warp
        sw, sh = key.size
        x0, y0 = win.cx * sw - win.size * sw / 2, win.cy * sh - win.size * sh / 2
        box = (x0, y0, x0 + win.size * sw, y0 + win.size * sh)
        return np.asarray(key.resize(out_size, Image.BILINEAR, box=box))
    coeffs = perspective_coefficients(win, key.size, out_size)
    if win.blur <= 0:
        return np.asarray(key.transform(out_size, Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR))
    # a whip pan: average a few samples spread along the motion
    shift = win.blur * key.size[0]
    acc = np.zeros((out_size[1], out_size[0], 3), np.float32)
    for k in (-1, 0, 1):
        moved = Window(win.cx + k * shift / 2 / key.size[0], win.cy, win.size, win.roll, win.keystone)
        c = perspective_coefficients(moved, key.size, out_size)
        acc += np.asarray(key.transform(out_size, Image.PERSPECTIVE, c, resample=Image.BILINEAR), np.float32)
    return (acc / 3).astype(np.uint8)
