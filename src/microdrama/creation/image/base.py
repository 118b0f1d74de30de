"""The image interface: a keyframe for a shot and one view of a character's reference sheet.

A backend is anything with `identity`, `keyframe` and `character_view`: the offline Pillow
storyboard artist, or a diffusers text-to-image pipeline from a local model folder. Keyframes are
drawn larger than the clip (`KEYFRAME_SCALE`) so the camera can move over them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..models.bible import Character, Location
from ..models.storyboard import RenderSpec, Shot

KEYFRAME_SCALE = 1.25
CHARACTER_VIEW_SIZE = (600, 1000)
VIEWS = ("front", "side", "back")


def keyframe_size(spec: RenderSpec, scale: float = KEYFRAME_SCALE) -> tuple[int, int]:
    return (round(spec.width * scale), round(spec.height * scale))


@dataclass(frozen=True)
class KeyframeRequest:
    shot: Shot
    spec: RenderSpec
    prompt: str
    negative_prompt: str = ""
    characters: dict[str, Character] = field(default_factory=dict)  # by name, those in the shot
    location: Location | None = None
    references: dict[str, list[Path]] = field(default_factory=dict)  # character name → reference images
    episode_title: str = ""
    seed: int = 0


@dataclass(frozen=True)
class CharacterViewRequest:
    character: Character
    view: str  # "front" | "side" | "back"
    prompt: str
    series_title: str = ""
    style: str = ""
    seed: int = 0


class ImageError(RuntimeError):
    def __init__(self, message: str, code: str = "image") -> None:
        super().__init__(message)
        self.code = code


class ImageBackend(Protocol):
    @property
    def identity(self) -> str: ...

    def keyframe(self, request: KeyframeRequest, out: Path) -> Path:
        """Write the shot's keyframe (PNG, `keyframe_size(spec)`) to `out` and return it."""
        ...

    def character_view(self, request: CharacterViewRequest, out: Path) -> Path:
        """Write one reference view (PNG, `CHARACTER_VIEW_SIZE`) to `out` and return it."""
        ...
