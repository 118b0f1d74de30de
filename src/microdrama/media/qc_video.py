"""The QC's one pass over the picture: decode every packet once, let FFmpeg's scaler shrink a few
frames per second to a small grey image, and measure on those how dark each is and how much it
changed; keep larger colour frames of the opening seconds for the text check; note where
decoding failed or stopped.

Decoding is the cost (the analysis is a few array operations per sampled frame), so the decoder
may skip non-reference frames and the deblocking filter: black and frozen stretches are seconds
long and a sample every 0.2 s sees them just as well.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import av
import numpy as np

from microdrama.timespan import Span

from .errors import MediaError
from .qc_spans import flagged_spans
from .qc_spec import QCSpec


@dataclass
class PictureScan:
    """What the picture pass measured. Times are seconds from the start of the video stream."""

    times: np.ndarray  # time of each analysed frame
    dark: np.ndarray  # share of black pixels in each analysed frame
    change: np.ndarray  # mean absolute luma change to the next analysed frame (len(times) - 1)
    frames_decoded: int
    decoded_end: float  # end of the last decoded frame
    frame_interval: float
    rotation: int  # display rotation the decoder reports (degrees counter-clockwise)
    corrupt_at: list[float] = field(default_factory=list)  # frames decoded with errors, or failed packets
    stopped_at: float | None = None  # decoding gave up here (demuxer error)
    opening: list[tuple[float, np.ndarray]] = field(default_factory=list)  # (time, RGB) upright

    def black_spans(self, spec: QCSpec) -> list[Span]:
        ends = [*self.times[1:], self.decoded_end]
        return flagged_spans(self.times, ends, self.dark >= spec.black_pixel_ratio)

    def frozen_spans(self, spec: QCSpec) -> list[Span]:
        if len(self.times) < 2:
            return []
        black = self.dark >= spec.black_pixel_ratio
        still = (self.change <= spec.freeze_max_diff) & ~(black[:-1] & black[1:])
        # pair i compares frames i and i+1; the picture then stands until the next sample after
        ends = [*self.times[2:], self.decoded_end]
        return flagged_spans(self.times[:-1], ends, still)


def _analysis_size(width: int, height: int, short_side: int) -> tuple[int, int]:
    scale = min(1.0, short_side / max(1, min(width, height)))
    # even sizes keep every scaler path happy
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _upright(rgb: np.ndarray, rotation: int) -> np.ndarray:
    turns = (rotation // 90) % 4  # counter-clockwise quarter turns, as numpy's rot90 counts them
    return np.ascontiguousarray(np.rot90(rgb, turns)) if turns else rgb


def scan_picture(
    path: str | os.PathLike,
    spec: QCSpec,
    duration_hint: float,
    on_progress: Callable[[float], None] | None = None,
) -> PictureScan:
    """Decode the first video stream once and measure it. Raises MediaError if nothing decodes."""
    step = 1.0 / spec.analysis_fps
    opening_step = 1.0 / spec.opening_sample_fps
    times: list[float] = []
    dark: list[float] = []
    change: list[float] = []
    corrupt_at: list[float] = []
    opening: list[tuple[float, np.ndarray]] = []
    previous: np.ndarray | None = None
    next_sample = 0.0
    next_opening = 0.0
    frames = 0
    last_time = 0.0
    rotation = 0
    stopped_at: float | None = None
    black_level = spec.black_luma * 255.0
    with av.open(os.fspath(path), metadata_errors="ignore") as container:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        if spec.decoder_threads != 1:
            stream.thread_type = "AUTO"
        ctx.thread_count = spec.decoder_threads
        if spec.fast_decode:
            ctx.skip_frame = "NONREF"
            ctx.options = {"skip_loop_filter": "all"}
        interval = 1.0 / float(stream.average_rate) if stream.average_rate else 1.0 / 25
        size = _analysis_size(ctx.width, ctx.height, spec.analysis_short_side)
        opening_size = _analysis_size(ctx.width, ctx.height, spec.opening_short_side)
        start = float(stream.start_time * stream.time_base) if stream.start_time is not None else 0.0
        packets = container.demux(stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except av.error.FFmpegError:  # the container itself is broken past this point
                stopped_at = last_time
                break
            try:
                decoded = packet.decode()
            except av.error.FFmpegError:
                corrupt_at.append(_packet_time(packet, start, last_time))
                continue
            for frame in decoded:
                t = frame.time - start if frame.time is not None else frames * interval
                t = max(0.0, t)
                if frames == 0:
                    rotation = int(getattr(frame, "rotation", 0) or 0) % 360
                frames += 1
                last_time = max(last_time, t)
                if getattr(frame, "is_corrupt", False):
                    corrupt_at.append(t)
                if t + 1e-6 >= next_sample:
                    grey = frame.reformat(width=size[0], height=size[1], format="gray").to_ndarray()
                    grey = grey.astype(np.int16)
                    times.append(t)
                    dark.append(float(np.count_nonzero(grey <= black_level)) / grey.size)
                    if previous is not None:
                        change.append(float(np.mean(np.abs(grey - previous))))
                    previous = grey
                    next_sample = (math.floor(t / step + 1e-6) + 1) * step
                if t < spec.opening_s and t + 1e-6 >= next_opening and spec.text_reader != "off":
                    rgb = frame.reformat(width=opening_size[0], height=opening_size[1], format="rgb24")
                    opening.append((t, _upright(rgb.to_ndarray(), rotation)))
                    next_opening = (math.floor(t / opening_step + 1e-6) + 1) * opening_step
                if on_progress and duration_hint > 0 and frames % 25 == 0:
                    on_progress(min(1.0, t / duration_hint))
    if frames == 0:
        raise MediaError("视频画面无法解码：文件可能已损坏或编码不受支持", code="undecodable")
    return PictureScan(
        times=np.asarray(times),
        dark=np.asarray(dark),
        change=np.asarray(change),
        frames_decoded=frames,
        decoded_end=last_time + interval,
        frame_interval=interval,
        rotation=rotation,
        corrupt_at=sorted(corrupt_at),
        stopped_at=stopped_at,
        opening=opening,
    )


def _packet_time(packet: av.Packet, start: float, fallback: float) -> float:
    if packet.pts is not None and packet.time_base is not None:
        return max(0.0, float(packet.pts * packet.time_base) - start)
    return fallback
