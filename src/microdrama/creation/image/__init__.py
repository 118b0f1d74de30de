"""Image backends: the offline Pillow storyboard artist and an optional diffusers pipeline."""

from .base import (
    CHARACTER_VIEW_SIZE,
    KEYFRAME_SCALE,
    VIEWS,
    CharacterViewRequest,
    ImageBackend,
    ImageError,
    KeyframeRequest,
    keyframe_size,
)
from .storyboard_artist import StoryboardArtist

__all__ = [
    "CHARACTER_VIEW_SIZE",
    "KEYFRAME_SCALE",
    "VIEWS",
    "CharacterViewRequest",
    "ImageBackend",
    "ImageError",
    "KeyframeRequest",
    "StoryboardArtist",
    "keyframe_size",
]
