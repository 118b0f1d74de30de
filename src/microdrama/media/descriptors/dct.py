"""The engine's frame descriptor: low-frequency DCT of a region, folded into 256 bits.

How a code is made, for a grey picture and a rectangle inside it:

1. The 16×16 lowest non-constant 2-D DCT coefficients (u, v = 1..16, as in PDQ) of the region are
   computed *exactly* from the pixels by integrating the cosine basis over each pixel's overlap
   with the region. No resampling step, so any rectangle — a crop, an embedded picture, a
   sub-pixel shift — costs two small matrix products.
2. The 256 coefficients are projected on 256 fixed ±1 vectors and each sign is a bit (sign random
   projection). The Hamming distance then estimates the angle between coefficient vectors, which
   degrades smoothly when a copy is slightly misaligned, unlike PDQ's per-coefficient median bits.
   The ±1 matrix comes from SHAKE-256 of a fixed label, so codes never change with library versions.

References describe the central 60 % (each side) of their content rectangle: any crop of up to
20 % per side keeps that region in the picture, and edge overlays (subtitles, logos, banners) fall
mostly outside it. A mirrored copy is described exactly by negating the odd horizontal
frequencies (cos(πv(1-x)) = (-1)^v cos(πvx)), so mirroring costs nothing to try.

Brightness and contrast do not change the signs (DC is not used; scaling all coefficients keeps
every sign). Gamma and heavy colour grading move a few bits.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from ..regions import Rect

K = 16
BITS = 256
CENTRAL = 0.6


@lru_cache(maxsize=1)
def _projection() -> np.ndarray:
    raw = hashlib.shake_256(b"microdrama.media.dct-srp-256 v1").digest(K * K * BITS // 8)
    signs = np.unpackbits(np.frombuffer(raw, np.uint8)).reshape(K * K, BITS).astype(np.float32)
    return signs * 2 - 1


_FLIP = np.where(np.arange(1, K + 1) % 2 == 1, -1.0, 1.0).astype(np.float32)


@lru_cache(maxsize=4096)
def _basis(n_pixels: int, start: float, end: float) -> np.ndarray:
    """(K, n_pixels): ∫ cos(πk(t-start)/(end-start)) over each pixel ∩ [start, end), k = 1..K."""
    length = max(end - start, 1e-6)
    edges = np.clip(np.arange(n_pixels + 1, dtype=np.float64), start, end) - start
    a = np.pi * np.arange(1, K + 1, dtype=np.float64)[:, None] / length
    anti = np.sin(a * edges[None, :]) / a
    return (np.diff(anti, axis=1) / length).astype(np.float32)


def coefficients(pictures: np.ndarray, rect: Rect) -> np.ndarray:
    """(n, K, K) DCT coefficients of `rect` (relative coordinates) in each picture (n, h, w)."""
    _, h, w = pictures.shape
    r = [round(v, 4) for v in rect.as_tuple()]
    by = _basis(h, r[1] * h, r[3] * h)
    bx = _basis(w, r[0] * w, r[2] * w)
    # restrict to the rows/columns the region touches: the rest of the basis is zero
    y0, y1 = max(0, int(r[1] * h)), min(h, int(np.ceil(r[3] * h)) + 1)
    x0, x1 = max(0, int(r[0] * w)), min(w, int(np.ceil(r[2] * w)) + 1)
    sub = pictures[:, y0:y1, x0:x1].astype(np.float32)
    return np.einsum("ky,nyx,lx->nkl", by[:, y0:y1], sub, bx[:, x0:x1], optimize=True)


def codes_from_coefficients(coef: np.ndarray, *, flip: bool = False) -> np.ndarray:
    """(n, K, K) coefficients → (n, 32) packed uint8 codes (mirrored if `flip`)."""
    c = coef * _FLIP[None, None, :] if flip else coef
    proj = c.reshape(len(c), K * K) @ _projection()
    return np.packbits(proj > 0, axis=1)


def quality(pictures: np.ndarray, rect: Rect) -> np.ndarray:
    """0..255 per picture: how much structure the region has (0 for black, flat or faded frames).

    Mean absolute gradient in grey levels per pixel at the working scale, ×4, clipped.
    """
    _, h, w = pictures.shape
    y0, y1 = int(rect.y0 * h), max(int(rect.y0 * h) + 2, int(rect.y1 * h))
    x0, x1 = int(rect.x0 * w), max(int(rect.x0 * w) + 2, int(rect.x1 * w))
    sub = pictures[:, y0:y1, x0:x1].astype(np.float32)
    g = np.abs(np.diff(sub, axis=1)).mean(axis=(1, 2)) + np.abs(np.diff(sub, axis=2)).mean(axis=(1, 2))
    return np.clip(g * 4, 0, 255).astype(np.uint8)


class DctDescriptor:
    """`FrameDescriptor` of the engine (see module docstring)."""

    name = "dct-srp-256"
    bits = BITS

    def describe(self, pictures: np.ndarray, rect: Rect, *, flip: bool = False) -> np.ndarray:
        return codes_from_coefficients(coefficients(pictures, rect), flip=flip)
