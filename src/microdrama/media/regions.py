"""Where the picture is inside the frame: borders, blurred backgrounds, static frames, embedded pictures.

Pirates rarely show an episode edge to edge: they add black bars (letterbox / pillarbox), put a
vertical video on a blurred copy of itself to fill a horizontal frame (or the reverse), surround it
with a static decorative frame, or shrink it into a picture-in-picture. A frame descriptor computed
on the whole frame would describe the decoration, so this module finds the rectangles that may
hold the real picture, from the whole sampled video at once (bars and boundaries do not move):

* **Bars and blurred / static surroundings** (`content_rect`): rows and columns at the edges whose
  fine detail (mean |Laplacian| over time) is far below the centre's — solid bars have none, a
  blurred background little — or, when the centre clearly moves, that do not move at all.
* **Embedded pictures** (`embedded_rects`): straight edges that stay put across the video while the
  content around them changes (the VSC22 winners used averaged edge maps for the same purpose).

Rectangles are in relative coordinates (0..1) of the picture, so they survive any rescaling. What
does not live here: describing the rectangles (descriptors/) and deciding which one matched
(match.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in relative picture coordinates: x to the right, y down, both 0..1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return self.width * self.height

    def central(self, fraction: float) -> Rect:
        """The centred sub-rectangle whose sides are `fraction` of this one's."""
        cx, cy = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        hw, hh = self.width * fraction / 2, self.height * fraction / 2
        return Rect(cx - hw, cy - hh, cx + hw, cy + hh)

    def sub(self, inner: Rect) -> Rect:
        """`inner` (relative to this rectangle) expressed in this rectangle's own frame."""
        return Rect(
            self.x0 + inner.x0 * self.width,
            self.y0 + inner.y0 * self.height,
            self.x0 + inner.x1 * self.width,
            self.y0 + inner.y1 * self.height,
        )

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    def iou(self, other: Rect) -> float:
        ix = max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))
        iy = max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0


FULL = Rect(0.0, 0.0, 1.0, 1.0)

# Solid bars: a band with almost no fine detail and no motion (< this fraction of the centre's).
_BAR_DETAIL = 0.08
# Surroundings (blurred copy, static decoration): much less detail than the centre, or no motion
# while the centre clearly moves. Only tried on the suspect side, as an extra candidate.
_SURROUND_DETAIL = 0.5  # every row/column of the band below this fraction of the centre's detail
_SURROUND_MEAN = 0.4  # ... and the band as a whole below this
_STILL = 0.12
_MIN_SIDE = 0.3  # a content rectangle keeps at least this fraction of each side


def _laplacian(pictures: np.ndarray) -> np.ndarray:
    p = pictures.astype(np.float32)
    lap = np.zeros_like(p)
    lap[:, 1:-1, 1:-1] = np.abs(
        4 * p[:, 1:-1, 1:-1] - p[:, :-2, 1:-1] - p[:, 2:, 1:-1] - p[:, 1:-1, :-2] - p[:, 1:-1, 2:]
    )
    return lap


def _edge_run(flags: np.ndarray, max_run: int) -> int:
    """Length of the run of True from the start of `flags` (at most `max_run`)."""
    n = 0
    while n < max_run and flags[n]:
        n += 1
    return n


