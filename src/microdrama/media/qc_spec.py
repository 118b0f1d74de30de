"""What a finished cut must meet: the QC's thresholds as one value, with defaults for vertical
micro-drama delivered to online platforms.

The filing app may keep its own spec (per platform or per tier) and pass it in; a report stores
the spec it was checked against, so a stored report can always be explained later.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

ORIENTATIONS = ("portrait", "landscape", "square")
TEXT_READERS = ("auto", "ocr", "heuristic", "off")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class QCSpec:
    # container and stream
    containers: tuple[str, ...] = ("mp4", "mov")
    video_codecs: tuple[str, ...] = ("h264", "hevc")
    min_short_side: int = 540
    min_fps: float = 23.976
    max_fps: float = 60.0
    orientation: str | None = "portrait"  # None accepts any
    orientation_severity: str = "warning"
    # duration: declared vs measured, and the micro-drama range ("几十秒到15分钟左右")
    duration_tolerance_s: float = 2.0
    duration_tolerance_ratio: float = 0.02  # the larger of the two tolerances applies
    min_duration_s: float = 10.0
    max_duration_s: float | None = 16 * 60.0
    # picture analysis
    analysis_fps: float = 5.0  # frames per second looked at for black / frozen
    analysis_short_side: int = 180  # the decoder's scaler shrinks frames to this before analysis
    # let the decoder skip non-reference frames and the deblocking filter (about 1.7× faster); the
    # stretches the QC looks for last seconds and survive both
    fast_decode: bool = True
    decoder_threads: int = 0  # 0: FFmpeg decides; 1: one core
    black_luma: float = 0.10  # a pixel is black at or below this fraction of full scale
    black_pixel_ratio: float = 0.98  # a frame is black when this share of its pixels is
    black_min_s: float = 1.0
    edge_black_allowance_s: float = 2.0  # fades at the very start / end up to this long are fine
    freeze_max_diff: float = 0.5  # mean absolute luma change (0–255) below which a picture stands still
    freeze_min_s: float = 3.0
    truncation_tolerance_s: float = 1.0
    # sound
    require_audio: bool = True
    silence_dbfs: float = -50.0
    silence_min_s: float = 3.0
    loudness_target_lufs: float = -15.0
    loudness_tolerance_lu: float = 1.0
    true_peak_max_dbtp: float = -1.0
    # opening titles, where the filing number must be shown
    opening_s: float = 5.0
    opening_sample_fps: float = 1.0
    opening_short_side: int = 720
    text_reader: str = "auto"  # auto: OCR if installed, else the heuristic
    ocr_min_score: float = 0.6

    def __post_init__(self) -> None:
        # tuples survive JSON as lists; normalise so that equality and hashing keep working
        object.__setattr__(self, "containers", tuple(c.lower() for c in self.containers))
        object.__setattr__(self, "video_codecs", tuple(c.lower() for c in self.video_codecs))
        problems = []
        if self.orientation is not None and self.orientation not in ORIENTATIONS:
            problems.append(f"orientation must be one of {ORIENTATIONS} or None")
        if self.orientation_severity not in SEVERITIES:
            problems.append(f"orientation_severity must be one of {SEVERITIES}")
        if self.text_reader not in TEXT_READERS:
            problems.append(f"text_reader must be one of {TEXT_READERS}")
        if not 0 < self.min_fps <= self.max_fps:
            problems.append("need 0 < min_fps <= max_fps")
        if self.max_duration_s is not None and self.max_duration_s < self.min_duration_s:
            problems.append("max_duration_s is below min_duration_s")
        if not 0 < self.black_luma < 1 or not 0 < self.black_pixel_ratio <= 1:
            problems.append("black_luma and black_pixel_ratio are fractions")
        for name in ("analysis_fps", "opening_sample_fps", "analysis_short_side", "opening_short_side"):
            if not getattr(self, name) > 0:
                problems.append(f"{name} must be positive")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                problems.append(f"{f.name} must be a finite number")
        if problems:
            raise ValueError("invalid QCSpec: " + "; ".join(problems))

    @property
    def loudness_range(self) -> tuple[float, float]:
        return (
            self.loudness_target_lufs - self.loudness_tolerance_lu,
            self.loudness_target_lufs + self.loudness_tolerance_lu,
        )

    def duration_tolerance(self, declared: float) -> float:
        return max(self.duration_tolerance_s, self.duration_tolerance_ratio * declared)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["containers"] = list(self.containers)
        data["video_codecs"] = list(self.video_codecs)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> QCSpec:
        """Rebuild a spec; keys this version does not know are ignored (older or newer reports)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("containers", "video_codecs"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)
