"""What the QC passes measured about one cut, gathered for the rules, and the small helpers the
rules share (timecodes, clustering of error times, trimming of edge fades).
"""

from __future__ import annotations

from dataclasses import dataclass

from microdrama.timespan import Span, format_timecode

from .probe import ProbeInfo
from .qc_audio import SoundScan
from .qc_opening import OpeningText
from .qc_spec import QCSpec
from .qc_video import PictureScan

ORIENTATION_ZH = {"portrait": "竖屏", "landscape": "横屏", "square": "方形画面"}
WHOLE = 0.95  # a stretch covering this share of the programme is "throughout"


def tc(seconds: float) -> str:
    return format_timecode(max(0.0, seconds), 1)


def names(values) -> str:
    return "、".join(v.upper() if len(v) <= 4 else v for v in values)


@dataclass
class Measurements:
    info: ProbeInfo
    container: str
    declared_duration: float | None
    picture: PictureScan
    sound: SoundScan | None
    sound_error: str | None
    opening: OpeningText

    def tolerance(self, spec: QCSpec) -> float:
        """How far short of its stated end a stream may stop and still count as complete."""
        return max(spec.truncation_tolerance_s, 5 * self.picture.frame_interval)

    def picture_short(self, spec: QCSpec) -> bool:
        """The picture ends well before the duration the headers promise."""
        return self.picture.decoded_end < self.info.duration - self.tolerance(spec)

    def sound_runs_full(self, spec: QCSpec) -> bool:
        return self.sound is not None and self.sound.decoded_end >= self.info.duration - self.tolerance(spec)

    def truncated(self, spec: QCSpec) -> bool:
        """The file breaks off: the demuxer gave up, or picture *and* sound stop before the end the
        headers promise. (A picture that ends while the sound runs on is a shorter video stream,
        which Matroska files report as one duration for all streams; see `picture_shorter`.)"""
        if self.picture.stopped_at is not None and self.picture.decoded_end < self.info.duration - 1e-3:
            return True
        return self.picture_short(spec) and not self.sound_runs_full(spec)

    def effective_duration(self, spec: QCSpec) -> float:
        """Duration as played: the headers' figure unless the file breaks off before it."""
        return self.picture.decoded_end if self.truncated(spec) else self.info.duration


def cluster(times: list[float], interval: float) -> list[Span]:
    spans: list[Span] = []
    for t in sorted(times):
        if spans and t - spans[-1].end <= 1.0:
            spans[-1] = Span(spans[-1].start, t + interval)
        else:
            spans.append(Span(t, t + interval))
    return spans


def inner(spans: list[Span], end: float, spec: QCSpec) -> list[Span]:
    """Drop short fades at the very start and end, which every edit may have."""
    keep = []
    for s in spans:
        at_edge = s.start <= 0.05 or s.end >= end - 0.05
        if at_edge and s.duration <= spec.edge_black_allowance_s:
            continue
        keep.append(s)
    return keep
