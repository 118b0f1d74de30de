"""The suspect side of a match: where the reference's picture may sit in the suspect's frame.

References are described by the central 60 % of their content rectangle. On the suspect side the
same region is looked for under every edit we know of: in each candidate rectangle (the frame inside
solid bars, inside a blurred / static surround, each embedded picture-in-picture rectangle, the full
frame), for a grid of crops (none; centred 10 % and 20 %; 15 % from one side, in either axis),
mirrored and not. Codes of any region are exact and cheap (descriptors/dct.py), so this is 20–40
codes per suspect sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import audio as audio_fp
from .descriptors import dct
from .fingerprint import VideoFingerprint
from .regions import FULL, Rect, content_rect

_STRETCH = 24  # samples (12 s) per stretch in which bars are looked for separately


@dataclass(frozen=True)
class Variant:
    region: Rect  # where the reference's described region would be in the suspect picture
    flip: bool
    label: str
    search: bool = True  # used for index search (all variants are used for verification)


# Crop hypotheses (fx, ox, fy, oy): the suspect shows the reference's content window
# [ox, ox+fx] × [oy, oy+fy] (relative to the reference's content rectangle).
_CROPS: list[tuple[str, tuple[float, float, float, float]]] = [
    ("", (1.0, 0.0, 1.0, 0.0)),
    ("crop 10 %", (0.9, 0.05, 0.9, 0.05)),
    ("crop 20 %", (0.8, 0.1, 0.8, 0.1)),
    ("crop 15 % bottom", (1.0, 0.0, 0.85, 0.0)),
    ("crop 15 % top", (1.0, 0.0, 0.85, 0.15)),
    ("crop 20 % bottom", (1.0, 0.0, 0.8, 0.0)),
    ("crop 20 % top", (1.0, 0.0, 0.8, 0.2)),
    ("crop 15 % right", (0.85, 0.0, 1.0, 0.0)),
    ("crop 15 % left", (0.85, 0.15, 1.0, 0.0)),
    ("crop 15 % vertical", (1.0, 0.0, 0.85, 0.075)),
    ("crop 15 % horizontal", (0.85, 0.075, 1.0, 0.0)),
]


def _crop_region(rect: Rect, fx: float, ox: float, fy: float, oy: float) -> Rect:
    a, b = 0.5 - dct.CENTRAL / 2, 0.5 + dct.CENTRAL / 2
    return rect.sub(Rect((a - ox) / fx, (a - oy) / fy, (b - ox) / fx, (b - oy) / fy))


@dataclass
class PreparedQuery:
    fp: VideoFingerprint
    variants: list[Variant]
    codes: list[np.ndarray]  # per variant: (n, 32)
    usable: np.ndarray
    _audio_cache: dict = field(default_factory=dict)

    @property
    def times(self) -> np.ndarray:
        return self.fp.times

    def audio_codes_at(self, speed: float, pitch: bool) -> tuple[np.ndarray, np.ndarray]:
        """Suspect audio codes as the reference would sound under this speed hypothesis."""
        if abs(speed - 1.0) < 0.03 or self.fp.media is None or self.fp.media.audio is None:
            return self.fp.audio_codes, self.fp.audio_valid
        key = (round(speed, 3), pitch)
        if key not in self._audio_cache:
            m = self.fp.media
            self._audio_cache[key] = audio_fp.audio_codes(
                m.audio, m.audio_rate, speed=speed, pitch=pitch, duration=self.fp.duration
            )
        return self._audio_cache[key]


def prepare(fp: VideoFingerprint) -> PreparedQuery:
    """The suspect's variant codes (see module docstring, step 1)."""
    if fp.media is None:
        # a fingerprint restored without its pictures: only the region it was made with
        region = fp.content.central(dct.CENTRAL)
        return PreparedQuery(fp, [Variant(region, False, "")], [fp.codes], fp.usable)
    pictures = fp.media.pictures
    rects: list[tuple[Rect, bool, str]] = [(fp.content, True, "")]
    valid = fp.quality > 0
    surround = [(content_rect(pictures, valid, surround=True), "surround")]
    # compilations change framing from piece to piece: look for bars and surroundings in stretches too
    for start in range(0, max(0, len(pictures) - _STRETCH // 2), _STRETCH // 2):
        part = slice(start, start + _STRETCH)
        surround.append((content_rect(pictures[part], valid[part]), "bars in part"))
        surround.append((content_rect(pictures[part], valid[part], surround=True), "surround in part"))
    for rect, label in [*surround, *[(r, "picture-in-picture") for r in fp.embedded], (FULL, "")]:
        if all(rect.iou(r) < 0.92 for r, _, _ in rects):
            rects.append((rect, False, label))
    variants: list[Variant] = []
    codes: list[np.ndarray] = []
    for rect, primary, label in rects:
        crops = _CROPS if primary else _CROPS[:2]
        for crop_label, crop in crops:
            region = _crop_region(rect, *crop)
            coef = dct.coefficients(pictures, region)
            for flip in (False, True):
                text = ", ".join(t for t in (label, "mirrored" if flip else "", crop_label) if t)
                variants.append(Variant(region, flip, text))
                codes.append(dct.codes_from_coefficients(coef, flip=flip))
    return PreparedQuery(fp, variants, codes, fp.usable)
