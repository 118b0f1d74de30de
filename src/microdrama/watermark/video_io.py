"""Frame input and output for the watermark engine, over PyAV (which carries FFmpeg).

Reading yields frames turned upright (the rotation flag applied) as 8-bit 4:2:0 planes, or just
their luma for the detector. Writing encodes H.264 at a chosen CRF and copies every audio stream
and the container metadata unchanged; an audio stream the output container cannot carry as is
(Vorbis into MP4, for instance) is re-encoded to AAC, and the report says so. Subtitle and data
streams are not carried over. Pictures with an odd width or height lose their last row or column,
because 4:2:0 H.264 needs even sizes.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from microdrama.media.errors import MediaError
from microdrama.media.probe import ProbeInfo, probe
from microdrama.timespan import Span

_PLANAR_8BIT = {"yuv420p", "yuvj420p"}


@dataclass(frozen=True)
class Source:
    """An opened input: its probe, container and video stream."""

    info: ProbeInfo
    container: av.container.InputContainer
    stream: av.video.stream.VideoStream

    @property
    def rotation(self) -> int:
        return self.info.rotation % 360

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height of the upright picture, cut to even numbers."""
        w, h = self.info.display_size
        return w - w % 2, h - h % 2


def open_source(path: str | os.PathLike) -> Source:
    """Probe and open a video; MediaError (Chinese message) for anything unusable."""
    info = probe(path)
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, ValueError) as exc:
        raise MediaError(f"无法打开视频文件：{Path(path).name}", code="not_video") from exc
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    if min(info.display_size) < 16:
        container.close()
        raise MediaError(f"画面太小（{info.width}×{info.height}），无法嵌入或检测水印", code="too_small")
    return Source(info, container, stream)


def _rotate(plane: np.ndarray, rotation: int) -> np.ndarray:
    # The rotation flag says how far to turn the stored picture clockwise for display.
    if rotation == 90:
        return np.rot90(plane, k=-1)
    if rotation == 180:
        return plane[::-1, ::-1]
    if rotation == 270:
        return np.rot90(plane, k=1)
    return plane


