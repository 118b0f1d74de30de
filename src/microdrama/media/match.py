"""Match a suspect video against references: which episodes it copies, where, how fast, how sure.

    from microdrama.media.match import match, match_pair
    for m in match(suspect_fp, index):            # -> list[CopyMatch], best first
        for seg in m.segments: seg.query, seg.ref, seg.speed, seg.score, seg.evidence

How (VSC22-style: frame descriptors + search + alignment, scaled to one CPU core):

1. **Suspect variants** (`prepare`). References are described by the central 60 % of their content
   rectangle. On the suspect side the same region is looked for under every edit we know of: in
   each candidate rectangle (the frame inside solid bars, inside a blurred / static surround, each
   embedded picture-in-picture rectangle, the full frame), for a grid of crops (none; centred
   10 % and 20 %; 15 % from one side, in either axis), mirrored and not. Codes of any region are
   exact and cheap (descriptors/dct.py), so this is 20–40 codes per suspect sample.
2. **Search** every shard's FAISS index with all variant codes (k nearest). A suspect sample whose
   near neighbours come from many different references (studio logos, intro cards, black or title
   frames that slipped through) is *common*: its evidence is capped. References that collect
   enough evidence over several suspect samples become candidates; audio codes vote too.
3. **Verify** each candidate densely: log-likelihood-ratio matrix between all suspect and all
   reference samples for the best variants, temporal alignment with speed estimation (align.py).
   Then the crop / region is **refined** continuously (coordinate descent on the region corners
   over the aligned pairs) — this is what turns an arbitrary crop or an approximate PiP box into
   an exact match — and the alignment is repeated. Audio codes along the found line add evidence
   (recomputed for the found speed, with and without pitch change); audio alone can find a
   segment too (speed ≈ 1), e.g. for a black-screen audio rip.
4. **Score**: the segment's summed evidence S is turned into a chance probability with the
   extreme-value law of maximal segment scores (Karlin–Altschul, as BLAST does):
   p = K · m · n · e^(−λS) for m suspect and n reference samples, and
   ``score = min(1, −log10(p) / 10)``. `THRESHOLD` = 0.5 ⇔ p = 1e-5 per (suspect, reference) pair;
   λ and K were fitted on unrelated pairs of real footage (bench/results/copy_detection.md
   reports the false-positive rate measured at this threshold).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from ..timespan import Span
from . import audio as audio_fp
from .align import Aligned, align
from .descriptors import dct
from .fingerprint import VideoFingerprint
from .index import ReferenceIndex
from .index.shard import SAMPLE_BITS, Shard
from .regions import FULL, Rect, content_rect

THRESHOLD = 0.5
# Chance model of a segment score S: p = K·m·n·exp(−λ·S) (see module docstring).
LAMBDA = 1.0
K_CHANCE = 0.1

# Evidence per sample pair (natural-log likelihood-ratio-like units, clipped).
_V_H0, _V_SCALE, _V_MIN, _V_MAX = 60.0, 8.0, -1.0, 3.0  # 256-bit frame codes
_A_H0, _A_SCALE, _A_MIN, _A_MAX = 20.0, 4.0, -0.5, 2.0  # 64-bit audio codes
_COMMON_DISTANCE = 40  # a neighbour this close in another reference counts towards "common"
_COMMON_REFS = 3  # ... and this many references make a suspect sample common
_COMMON_CAP = 0.3
_SEARCH_K = 10
_MAX_CANDIDATES = 12
_MIN_SEGMENT = 3.0
_STRETCH = 24  # samples (12 s) per stretch in which bars are looked for separately
_CONFIDENT = 25.0  # evidence beyond which the best variant is not second-guessed
_REFINE_GAIN = 1.03  # a refined region must add evidence, not just re-fit saturated cells


def video_llr(h: np.ndarray) -> np.ndarray:
    return np.clip((_V_H0 - h) / _V_SCALE, _V_MIN, _V_MAX)


def audio_llr(h: np.ndarray) -> np.ndarray:
    return np.clip((_A_H0 - h) / _A_SCALE, _A_MIN, _A_MAX)


def p_value(total: float, m: int, n: int) -> float:
    return float(min(1.0, K_CHANCE * max(m, 1) * max(n, 1) * math.exp(-LAMBDA * total)))


def calibrated_score(p: float) -> float:
    return float(min(1.0, max(0.0, -math.log10(max(p, 1e-300)) / 10)))


# --- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Evidence:
    """A pair of moments to show side by side: suspect time, reference time, similarity (−1..1)."""

    query_time: float
    ref_time: float
    similarity: float


@dataclass(frozen=True)
class Segment:
    query: Span
    ref: Span
    speed: float  # playback factor of the copy: 1.25 = the copy runs 25 % faster
    score: float  # calibrated 0..1, see THRESHOLD
    p_value: float
    modality: str  # "video", "audio" or "video+audio"
    evidence: tuple[Evidence, ...] = ()

    @property
    def query_start(self) -> float:
        return self.query.start

    @property
    def query_end(self) -> float:
        return self.query.end

    @property
    def ref_start(self) -> float:
        return self.ref.start

    @property
    def ref_end(self) -> float:
        return self.ref.end

    def as_dict(self) -> dict:
        return {
            "query_start": round(self.query.start, 2),
            "query_end": round(self.query.end, 2),
            "ref_start": round(self.ref.start, 2),
            "ref_end": round(self.ref.end, 2),
            "speed": round(self.speed, 3),
            "score": round(self.score, 4),
            "p_value": self.p_value,
            "modality": self.modality,
            "evidence": [
                {
                    "query_time": round(e.query_time, 2),
                    "ref_time": round(e.ref_time, 2),
                    "similarity": round(e.similarity, 3),
                }
                for e in self.evidence
            ],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Segment:
        return cls(
            query=Span(d["query_start"], d["query_end"]),
            ref=Span(d["ref_start"], d["ref_end"]),
            speed=d["speed"],
            score=d["score"],
            p_value=d["p_value"],
            modality=d["modality"],
            evidence=tuple(Evidence(**e) for e in d.get("evidence", ())),
        )


@dataclass(frozen=True)
class CopyMatch:
    """One reference copied by the suspect: every copied segment, best first."""

    reference: str
    segments: tuple[Segment, ...]
    mirrored: bool = False
    region: Rect = FULL  # where in the suspect's frame the reference's picture was found
    transform: str = ""  # human-readable: which variant matched ("mirrored, crop 10 %", …)

    @property
    def score(self) -> float:
        return max((s.score for s in self.segments), default=0.0)

    @property
    def speed(self) -> float:
        return self.segments[0].speed if self.segments else 1.0

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for s in self.segments for e in s.evidence)

    def rows(self) -> list[dict]:
        """One flat dict per segment (the CLI's --json objects)."""
        return [
            {"reference": self.reference, **{k: v for k, v in s.as_dict().items() if k != "evidence"}}
            for s in self.segments
        ]

    def as_dict(self) -> dict:
        return {
            "reference": self.reference,
            "score": round(self.score, 4),
            "mirrored": self.mirrored,
            "region": [round(v, 4) for v in self.region.as_tuple()],
            "transform": self.transform,
            "segments": [s.as_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, d: dict) -> CopyMatch:
        return cls(
            reference=d["reference"],
            segments=tuple(Segment.from_dict(s) for s in d["segments"]),
            mirrored=d.get("mirrored", False),
            region=Rect(*d.get("region", FULL.as_tuple())),
            transform=d.get("transform", ""),
        )


# --- suspect side -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    region: Rect  # where the reference's described region would be in the suspect picture
    flip: bool
    label: str
    search: bool = True  # used for index search (all variants are used for verification)


# Crop hypotheses (fx, ox, fy, oy): the suspect shows the reference's content window
# [ox, ox+fx] × [oy, oy+fy] (relative to the reference's content rectangle).
_CROPS: list[tuple[str, tuple[float, float, float, float]]] = [
    ("", (1.0, 0.0, 1.0, 0.0)),
    ("crop 10 %", (0.9, 0.05, 0.9, 0.05)),
    ("crop 20 %", (0.8, 0.1, 0.8, 0.1)),
    ("crop 15 % bottom", (1.0, 0.0, 0.85, 0.0)),
    ("crop 15 % top", (1.0, 0.0, 0.85, 0.15)),
    ("crop 20 % bottom", (1.0, 0.0, 0.8, 0.0)),
    ("crop 20 % top", (1.0, 0.0, 0.8, 0.2)),
    ("crop 15 % right", (0.85, 0.0, 1.0, 0.0)),
    ("crop 15 % left", (0.85, 0.15, 1.0, 0.0)),
    ("crop 15 % vertical", (1.0, 0.0, 0.85, 0.075)),
    ("crop 15 % horizontal", (0.85, 0.075, 1.0, 0.0)),
]


def _crop_region(rect: Rect, fx: float, ox: float, fy: float, oy: float) -> Rect:
    a, b = 0.5 - dct.CENTRAL / 2, 0.5 + dct.CENTRAL / 2
    return rect.sub(Rect((a - ox) / fx, (a - oy) / fy, (b - ox) / fx, (b - oy) / fy))


@dataclass
class PreparedQuery:
    fp: VideoFingerprint
    variants: list[Variant]
    codes: list[np.ndarray]  # per variant: (n, 32)
    usable: np.ndarray
    _audio_cache: dict = field(default_factory=dict)

    @property
    def times(self) -> np.ndarray:
        return self.fp.times

    def audio_codes_at(self, speed: float, pitch: bool) -> tuple[np.ndarray, np.ndarray]:
        """Suspect audio codes as the reference would sound under this speed hypothesis."""
        if abs(speed - 1.0) < 0.03 or self.fp.media is None or self.fp.media.audio is None:
            return self.fp.audio_codes, self.fp.audio_valid
        key = (round(speed, 3), pitch)
        if key not in self._audio_cache:
            m = self.fp.media
            self._audio_cache[key] = audio_fp.audio_codes(
                m.audio, m.audio_rate, speed=speed, pitch=pitch, duration=self.fp.duration
            )
        return self._audio_cache[key]


def prepare(fp: VideoFingerprint) -> PreparedQuery:
    """The suspect's variant codes (see module docstring, step 1)."""
    if fp.media is None:
        # a fingerprint restored without its pictures: only the region it was made with
        region = fp.content.central(dct.CENTRAL)
        return PreparedQuery(fp, [Variant(region, False, "")], [fp.codes], fp.usable)
    pictures = fp.media.pictures
    rects: list[tuple[Rect, bool, str]] = [(fp.content, True, "")]
    valid = fp.quality > 0
    surround = [(content_rect(pictures, valid, surround=True), "surround")]
    # compilations change framing from piece to piece: look for bars and surroundings in stretches too
    for start in range(0, max(0, len(pictures) - _STRETCH // 2), _STRETCH // 2):
        part = slice(start, start + _STRETCH)
        surround.append((content_rect(pictures[part], valid[part]), "bars in part"))
        surround.append((content_rect(pictures[part], valid[part], surround=True), "surround in part"))
    for rect, label in [*surround, *[(r, "picture-in-picture") for r in fp.embedded], (FULL, "")]:
        if all(rect.iou(r) < 0.92 for r, _, _ in rects):
            rects.append((rect, False, label))
    variants: list[Variant] = []
    codes: list[np.ndarray] = []
    for rect, primary, label in rects:
        crops = _CROPS if primary else _CROPS[:2]
        for crop_label, crop in crops:
            region = _crop_region(rect, *crop)
            coef = dct.coefficients(pictures, region)
            for flip in (False, True):
                text = ", ".join(t for t in (label, "mirrored" if flip else "", crop_label) if t)
                variants.append(Variant(region, flip, text))
                codes.append(dct.codes_from_coefficients(coef, flip=flip))
    return PreparedQuery(fp, variants, codes, fp.usable)


# --- evidence matrices --------------------------------------------------------------------------
def _pm(codes: np.ndarray) -> np.ndarray:
    return np.unpackbits(codes, axis=1).astype(np.float32) * 2 - 1


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All-pairs Hamming distances between packed codes a (m, B) and b (n, B)."""
    bits = a.shape[1] * 8
    return (bits - _pm(a) @ _pm(b).T) / 2


def _video_matrix(
    q_codes: np.ndarray, q_ok: np.ndarray, r_pm: np.ndarray, r_ok: np.ndarray, common
) -> np.ndarray:
    h = (256 - _pm(q_codes) @ r_pm.T) / 2
    llr = video_llr(h)
    llr[~q_ok, :] = 0.0
    llr[:, ~r_ok] = 0.0
    if common is not None and common.any():
        llr[common, :] = np.minimum(llr[common, :], _COMMON_CAP)
    return llr


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
        return float(((256 - (_pm(c) * target).sum(axis=1)) / 2).mean())

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
    r_pm = _pm(ref.codes)
    r_ok = ref.usable
    q_times, r_times = q.fp.times, ref.times
    found: list[_Found] = []
    if q.usable.any() and r_ok.any():
        # pick the variants whose best rows carry the most evidence
        quick = []
        mats = []
        for codes in q.codes:
            llr = _video_matrix(codes, q.usable, r_pm, r_ok, common)
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
                        if var_llr[i, j] > _V_MIN
                    ]
                if len(pairs) < 3:
                    continue
                region = _refine_region(q.fp.media.pictures, var, pairs, r_pm)
                codes = dct.codes_from_coefficients(
                    dct.coefficients(q.fp.media.pictures, region), flip=var.flip
                )
                llr2 = _video_matrix(codes, q.usable, r_pm, r_ok, common)
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
    e = np.where(common[i], np.minimum(e, _COMMON_CAP), e)
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
