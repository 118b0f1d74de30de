"""Dense verification of one candidate reference against the prepared suspect (step 3 of `match`).

Log-likelihood-ratio matrix between all suspect and all reference samples for the best variants,
temporal alignment with speed estimation (align.py). Then the crop / region is refined continuously
(coordinate descent on the region corners over the aligned pairs) — this is what turns an arbitrary
crop or an approximate PiP box into an exact match — and the alignment is repeated. Audio codes along
the found line add evidence (recomputed for the found speed, with and without pitch change); audio
alone can find a segment too (speed ≈ 1), e.g. for a black-screen audio rip. Segments are scored
with the chance model of `scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..timespan import Span
from . import audio as audio_fp
from .align import Aligned, align
from .descriptors import dct
from .fingerprint import VideoFingerprint
from .regions import FULL, Rect
from .results import CopyMatch, Evidence, Segment
from .scoring import (
    THRESHOLD,
    VIDEO_LLR_MIN,
    audio_llr,
    calibrated_score,
    hamming,
    p_value,
    pm,
    video_matrix,
)
from .variants import PreparedQuery, Variant

_MIN_SEGMENT = 3.0
_CONFIDENT = 25.0  # evidence beyond which the best variant is not second-guessed
_REFINE_GAIN = 1.03  # a refined region must add evidence, not just re-fit saturated cells


def _refine_region(
    pictures: np.ndarray, variant: Variant, pairs: list[tuple[int, int, float]], r_pm: np.ndarray
) -> Rect:
    """Move the region's corners to minimise the Hamming distance over the aligned pairs."""
    best_pairs = sorted(pairs, key=lambda p: -p[2])[:24]
    qi = np.array([p[0] for p in best_pairs])
    rj = np.array([p[1] for p in best_pairs])
    pics = pictures[qi]
    target = r_pm[rj]

    def cost(r: Rect) -> float:
        if r.width <= 0.05 or r.height <= 0.05:
            return 1e9
        c = dct.codes_from_coefficients(dct.coefficients(pics, r), flip=variant.flip)
        return float(((256 - (pm(c) * target).sum(axis=1)) / 2).mean())

    rect = variant.region
    best = cost(rect)
    for step in (0.04, 0.02, 0.01, 0.005):
        improved = True
        rounds = 0
        while improved and rounds < 6:
            improved = False
            rounds += 1
            for k in range(4):
                for sign in (-1, 1):
                    vals = list(rect.as_tuple())
                    vals[k] += sign * step * (rect.width if k % 2 == 0 else rect.height)
                    cand = Rect(*vals)
                    c = cost(cand)
                    if c < best - 1e-9:
                        best, rect, improved = c, cand, True
    return rect


@dataclass
class _Found:
    seg: Aligned
    video: float
    audio: float
    modality: str
    variant: Variant
    h_pairs: list[tuple[int, int, float]]
    codes: np.ndarray | None  # the suspect codes the pairs were scored with


def _audio_along(q: PreparedQuery, ref: VideoFingerprint, seg: Aligned, q_t0: float, q_t1: float) -> float:
    """Audio evidence along the segment's line (best of the speed hypotheses)."""
    if not ref.has_audio or not q.fp.has_audio:
        return 0.0
    r_idx = np.arange(0, len(ref.audio_codes), 4)  # 0.5-s grid
    r_idx = r_idx[ref.audio_valid[r_idx]]
    r_t = r_idx * audio_fp.HOP
    lo, hi = seg.ref_time(q_t0), seg.ref_time(q_t1)
    r_idx, r_t = r_idx[(r_t >= lo) & (r_t <= hi)], r_t[(r_t >= lo) & (r_t <= hi)]
    if len(r_idx) == 0:
        return 0.0
    q_t = (r_t - seg.offset) / seg.speed
    best = 0.0
    hypotheses = [(1.0, False)] if abs(seg.speed - 1) < 0.03 else [(seg.speed, False), (seg.speed, True)]
    for speed, pitch in hypotheses:
        codes, valid = q.audio_codes_at(speed, pitch)
        qi = np.round(q_t / audio_fp.HOP).astype(np.int64)
        ok = (qi >= 0) & (qi < len(codes))
        qi = qi[ok]
        if len(qi) == 0:
            continue
        ok2 = valid[qi]
        h = np.count_nonzero(np.unpackbits(codes[qi] ^ ref.audio_codes[r_idx[ok]], axis=1), axis=1)
        total = float(np.where(ok2, audio_llr(h), 0.0).sum())
        best = max(best, total)
    return best


