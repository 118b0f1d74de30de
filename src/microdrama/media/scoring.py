"""Evidence and chance: how alike two samples are, and how likely a segment of evidence is by luck.

Per sample pair, Hamming distances of frame (256-bit) and audio (64-bit) codes become clipped
log-likelihood-ratio-like evidence. A segment's summed evidence S is turned into a chance probability
with the extreme-value law of maximal segment scores (Karlin–Altschul, as BLAST does):
p = K · m · n · e^(−λS) for m suspect and n reference samples, and ``score = min(1, −log10(p) / 10)``.
`THRESHOLD` = 0.5 ⇔ p = 1e-5 per (suspect, reference) pair; λ and K were fitted on unrelated pairs
of real footage (bench/results/copy_detection.md reports the false-positive rate at this threshold).
"""

from __future__ import annotations

import math

import numpy as np

THRESHOLD = 0.5
# Chance model of a segment score S: p = K·m·n·exp(−λ·S) (see module docstring).
LAMBDA = 1.0
K_CHANCE = 0.1
# Evidence per sample pair (natural-log likelihood-ratio-like units, clipped).
_V_H0, _V_SCALE, VIDEO_LLR_MIN, _V_MAX = 60.0, 8.0, -1.0, 3.0  # 256-bit frame codes
_A_H0, _A_SCALE, _A_MIN, _A_MAX = 20.0, 4.0, -0.5, 2.0  # 64-bit audio codes
COMMON_CAP = 0.3  # evidence of a "common" suspect sample (logos, intro cards) is capped here


def video_llr(h: np.ndarray) -> np.ndarray:
    return np.clip((_V_H0 - h) / _V_SCALE, VIDEO_LLR_MIN, _V_MAX)


def audio_llr(h: np.ndarray) -> np.ndarray:
    return np.clip((_A_H0 - h) / _A_SCALE, _A_MIN, _A_MAX)


def p_value(total: float, m: int, n: int) -> float:
    return float(min(1.0, K_CHANCE * max(m, 1) * max(n, 1) * math.exp(-LAMBDA * total)))


def calibrated_score(p: float) -> float:
    return float(min(1.0, max(0.0, -math.log10(max(p, 1e-300)) / 10)))


def pm(codes: np.ndarray) -> np.ndarray:
    """Packed codes as ±1 per bit (so that a dot product counts agreements minus disagreements)."""
    return np.unpackbits(codes, axis=1).astype(np.float32) * 2 - 1


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All-pairs Hamming distances between packed codes a (m, B) and b (n, B)."""
    bits = a.shape[1] * 8
    return (bits - pm(a) @ pm(b).T) / 2


def video_matrix(
    q_codes: np.ndarray, q_ok: np.ndarray, r_pm: np.ndarray, r_ok: np.ndarray, common
) -> np.ndarray:
    """Evidence between every suspect and reference sample; unusable samples say nothing, and common
    suspect samples (a row of `common` is True) are capped."""
    h = (256 - pm(q_codes) @ r_pm.T) / 2
    llr = video_llr(h)
    llr[~q_ok, :] = 0.0
    llr[:, ~r_ok] = 0.0
    if common is not None and common.any():
        llr[common, :] = np.minimum(llr[common, :], COMMON_CAP)
    return llr
