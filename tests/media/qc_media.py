"""Generated cuts with known content for the QC tests: a textured, moving picture (never flat
colour) with black, frozen and silent stretches where we put them, a sine tone at a known level,
and a filing number burned into the opening with the project's CJK font. Each file is made once
per test process (they take a second or two) in a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from microdrama.fonts import cjk_font_path
from microdrama.media.qc import QCReport, QCSpec, check_cut

FILING_NUMBER = "(赣)网微剧备字(2026)第00123号"
TONE_HZ = 997.0  # the BS.1770 test frequency; K-weighting reads it almost unweighted
RATE = 48_000
NO_TEXT = QCSpec(text_reader="off")  # most tests are not about the opening text: skip the OCR


@cache
def workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="qc-test-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@cache
def _texture(seed: int = 7) -> np.ndarray:
    """A large, smooth, colourful field: natural-looking detail that codecs compress well."""
    rng = np.random.default_rng(seed)
    channels = []
    for sigma in (6.0, 9.0, 14.0):
        noise = ndimage.gaussian_filter(rng.standard_normal((700, 700)), sigma)
        noise = (noise - noise.min()) / (np.ptp(noise) + 1e-9)
        channels.append(noise)
    field = np.stack(channels, axis=-1)
    return (40 + 180 * field).astype(np.uint8)


def moving_picture(t: float, width: int, height: int) -> np.ndarray:
    """The frame at time t: a window panning diagonally over the texture, scaled to size."""
    tex = _texture()
    side = 300
    x = int(20 + 60 * t) % (tex.shape[1] - side)
    y = int(10 + 35 * t) % (tex.shape[0] - side)
    crop = tex[y : y + side, x : x + side]
    return np.asarray(Image.fromarray(crop).resize((width, height), Image.BILINEAR))


def text_overlay(width: int, height: int, text: str = FILING_NUMBER) -> tuple[np.ndarray, np.ndarray]:
    """(RGB, alpha) of white text with a dark outline, a line across the upper third."""
    size = max(14, int(width / (len(text) * 0.75)))
    font = ImageFont.truetype(str(cjk_font_path()), size, index=0)
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    box = draw.textbbox((0, 0), text, font=font, stroke_width=2)
    x = (width - (box[2] - box[0])) // 2
    draw.text(
        (x, height // 4),
        text,
        font=font,
        fill=(255, 255, 255, 255),
        stroke_width=2,
        stroke_fill=(0, 0, 0, 255),
    )
    rgba = np.asarray(layer)
    return rgba[..., :3], rgba[..., 3:4].astype(np.float32) / 255.0


def _blend(frame: np.ndarray, overlay: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    rgb, alpha = overlay
    return (frame * (1 - alpha) + rgb * alpha).astype(np.uint8)


def tone(
    seconds: float, amplitude_dbfs: float, channels: int = 2, silent: tuple[float, float] | None = None
) -> np.ndarray:
    """A 997 Hz sine of the given peak level, shaped (channels, samples); `silent` zeroes a stretch."""
    t = np.arange(round(seconds * RATE)) / RATE
    signal = 10 ** (amplitude_dbfs / 20) * np.sin(2 * np.pi * TONE_HZ * t)
    if silent:
        signal[round(silent[0] * RATE) : round(silent[1] * RATE)] = 0.0
    return np.repeat(signal[np.newaxis, :], channels, axis=0).astype(np.float32)


def write_video(
    path: Path,
    seconds: float,
    frame_at: Callable[[int, float], np.ndarray],
    *,
    width: int,
    height: int,
    fps: int = 25,
    codec: str = "libx264",
    audio: np.ndarray | None = None,
    audio_codec: str = "aac",
    faststart: bool = True,
    rotation: int = 0,
) -> Path:
    """Encode frames from `frame_at(index, time)` (RGB at width×height) and optional audio."""
    options = {"movflags": "+faststart"} if faststart and path.suffix in (".mp4", ".mov") else {}
    with av.open(str(path), "w", options=options) as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if codec == "libx264":
            video.options = {"preset": "ultrafast", "crf": "26"}
        if rotation:
            video.set_display_rotation(rotation)
        sound = None
        if audio is not None:
            sound = out.add_stream(audio_codec, rate=RATE)
            sound.layout = "mono" if audio.shape[0] == 1 else "stereo"
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(frame_at(i, i / fps), format="rgb24")
            out.mux(video.encode(frame))
        out.mux(video.encode())
        if sound is not None and audio is not None:
            layout = "mono" if audio.shape[0] == 1 else "stereo"
            for start in range(0, audio.shape[1], 1024):
                chunk = np.ascontiguousarray(audio[:, start : start + 1024])
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
                frame.sample_rate, frame.pts = RATE, start
                out.mux(sound.encode(frame))
            out.mux(sound.encode())
    return path


# --- the cuts the tests use ---------------------------------------------------------------------

EPISODE_BLACK = (5.0, 8.0)
EPISODE_FROZEN = (9.0, 13.0)
EPISODE_SILENT = (13.5, 17.0)
EPISODE_SECONDS = 18.0


@cache
def episode() -> Path:
    """540×960 portrait, 18 s: filing number in the first 5 s, black 5–8 s, frozen 9–13 s,
    a −20 dBFS stereo tone with silence 13.5–17 s."""
    w, h = 540, 960
    overlay = text_overlay(w, h)

    def frame_at(i: int, t: float) -> np.ndarray:
        if EPISODE_BLACK[0] <= t < EPISODE_BLACK[1]:
            return np.zeros((h, w, 3), np.uint8)
        if EPISODE_FROZEN[0] <= t < EPISODE_FROZEN[1]:
            t = EPISODE_FROZEN[0]
        picture = moving_picture(t, w, h)
        return _blend(picture, overlay) if t < 5.0 else picture

    audio = tone(EPISODE_SECONDS, -20.0, silent=EPISODE_SILENT)
    return write_video(workdir() / "episode.mp4", EPISODE_SECONDS, frame_at, width=w, height=h, audio=audio)


CLEAN_SECONDS = 11.0


@cache
def clean() -> Path:
    """540×960 portrait, 11 s, filing number in the opening, tone at −15 dBFS: meets the spec."""
    w, h = 540, 960
    overlay = text_overlay(w, h)

    def frame_at(i: int, t: float) -> np.ndarray:
        picture = moving_picture(t, w, h)
        return _blend(picture, overlay) if t < 5.0 else picture

    return write_video(
        workdir() / "clean.mp4", CLEAN_SECONDS, frame_at, width=w, height=h, audio=tone(CLEAN_SECONDS, -15.0)
    )


@cache
def rotated() -> Path:
    """Stored landscape (960×540) with a display rotation that shows it portrait, like phone
    footage; the opening text reads upright only when the rotation is applied."""
    w, h = 540, 960  # as displayed
    overlay = text_overlay(w, h)

    def frame_at(i: int, t: float) -> np.ndarray:
        upright = moving_picture(t, w, h)
        if t < 5.0:
            upright = _blend(upright, overlay)
        # stored = displayed turned clockwise; the player turns it back 90° counter-clockwise
        return np.ascontiguousarray(np.rot90(upright, -1))

    return write_video(
        workdir() / "rotated.mp4", 6.0, frame_at, width=h, height=w, audio=tone(6.0, -15.0), rotation=90
    )


@cache
def landscape_no_audio() -> Path:
    """640×360 landscape, 30 fps, 6 s, no text, no audio track."""
    return write_video(
        workdir() / "landscape.mp4",
        6.0,
        lambda i, t: moving_picture(t, 640, 360),
        width=640,
        height=360,
        fps=30,
    )


@cache
def avi_mpeg4() -> Path:
    """MPEG-4 Part 2 in AVI at 15 fps: container, codec and frame rate all outside the spec."""
    return write_video(
        workdir() / "old.avi",
        2.0,
        lambda i, t: moving_picture(t, 544, 960),
        width=544,
        height=960,
        fps=15,
        codec="mpeg4",
    )


@cache
def black_and_mute() -> Path:
    """4 s of black picture with an audio track of digital silence."""
    return write_video(
        workdir() / "black.mp4",
        4.0,
        lambda i, t: np.zeros((960, 544, 3), np.uint8),
        width=544,
        height=960,
        audio=np.zeros((2, 4 * RATE), np.float32),
    )


@cache
def black_tail() -> Path:
    """11 s moving picture whose last 1.5 s fade to black (the usual end of an episode)."""
    w, h = 544, 960

    def frame_at(i: int, t: float) -> np.ndarray:
        return np.zeros((h, w, 3), np.uint8) if t >= 9.5 else moving_picture(t, w, h)

    return write_video(workdir() / "fade.mp4", 11.0, frame_at, width=w, height=h, audio=tone(11.0, -15.0))


@cache
def sound_outlasts_picture() -> Path:
    """Matroska, 3 s of picture and 6 s of sound: the container reports one duration for both."""
    return write_video(
        workdir() / "long-sound.mkv",
        3.0,
        lambda i, t: moving_picture(t, 544, 960),
        width=544,
        height=960,
        audio=tone(6.0, -15.0),
    )


@cache
def sound_stops_early() -> Path:
    """MP4, 8 s of picture with only the first 3 s of sound."""
    return write_video(
        workdir() / "short-sound.mp4",
        8.0,
        lambda i, t: moving_picture(t, 544, 960),
        width=544,
        height=960,
        audio=tone(3.0, -15.0),
    )


@cache
def still_image() -> Path:
    """One textured frame held for 5 s: a 'video' that never moves."""
    still = moving_picture(0.0, 544, 960)
    return write_video(
        workdir() / "still.mp4", 5.0, lambda i, t: still, width=544, height=960, audio=tone(5.0, -15.0)
    )


@cache
def small_with_moov_at_end() -> Path:
    """A short cut written the default way: the MP4 index (moov) after the media data."""
    return write_video(
        workdir() / "moov-end.mp4",
        3.0,
        lambda i, t: moving_picture(t, 320, 568),
        width=320,
        height=568,
        faststart=False,
    )


@cache
def audio_only() -> Path:
    """An AAC-in-MP4 sound file with a video-like name."""
    path = workdir() / "sound-only.mp4"
    with av.open(str(path), "w") as out:
        sound = out.add_stream("aac", rate=RATE)
        sound.layout = "stereo"
        samples = tone(2.0, -20.0)
        for start in range(0, samples.shape[1], 1024):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples[:, start : start + 1024]), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts = RATE, start
            out.mux(sound.encode(frame))
        out.mux(sound.encode())
    return path


@cache
def checked(cut: Callable[[], Path], spec: QCSpec = NO_TEXT, declared: float | None = None) -> QCReport:
    """The report for one of the cuts above, computed once per spec for all the tests that read it."""
    return check_cut(cut(), declared_duration=declared, spec=spec)


def truncated_copy(source: Path, fraction: float, name: str) -> Path:
    data = source.read_bytes()
    path = workdir() / name
    path.write_bytes(data[: int(len(data) * fraction)])
    return path
