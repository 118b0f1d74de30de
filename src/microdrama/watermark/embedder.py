"""Make one distribution copy: `embed(src, dst, payload)` marks every frame and writes H.264.

The payload's pattern is computed once for the picture size; every frame's luma gets it with the
frame's own perceptual mask (`masking`), chroma is untouched. The copy is encoded with libx264 at
the requested CRF (18 by default: visually lossless, so the mark and the picture survive the
distribution encode); audio streams and container metadata are copied unchanged (`video_io`).
"""

from __future__ import annotations

import heapq
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import av
import numpy as np

from microdrama.media.errors import MediaError

from . import masking
from .pattern import DEFAULT_KEY, payload_pattern
from .payload import format_payload, parse_payload
from .video_io import open_sink, open_source, upright_yuv

Progress = Callable[[float], None]
"""Called with the fraction done (0…1) as frames are written; 1.0 once at the end."""

DEFAULT_CRF = 18.0
DEFAULT_PRESET = "medium"


@dataclass(frozen=True)
class EmbedReport:
    """What `embed` did."""

    payload: str  # 16 hex digits
    frames: int
    width: int
    height: int
    duration: float  # seconds of picture written
    psnr_db: float  # PSNR-Y of the mark alone over all frames (before the distribution encode)
    min_frame_psnr_db: float  # worst single frame
    strength: float
    crf: float
    audio: str  # "copied", "re-encoded to AAC", "none" (one entry per audio stream)
    seconds: float  # wall time

    def as_dict(self) -> dict:
        return asdict(self)


def _psnr(mse: float) -> float:
    return 99.0 if mse <= 1e-12 else 10.0 * math.log10(255.0**2 / mse)


def embed(
    src: str | os.PathLike,
    dst: str | os.PathLike,
    payload: int | str,
    strength: float = 1.0,
    *,
    key: str | bytes = DEFAULT_KEY,
    crf: float = DEFAULT_CRF,
    preset: str = DEFAULT_PRESET,
    progress: Progress | None = None,
) -> EmbedReport:
    """Write `dst`, a copy of `src` whose every frame carries `payload` (int or 16 hex digits).

    `strength` scales the mark (1 = about 42.5 dB PSNR-Y on textured pictures, less change on flat
    ones); `crf` and `preset` are libx264's. Raises ValueError (bad payload, strength or paths) or
    MediaError (input not a usable video, output not writable); a half-written `dst` is removed.
    """
    value = parse_payload(payload)
    if not (isinstance(strength, int | float) and 0.05 <= float(strength) <= 4.0):
        raise ValueError("水印强度必须在 0.05 到 4 之间")
    if not 0 <= float(crf) <= 51:
        raise ValueError("CRF 必须在 0 到 51 之间")
    src_path, dst_path = Path(src), Path(dst)
    if dst_path.exists() and src_path.exists() and dst_path.resolve() == src_path.resolve():
        raise ValueError("输出文件不能与输入文件相同")
    if not dst_path.parent.exists():
        raise MediaError(f"输出目录不存在：{dst_path.parent}", code="bad_output")
    started = time.perf_counter()
    source = open_source(src_path)
    try:
        return _embed(source, dst_path, value, float(strength), key, float(crf), preset, progress, started)
    except BaseException:
        dst_path.unlink(missing_ok=True)
        raise
    finally:
        source.container.close()


def _embed(source, dst_path, value, strength, key, crf, preset, progress, started) -> EmbedReport:
    width, height = source.display_size
    pattern = payload_pattern(value, width, height, key)
    expected = source.info.frame_count or (
        round(source.info.duration * source.info.fps) if source.info.duration and source.info.fps else None
    )
    sink = open_sink(dst_path, source, crf, preset)
    frames = 0
    sq_total = 0.0
    worst = math.inf
    times: list[float] = []
    order = _Reorder(sink, source.stream.time_base)
    try:
        packets = source.container.demux(source.stream, *source.container.streams.audio)
        for packet in packets:
            if packet.stream.type == "audio":
                sink.write_audio_packet(packet)
                continue
            try:
                decoded = packet.decode()
            except av.error.InvalidDataError:
                continue  # a damaged slice: the decoder conceals it in the next frames
            for frame in decoded:
                yuv = upright_yuv(frame, source.rotation, (width, height))
                luma = yuv[:height]
                marked = masking.mark_luma(luma, pattern, strength)
                diff = marked.astype(np.float32) - luma
                mse = float(np.mean(diff * diff))
                sq_total += mse
                worst = min(worst, _psnr(mse))
                yuv[:height] = marked
                order.push(frame.pts, yuv)
                if frame.time is not None:
                    times.append(frame.time)
                frames += 1
                if progress is not None and expected:
                    progress(min(0.99, frames / expected))
        order.flush()
        sink.close()
    except av.error.FFmpegError as exc:
        sink.abort()
        raise MediaError(f"视频编码或写入失败：{exc}", code="encode_failed") from exc
    except BaseException:
        sink.abort()
        raise
    if frames == 0:
        raise MediaError(f"视频中没有可解码的画面：{Path(source.info.path).name}", code="no_frames")
    if progress is not None:
        progress(1.0)
    fps = source.info.fps or 25.0
    duration = (max(times) - min(times) + 1.0 / fps) if times else frames / fps
    return EmbedReport(
        payload=format_payload(value),
        frames=frames,
        width=width,
        height=height,
        duration=round(duration, 3),
        psnr_db=round(_psnr(sq_total / frames), 2),
        min_frame_psnr_db=round(worst, 2),
        strength=strength,
        crf=crf,
        audio=sink.audio_note,
        seconds=round(time.perf_counter() - started, 2),
    )


class _Reorder:
    """Hands frames to the encoder in presentation order with strictly increasing timestamps.

    Some published files decode with their timestamps out of order (B-frames without reorder
    information); a small buffer sorted by timestamp restores the order, and a frame that still
    arrives late is given the next free tick rather than being dropped.
    """

    DEPTH = 8

    def __init__(self, sink, time_base) -> None:
        self.sink = sink
        self.time_base = time_base
        self.heap: list[tuple[int, int, np.ndarray]] = []
        self.count = 0
        self.last: int | None = None

    def push(self, pts: int | None, yuv: np.ndarray) -> None:
        if pts is None:
            pts = 0 if self.last is None else self.last + 1
        heapq.heappush(self.heap, (pts, self.count, yuv))
        self.count += 1
        if len(self.heap) > self.DEPTH:
            self._emit()

    def flush(self) -> None:
        while self.heap:
            self._emit()

    def _emit(self) -> None:
        pts, _, yuv = heapq.heappop(self.heap)
        if self.last is not None and pts <= self.last:
            pts = self.last + 1
        self.last = pts
        self.sink.write_video(yuv, pts, self.time_base)