def content_rect(pictures: np.ndarray, valid: np.ndarray | None = None, *, surround: bool = False) -> Rect:
    """The rectangle inside solid bars (letterbox / pillarbox), or the full frame.

    With `surround=True`, also cut blurred or static surroundings (a vertical video on a blurred
    copy of itself, a decorative frame). That guess can eat into a genuinely plain background, so
    it is only tried as an extra candidate on the suspect side, never used for references.
    """
    if valid is not None:
        pictures = pictures[valid]
    if len(pictures) == 0:
        return FULL
    pics = pictures[:: max(1, len(pictures) // 64)]  # 64 pictures are plenty for bars
    n, h, w = pics.shape
    detail = _laplacian(pics).mean(axis=0)  # (h, w)
    detail[0, :], detail[-1, :], detail[:, 0], detail[:, -1] = (
        detail[1, :],
        detail[-2, :],
        detail[:, 1],
        detail[:, -2],
    )
    motion = pics.astype(np.float32).std(axis=0) if n >= 3 else np.zeros((h, w), np.float32)

    def cut(axis: int) -> tuple[int, int]:
        size = h if axis == 0 else w
        d = detail.mean(axis=1 - axis)
        m = motion.mean(axis=1 - axis)
        mid = slice(size // 3, size - size // 3)
        d_ref = float(np.median(d[mid])) + 1e-6
        m_ref = float(np.median(m[mid]))
        score = d / d_ref
        max_run = int(size * (1 - _MIN_SIDE) / 2)
        if not surround:
            flat = (score < _BAR_DETAIL) & (m < max(1.5, 0.1 * m_ref))
            a, b = _edge_run(flat, max_run), _edge_run(flat[::-1], max_run)
        else:
            # a static decoration (still while the centre moves) or a blurred copy (little detail
            # all along the band, not just in places)
            still = m < max(0.6, _STILL * m_ref) if m_ref > 1.0 else np.zeros(size, bool)
            soft = score < _SURROUND_DETAIL
            a_soft, b_soft = _edge_run(soft, max_run), _edge_run(soft[::-1], max_run)
            a_soft = a_soft if a_soft and score[:a_soft].mean() < _SURROUND_MEAN else 0
            b_soft = b_soft if b_soft and score[size - b_soft :].mean() < _SURROUND_MEAN else 0
            a = max(_edge_run(still, max_run), a_soft)
            b = max(_edge_run(still[::-1], max_run), b_soft)
        # a band of one or two pixels is encoder edge noise, not a border
        return (a if a >= 2 else 0), (b if b >= 2 else 0)

    top, bottom = cut(0)
    left, right = cut(1)
    return Rect(left / w, top / h, 1 - right / w, 1 - bottom / h)


def embedded_rects(pictures: np.ndarray, valid: np.ndarray | None = None, limit: int = 2) -> list[Rect]:
    """Rectangles outlined by edges that stay put while the picture changes (picture-in-picture).

    Returns up to `limit` rectangles of at least 30 % of the frame, best supported first.
    """
    if valid is not None:
        pictures = pictures[valid]
    if len(pictures) < 4:
        return []
    pics = pictures[:: max(1, len(pictures) // 48)].astype(np.float32)
    _n, h, w = pics.shape
    gx = np.abs(np.diff(pics, axis=2))  # vertical edges between columns x and x+1
    gy = np.abs(np.diff(pics, axis=1))
    # an edge that is there in most pictures: the 25th percentile over time stays high
    px = np.percentile(gx, 25, axis=0)  # (h, w-1)
    py = np.percentile(gy, 25, axis=0)  # (h-1, w)
    # content that does not move at all has persistent edges too; discount them by motion
    motion = pics.std(axis=0)
    if float(np.median(motion)) < 2.0:
        return []
    col = px.mean(axis=0)
    row = py.mean(axis=1)
    cols = _peaks(col, w)
    rows = _peaks(row, h)
    xs = [0, *[c + 1 for c in cols], w]
    ys = [0, *[r + 1 for r in rows], h]
    found: list[tuple[float, Rect]] = []
    for i, x0 in enumerate(xs):
        for x1 in xs[i + 1 :]:
            for j, y0 in enumerate(ys):
                for y1 in ys[j + 1 :]:
                    if (x1 - x0) * (y1 - y0) < 0.3 * w * h or (x1 - x0, y1 - y0) == (w, h):
                        continue
                    sides = []
                    if x0 > 0:
                        sides.append(px[y0:y1, x0 - 1].mean())
                    if x1 < w:
                        sides.append(px[y0:y1, x1 - 1].mean())
                    if y0 > 0:
                        sides.append(py[y0 - 1, x0:x1].mean())
                    if y1 < h:
                        sides.append(py[y1 - 1, x0:x1].mean())
                    if len(sides) < 2:
                        continue
                    # every drawn side must be a clear edge; more such sides, more support
                    if min(sides) > 6.0:
                        found.append((float(sum(sides)), Rect(x0 / w, y0 / h, x1 / w, y1 / h)))
    found.sort(key=lambda t: -t[0])
    out: list[Rect] = []
    for _, r in found:
        if all(r.iou(o) < 0.8 for o in out):
            out.append(r)
        if len(out) >= limit:
            break
    return out


def _peaks(profile: np.ndarray, size: int, count: int = 4) -> list[int]:
    """Positions of the strongest isolated maxima of a line-strength profile (not at the very edge)."""
    base = float(np.median(profile)) + 1e-6
    order = np.argsort(profile)[::-1]
    out: list[int] = []
    for i in order:
        if profile[i] < 3 * base or len(out) >= count:
            break
        if i < 2 or i > size - 4 or any(abs(i - j) < 3 for j in out):
            continue
        out.append(int(i))
    return sorted(out)
