"""What a video file is: container, streams, size, rate, duration and orientation, read from the
container headers with PyAV (which carries FFmpeg) without decoding the picture.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import av

from .errors import MediaError


@dataclass(frozen=True)
class AudioInfo:
    codec: str
    sample_rate: int
    channels: int
    duration: float | None


@dataclass(frozen=True)
class ProbeInfo:
    path: str
    size_bytes: int
    container: str
    duration: float
    video_codec: str
    width: int
    height: int
    fps: float
    frame_count: int | None
    rotation: int
    bit_rate: int | None
    pixel_aspect: float
    audio: list[AudioInfo] = field(default_factory=list)

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown, after the rotation flag."""
        return (self.height, self.width) if self.rotation % 180 else (self.width, self.height)

    @property
    def orientation(self) -> str:
        w, h = self.display_size
        return "portrait" if h > w else "landscape" if w > h else "square"

    @property
    def has_audio(self) -> bool:
        return bool(self.audio)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(orientation=self.orientation, display_size=list(self.display_size))
        return data


def _rotation(container: av.container.InputContainer, stream) -> int:
    """Display rotation in degrees. FFmpeg ≥ 6 keeps it in the display matrix, which PyAV exposes on
    decoded frames, so one frame is decoded; older files may still carry a "rotate" tag."""
    tag = stream.metadata.get("rotate")
    if tag is not None:
        try:
            return round(float(tag)) % 360
        except ValueError:
            pass
    try:
        for frame in container.decode(stream):
            return round(float(getattr(frame, "rotation", 0) or 0)) % 360
    except (av.error.FFmpegError, ValueError):
        return 0
    return 0


def probe(path: str | os.PathLike) -> ProbeInfo:
    """Read a video's headers. Raises MediaError (in Chinese) for anything that is not a usable video."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"文件不存在：{path.name}", code="missing")
    size = path.stat().st_size
    if size == 0:
        raise MediaError("文件是空的（0 字节）", code="empty")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaError(
            f"无法识别为视频文件：{path.name}（{exc.__class__.__name__}）", code="not_video"
        ) from exc
    with container:
        if not container.streams.video:
            raise MediaError(f"文件中没有视频画面：{path.name}", code="no_video")
        v = container.streams.video[0]
        cc = v.codec_context
        if not cc.width or not cc.height:
            raise MediaError(f"视频流缺少画面尺寸，文件可能已损坏：{path.name}", code="corrupt")
        rate = v.average_rate or v.guessed_rate or v.base_rate
        fps = float(rate) if rate else 0.0
        duration = _duration(container, v)
        if not fps or not math.isfinite(fps) or fps <= 0:
            fps = (v.frames / duration) if v.frames and duration else 0.0
        sar = v.sample_aspect_ratio
        audio = [
            AudioInfo(
                codec=a.codec_context.name,
                sample_rate=a.codec_context.sample_rate or 0,
                channels=a.codec_context.channels if hasattr(a.codec_context, "channels") else 0,
                duration=float(a.duration * a.time_base) if a.duration and a.time_base else None,
            )
            for a in container.streams.audio
        ]
        return ProbeInfo(
            path=str(path),
            size_bytes=size,
            container=container.format.name,
            duration=duration,
            video_codec=cc.name,
            width=cc.width,
            height=cc.height,
            fps=round(fps, 3),
            frame_count=v.frames or None,
            rotation=_rotation(container, v),
            bit_rate=container.bit_rate or None,
            pixel_aspect=float(sar) if sar else 1.0,
            audio=audio,
        )


def _duration(container: av.container.InputContainer, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0
