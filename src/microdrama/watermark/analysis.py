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


@dataclass(frozen=True)
class Finding:
    """What one summed residual says: where the tile lies and what it carries."""

    alignment: sync.Alignment | None
    reading: decision.Reading | None

    @property
    def log10_false_positive(self) -> float:
        return self.reading.log10_false_positive if self.reading else 0.0

    @property
    def payload(self) -> int | None:
        return self.reading.payload if self.reading else None


def analyse(total: np.ndarray | None, key: str | bytes = DEFAULT_KEY) -> Finding:
    """Synchronise on the key's sync chips, then read and decode the message chips.

    The two strongest alignments are read; the one whose payload is most significant wins.
    """
    if total is None or min(total.shape) < MIN_SIDE_PX:
        return Finding(None, None)
    layout = layout_for(key)
    best = Finding(None, None)
    for alignment in sync.synchronise(total, layout.sync_tile()):
        tile = sync.fold(total, alignment.period_x, alignment.period_y)
        chips = sync.chip_values(sync.aligned(tile, alignment.mirrored, alignment.shift_x, alignment.shift_y))
        reading = decision.read(chips, layout)
        finding = Finding(alignment, reading)
        if best.reading is None or _better(finding, best):
            best = finding
    return best


def _better(a: Finding, b: Finding) -> bool:
    if (a.payload is not None) != (b.payload is not None):
        return a.payload is not None
    return a.log10_false_positive < b.log10_false_positive or (
        a.log10_false_positive == b.log10_false_positive and a.alignment.sync_score > b.alignment.sync_score
    )
