"""Frame descriptors: what one sampled picture looks like, as a short binary code.

One protocol (`FrameDescriptor`), one file per implementation:

* `dct.DctDescriptor` — the engine's own descriptor (DCT of the picture's central region, folded
  into 256 bits by a fixed sign projection). Any region of a picture can be described exactly, which
  is what makes mirrored, cropped, bordered and embedded copies matchable (see `match.py`).
* `pdq.PdqDescriptor` — Meta's PDQ (via `pdqhash`), used only by the vPDQ-style baseline.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ..regions import Rect


@runtime_checkable
class FrameDescriptor(Protocol):
    name: str
    bits: int

    def describe(self, pictures: np.ndarray, rect: Rect, *, flip: bool = False) -> np.ndarray:
        """Codes of `rect` in each grey picture `(n, h, w)` → `(n, bits // 8)` uint8."""
        ...


__all__ = ["FrameDescriptor"]
