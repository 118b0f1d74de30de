"""What is burned into every generated frame: the subtitles, the explicit AIGC label (a corner
“AI生成” on every frame, text at least 5 % of the picture's short side) and, at the start of each
episode, a prominent notice for the first seconds. Rendered once per shot as small RGBA patches
and blended into the frames with integer arithmetic, only where the patch is."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..image.drawing import text_box, text_width, wrap
from ..models.storyboard import RenderSpec


@dataclass(frozen=True)
class Overlay:
    x0: int
    y0: int
    rgb: np.ndarray  # (h, w, 3) uint16, premultiplied by alpha
    alpha: np.ndarray  # (h, w, 1) uint16, 0..255
    first: int = 0  # frames [first, last) show it
    last: int = 1 << 30

    def apply(self, frame: np.ndarray, index: int) -> None:
        if not self.first <= index < self.last:
            return
        h, w = self.alpha.shape[:2]
        region = frame[self.y0 : self.y0 + h, self.x0 : self.x0 + w]
        blended = (region.astype(np.uint16) * (255 - self.alpha) + self.rgb + 127) // 255
        region[...] = blended.astype(np.uint8)


def _patch(image: Image.Image, first: int = 0, last: int = 1 << 30) -> Overlay | None:
    bbox = image.getbbox()
    if bbox is None:
        return None
    crop = np.asarray(image.crop(bbox), dtype=np.uint16)
    alpha = crop[..., 3:4]
    return Overlay(bbox[0], bbox[1], crop[..., :3] * alpha, alpha, first, last)


def label_size(spec: RenderSpec) -> int:
    """Label text height: at least 5 % of the picture's short side (GB 45438 practice)."""
    return max(16, int(np.ceil(min(spec.width, spec.height) * 0.056)))


def label_overlay(spec: RenderSpec, text: str) -> Overlay:
    image = Image.new("RGBA", spec.size, (0, 0, 0, 0))
    size = label_size(spec)
    padding = max(6, size // 4)
    box_w = text_width(text, size) + 2 * padding
    text_box(
        image,
        [text],
        size,
        left=spec.width - box_w - int(spec.width * 0.03),
        top=int(spec.height * 0.02),
        background=(0, 0, 0, 160),
        fill=(255, 255, 255, 255),
        padding=padding,
        radius=8,
    )
    patch = _patch(image)
    assert patch is not None
    return patch


def notice_overlay(spec: RenderSpec, text: str, frames: int) -> Overlay | None:
    if frames <= 0 or not text:
        return None
    image = Image.new("RGBA", spec.size, (0, 0, 0, 0))
    size = int(spec.width * 0.06)
    lines = wrap(text, size, int(spec.width * 0.86), balanced=True)
    text_box(
        image,
        lines,
        size,
        center_x=spec.width // 2,
        top=int(spec.height * 0.42),
        background=(0, 0, 0, 175),
        fill=(255, 255, 255, 255),
        padding=size // 2,
        radius=14,
    )
    return _patch(image, 0, frames)


def subtitle_overlay(spec: RenderSpec, text: str, first: int, last: int) -> Overlay | None:
    image = Image.new("RGBA", spec.size, (0, 0, 0, 0))
    size = max(18, int(spec.width * 0.063))
    lines = wrap(text, size, int(spec.width * 0.88), max_lines=3, balanced=True)
    line_h = int(size * 1.3)
    top = int(spec.height * 0.86) - line_h * len(lines)
    text_box(
        image,
        lines,
        size,
        center_x=spec.width // 2,
        top=top,
        background=(0, 0, 0, 110),
        fill=(255, 255, 255, 255),
        stroke=2,
        padding=8,
        radius=8,
        line_gap=0.3,
    )
    return _patch(image, first, last)
