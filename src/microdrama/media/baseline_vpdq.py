"""vPDQ-style baseline, for the copy-detection benchmark only (not used by the platform).

What Meta's vPDQ does (ThreatExchange `vpdq/README.md`, python-threatexchange `vpdq_util.py`):
one PDQ hash of the whole frame per second, frames of quality < 50 dropped, and two videos
compared as *unordered bags of hashes*: the share of the query's unique hashes that have a
reference hash within Hamming distance 31, and vice versa; a match when the query share ≥ 80 %.
No temporal order, no localisation. For the benchmark's segment metrics this module reports the
span from the first to the last matched frame on each side, which is the most one can read off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from .descriptors.pdq import PdqDescriptor
from .frames import read_media
from .regions import FULL

DISTANCE = 31
QUALITY = 50
QUERY_SHARE = 0.8


@dataclass(frozen=True)
class VpdqHashes:
    times: np.ndarray  # seconds
    codes: np.ndarray  # (n, 32) uint8
    duration: float


@dataclass(frozen=True)
class VpdqMatch:
    query_share: float
    ref_share: float
    query_span: tuple[float, float]
    ref_span: tuple[float, float]

    @property
    def is_match(self) -> bool:
        return self.query_share >= QUERY_SHARE


def vpdq_hashes(path: str | os.PathLike, *, interval: float = 1.0) -> VpdqHashes:
    samples = read_media(path, interval=interval, side=256, audio=False)
    pics = samples.video.pictures
    codes, quality = PdqDescriptor().describe_with_quality(pics, FULL)
    keep = samples.video.valid & (quality >= QUALITY)
    times = np.arange(len(pics)) * interval
    return VpdqHashes(times=times[keep], codes=codes[keep], duration=samples.duration)


def vpdq_compare(query: VpdqHashes, ref: VpdqHashes) -> VpdqMatch:
    if len(query.codes) == 0 or len(ref.codes) == 0:
        return VpdqMatch(0.0, 0.0, (0.0, 0.0), (0.0, 0.0))
    qb = np.unpackbits(query.codes, axis=1).astype(np.int16)
    rb = np.unpackbits(ref.codes, axis=1).astype(np.int16)
    dist = qb.shape[1] - (qb @ rb.T + (1 - qb) @ (1 - rb).T)
    close = dist <= DISTANCE
    q_hit = close.any(axis=1)
    r_hit = close.any(axis=0)
    q_span = (
        (float(query.times[q_hit].min()), float(query.times[q_hit].max()) + 1.0)
        if q_hit.any()
        else (0.0, 0.0)
    )
    r_span = (
        (float(ref.times[r_hit].min()), float(ref.times[r_hit].max()) + 1.0) if r_hit.any() else (0.0, 0.0)
    )
    return VpdqMatch(float(q_hit.mean()), float(r_hit.mean()), q_span, r_span)
