"""The watermark pattern: a key-derived tile of chips, repeated over the whole picture.

One tile is a 32 × 32 grid of chips. About a quarter of the chips form a fixed synchronisation
pattern (known to the detector from the key alone); every other chip carries one of the 258 coded
message bits, each bit spread over three chips scattered through the tile with key-derived signs.
The chips are joined by smooth cos² interpolation (`render_tile`), so the pattern is a fine,
grain-like mottle with no visible grid. The detector reads each chip only from its own cell
(`sync.chip_values`), which keeps its readings independent under the null hypothesis (`decision`).

The tile repeats with a period of `chip_size * 32` pixels in both directions from the top-left
corner of the displayed picture. Repetition is what makes the mark self-synchronising: the
autocorrelation of a marked picture has a lattice of peaks at the period whatever the crop, scale
or mirror, which is how the detector recovers the geometry (see `sync`). The chip size follows
the picture's short side, so a copy rescaled as a whole keeps the same pattern in relative terms.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import ecc

TILE = 32
"""Chips per tile side."""
_RENDER = 8
"""Fine samples per chip side when rendering the tile for embedding."""
CHIPS_PER_SHORT_SIDE = 100.0
"""Chip size is the picture's short side divided by this (540 px → 5.4 px chips, 173 px tiles)."""
MIN_CHIP_PX = 3.5
"""Smallest chip drawn, so that small pictures still carry a pattern that survives downscaling."""
_PAYLOAD_CHIPS = ecc.CODED_BITS * 3
_SYNC_CHIPS = TILE * TILE - _PAYLOAD_CHIPS

DEFAULT_KEY = "microdrama-forensic-watermark-v1"
"""Key used when the caller gives none. Deployments should pass their own secret key."""


def chip_size(width: int, height: int) -> float:
    """Chip size in pixels for a picture of this display size."""
    return max(min(width, height) / CHIPS_PER_SHORT_SIDE, MIN_CHIP_PX)


def bump(samples: int) -> np.ndarray:
    """Centre-weighted profile across one chip cell (sin², `samples` points): the detector reads a
    chip with these weights, from its own cell only."""
    return np.sin(np.pi * (np.arange(samples) + 0.5) / samples) ** 2


@dataclass(frozen=True)
class Layout:
    """Where the sync chips and the message chips sit in the tile, derived from the key alone."""

    sync_index: np.ndarray  # flat chip indices of the sync chips
    sync_sign: np.ndarray  # ±1 per sync chip
    payload_index: np.ndarray  # flat chip indices of the message chips
    payload_bit: np.ndarray  # coded bit carried by each message chip
    payload_sign: np.ndarray  # ±1 spreading sign per message chip

    def tile(self, coded: np.ndarray) -> np.ndarray:
        """The 32 × 32 chip values (±1) for these coded bits (0/1)."""
        chips = np.zeros(TILE * TILE, dtype=np.float32)
        chips[self.sync_index] = self.sync_sign
        chips[self.payload_index] = self.payload_sign * (2.0 * coded[self.payload_bit] - 1.0)
        return chips.reshape(TILE, TILE)

    def sync_tile(self) -> np.ndarray:
        chips = np.zeros(TILE * TILE, dtype=np.float32)
        chips[self.sync_index] = self.sync_sign
        return chips.reshape(TILE, TILE)


def _key_bytes(key: str | bytes) -> bytes:
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not key:
        raise ValueError("水印密钥不能为空")
    return key


@lru_cache(maxsize=16)
def layout_for(key: str | bytes = DEFAULT_KEY) -> Layout:
    """The chip layout for a key (deterministic, cached)."""
    seed = int.from_bytes(hashlib.sha256(b"layout:" + _key_bytes(key)).digest()[:16], "big")
    rng = np.random.default_rng(seed)
    order = rng.permutation(TILE * TILE)
    sync_index = np.sort(order[:_SYNC_CHIPS])
    payload_index = order[_SYNC_CHIPS:]
    # Each coded bit gets three chips; a random assignment scatters them over the tile so that a
    # subtitle band or a logo never wipes out all copies of one bit.
    payload_bit = np.repeat(np.arange(ecc.CODED_BITS), 3)
    rng.shuffle(payload_bit)
    return Layout(
        sync_index=sync_index,
        sync_sign=rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=_SYNC_CHIPS),
        payload_index=payload_index,
        payload_bit=payload_bit,
        payload_sign=rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=_PAYLOAD_CHIPS),
    )


def _interpolation_matrix(samples: int) -> np.ndarray:
    """(TILE·samples × TILE) weights of each chip at each fine sample: cos² interpolation.

    Each chip contributes cos²(π·d/2) at distance d < 1 chip from its centre, so the weights of the
    two nearest chips always add up to one: the drawn field passes through every chip value and
    moves smoothly between them, with no grid of dots or seams (a bump per chip that falls to zero
    at the chip border would leave a visible dot lattice on flat areas).
    """
    n = TILE * samples
    pos = (np.arange(n) + 0.5) / samples  # fine sample centres, in chips
    centres = np.arange(TILE) + 0.5
    d = np.abs((pos[:, None] - centres[None, :] + TILE / 2) % TILE - TILE / 2)
    return np.where(d < 1.0, np.cos(np.pi * d / 2) ** 2, 0.0).astype(np.float32)


def render_tile(chips: np.ndarray, samples: int = _RENDER) -> np.ndarray:
    """Draw chip values on a fine periodic grid (TILE·samples square), unit RMS."""
    k = _interpolation_matrix(samples)
    fine = k @ chips.astype(np.float32) @ k.T
    return fine / np.sqrt(np.mean(fine**2))


def frame_pattern(fine_tile: np.ndarray, width: int, height: int, chip: float) -> np.ndarray:
    """Sample the periodic fine tile on a width × height pixel grid (bilinear, float32, H × W)."""
    size = fine_tile.shape[0]
    per_px = size / TILE / chip  # fine samples per pixel

    def coords(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos = (np.arange(n) + 0.5) * per_px - 0.5
        lo = np.floor(pos)
        frac = (pos - lo).astype(np.float32)
        lo = lo.astype(np.int64) % size
        return lo, (lo + 1) % size, frac

    x0, x1, fx = coords(width)
    y0, y1, fy = coords(height)
    rows0 = fine_tile[y0]
    rows1 = fine_tile[y1]
    top = rows0[:, x0] * (1 - fx) + rows0[:, x1] * fx
    bottom = rows1[:, x0] * (1 - fx) + rows1[:, x1] * fx
    return (top * (1 - fy)[:, None] + bottom * fy[:, None]).astype(np.float32)


def payload_pattern(payload: int, width: int, height: int, key: str | bytes = DEFAULT_KEY) -> np.ndarray:
    """The unit-RMS watermark pattern for `payload` on a picture of this display size."""
    layout = layout_for(key)
    tile = layout.tile(ecc.encode(payload))
    return frame_pattern(render_tile(tile), width, height, chip_size(width, height))
