"""From chip readings to a payload and a calibrated present / absent decision.

The message chips' readings are de-spread into soft coded bits and decoded (`ecc`). The decision
statistic is the normalised correlation `c` between all 1 024 chip readings of the tile and the
signs they should have: the key's sync signs and the signs the decoded payload predicts. Without
a watermark the readings are sums over disjoint sets of pixels of a bounded residual, i.e. close
to independent and identically distributed; for any one fixed sign vector, `c` is then distributed
as one coordinate of a random unit vector in 1 024 dimensions, whose tail is exact:
P(c > t) = ½·I_{1−t²}((n−1)/2, ½) (a regularised incomplete beta function, computed here through
the equivalent Student t law).

The decoder chooses the payload after seeing the data and the detector tries many alignments, so
the false-positive probability per test is bounded with a union bound over every payload that
could have been reported and every alignment hypothesis the detector could have picked
(`LOG10_HYPOTHESES`: 2 mirrorings × 128² fine offsets × 2¹⁰ period candidates, a generous count).
Blind, every payload whose CRC matches counts (2⁶⁴); when the caller knows which payloads were
issued (the copyright centre's registry), only those count, and a decoded payload that was never
issued is reported but not declared present. A detection is declared when the bound, times the
number of tests made on the file, is at most `MAX_FALSE_POSITIVE` (10⁻⁶ per file). The bound is
conservative; `bench/watermark.py` checks it against unmarked footage and many keys.
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
    correlation: float  # normalised correlation of all chip readings with the expected signs
    chips: int  # number of chips scored
    log10_tail: float  # log10 P(c ≥ correlation) for one fixed sign vector without a mark
    log10_false_positive: float  # blind union bound for one test (0 when uninformative)
    bit_agreement: float  # share of coded bits whose sign agrees with the decoded codeword
    best_guess: int  # payload bits of the most likely message even if its CRC fails (diagnostic)


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
    flat = chips.reshape(-1).astype(np.float64)
    values = flat[layout.payload_index]
    despread = values * layout.payload_sign
    soft = np.bincount(layout.payload_bit, weights=despread, minlength=ecc.CODED_BITS)
    payload, coded, guess = ecc.decode_with_guess(soft)
    expected = np.empty(flat.size)
    expected[layout.payload_index] = layout.payload_sign * (2.0 * coded[layout.payload_bit] - 1.0)
    expected[layout.sync_index] = layout.sync_sign
    norm = float(np.sqrt(np.sum(flat**2))) * math.sqrt(flat.size)
    corr = float(np.dot(flat, expected) / norm) if norm > 0 else 0.0
    agree = float(np.mean(np.sign(soft) == (2.0 * coded - 1.0)))
    tail = log10_tail(corr, flat.size)
    bound = 0.0 if payload is None else log10_bound(tail)
    return Reading(payload, corr, int(flat.size), tail, bound, agree, guess)


def log10_bound(log10_tail_value: float, issued: int | None = None) -> float:
    """Union bound (log10, ≤ 0) for one test: over 2⁶⁴ payloads blind, or over `issued` known ones."""
    payloads = LOG10_CODEWORDS if issued is None else math.log10(max(1, issued))
    return min(0.0, log10_tail_value + payloads + LOG10_HYPOTHESES)


def is_present(log10_false_positive: float, tests: int = 1) -> bool:
    """The calibrated decision: the union bound over all tests made is within MAX_FALSE_POSITIVE."""
    return log10_false_positive + math.log10(max(1, tests)) <= math.log10(MAX_FALSE_POSITIVE)
