"""`VideoFingerprint`: what a video looks and sounds like, compact, versioned, comparable.

`fingerprint(path)` decodes the video once (frames.py), finds the content rectangle (regions.py)
and keeps, on a fixed 0.5-s timeline:

* a 256-bit frame code of the central 60 % of the content rectangle (descriptors/dct.py) and a
  0–255 structure score (0 = black / flat / fade, never indexed);
* a 64-bit audio code every 0.125 s where there is sound (audio.py);
* duration, size, frame rate, and the picture-in-picture rectangles seen in the video.

`to_bytes()` is ~130 bytes per second of video (64 B of frame codes, 64 B of audio codes, 2 B of
scores), so a million seconds take ~130 MB. A fingerprint made here also carries the small grey
pictures (128 px) and 8-kHz audio it was made from (`media`): `match` needs them on the *suspect*
side to try mirrored, cropped and embedded variants and speed-corrected audio. They are dropped by
`to_bytes()` unless `include_media=True` (≈ 12 kB per second; use it to ship a suspect to workers).
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import audio as audio_fp
from .descriptors import dct
from .errors import MediaError
from .frames import AUDIO_RATE, Progress, read_media
from .regions import FULL, Rect, content_rect, embedded_rects

FORMAT_VERSION = 1
INTERVAL = 0.5
PICTURE_SIDE = 128
MIN_QUALITY = 3  # frames with less structure are neither indexed nor trusted as evidence
_MAGIC = b"MDFP"
_HEADER = struct.Struct("<4sBBffHHfIIffffB")
_FLAG_MEDIA = 1


@dataclass(frozen=True)
class Media:
    """What a fingerprint was made from, kept for the suspect side of a match."""

    pictures: np.ndarray  # (n, h, w) uint8 grey, on the fingerprint's timeline
    audio: np.ndarray | None  # (m,) float32 mono at AUDIO_RATE, or None
    audio_rate: int = AUDIO_RATE


@dataclass(frozen=True, eq=False)
class VideoFingerprint:
    duration: float
    width: int
    height: int
    fps: float
    content: Rect  # where the picture is (bars and blurred/static surroundings removed)
    codes: np.ndarray  # (n, 32) uint8: frame codes every `interval` s
    quality: np.ndarray  # (n,) uint8: 0 = no usable picture at that time
    audio_codes: np.ndarray  # (m, 8) uint8: every audio.HOP s
    audio_valid: np.ndarray  # (m,) bool
    embedded: tuple[Rect, ...] = ()
    interval: float = INTERVAL
    media: Media | None = field(default=None, repr=False)
    version: int = FORMAT_VERSION

    @property
    def times(self) -> np.ndarray:
        return np.arange(len(self.codes)) * self.interval

    @property
    def usable(self) -> np.ndarray:
        """Samples whose picture has enough structure to be evidence."""
        return self.quality >= MIN_QUALITY

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_valid.any())

    @property
    def digest(self) -> str:
        """16 hex digits identifying the fingerprint's content (not the file's bytes)."""
        h = hashlib.blake2b(digest_size=8)
        h.update(struct.pack("<Bf", self.version, round(self.duration, 2)))
        h.update(self.codes.tobytes())
        h.update(self.audio_codes.tobytes())
        return h.hexdigest()

    def to_bytes(self, *, include_media: bool = False) -> bytes:
        media = self.media if include_media else None
        head = _HEADER.pack(
            _MAGIC,
            self.version,
            _FLAG_MEDIA if media is not None else 0,
            self.interval,
            self.duration,
            self.width,
            self.height,
            self.fps,
            len(self.codes),
            len(self.audio_codes),
            *self.content.as_tuple(),
            len(self.embedded),
        )
        parts = [head]
        parts += [struct.pack("<4f", *r.as_tuple()) for r in self.embedded]
        parts += [
            np.ascontiguousarray(self.codes, np.uint8).tobytes(),
            np.ascontiguousarray(self.quality, np.uint8).tobytes(),
            np.ascontiguousarray(self.audio_codes, np.uint8).tobytes(),
            np.packbits(self.audio_valid.astype(bool)).tobytes(),
        ]
        if media is not None:
            _n, h, w = media.pictures.shape
            pics = zlib.compress(np.ascontiguousarray(media.pictures, np.uint8).tobytes(), 6)
            snd = b""
            if media.audio is not None:
                pcm = np.clip(media.audio * 32767, -32768, 32767).astype("<i2")
                snd = zlib.compress(pcm.tobytes(), 6)
            parts += [struct.pack("<HHII", h, w, len(pics), len(snd)), pics, snd]
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> VideoFingerprint:
        try:
            return cls._parse(memoryview(data))
        except (struct.error, ValueError, zlib.error) as exc:
            raise MediaError("指纹数据已损坏或格式不正确", code="bad_fingerprint") from exc

    @classmethod
    def _parse(cls, buf: memoryview) -> VideoFingerprint:
        (magic, version, flags, interval, duration, width, height, fps, n, m, x0, y0, x1, y1, n_emb) = (
            _HEADER.unpack_from(buf, 0)
        )
        if magic != _MAGIC:
            raise ValueError("not a fingerprint")
        if version != FORMAT_VERSION:
            raise MediaError(
                f"指纹格式版本 {version} 不受支持（当前为 {FORMAT_VERSION}）", code="bad_fingerprint"
            )
        pos = _HEADER.size
        embedded = []
        for _ in range(n_emb):
            embedded.append(Rect(*struct.unpack_from("<4f", buf, pos)))
            pos += 16

        def take(count: int) -> np.ndarray:
            nonlocal pos
            if pos + count > len(buf):
                raise ValueError("truncated")
            out = np.frombuffer(buf[pos : pos + count], np.uint8).copy()
            pos += count
            return out

        codes = take(32 * n).reshape(n, 32)
        quality = take(n)
        audio_codes = take(8 * m).reshape(m, 8)
        audio_valid = np.unpackbits(take((m + 7) // 8))[:m].astype(bool)
        media = None
        if flags & _FLAG_MEDIA:
            h, w, lp, ls = struct.unpack_from("<HHII", buf, pos)
            pos += 12
            pictures = np.frombuffer(zlib.decompress(take(lp)), np.uint8).reshape(n, h, w)
            snd = None
            if ls:
                snd = np.frombuffer(zlib.decompress(take(ls)), "<i2").astype(np.float32) / 32767
            media = Media(pictures=pictures, audio=snd)
        return cls(
            duration=float(duration),
            width=int(width),
            height=int(height),
            fps=float(fps),
            content=Rect(x0, y0, x1, y1),
            codes=codes,
            quality=quality,
            audio_codes=audio_codes,
            audio_valid=audio_valid,
            embedded=tuple(embedded),
            interval=float(interval),
            media=media,
            version=int(version),
        )

    def without_media(self) -> VideoFingerprint:
        return VideoFingerprint(**{**self.__dict__, "media": None})


def fingerprint(path: str | os.PathLike, progress: Progress | None = None) -> VideoFingerprint:
    """Fingerprint a video file. Raises MediaError (Chinese message) for unusable files.

    `progress`, if given, is called with the fraction done (0..1) as decoding proceeds.
    """
    samples = read_media(Path(path), interval=INTERVAL, side=PICTURE_SIDE, progress=progress)
    return fingerprint_samples(
        samples.video.pictures,
        samples.video.valid,
        None if samples.audio is None else samples.audio.samples,
        duration=samples.duration,
        width=samples.info.display_size[0],
        height=samples.info.display_size[1],
        fps=samples.info.fps,
    )


def fingerprint_samples(
    pictures: np.ndarray,
    valid: np.ndarray,
    sound: np.ndarray | None,
    *,
    duration: float,
    width: int,
    height: int,
    fps: float,
) -> VideoFingerprint:
    """Fingerprint already-decoded material (grey pictures every 0.5 s, 8-kHz mono audio)."""
    if len(pictures) == 0:
        raise MediaError("视频太短，没有可用的画面", code="too_short")
    rect = content_rect(pictures, valid)
    region = rect.central(dct.CENTRAL)
    codes = dct.DctDescriptor().describe(pictures, region)
    quality = np.where(valid, dct.quality(pictures, region), 0).astype(np.uint8)
    if sound is not None:
        a_codes, a_valid = audio_fp.audio_codes(sound, AUDIO_RATE, duration=duration)
    else:
        a_codes, a_valid = np.zeros((0, 8), np.uint8), np.zeros(0, bool)
    embedded = tuple(r for r in embedded_rects(pictures, valid) if r.iou(rect) < 0.9 and r.iou(FULL) < 0.9)
    return VideoFingerprint(
        duration=float(duration),
        width=int(width),
        height=int(height),
        fps=float(fps),
        content=rect,
        codes=codes,
        quality=quality,
        audio_codes=a_codes,
        audio_valid=a_valid,
        embedded=embedded,
        media=Media(pictures=pictures, audio=sound),
    )
