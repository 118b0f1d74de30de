"""Cheap sampling of a video: grey pictures on a fixed timeline plus mono audio, in one pass.

Decoding dominates the cost of fingerprinting, so this module decodes as little as it can:

* B-frames are never decoded (``skip_frame=BIDIR``): nothing else references them in practice, the
  I/P frames that remain are bit-exact, and they are still several per second, far denser than the
  timeline needs. If that leaves holes in the timeline (an all-B stream), the pass is repeated
  with every frame decoded.
* The deblocking filter is skipped (``skip_loop_filter=all``): it changes a 256-px grey picture by
  well under one grey level and costs a quarter of the decode time.
* Decoded frames are averaged into one small grey picture per timeline point (area-averaged luma,
  never full-size RGB), so two encodes of the same video give nearly the same pictures even when
  their frames fall at different moments.
* One thread: fingerprinting runs one file per core, which is both the fair measure and the
  fastest use of a machine that fingerprints many files.

What does not live here: what the pictures mean (descriptors, borders) and any seeking; the
timeline is dense (every 0.5 s by default), so a linear pass is cheaper than seeking to each point.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import VideoReformatter

from .errors import MediaError
from .probe import ProbeInfo, probe

# Working pictures are scaled so that their longer side has this many pixels: enough to find
# borders and embedded pictures and to cut crops from, small enough to cost nothing to convert.
WORK_SIDE = 256
AUDIO_RATE = 8000

Progress = Callable[[float], None]


@dataclass(frozen=True)
class VideoSamples:
    """Grey pictures taken every `interval` seconds; `valid[i]` is False where no frame was near."""

    interval: float
    pictures: np.ndarray  # (n, h, w) uint8, display orientation
    valid: np.ndarray  # (n,) bool
    decoded_frames: int  # frames the decoder produced (for the throughput report)

    @property
    def times(self) -> np.ndarray:
        return np.arange(len(self.pictures)) * self.interval


@dataclass(frozen=True)
class AudioSamples:
    samples: np.ndarray  # (n,) float32 mono, time 0 = start of the video
    rate: int


@dataclass(frozen=True)
class MediaSamples:
    info: ProbeInfo
    video: VideoSamples
    audio: AudioSamples | None
    duration: float


def work_size(width: int, height: int, side: int = WORK_SIDE) -> tuple[int, int]:
    """Working picture size for a frame of `width`×`height` (even numbers, longer side = `side`)."""
    scale = side / max(width, height)
    w = max(8, 2 * round(width * scale / 2))
    h = max(8, 2 * round(height * scale / 2))
    return w, h


def read_media(
    path: str | os.PathLike,
    *,
    interval: float = 0.5,
    side: int = WORK_SIDE,
    audio: bool = True,
    progress: Progress | None = None,
    fast: bool = True,
) -> MediaSamples:
    """Decode `path` once: grey pictures every `interval` s and (if present) mono audio at 8 kHz.

    Raises MediaError with a Chinese message for files that are missing, not video, or hold no
    decodable picture. `fast=False` decodes every frame with the loop filter (for comparison).
    """
    info = probe(path)
    if fast:
        result = _decode(Path(path), info, interval, side, audio, progress, skip_b=True)
        if result is not None:
            return result
    result = _decode(Path(path), info, interval, side, audio, progress, skip_b=False, loop_filter=not fast)
    if result is None:  # only reachable with skip_b=True
        raise MediaError(f"视频画面无法解码：{Path(path).name}", code="undecodable")
    return result


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaError(
            f"无法识别为视频文件：{path.name}（{exc.__class__.__name__}）", code="not_video"
        ) from exc


def _decode(
    path: Path,
    info: ProbeInfo,
    interval: float,
    side: int,
    want_audio: bool,
    progress: Progress | None,
    *,
    skip_b: bool,
    loop_filter: bool = False,
) -> MediaSamples | None:
    container = _open(path)
    with container:
        vstream = container.streams.video[0]
        vstream.thread_type = "NONE"
        cc = vstream.codec_context
        cc.thread_count = 1
        if skip_b:
            cc.skip_frame = "BIDIR"
        if not loop_filter:
            cc.options = {"skip_loop_filter": "all"}
        astream = container.streams.audio[0] if (want_audio and container.streams.audio) else None
        if astream is not None:
            astream.thread_type = "NONE"
        origin = _origin(vstream)
        expected = info.duration or 0.0
        w, h = work_size(info.width, info.height, side)

        pictures: list[np.ndarray | None] = []
        decoded = 0
        rotation = None
        audio_chunks: list[tuple[float, np.ndarray]] = []
        resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE) if astream else None
        last_report = -1.0
        max_gap = 0.0
        last_time = None

        scaler = VideoReformatter()

        def take(frame: av.VideoFrame) -> np.ndarray:
            nonlocal rotation
            if rotation is None:
                rotation = round((frame.rotation or 0) / 90) % 4
            fw, fh = (h, w) if rotation % 2 else (w, h)
            # one reformatter for the whole pass: it keeps its scaler context (setting one up per
            # frame costs three times the scaling itself)
            pic = scaler.reformat(
                frame, width=fw, height=fh, format="gray", interpolation="AREA"
            ).to_ndarray()
            return np.ascontiguousarray(np.rot90(pic, rotation)) if rotation else pic

        # window k collects the frames shown in [k·interval − interval/2, k·interval + interval/2)
        acc: list = [None, 0]  # running sum and count of the open window
        open_k = 0

        def close_until(k: int) -> None:
            """Finish windows before `k`; an empty window repeats the picture still on screen."""
            nonlocal open_k
            while open_k < k:
                if acc[1]:
                    pictures.append((acc[0] / acc[1] + 0.5).astype(np.uint8))
                elif (
                    pictures
                    and pictures[-1] is not None
                    and len(pictures) * interval - (last_time or 0) < 5.0
                ):
                    pictures.append(pictures[-1])
                else:
                    pictures.append(None)
                acc[0], acc[1] = None, 0
                open_k += 1

        def add(t: float, frame: av.VideoFrame) -> None:
            k = max(0, int(np.floor(t / interval + 0.5)))
            close_until(k)
            pic = take(frame).astype(np.float32)
            acc[0] = pic if acc[0] is None else acc[0] + pic
            acc[1] += 1

        streams = [vstream] + ([astream] if astream is not None else [])
        try:
            for packet in container.demux(*streams):
                try:
                    frames = packet.decode()
                except (av.error.InvalidDataError, av.error.FFmpegError):
                    continue  # damaged packet: keep what decodes
                for frame in frames:
                    if packet.stream.type == "video":
                        if frame.time is None:
                            continue
                        decoded += 1
                        t = frame.time - origin
                        if last_time is not None:
                            max_gap = max(max_gap, t - last_time)
                        add(t, frame)
                        last_time = t
                        if progress and expected > 0 and t - last_report >= 5.0:
                            last_report = t
                            progress(min(1.0, t / expected))
                    elif resampler is not None and frame.time is not None:
                        for out in resampler.resample(frame):
                            audio_chunks.append((frame.time - origin, out.to_ndarray().reshape(-1)))
        except (av.error.FFmpegError, OSError):
            pass  # a truncated file ends early; what was decoded is still usable
        if last_time is not None:
            close_until(open_k + 1)
            # a last window whose centre lies past the end of the video is not a timeline point
            end = last_time + 1.0 / max(info.fps, 1.0)
            del pictures[max(1, int(np.ceil(end / interval - 1e-6))) :]
        if resampler is not None:
            try:
                for out in resampler.resample(None):
                    audio_chunks.append((math.nan, out.to_ndarray().reshape(-1)))
            except (av.error.FFmpegError, ValueError):
                pass

    if decoded == 0 or not any(p is not None for p in pictures):
        if skip_b:
            return None
        raise MediaError(f"视频画面无法解码，文件可能已损坏或被截断：{path.name}", code="undecodable")
    valid = np.array([p is not None for p in pictures], dtype=bool)
    expected_frames = info.fps * max(expected, last_time or 0.0)
    if skip_b and max_gap > max(2 * interval, 1.0) and decoded < 0.9 * expected_frames:
        return None  # skipping B-frames left holes: decode everything instead
    stack = np.zeros((len(pictures), *_shape_of(pictures)), dtype=np.uint8)
    for i, p in enumerate(pictures):
        if p is not None:
            stack[i] = p
    duration = (last_time or 0.0) + 1.0 / max(info.fps, 1.0)
    if progress:
        progress(1.0)
    return MediaSamples(
        info=info,
        video=VideoSamples(interval=interval, pictures=stack, valid=valid, decoded_frames=decoded),
        audio=_join_audio(audio_chunks),
        duration=float(duration),
    )


def _shape_of(pictures: list[np.ndarray | None]) -> tuple[int, int]:
    for p in pictures:
        if p is not None:
            return p.shape
    raise AssertionError("no picture")


def _origin(stream: av.video.stream.VideoStream) -> float:
    if stream.start_time is not None and stream.time_base:
        return float(stream.start_time * stream.time_base)
    return 0.0


def _join_audio(chunks: list[tuple[float, np.ndarray]]) -> AudioSamples | None:
    """Place decoded audio on the video's clock (leading silence if audio starts late)."""
    if not chunks:
        return None
    first = next((t for t, _ in chunks if math.isfinite(t)), 0.0)
    data = np.concatenate([c for _, c in chunks]).astype(np.float32, copy=False)
    lead = round(first * AUDIO_RATE)
    if lead > 0:
        data = np.concatenate([np.zeros(lead, np.float32), data])
    elif lead < 0:
        data = data[-lead:]
    if data.size < AUDIO_RATE // 4:
        return None
    return AudioSamples(samples=data, rate=AUDIO_RATE)
