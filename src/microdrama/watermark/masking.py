"""Perceptual masking: how strongly each pixel of a frame may be changed without being seen.

The amplitude follows local texture (noise hides in texture and is seen on flat sky, skin and
walls), is eroded next to edges (so that flat areas beside a sharp edge get no halo), and is
reduced in very dark and very bright areas (dark scenes on phone screens; clipping near white).
The map is then scaled per frame so that the mark alone costs a fixed PSNR (`TARGET_PSNR_DB` at
strength 1): busy frames get less texture gain (never a lower floor), quiet frames more gain —
up to `MAX_BOOST` — and never above `CEILING` grey levels anywhere (see `amplitude`). Computed at half resolution for speed; the mask
is smooth at that scale anyway.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import ndimage

TEXTURE_GAIN = 0.5
"""Amplitude per grey level of local mean absolute deviation, before the per-frame scaling."""
FLOOR = 0.8
"""Amplitude on flat areas (grey levels) before scaling. Below 0.5 a change rounds away entirely."""
CEILING = 7.0
"""Largest amplitude anywhere (grey levels), at any strength."""
TARGET_PSNR_DB = 42.5
"""PSNR-Y of the mark alone at strength 1, where the texture allows it."""
MAX_BOOST = 2.0
"""Largest per-frame gain applied to reach the target on flat frames (flat areas stay quiet)."""


def _halve(y: np.ndarray) -> np.ndarray:
    h, w = (y.shape[0] // 2) * 2, (y.shape[1] // 2) * 2
    y = y[:h, :w]
    return 0.25 * (y[0::2, 0::2] + y[1::2, 0::2] + y[0::2, 1::2] + y[1::2, 1::2])


def _double(a: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    big = np.repeat(np.repeat(a, 2, axis=0), 2, axis=1)
    h, w = shape
    if big.shape != shape:
        big = np.pad(big, ((0, max(0, h - big.shape[0])), (0, max(0, w - big.shape[1]))), mode="edge")[:h, :w]
    return big


def target_rms(strength: float = 1.0) -> float:
    """RMS change (grey levels) per frame that the target PSNR allows at this strength."""
    return 255.0 * 10 ** (-TARGET_PSNR_DB / 20) * strength


def _gain_for(base: np.ndarray, extra: np.ndarray, target: float) -> float:
    """Largest g ≥ 0 with RMS(base + g·extra) ≤ target."""
    a = float(np.mean(extra * extra))
    b = 2.0 * float(np.mean(base * extra))
    c = float(np.mean(base * base)) - target * target
    if c >= 0:
        return 0.0
    if a <= 1e-12:
        return math.inf
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def amplitude(luma: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """Per-pixel amplitude (grey levels) for a unit-RMS pattern on this luma plane (H × W, 0–255).

    A floor everywhere (FLOOR, less in very dark or bright areas) plus a texture part. On a quiet
    frame that leaves budget unused, both are raised together (up to MAX_BOOST). On a busy frame
    only the texture part is turned down to meet the budget: the floor on smooth areas is what
    survives a low-bitrate re-encode and what the detector reads, and scaling it down with the
    texture would leave grass, crowds and foliage with no detectable mark at all.
    """
    if min(luma.shape) < 4:
        return np.zeros(luma.shape, dtype=np.float32)
    small = _halve(luma.astype(np.float32, copy=False))
    mean = ndimage.uniform_filter(small, 3)
    activity = ndimage.uniform_filter(np.abs(small - mean), 5)
    # Erosion: a pixel is only as masked as the least textured spot around it, so the strong
    # activity of an edge does not spill onto the flat area next to it.
    activity = ndimage.minimum_filter(activity, 3)
    lum = np.clip((mean - 16.0) / 48.0, 0.45, 1.0) * np.clip((250.0 - mean) / 30.0, 0.3, 1.0)
    floor = ndimage.uniform_filter(FLOOR * lum, 3) * np.float32(strength)
    texture = ndimage.uniform_filter(np.clip(TEXTURE_GAIN * activity - FLOOR, 0.0, CEILING) * lum, 3)
    texture *= np.float32(strength)
    target = target_rms(strength)
    amp = floor + texture
    rms = math.sqrt(float(np.mean(amp * amp))) + 1e-6
    if rms <= target:
        amp *= np.float32(min(target / rms, MAX_BOOST))
    else:
        gain = _gain_for(floor, texture, target)
        if gain > 0.0:
            amp = floor + np.float32(gain) * texture
        else:  # the floor alone exceeds the budget (a very bright or busy frame): scale it down
            amp = floor * np.float32(target / (math.sqrt(float(np.mean(floor * floor))) + 1e-6))
    np.minimum(amp, CEILING, out=amp)
    return _double(amp, luma.shape)


def mark_luma(luma: np.ndarray, pattern: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """Add the masked pattern to an 8-bit luma plane; returns a new uint8 plane."""
    y = luma.astype(np.float32)
    y += amplitude(y, strength) * pattern
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)
