"""Meta's PDQ perceptual hash (via `pdqhash`), for the vPDQ-style baseline only.

PDQ hashes the whole frame: 256 bits from the median-thresholded 16×16 DCT of a 64×64 luminance
image, plus a 0–100 quality score (ThreatExchange discards quality below 50).
"""

from __future__ import annotations

import numpy as np
import pdqhash

from ..regions import Rect


class PdqDescriptor:
    name = "pdq"
    bits = 256

    def describe(self, pictures: np.ndarray, rect: Rect, *, flip: bool = False) -> np.ndarray:
        return self.describe_with_quality(pictures, rect, flip=flip)[0]

    def describe_with_quality(
        self, pictures: np.ndarray, rect: Rect, *, flip: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        _, h, w = pictures.shape
        y0, y1 = int(rect.y0 * h), max(int(rect.y0 * h) + 1, round(rect.y1 * h))
        x0, x1 = int(rect.x0 * w), max(int(rect.x0 * w) + 1, round(rect.x1 * w))
        codes, qualities = [], []
        for pic in pictures:
            sub = pic[y0:y1, x0:x1]
            if flip:
                sub = sub[:, ::-1]
            rgb = np.ascontiguousarray(np.repeat(sub[:, :, None], 3, axis=2))
            bits, q = pdqhash.compute(rgb)
            codes.append(np.packbits(bits.astype(np.uint8)))
            qualities.append(q)
        return np.array(codes, dtype=np.uint8).reshape(-1, 32), np.array(qualities, dtype=np.int32)
