"""Camera moves (运镜) as geometry: for each move and each moment t ∈ [0, 1] of a shot, the
window of the keyframe the camera sees — centre, size, roll and keystone — and the Pillow
transform that resamples that window to the output frame.

Each move reads as itself: 推 closes in, 拉 opens out, 摇 pans with a perspective swing (the camera
turns), 移 slides flat (the camera travels), 跟 drifts forward with a walking bob, 升 / 降 rise and
fall, 环绕 rolls while sliding (an orbit), 甩 holds then whips away with motion blur, 固定 breathes.
The window never leaves the keyframe, so no frame shows an empty border.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..models.vocabulary import CameraMove


@dataclass(frozen=True)
class Window:
    cx: float  # centre, as a fraction of the keyframe's width / height
    cy: float
    size: float  # fraction of the keyframe's width (and height: same aspect as the output)
    roll: float = 0.0  # degrees
    keystone: float = 0.0  # -1..1 small: how much taller one side is than the other (a turning camera)
    blur: float = 0.0  # horizontal motion blur, as a fraction of the output width


def _ease(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def window(move: CameraMove, t: float, seconds: float = 8.16) -> Window:
    e = _ease(t)
    match move:
        case CameraMove.PUSH_IN:
            return Window(0.5, 0.5, _lerp(1.0, 0.74, e))
        case CameraMove.PULL_OUT:
            return Window(0.5, 0.5, _lerp(0.74, 1.0, e))
        case CameraMove.PAN:
            return Window(_lerp(0.41, 0.59, e), 0.5, 0.82, keystone=_lerp(-0.05, 0.05, e))
        case CameraMove.TRUCK:
            return Window(_lerp(0.58, 0.42, e), 0.5, 0.84)
        case CameraMove.FOLLOW:
            bob = 0.006 * math.sin(2 * math.pi * 2.0 * t * seconds / 2)
            return Window(_lerp(0.46, 0.54, e), 0.5 + bob, _lerp(0.86, 0.78, e))
        case CameraMove.CRANE_UP:
            return Window(0.5, _lerp(0.59, 0.41, e), 0.82)
        case CameraMove.CRANE_DOWN:
            return Window(0.5, _lerp(0.41, 0.59, e), 0.82)
        case CameraMove.ORBIT:
            return Window(_lerp(0.45, 0.55, e), 0.5, 0.76, roll=_lerp(-4.0, 4.0, e))
        case CameraMove.WHIP:
            hold = 0.72
            if t <= hold:
                return Window(0.5, 0.5, 0.84)
            w = _ease((t - hold) / (1 - hold))
            return Window(_lerp(0.5, 0.58, w), 0.5, 0.84, blur=0.08 * math.sin(math.pi * w))
        case _:  # 固定: a locked-off camera still breathes a little
            return Window(0.5, 0.5, 0.9 + 0.008 * math.sin(2 * math.pi * t))


def corners(win: Window, src: tuple[int, int]) -> np.ndarray:
    """The keyframe points (x, y) that the output's four corners sample, clockwise from top-left."""
    sw, sh = src
    half_w, half_h = win.size * sw / 2, win.size * sh / 2
    rad = math.radians(win.roll)
    cos, sin = math.cos(rad), math.sin(rad)
    pts = []
    for ux, uy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        # keystone: one vertical edge is taller than the other, as when the camera turns
        kx = 1.0 + win.keystone * ux
        dx, dy = ux * half_w, uy * half_h * kx
        pts.append((win.cx * sw + cos * dx - sin * dy, win.cy * sh + sin * dx + cos * dy))
    return np.array(pts)


def perspective_coefficients(win: Window, src: tuple[int, int], out: tuple[int, int]) -> tuple[float, ...]:
    """Pillow PERSPECTIVE data mapping output pixels to the window's corners in the keyframe."""
    ow, oh = out
    dst = [(0, 0), (ow, 0), (ow, oh), (0, oh)]
    rows, rhs = [], []
    for (u, v), (x, y) in zip(dst, corners(win, src), strict=True):
        rows.append([u, v, 1, 0, 0, 0, -x * u, -x * v])
        rhs.append(x)
        rows.append([0, 0, 0, u, v, 1, -y * u, -y * v])
        rhs.append(y)
    return tuple(float(c) for c in np.linalg.solve(np.array(rows, float), np.array(rhs, float)))
