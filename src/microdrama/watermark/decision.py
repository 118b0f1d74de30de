"""From chip readings to a payload and a calibrated present / absent decision.

The message chips' readings are de-spread into soft coded bits and decoded (`ecc`). The decision
statistic is the normalised correlation `c` between the 774 message-chip readings and the chip
signs the decoded payload predicts. Without a watermark, the readings are sums over disjoint sets
of pixels of a whitened residual, i.e. close to independent and identically distributed; for any
one fixed sign vector, `c` is then distributed as one coordinate of a random unit vector in 774
dimensions, whose tail is exact: P(c > t) = ½·I_{1−t²}((n−1)/2, ½) (a regularised incomplete beta
function, computed here through the equivalent Student t law).

The decoder chooses the payload after seeing the data and the detector tries many alignments, so
the false-positive probability per test is bounded with a union bound over every valid codeword
(2⁶⁴, those whose CRC matches) and every alignment hypothesis the detector could have picked
(`HYPOTHESES`: 2 mirrorings × 128² fine offsets × 2¹⁰ period candidates, a generous count). A
detection is declared when that bound, times the number of tests made on the file, is at most
`MAX_FALSE_POSITIVE` (10⁻⁶ per file). The bound is conservative; `bench/watermark.py` checks it
against unmarked footage and many keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from . import ecc
from .pattern import Layout

MAX_FALSE_POSITIVE = 1e-6
"""Largest accepted probability that an unmarked file is declared marked."""
LOG10_HYPOTHESES = math.log10(2) * (1 + 14 + 10)
"""log10 of the alignment hypotheses one test may pick from (mirror × offsets × periods)."""
LOG10_CODEWORDS = math.log10(2) * ecc.PAYLOAD_BITS


@dataclass(frozen=True)
class Reading:
    """What one aligned tile says."""

    payload: int | None  # None when the CRC does not match
    correlation: float  # normalised correlation of readings with the decoded payload's signs
    chips: int  # number of message chips used
    log10_false_positive: float  # union bound for one test (0 when uninformative)
    bit_agreement: float  # share of coded bits whose sign agrees with the decoded codeword


def log10_tail(correlation: float, n: int) -> float:
    """log10 P(c > correlation) for one coordinate of a uniform random unit vector in n dims."""
    if correlation <= 0:
        return math.log10(0.5) if correlation == 0 else 0.0
    if correlation >= 1:
        return -math.inf
    dof = n - 1
    t = correlation * math.sqrt(dof) / math.sqrt(1.0 - correlation * correlation)
    value = float(stats.t.logsf(t, dof))
    if not math.isfinite(value):
        # Far tail, beyond double precision: leading term of I_z(a, 1/2) for small z = 1 - c²,
        # doubled as a margin (only ever used where the answer is far below any threshold).
        a, z = dof / 2.0, 1.0 - correlation * correlation
        value = (
            a * math.log(z)
            + 0.5 * math.log(1.0 - z)
            - math.log(a)
            - (math.lgamma(a) + math.lgamma(0.5) - math.lgamma(a + 0.5))
        )
    return value / math.log(10)


def read(chips: np.ndarray, layout: Layout) -> Reading:
    """Decode the message chips of an aligned tile and score the result."""
    values = chips.reshape(-1)[layout.payload_index].astype(np.float64)
    despread = values * layout.payload_sign
    soft = np.bincount(layout.payload_bit, weights=despread, minlength=ecc.CODED_BITS)
    payload, coded = ecc.decode(soft)
    expected = 2.0 * coded[layout.payload_bit] - 1.0
    norm = float(np.sqrt(np.sum(values**2))) * math.sqrt(values.size)
    corr = float(np.dot(despread, expected) / norm) if norm > 0 else 0.0
    agree = float(np.mean(np.sign(soft) == (2.0 * coded - 1.0)))
    if payload is None:
        bound = 0.0
    else:
        bound = min(0.0, log10_tail(corr, values.size) + LOG10_CODEWORDS + LOG10_HYPOTHESES)
    return Reading(payload, corr, int(values.size), bound, agree)


def is_present(log10_false_positive: float, tests: int = 1) -> bool:
    """The calibrated decision: the union bound over all tests made is within MAX_FALSE_POSITIVE."""
    return log10_false_positive + math.log10(max(1, tests)) <= math.log10(MAX_FALSE_POSITIVE)
