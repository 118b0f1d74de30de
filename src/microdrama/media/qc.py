"""Automatic technical pre-check (技术预检) of a finished cut, before human review.

`check_cut(path)` reads the headers (container, codec, size, rate, duration, orientation), makes
one decoding pass over the picture (black and frozen stretches, truncation, the opening frames)
and one over the sound (BS.1770 loudness, peaks, silence), reads the opening titles where the
filing number must appear, and returns a `QCReport`: findings with stable codes, severities and
messages in Chinese and English, plus every measured value, serialisable to JSON.

Input that is not a usable video at all raises `MediaError` with a specific Chinese message;
a file that is damaged part-way still gets a report, with an error finding saying where.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import av

from .errors import MediaError
from .qc_audio import SoundScan, scan_sound
from .qc_input import open_cut
from .qc_opening import read_opening
from .qc_report import Finding, QCReport, sort_findings
from .qc_rules import FINDING_CODES, Measurements, evaluate
from .qc_spans import at_least
from .qc_spec import QCSpec
from .qc_video import scan_picture

__all__ = ["FINDING_CODES", "Finding", "MediaError", "QCReport", "QCSpec", "check_cut"]

# Share of the progress bar each stage takes (decoding the picture is most of the work).
_PICTURE = (0.02, 0.72)
_SOUND = (0.72, 0.90)
_TEXT = (0.90, 1.0)


class _Progress:
    """Forwards monotone fractions 0..1 to the caller's callback, at most every 1 %."""

    def __init__(self, callback: Callable[[float], None] | None) -> None:
        self.callback = callback
        self.last = -1.0

    def __call__(self, fraction: float) -> None:
        fraction = min(1.0, max(self.last, fraction))
        if self.callback and (fraction >= self.last + 0.01 or (fraction == 1.0 and self.last < 1.0)):
            self.last = fraction
            self.callback(fraction)

    def stage(self, span: tuple[float, float]) -> Callable[[float], None]:
        lo, hi = span
        return lambda f: self(lo + (hi - lo) * min(1.0, max(0.0, f)))


def check_cut(
    path: str | os.PathLike,
    declared_duration: float | None = None,
    spec: QCSpec | None = None,
    progress: Callable[[float], None] | None = None,
) -> QCReport:
    """Check one episode file against `spec` (defaults: vertical micro-drama for online platforms).

    `declared_duration` is the episode length in seconds the applicant declared, if any.
    `progress` is called with fractions from 0 to 1 (monotone, ending with 1.0).
    Raises MediaError (Chinese message, `code`) when the file is empty, not a video, or so broken
    that no picture decodes.
    """
    if declared_duration is not None and not declared_duration > 0:
        raise ValueError("declared_duration must be a positive number of seconds")
    spec = spec or QCSpec()
    started = time.perf_counter()
    bar = _Progress(progress)
    bar(0.0)
    info, container = open_cut(path)
    bar(_PICTURE[0])
    picture = scan_picture(path, spec, info.duration, on_progress=bar.stage(_PICTURE))
    if picture.rotation != info.rotation:
        # the decoder applies the display matrix the headers' reading may miss (phone footage)
        info = replace(info, rotation=picture.rotation)
    sound: SoundScan | None = None
    sound_error: str | None = None
    if info.has_audio:
        bar(_SOUND[0])
        try:
            sound = scan_sound(path, info.duration, on_progress=bar.stage(_SOUND))
        except (av.error.FFmpegError, ValueError) as exc:  # damaged sound must not hide the picture's report
            sound_error = f"{exc.__class__.__name__}: {exc}"
    bar(_TEXT[0])
    opening = read_opening(picture.opening, spec)
    measured = Measurements(
        info=info,
        container=container,
        declared_duration=declared_duration,
        picture=picture,
        sound=sound,
        sound_error=sound_error,
        opening=opening,
    )
    findings: list[Finding] = evaluate(measured, spec)
    report = QCReport(
        file_name=Path(path).name,
        media=info,
        container=container,
        declared_duration=declared_duration,
        duration=info.duration,
        decoded_duration=picture.decoded_end,
        loudness=sound.loudness if sound else None,
        black=tuple(at_least(picture.black_spans(spec), spec.black_min_s)),
        frozen=tuple(at_least(picture.frozen_spans(spec), spec.freeze_min_s)),
        silent=tuple(at_least(sound.silent_spans(spec), spec.silence_min_s)) if sound else (),
        opening_has_text=opening.has_text,
        opening_text=opening.lines,
        text_method=opening.method,
        findings=sort_findings(findings),
        spec=spec,
        elapsed_s=time.perf_counter() - started,
    )
    bar(1.0)
    return report
