"""Match a suspect video against references: which episodes it copies, where, how fast, how sure.

    from microdrama.media.match import match, match_pair
    for m in match(suspect_fp, index):            # -> list[CopyMatch], best first
        for seg in m.segments: seg.query, seg.ref, seg.speed, seg.score, seg.evidence

How (VSC22-style: frame descriptors + search + alignment, scaled to one CPU core):

1. **Suspect variants** (`variants.prepare`). References are described by the central 60 % of their content
   rectangle. On the suspect side the same region is looked for under every edit we know of: in
   each candidate rectangle (the frame inside solid bars, inside a blurred / static surround, each
   embedded picture-in-picture rectangle, the full frame), for a grid of crops (none; centred
   10 % and 20 %; 15 % from one side, in either axis), mirrored and not. Codes of any region are
   exact and cheap (descriptors/dct.py), so this is 20–40 codes per suspect sample.
2. **Search** every shard's FAISS index with all variant codes (k nearest). A suspect sample whose
   near neighbours come from many different references (studio logos, intro cards, black or title
   frames that slipped through) is *common*: its evidence is capped. References that collect
   enough evidence over several suspect samples become candidates; audio codes vote too.
3. **Verify** (`verify`) each candidate densely: log-likelihood-ratio matrix between all suspect and all
   reference samples for the best variants, temporal alignment with speed estimation (align.py).
   Then the crop / region is **refined** continuously (coordinate descent on the region corners
   over the aligned pairs) — this is what turns an arbitrary crop or an approximate PiP box into
   an exact match — and the alignment is repeated. Audio codes along the found line add evidence
   (recomputed for the found speed, with and without pitch change); audio alone can find a
   segment too (speed ≈ 1), e.g. for a black-screen audio rip.
4. **Score** (`scoring`): the segment's summed evidence S is turned into a chance probability with the
   extreme-value law of maximal segment scores (Karlin–Altschul, as BLAST does):
   p = K · m · n · e^(−λS) for m suspect and n reference samples, and
   ``score = min(1, −log10(p) / 10)``. `THRESHOLD` = 0.5 ⇔ p = 1e-5 per (suspect, reference) pair;
   λ and K were fitted on unrelated pairs of real footage (bench/results/copy_detection.md
   reports the false-positive rate measured at this threshold).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np
from threadpoolctl import threadpool_limits

from . import audio as audio_fp
from .fingerprint import VideoFingerprint
from .index import ReferenceIndex
from .index.shard import SAMPLE_BITS, Shard
from .results import CopyMatch, Evidence, Segment
from .scoring import (
    COMMON_CAP,
    THRESHOLD,
    audio_llr,
    video_llr,
)
from .variants import PreparedQuery, prepare
from .verify import verify

__all__ = [
    "THRESHOLD",
    "CopyMatch",
    "Evidence",
    "Segment",
    "match",
    "match_pair",
    "merge",
    "prepare",
    "search_shard",
]

_COMMON_DISTANCE = 40  # a neighbour this close in another reference counts towards "common"
_COMMON_REFS = 3  # ... and this many references make a suspect sample common
_SEARCH_K = 10
_MAX_CANDIDATES = 12


# --- index search -------------------------------------------------------------------------------
_VOTE_SPEEDS = np.array([0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.55])
_VOTE_BIN = 4.0  # seconds of offset per voting bin


def _candidates(shard: Shard, q: PreparedQuery) -> tuple[list[int], np.ndarray]:
    """Reference numbers worth verifying, and which suspect samples are common (step 2).

    Hits vote for (reference, speed, offset) cells, one vote per suspect sample; a reference is a
    candidate when one cell gathers evidence from at least three suspect samples, so hits that
    are scattered in time (chance neighbours in a big index) do not cost a verification.
    """
    n = len(q.fp.codes)
    usable = np.flatnonzero(q.usable)
    common = np.zeros(n, bool)
    parts_i, parts_r, parts_t, parts_e = [], [], [], []
    if len(usable) and shard.video.ntotal:
        search = [v for v, var in enumerate(q.variants) if var.search]
        stacked = np.concatenate([q.codes[v][usable] for v in search])
        sample = np.repeat(np.tile(usable, len(search))[:, None], 1, axis=1)
        dist, ids = shard.search_video(stacked, _SEARCH_K)
        ok = ids >= 0
        i = np.broadcast_to(sample, ids.shape)[ok]
        r = (ids >> SAMPLE_BITS)[ok]
        j = (ids & ((1 << SAMPLE_BITS) - 1))[ok]
        d = dist[ok].astype(np.float32)
        near = d <= _COMMON_DISTANCE
        if near.any():
            pairs = np.unique(np.stack([i[near], r[near]], axis=1), axis=0)
            counts = np.bincount(pairs[:, 0], minlength=n)
            common = counts >= _COMMON_REFS
        e = video_llr(d)
        keep = e > 0
        parts_i.append(i[keep])
        parts_r.append(r[keep])
        parts_t.append(j[keep] * q.fp.interval)
        parts_e.append(e[keep])
    if q.fp.has_audio and shard.audio.ntotal:
        a_idx = np.flatnonzero(q.fp.audio_valid)[::2]  # every 0.25 s is plenty to find candidates
        dist, ids = shard.search_audio(q.fp.audio_codes[a_idx], 5)
        ok = ids >= 0
        qi = np.broadcast_to(a_idx[:, None], ids.shape)[ok]
        e = 0.5 * audio_llr(dist[ok].astype(np.float32))
        keep = e > 0
        parts_i.append(np.minimum(n - 1, (qi[keep] * audio_fp.HOP / q.fp.interval).astype(np.int64)))
        parts_r.append((ids >> SAMPLE_BITS)[ok][keep])
        parts_t.append((ids & ((1 << SAMPLE_BITS) - 1))[ok][keep] * audio_fp.HOP)
        parts_e.append(e[keep])
    if not parts_i or not sum(len(p) for p in parts_i):
        return [], common
    i = np.concatenate(parts_i).astype(np.int64)
    r = np.concatenate(parts_r).astype(np.int64)
    t_r = np.concatenate(parts_t).astype(np.float64)
    e = np.concatenate(parts_e).astype(np.float64)
    e = np.where(common[i], np.minimum(e, COMMON_CAP), e)
    t_q = i * q.fp.interval
    best: dict[int, float] = {}
    for k, speed in enumerate(_VOTE_SPEEDS):
        bins = np.floor((t_r - speed * t_q) / _VOTE_BIN).astype(np.int64)
        for shift in (0, 1):  # two staggered binnings so that a line near a bin edge is not split
            cell = (((r << 4) | k) << 32) + ((bins + shift) >> 1) + (1 << 30)
            # one vote per suspect sample and cell: its best hit
            order = np.lexsort((-e, i, cell))
            c, ii, ee = cell[order], i[order], e[order]
            first = np.ones(len(c), bool)
            first[1:] = (c[1:] != c[:-1]) | (ii[1:] != ii[:-1])
            c, ee = c[first], ee[first]
            cells, inv = np.unique(c, return_inverse=True)
            total = np.bincount(inv, weights=ee)
            count = np.bincount(inv)
            good = (count >= 3) & (total >= 3.0)
            for cval, tot in zip(cells[good], total[good], strict=True):
                ref = int(cval >> 36)
                if tot > best.get(ref, 0.0):
                    best[ref] = float(tot)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    return [ref for ref, _ in ranked[:_MAX_CANDIDATES]], common


def search_shard(
    shard: Shard | str | os.PathLike, query: VideoFingerprint | PreparedQuery, *, threshold: float = THRESHOLD
) -> list[CopyMatch]:
    """Search one shard (a `Shard` or a shard file path): the unit of work of one worker."""
    own = not isinstance(shard, Shard)
    s = Shard.open(shard) if own else shard
    # one core per search: multi-threaded BLAS on small matrices only contends (10× slower when busy);
    # the copyright centre parallelises across shards and suspects instead
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            q = query if isinstance(query, PreparedQuery) else prepare(query)
            nos, common = _candidates(s, q)
            out = []
            for no in nos:
                entry = s.by_no.get(no)
                if entry is None:
                    continue
                m = verify(q, s.fingerprint(no), entry.ref_id, common=common, threshold=threshold)
                if m is not None:
                    out.append(m)
            return merge([out])
    finally:
        if own:
            s.close()


def merge(results: Iterable[Iterable[CopyMatch]], *, limit: int | None = None) -> list[CopyMatch]:
    """Combine per-shard results: one list, best match first (a reference lives in one shard)."""
    combined: dict[str, CopyMatch] = {}
    for part in results:
        for m in part:
            if m.reference not in combined or m.score > combined[m.reference].score:
                combined[m.reference] = m
    ordered = sorted(combined.values(), key=lambda m: (-m.score, m.reference))
    return ordered[:limit] if limit else ordered


def match(query: VideoFingerprint, index: ReferenceIndex, *, threshold: float = THRESHOLD) -> list[CopyMatch]:
    """Every reference in `index` that `query` copies, best first (see module docstring)."""
    with threadpool_limits(limits=1, user_api="blas"):
        q = prepare(query)
        return merge(search_shard(s, q, threshold=threshold) for s in index.shards)


def match_pair(
    reference: VideoFingerprint,
    query: VideoFingerprint,
    *,
    name: str = "reference",
    threshold: float = THRESHOLD,
) -> CopyMatch | None:
    """One-to-one: does `query` copy `reference`? The CopyMatch (named `name`) or None."""
    with threadpool_limits(limits=1, user_api="blas"):
        return verify(prepare(query), reference, name, threshold=threshold)
