"""Video backends: the offline Ken Burns renderer, diffusers (Wan / CogVideoX) on a local GPU and a
remote job API (self-hosted Step-Video or a hosted gateway), all as submit / poll jobs."""

from .base import ClipJob, ClipRequest, JobStatus, VideoBackend, VideoError, run_clip
from .kenburns import KenBurnsVideo
from .quantize import model_clip, quantize_frames

__all__ = [
    "ClipJob",
    "ClipRequest",
    "JobStatus",
    "KenBurnsVideo",
    "VideoBackend",
    "VideoError",
    "model_clip",
    "quantize_frames",
    "run_clip",
]
