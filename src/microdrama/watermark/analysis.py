"""From a summed residual to a finding: synchronise, read the chips, decode, score.

This is the detector's core, independent of files and frames: `detector` feeds it summed
residuals (one per excerpt window and one for the whole file); the benchmark and the tests may
feed it directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import decision, sync
from .pattern import DEFAULT_KEY, layout_for

MIN_SIDE_PX = 32
"""Pictures smaller than this on either side are not analysed (no tile fits)."""
ACTIVE_SHARE = 0.25
"""A block is busy when its activity exceeds this share of the 90th percentile of the frame."""
MAX_REGION_SHARE = 0.75
"""An active region is analysed on its own only when it covers less than this share of the frame."""


@dataclass(frozen=True)
class Finding:
    """What one summed residual says: where the tile lies and what it carries."""

    alignment: sync.Alignment | None
    reading: decision.Reading | None
    region: tuple[int, int, int, int] | None = None  # (x0, y0, x1, y1) analysed, None: all
    tests: int = 1  # regions analysed to reach this finding (the caller's bound counts them)

    @property
    def log10_false_positive(self) -> float:
        return self.reading.log10_false_positive if self.reading else 0.0

    @property
    def payload(self) -> int | None:
        return self.reading.payload if self.reading else None


def analyse(
    total: np.ndarray | None,
    key: str | bytes = DEFAULT_KEY,
    activity: np.ndarray | None = None,
    pixel_scale: int = 1,
) -> Finding:
    """Synchronise on the key's sync chips, then read and decode the message chips.

    The two strongest alignments are read; the one whose payload is most significant wins. When
    `activity` (the residual's block activity) shows that the picture fills only part of the
    frame — a copy placed on a border or a blurred background — that part is analysed as well.
    `pixel_scale` is how many suspect pixels one pixel of `total` stands for (the detector may
    work at half size); it places the nominal tile period.
    """
    if total is None or min(total.shape) < MIN_SIDE_PX:
        return Finding(None, None)
    h, w = total.shape
    nominal = sync.nominal_period(w * pixel_scale, h * pixel_scale) / pixel_scale
    best = _analyse_region(total, key, nominal)
    region = active_region(activity, total.shape) if activity is not None else None
    if region is None:
        return best
    x0, y0, x1, y1 = region
    inner = _analyse_region(total[y0:y1, x0:x1], key, None)
    inner = Finding(inner.alignment, inner.reading, region, 2)
    best = Finding(best.alignment, best.reading, None, 2)
    return inner if best.reading is None or _better(inner, best) else best


def _analyse_region(total: np.ndarray, key: str | bytes, nominal: float | None) -> Finding:
    layout = layout_for(key)
    best = Finding(None, None)
    for alignment in sync.synchronise(total, layout.sync_tile(), nominal=nominal):
        tile = sync.fold(total, alignment.period_x, alignment.period_y)
        chips = sync.chip_values(sync.aligned(tile, alignment.mirrored, alignment.shift_x, alignment.shift_y))
        reading = decision.read(chips, layout)
        finding = Finding(alignment, reading)
        if best.reading is None or _better(finding, best):
            best = finding
    return best


def active_region(activity: np.ndarray, shape: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The rectangle holding the picture's detail when it fills clearly less than the frame.

    Borders and blurred backgrounds have almost no fine detail; the rows and columns of blocks where
    a fair share of blocks are busy mark the picture itself. None when that is (nearly) everything.
    """
    if activity.size == 0:
        return None
    level = float(np.percentile(activity, 90))
    if level <= 0:
        return None
    busy = activity > ACTIVE_SHARE * level
    cols = _longest_run(busy.mean(axis=0) > 0.25)
    rows = _longest_run(busy.mean(axis=1) > 0.25)
    if cols is None or rows is None:
        return None
    b = shape[0] / activity.shape[0], shape[1] / activity.shape[1]
    x0, x1 = int(cols[0] * b[1]), int(min(shape[1], (cols[1] + 1) * b[1]))
    y0, y1 = int(rows[0] * b[0]), int(min(shape[0], (rows[1] + 1) * b[0]))
    if (x1 - x0) * (y1 - y0) > MAX_REGION_SHARE * shape[0] * shape[1] or min(
        x1 - x0, y1 - y0
    ) < 2 * MIN_SIDE_PX:
        return None
    return x0, y0, x1, y1


def _longest_run(mask: np.ndarray) -> tuple[int, int] | None:
    best, start = None, None
    for i, v in enumerate([*mask.tolist(), False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if best is None or i - start > best[1] - best[0] + 1:
                best = (start, i - 1)
            start = None
    return best


def _better(a: Finding, b: Finding) -> bool:
    if (a.payload is not None) != (b.payload is not None):
        return a.payload is not None
    return a.log10_false_positive < b.log10_false_positive or (
        a.log10_false_positive == b.log10_false_positive and a.alignment.sync_score > b.alignment.sync_score
    )