def upright_yuv(frame: av.VideoFrame, rotation: int, size: tuple[int, int]) -> np.ndarray:
    """The frame as a contiguous yuv420p array (1.5·H × W), rotated upright and cut to `size`."""
    w, h = frame.width, frame.height
    if frame.format.name == "yuv420p" and w % 2 == 0 and h % 2 == 0:
        arr = frame.to_ndarray()
        if rotation == 0 and (w, h) == size:
            return arr
        y = arr[:h]
        # Chroma planes are packed back to back after the luma (h/2 × w/2 each); when h/2 is odd
        # they do not fill whole rows of the array, so they are cut out of the flat buffer.
        chroma = arr[h:].reshape(-1)
        u = chroma[: (h // 2) * (w // 2)].reshape(h // 2, w // 2)
        v = chroma[(h // 2) * (w // 2) :].reshape(h // 2, w // 2)
    else:
        # Other layouts (full-range, 4:2:2, RGB, odd sizes): through 4:4:4, then crop and halve
        # the chroma ourselves, so that an odd picture is cut rather than resampled.
        planes = frame.reformat(format="yuv444p").to_ndarray().astype(np.uint16)
        planes = planes[:, : h - h % 2, : w - w % 2]
        y = planes[0].astype(np.uint8)
        u, v = (
            ((p[0::2, 0::2] + p[1::2, 0::2] + p[0::2, 1::2] + p[1::2, 1::2] + 2) // 4).astype(np.uint8)
            for p in planes[1:]
        )
    y, u, v = (_rotate(p, rotation) for p in (y, u, v))
    W, H = size
    y, u, v = y[:H, :W], u[: H // 2, : W // 2], v[: H // 2, : W // 2]
    flat = np.concatenate([y.reshape(-1), u.reshape(-1), v.reshape(-1)])
    return flat.reshape(-1, W)


def luma_of(frame: av.VideoFrame, rotation: int) -> np.ndarray:
    """The frame's 8-bit luma plane (H × W), rotated upright; a view where possible."""
    if frame.format.name in _PLANAR_8BIT:
        plane = frame.planes[0]
        y = np.frombuffer(plane, dtype=np.uint8).reshape(frame.height, plane.line_size)[:, : frame.width]
    else:
        y = frame.to_ndarray(format="gray")
    return _rotate(y, rotation)


def frames_in(source: Source, span: Span | None = None, nonref_only: bool = False) -> Iterator[av.VideoFrame]:
    """Decode the video frames of `source` whose time falls in `span` (all when None).

    `nonref_only` asks the decoder to skip frames no other frame refers to (B-frames), which the
    detector can afford because every frame carries the same pattern.
    """
    stream = source.stream
    if nonref_only:
        stream.codec_context.skip_frame = "NONREF"
    if span is not None and span.start > 0:
        try:
            source.container.seek(int(span.start / stream.time_base), stream=stream, backward=True)
        except (av.error.FFmpegError, ZeroDivisionError, TypeError):
            source.container.seek(0)
    try:
        for frame in source.container.decode(stream):
            t = frame.time
            if span is not None and t is not None:
                if t < span.start - 1e-6:
                    continue
                if t >= span.end:
                    break
            yield frame
    except av.error.InvalidDataError as exc:
        raise MediaError(
            f"视频数据损坏，无法继续解码：{Path(source.info.path).name}", code="corrupt"
        ) from exc


@dataclass
class Sink:
    """An output being written: H.264 video plus copied (or re-encoded) audio."""

    container: av.container.OutputContainer
    video: av.video.stream.VideoStream
    audio_map: dict[int, av.stream.Stream]
    audio_encoders: dict[int, tuple[av.audio.stream.AudioStream, av.AudioResampler | None]]
    audio_note: str

    def write_video(self, yuv: np.ndarray, pts: int | None, time_base: Fraction | None) -> None:
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts = pts
        if time_base is not None:
            frame.time_base = time_base
        for packet in self.video.encode(frame):
            self.container.mux(packet)

    def write_audio_packet(self, packet: av.Packet) -> None:
        index = packet.stream.index
        if index in self.audio_map:
            if packet.dts is None:
                return
            packet.stream = self.audio_map[index]
            self.container.mux(packet)
        elif index in self.audio_encoders:
            out, resampler = self.audio_encoders[index]
            for frame in packet.decode():
                frames = resampler.resample(frame) if resampler else [frame]
                for f in frames:
                    f.pts = None
                    for p in out.encode(f):
                        self.container.mux(p)

    def abort(self) -> None:
        """Close the output after a failure (the caller removes the file)."""
        with contextlib.suppress(av.error.FFmpegError, ValueError, OSError):
            self.container.close()

    def close(self) -> None:
        for packet in self.video.encode():
            self.container.mux(packet)
        for out, resampler in self.audio_encoders.values():
            if resampler is not None:
                for f in resampler.resample(None):
                    for p in out.encode(f):
                        self.container.mux(p)
            for p in out.encode():
                self.container.mux(p)
        self.container.close()


def open_sink(
    dst: str | os.PathLike, source: Source, crf: float, preset: str, log: Callable[[str], None] | None = None
) -> Sink:
    """Create the output file with an H.264 stream shaped like the source's upright picture."""
    try:
        out = av.open(str(dst), mode="w")
    except (av.error.FFmpegError, ValueError) as exc:
        raise MediaError(
            f"无法创建输出文件（请使用 .mp4、.mkv 或 .mov 扩展名）：{Path(dst).name}", code="bad_output"
        ) from exc
    src = source.stream
    rate = src.average_rate or src.guessed_rate or Fraction(25)
    video = out.add_stream("libx264", rate=rate)
    video.width, video.height = source.display_size
    video.pix_fmt = "yuv420p"
    video.time_base = src.time_base
    video.options = {"crf": f"{crf:g}", "preset": preset}
    cc = src.codec_context
    for attr in ("color_primaries", "color_trc", "colorspace"):
        with contextlib.suppress(AttributeError, ValueError, TypeError):
            setattr(video.codec_context, attr, getattr(cc, attr))
    if src.sample_aspect_ratio and source.rotation % 180 == 0:
        video.codec_context.sample_aspect_ratio = src.sample_aspect_ratio
    out.metadata.update({k: v for k, v in source.container.metadata.items() if k.lower() != "encoder"})
    video.metadata.update(
        {k: v for k, v in src.metadata.items() if k.lower() in ("language", "title", "handler_name")}
    )
    audio_map: dict[int, av.stream.Stream] = {}
    encoders: dict[int, tuple[av.audio.stream.AudioStream, av.AudioResampler | None]] = {}
    notes = []
    for a in source.container.streams.audio:
        try:
            copied = out.add_stream_from_template(a)
            if not _muxable(out, a):
                raise ValueError("codec not supported by the output container")
            audio_map[a.index] = copied
            notes.append("copied")
        except (ValueError, av.error.FFmpegError):
            if a.index in audio_map:
                del audio_map[a.index]
            enc = out.add_stream("aac", rate=a.codec_context.sample_rate or 48000)
            enc.layout = a.codec_context.layout.name if a.codec_context.layout else "stereo"
            resampler = av.AudioResampler(format="fltp", layout=enc.layout, rate=enc.rate)
            encoders[a.index] = (enc, resampler)
            notes.append("re-encoded to AAC")
    return Sink(out, video, audio_map, encoders, ", ".join(notes) if notes else "none")


def _muxable(out: av.container.OutputContainer, stream: av.stream.Stream) -> bool:
    """Whether the output container accepts this stream as is: write a header to memory and see."""
    try:
        trial = av.open(io.BytesIO(), mode="w", format=out.format.name)
    except (av.error.FFmpegError, ValueError):
        return True
    try:
        trial.add_stream_from_template(stream)
        trial.start_encoding()
        return True
    except (av.error.FFmpegError, ValueError):
        return False
    finally:
        with contextlib.suppress(av.error.FFmpegError, ValueError, OSError):
            trial.close()
