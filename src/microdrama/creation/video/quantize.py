"""Frame-count rules of the video models (reference §1.2): a backend asks its model for the
nearest count the model accepts, and reports the real duration; `conform` then retimes the clip
to the render spec's exact frame count."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelClip:
    frames: int
    fps: int

    @property
    def seconds(self) -> float:
        return self.frames / self.fps


# native frame rate of each family's output
NATIVE_FPS = {"step": 25, "wan": 16, "wan2.2": 24, "ltx": 30, "cogvideox": 8}


def _nearest(frames: int, step: int, offset: int, minimum: int) -> int:
    k = round((frames - offset) / step - 1e-9)  # ties go to the shorter clip
    return max(minimum, k * step + offset)


def quantize_frames(family: str, frames: int) -> int:
    """The frame count nearest `frames` that the family generates: Step-Video 17k, Wan 4k+1,
    LTX-Video 8k+1, CogVideoX a fixed 49."""
    family = family.lower()
    if family == "step":
        return _nearest(frames, 17, 0, 17)
    if family in ("wan", "wan2.2"):
        return _nearest(frames, 4, 1, 5)
    if family == "ltx":
        return _nearest(frames, 8, 1, 9)
    if family == "cogvideox":
        return 49
    raise ValueError(f"未知的视频模型系列：{family}")


def model_clip(family: str, seconds: float) -> ModelClip:
    """What to ask a model for to cover `seconds` of screen time at its native rate."""
    fps = NATIVE_FPS[family.lower()]
    return ModelClip(quantize_frames(family, max(1, round(seconds * fps))), fps)
