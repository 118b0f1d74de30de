"""Time as values: a `Span` of seconds and the mm:ss(.f) timecodes users read and type.

Every engine and app measures time in float seconds; this module is the one place that turns
seconds into timecodes and back, so that frames, seconds and strings never get mixed up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_TIMECODE = re.compile(r"^\s*(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:\.\d+)?)\s*$|^\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A half-open stretch of time [start, end) in seconds."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start) and math.isfinite(self.end)):
            raise ValueError("span bounds must be finite numbers")
        if self.end < self.start:
            raise ValueError(f"span ends before it starts: {self.start} > {self.end}")

    @property
    def duration(self) -> float:
        return self.end - self.start

    def overlap(self, other: Span) -> float:
        """Seconds shared by both spans (0 when disjoint)."""
        return max(0.0, min(self.end, other.end) - max(self.start, other.start))

    def iou(self, other: Span) -> float:
        """Intersection over union of the two spans, 0..1."""
        inter = self.overlap(other)
        union = self.duration + other.duration - inter
        return inter / union if union > 0 else (1.0 if self == other else 0.0)

    def contains(self, t: float) -> bool:
        return self.start <= t < self.end

    def shift(self, seconds: float) -> Span:
        return Span(self.start + seconds, self.end + seconds)

    def __str__(self) -> str:
        return f"{format_timecode(self.start)}–{format_timecode(self.end)}"


def format_timecode(seconds: float, decimals: int = 0) -> str:
    """Seconds as mm:ss (or h:mm:ss past an hour); `decimals` adds tenths etc."""
    if seconds < 0 or not math.isfinite(seconds):
        raise ValueError("timecode must be a non-negative number of seconds")
    scale = 10**decimals
    total = round(seconds * scale)
    whole, frac = divmod(total, scale)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{frac:0{decimals}d}" if decimals else ""
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}{tail}"
    return f"{minutes:02d}:{secs:02d}{tail}"


def parse_timecode(text: str) -> float:
    """Parse "mm:ss", "h:mm:ss", "mm:ss.f" or plain seconds into seconds.

    Raises ValueError with a message fit to show a user when the text is not a timecode.
    """
    m = _TIMECODE.match(text or "")
    if not m:
        raise ValueError(f"“{text}” 不是有效的时间码，请使用 分:秒 格式，例如 01:23")
    if m.group(4) is not None:
        return float(m.group(4))
    hours = int(m.group(1) or 0)
    minutes = int(m.group(2))
    secs = float(m.group(3))
    if secs >= 60 or (hours and minutes >= 60):
        raise ValueError(f"“{text}” 不是有效的时间码：秒数和分钟数须小于 60")
    return hours * 3600 + minutes * 60 + secs