def _audio_only(q: PreparedQuery, ref: VideoFingerprint) -> list[Aligned]:
    """Segments found by audio alone (speed ≈ 1), as lines over the suspect's video samples.

    Aligned from the reference's side (one row per 0.5-s reference code, each compared with the
    suspect's 0.125-s codes) so that every row has a suspect code within 1/16 s of it.
    """
    if not ref.has_audio or not q.fp.has_audio:
        return []
    r_idx = np.arange(0, len(ref.audio_codes), 4)
    q_codes, q_valid = q.fp.audio_codes, q.fp.audio_valid
    llr = audio_llr(hamming(ref.audio_codes[r_idx], q_codes))
    llr[:, ~q_valid] = 0.0
    llr[~ref.audio_valid[r_idx], :] = 0.0
    q_t = np.arange(len(q_codes)) * audio_fp.HOP
    r_t = r_idx * audio_fp.HOP
    out = []
    for s in align(llr, r_t, q_t, min_score=_MIN_SEGMENT, speeds=np.array([0.98, 1.0, 1.02])):
        # s maps reference time to suspect time: q = off + s·r  ⇒  r = (q − off)/s
        speed, offset = 1.0 / s.speed, -s.offset / s.speed
        q0 = s.offset + s.speed * r_t[s.i0]
        q1 = s.offset + s.speed * r_t[s.i1]
        i0 = max(0, round(q0 / q.fp.interval))
        i1 = max(i0, min(len(q.fp.codes) - 1, round(q1 / q.fp.interval)))
        out.append(Aligned(i0, i1, speed, offset, s.score, ()))
    return out


def verify(
    q: PreparedQuery,
    ref: VideoFingerprint,
    reference: str,
    *,
    common: np.ndarray | None = None,
    threshold: float = THRESHOLD,
) -> CopyMatch | None:
    """Dense comparison of a prepared suspect with one reference fingerprint (step 3 and 4)."""
    r_pm = pm(ref.codes)
    r_ok = ref.usable
    q_times, r_times = q.fp.times, ref.times
    found: list[_Found] = []
    if q.usable.any() and r_ok.any():
        # pick the variants whose best rows carry the most evidence
        quick = []
        mats = []
        for codes in q.codes:
            llr = video_matrix(codes, q.usable, r_pm, r_ok, common)
            quick.append(float(np.clip(llr.max(axis=1), 0, None).sum()))
            mats.append(llr)
        order = np.argsort(quick)[::-1][:3]
        tried = []
        for v in order:
            segs = align(mats[v], q_times, r_times, min_score=_MIN_SEGMENT)
            tried.append((sum(s.score for s in segs), q.variants[v], segs, mats[v], q.codes[v]))
        del mats
        tried.sort(key=lambda t: -t[0])
        best_total, variant, segs, llr, best_codes = tried[0]
        if q.fp.media is not None:
            # refine the region of the best variant — or, unless it is already convincing, of each of the
            # top three, on each row's best cell: an off-grid crop often needs only the region to be right
            for total, var, var_segs, var_llr, _ in tried if best_total < _CONFIDENT else tried[:1]:
                pairs = [p for s in var_segs for p in s.pairs if p[2] > 0]
                if len(pairs) < 3:
                    rows = np.flatnonzero(q.usable)
                    js = var_llr[rows].argmax(axis=1)
                    pairs = [
                        (int(i), int(j), float(var_llr[i, j]))
                        for i, j in zip(rows, js, strict=True)
                        if var_llr[i, j] > VIDEO_LLR_MIN
                    ]
                if len(pairs) < 3:
                    continue
                region = _refine_region(q.fp.media.pictures, var, pairs, r_pm)
                codes = dct.codes_from_coefficients(
                    dct.coefficients(q.fp.media.pictures, region), flip=var.flip
                )
                llr2 = video_matrix(codes, q.usable, r_pm, r_ok, common)
                segs2 = align(llr2, q_times, r_times, min_score=_MIN_SEGMENT)
                if sum(s.score for s in segs2) > max(best_total, total) * _REFINE_GAIN:
                    best_total = sum(s.score for s in segs2)
                    variant = Variant(region, var.flip, (var.label + " (refined)").strip())
                    segs, llr, best_codes = segs2, llr2, codes
        if segs:
            for s in segs:
                t0, t1 = q_times[s.i0], q_times[s.i1] + q.fp.interval
                a = _audio_along(q, ref, s, t0, t1)
                found.append(
                    _Found(
                        s,
                        s.score,
                        a,
                        "video+audio" if a > 1.0 else "video",
                        variant,
                        list(s.pairs),
                        best_codes,
                    )
                )
    # audio alone (silent / black-screen rips, or where the picture is beyond recognition)
    for s in _audio_only(q, ref):
        found.append(_Found(s, 0.0, s.score, "audio", Variant(FULL, False, "audio"), [], None))
    if not found:
        return None
    m = max(1, int(q.usable.sum()))
    n = max(1, int(r_ok.sum()))
    segments = []
    for f in found:
        total = f.video + f.audio
        p = p_value(total, m, n)
        score = calibrated_score(p)
        if score < threshold:
            continue
        s = f.seg
        q0, q1 = float(q_times[s.i0]), float(q_times[s.i1] + q.fp.interval)
        q1 = min(q1, q.fp.duration) if q.fp.duration > q0 else q1
        r0 = float(min(max(0.0, s.ref_time(q0)), ref.duration))
        r1 = float(min(max(r0, s.ref_time(q1)), ref.duration))
        segments.append(
            Segment(
                query=Span(q0, max(q0, q1)),
                ref=Span(r0, r1),
                speed=float(s.speed),
                score=score,
                p_value=p,
                modality=f.modality,
                evidence=_evidence(f.h_pairs, f.codes, ref.codes, q_times, r_times),
            )
        )
    segments = _merge_segments(segments)
    if not segments:
        return None
    segments.sort(key=lambda s: (-s.score, s.query.start))
    video_found = [f for f in found if f.modality != "audio"]
    variant = video_found[0].variant if video_found else Variant(FULL, False, "audio")
    return CopyMatch(
        reference=reference,
        segments=tuple(segments),
        mirrored=variant.flip,
        region=variant.region,
        transform=variant.label,
    )


