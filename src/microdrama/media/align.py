"""Temporal alignment: which stretch of the suspect follows which stretch of a reference, how fast.

Input is an evidence matrix `llr[i, j]`: how much more likely suspect sample i and reference sample
j are the same moment than two unrelated moments (a log-likelihood ratio: positive for a good
match, negative for a poor one, 0 for "no information" such as black frames). A copy shows as a
straight line `ref_time = offset + speed × query_time` of positive cells; speed is the playback
factor of the copy (1.25 = the copy plays 25 % faster).

1. **Hough voting** over (speed, offset): every strong cell (the three best of its suspect sample,
   or all that tie with them, sharing its weight) votes, for each speed on a grid from 0.6 to 1.7,
   for the offset that puts it on the line. Peaks are candidate lines.
2. **Maximal segments** along each line (Kadane's maximum-sum run, as in BLAST's high-scoring
   pairs): runs of cells whose evidence outweighs the mismatches between them. A pile of lucky
   frames scattered off any line scores nothing; a lone good frame scores little.
3. **Line refit**: weighted least squares on the best cells of the segment gives the speed and
   offset to better than a sample, and the segment is re-scored on the refitted line.

Overlapping segments from neighbouring peaks are resolved in favour of the higher score;
segments on different lines (compilations, repeated material) are all kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPEEDS = np.round(np.arange(0.60, 1.7001, 0.02), 4)
_VOTERS = 3  # cells per suspect sample that vote for lines (more when tied, sharing the weight)
_PREFER_NORMAL = 0.9  # speed 1 wins when its segment scores at least this share of the refitted one
_SPEED_PENALTY = 0.12  # share of a segment's score discounted, when ranking lines, at speed 1.5 or 1/1.5


@dataclass(frozen=True)
class Aligned:
    """One aligned stretch: suspect samples `i0..i1` (inclusive) on `ref = offset + speed·query`."""

    i0: int
    i1: int
    speed: float
    offset: float  # seconds
    score: float
    pairs: tuple[tuple[int, int, float], ...]  # (query sample, reference sample, llr) on the path

    def ref_time(self, query_time: float) -> float:
        return self.offset + self.speed * query_time


def _path(
    llr: np.ndarray, q_times: np.ndarray, r_times: np.ndarray, speed: float, offset: float, r_step: float
) -> tuple[np.ndarray, np.ndarray]:
    """Best cell near the line for each suspect sample: (llr along the path, reference index or -1)."""
    nq, nr = llr.shape
    target = (offset + speed * q_times - r_times[0]) / r_step
    j0 = np.floor(target).astype(np.int64)
    best = np.full(nq, -np.inf)
    best_j = np.full(nq, -1, np.int64)
    for dj in (0, 1):
        j = j0 + dj
        ok = (j >= 0) & (j < nr) & (np.abs(j - target) <= 0.75)
        vals = np.where(ok, llr[np.arange(nq), np.clip(j, 0, nr - 1)], -np.inf)
        better = vals > best
        best = np.where(better, vals, best)
        best_j = np.where(better, j, best_j)
    inside = (target >= -0.5) & (target <= nr - 0.5)
    values = np.where(best_j >= 0, best, 0.0)
    values[~inside] = -np.inf  # off the reference: a segment cannot run through here
    return values, best_j


def _max_runs(values: np.ndarray, min_score: float) -> list[tuple[int, int, float]]:
    """All disjoint maximal-sum runs with sum ≥ min_score (−inf cells split runs)."""
    runs: list[tuple[int, int, float]] = []
    stack = [(0, len(values))]
    while stack:
        a, b = stack.pop()
        if b - a <= 0:
            continue
        best, best_a, best_b = -np.inf, a, a
        cur, cur_a = 0.0, a
        for k in range(a, b):
            v = values[k]
            if not np.isfinite(v):
                cur, cur_a = 0.0, k + 1
                continue
            if cur <= 0:
                cur, cur_a = v, k
            else:
                cur += v
            if cur > best:
                best, best_a, best_b = cur, cur_a, k + 1
        if best < min_score:
            continue
        runs.append((best_a, best_b - 1, float(best)))
        stack.append((a, best_a))
        stack.append((best_b, b))
    return runs


def _refit(
    pairs: list[tuple[int, int, float]], q_times: np.ndarray, r_times: np.ndarray, speed: float, offset: float
) -> tuple[float, float]:
    strong = [(i, j, v) for i, j, v in pairs if v > 0]
    if len(strong) < 4:
        return speed, offset
    x = q_times[[i for i, _, _ in strong]]
    y = r_times[[j for _, j, _ in strong]]
    w = np.array([v for _, _, v in strong])
    if np.ptp(x) < 2.0:
        return speed, offset
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    slope = float(np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2))
    if not (SPEEDS[0] - 0.05 <= slope <= SPEEDS[-1] + 0.05):
        return speed, offset
    return slope, float(ym - slope * xm)


def align(
    llr: np.ndarray,
    q_times: np.ndarray,
    r_times: np.ndarray,
    *,
    min_score: float = 3.0,
    vote_threshold: float = 0.5,
    max_lines: int = 8,
    speeds: np.ndarray = SPEEDS,
) -> list[Aligned]:
    """Aligned segments of `llr` (suspect × reference evidence), best first. See module docstring.

    `q_times` and `r_times` are the sample times in seconds (evenly spaced, increasing).
    """
    nq, nr = llr.shape
    if nq == 0 or nr == 0:
        return []
    r_step = float(r_times[1] - r_times[0]) if nr > 1 else 1.0
    q_step = float(q_times[1] - q_times[0]) if nq > 1 else 1.0
    # strong cells: above the threshold and among the 3 best of their row. Evidence is clipped, so a
    # stretch the reference holds still (an empty street, a wall) ties many cells of a row at the
    # maximum. Cells tied with the row's 3rd best share its remaining votes: taking the first ones
    # by index instead sent all the votes of a still stretch to its earliest look-alike, and the true
    # line, pinned only by a few distinctive moments, never became a peak.
    k = min(_VOTERS, nr)
    kth = -np.partition(-llr, k - 1, axis=1)[:, k - 1 : k]
    above, tied = llr > kth, llr == kth
    share = (k - above.sum(axis=1, keepdims=True)) / np.maximum(1, tied.sum(axis=1, keepdims=True))
    weight = np.where(above, 1.0, np.where(tied, share, 0.0))
    ii, jj = np.nonzero((weight > 0) & (llr > vote_threshold))
    vv = llr[ii, jj] * weight[ii, jj]
    if len(ii) < 2:
        return []
    qt, rt = q_times[ii], r_times[jj]
    bin_w = max(r_step, q_step)
    peaks: list[tuple[float, float, float]] = []
    for s in speeds:
        offsets = rt - s * qt
        bins = np.round(offsets / bin_w).astype(np.int64)
        lo = bins.min()
        votes = np.bincount(bins - lo, weights=vv)
        # neighbouring bins share a line that falls between them
        smooth = votes + 0.5 * (np.r_[votes[1:], 0] + np.r_[0, votes[:-1]])
        for b in np.argsort(-smooth)[:3]:
            if smooth[b] > 0:
                peaks.append((float(smooth[b]), float(s), float((b + lo) * bin_w)))
    peaks.sort(key=lambda p: -p[0])
    chosen: list[tuple[float, float]] = []
    for _, s, off in peaks:
        # non-maximum suppression: skip lines that nearly coincide with a chosen one over the suspect
        if any(
            abs(s - s2) * (q_times[-1] - q_times[0]) / 2
            + abs((off + s * q_times.mean()) - (o2 + s2 * q_times.mean()))
            < 2 * bin_w
            for s2, o2 in chosen
        ):
            continue
        chosen.append((s, off))
        if len(chosen) >= max_lines:
            break

    found: list[Aligned] = []
    for s, off in chosen:
        for _ in range(2):  # score, refit the line on the best run, score again
            values, js = _path(llr, q_times, r_times, s, off, r_step)
            runs = _max_runs(values, min_score)
            if not runs:
                break
            a, b, best = max(runs, key=lambda r: r[2])
            pairs = [(i, int(js[i]), float(values[i])) for i in range(a, b + 1) if js[i] >= 0]
            s, off = _refit(pairs, q_times, r_times, s, off)
        if runs and abs(s - 1.0) > 0.02:
            # still or slowly changing pictures fit many slopes: keep normal speed through the same
            # middle point unless the evidence clearly prefers the other slope
            mid = q_times[(a + b) // 2]
            off1 = off + (s - 1.0) * mid
            values1, _ = _path(llr, q_times, r_times, 1.0, off1, r_step)
            runs1 = _max_runs(values1, min_score)
            if runs1 and max(r[2] for r in runs1) >= _PREFER_NORMAL * best:
                s, off = 1.0, off1
        values, js = _path(llr, q_times, r_times, s, off, r_step)
        for a, b, score in _max_runs(values, min_score):
            pairs = tuple((i, int(js[i]), float(values[i])) for i in range(a, b + 1) if js[i] >= 0)
            found.append(Aligned(a, b, float(s), float(off), score, pairs))
    # overlapping lines with similar evidence: prefer the one nearer normal speed (still pictures fit
    # many slopes; the VSC22 winners penalised |speed − 1| the same way)
    found.sort(key=lambda x: -x.score * (1 - _SPEED_PENALTY * abs(np.log(x.speed)) / np.log(1.5)))
    kept: list[Aligned] = []
    for seg in found:
        overlap = any(min(seg.i1, k.i1) - max(seg.i0, k.i0) + 1 > 0.5 * (seg.i1 - seg.i0 + 1) for k in kept)
        if not overlap:
            kept.append(seg)
    return kept