def _merge_segments(segments: list[Segment]) -> list[Segment]:
    """Join segments that overlap on the suspect's timeline and lie on the same line."""
    out: list[Segment] = []
    for seg in sorted(segments, key=lambda s: (-s.score, s.query.start)):
        for k, kept in enumerate(out):
            same_line = (
                abs(
                    (seg.ref.start - seg.speed * seg.query.start)
                    - (kept.ref.start - kept.speed * kept.query.start)
                )
                < 1.5
            )
            if seg.query.overlap(kept.query) > 0 and same_line:
                modality = kept.modality if kept.modality == seg.modality else "video+audio"
                out[k] = Segment(
                    query=Span(min(seg.query.start, kept.query.start), max(seg.query.end, kept.query.end)),
                    ref=Span(min(seg.ref.start, kept.ref.start), max(seg.ref.end, kept.ref.end)),
                    speed=kept.speed if kept.modality != "audio" else seg.speed,
                    score=kept.score,
                    p_value=kept.p_value,
                    modality=modality,
                    evidence=kept.evidence or seg.evidence,
                )
                break
            if seg.query.overlap(kept.query) > 0.5 * seg.query.duration:
                break  # the same suspect stretch already explained better by another line
        else:
            out.append(seg)
    return out


def _evidence(
    pairs: list[tuple[int, int, float]],
    q_codes: np.ndarray | None,
    r_codes: np.ndarray,
    q_times: np.ndarray,
    r_times: np.ndarray,
    count: int = 5,
) -> tuple[Evidence, ...]:
    """The best pair in each of `count` equal parts of the segment, with its code similarity."""
    if not pairs or q_codes is None:
        return ()
    out = []
    for chunk in np.array_split(np.arange(len(pairs)), min(count, len(pairs))):
        i, j, v = max((pairs[k] for k in chunk), key=lambda p: p[2])
        if v <= 0:
            continue
        h = int(np.unpackbits(q_codes[i] ^ r_codes[j]).sum())
        out.append(Evidence(float(q_times[i]), float(r_times[j]), 1 - 2 * h / 256))
    return tuple(out)
