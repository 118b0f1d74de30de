"""Read a payload back from a suspect video: `detect(path) -> Detection`.

Blind (no original needed). Every decoded frame's whitened residual is summed per window of
`window` seconds (10 by default) and over the whole file; each sum is synchronised and decoded on
its own (`analysis`). The answer is the most significant of these findings, and the decision is
corrected for the number of findings tested, so that the false-positive bound stays
`decision.MAX_FALSE_POSITIVE` per file. Pictures with a short side over 720 px are halved first
(the pattern is coarse enough for that, and it keeps detection fast).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field

from microdrama.media.errors import MediaError
from microdrama.timespan import Span

from . import decision
from .analysis import Finding, analyse
from .pattern import DEFAULT_KEY
from .payload import format_payload, parse_payload
from .residual import ResidualSum, downscale, working_scale
from .sync import nominal_period
from .video_io import frames_in, luma_of, open_source

Progress = Callable[[float], None]
"""Called with the fraction done (0…1) as frames are read; 1.0 once at the end."""

DEFAULT_WINDOW_S = 10.0


@dataclass(frozen=True)
class WindowResult:
    """The finding of one excerpt window."""

    span: Span
    frames: int
    present: bool
    payload: str | None
    confidence: float
    log10_false_positive: float
    sync_score: float

    def as_dict(self) -> dict:
        d = asdict(self)
        d["span"] = [self.span.start, self.span.end]
        return d


@dataclass(frozen=True)
class Detection:
    """The detector's answer for one file (or one excerpt of it)."""

    present: bool  # calibrated decision: the payload below is this key's mark, FP ≤ 1e-6 per file
    payload: str | None  # 16 hex digits when present (also given when decoded but not significant)
    confidence: float  # 1 − bound on the probability that an unmarked file scores this high (0…1)
    log10_false_positive: float  # log10 of that bound, after correcting for the tests made
    correlation: float  # normalised correlation of chip readings with the decoded payload
    sync_score: float  # z-score of the sync pattern at the chosen alignment
    mirrored: bool | None
    scale: tuple[float, float] | None  # tile period found / nominal period for this picture size
    frames: int
    windows: list[WindowResult] = field(default_factory=list)
    seconds: float = 0.0
    raw_guess: str | None = None  # most likely 64 bits even when not validated — diagnostics only,
    # never evidence: benchmarks use it for bit accuracy
    issued: bool | None = None  # with a registry: whether the decoded payload is one of the issued

    @property
    def payload_int(self) -> int | None:
        return int(self.payload, 16) if self.payload else None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["windows"] = [w.as_dict() for w in self.windows]
        return d


def _confidence(log10_fp: float) -> float:
    return float(1.0 - min(1.0, 10.0**log10_fp)) if log10_fp > -300 else 1.0


def detect(
    path: str | os.PathLike,
    *,
    key: str | bytes = DEFAULT_KEY,
    span: Span | None = None,
    window: float = DEFAULT_WINDOW_S,
    issued: Collection[int | str] | None = None,
    progress: Progress | None = None,
) -> Detection:
    """Look for this key's watermark in `path` (or in `span` of it) and read its payload.

    Blind by default. `issued`, when given, is the set of payloads actually handed out (ints or hex
    strings; any container with `len` and `in` over ints will do, e.g. a view on the registry):
    a decoded payload found there is judged against that many candidates instead of 2⁶⁴, which
    keeps the same false-positive guarantee at a much weaker mark.
    """
    if window <= 0:
        raise ValueError("检测窗口长度必须大于 0 秒")
    registry = _registry(issued)
    started = time.perf_counter()
    source = open_source(path)
    try:
        sums, spans, frames, factor = _accumulate(source, span, window, progress)
    finally:
        source.container.close()
    if frames == 0:
        raise MediaError("所选时间段内没有可解码的画面", code="no_frames")
    if progress is not None:
        progress(1.0)
    findings: list[tuple[Finding, Span | None, int]] = [
        (analyse(s.total, key, s.activity, factor), sp, s.frames) for s, sp in zip(sums, spans, strict=True)
    ]
    if len(sums) > 1:
        whole = sums[0]
        for s in sums[1:]:
            whole = whole.merged(s)
        findings.append((analyse(whole.total, key, whole.activity, factor), None, whole.frames))
    tests = math.log10(len(findings))
    scored = [(_bound(f, registry), f, sp, n) for f, sp, n in findings]
    windows = [
        WindowResult(
            span=sp,
            frames=n,
            present=decision.is_present(bound + tests),
            payload=format_payload(f.payload) if f.payload is not None else None,
            confidence=round(_confidence(min(0.0, bound + tests)), 9),
            log10_false_positive=round(min(0.0, bound + tests), 2),
            sync_score=round(f.alignment.sync_score, 2) if f.alignment else 0.0,
        )
        for bound, f, sp, n in scored
        if sp is not None
    ]
    bound, best, _, _ = min(scored, key=lambda t: (t[1].payload is None, t[0]))
    lfp = min(0.0, bound + tests)
    height, width = (n * factor for n in sums[0].total.shape)
    al = best.alignment
    scale = None
    if al is not None:
        nominal = nominal_period(width, height) / factor
        scale = (round(float(al.period_x / nominal), 4), round(float(al.period_y / nominal), 4))
    return Detection(
        present=decision.is_present(lfp),
        payload=format_payload(best.payload) if best.payload is not None else None,
        confidence=round(_confidence(lfp), 9),
        log10_false_positive=round(lfp, 2),
        correlation=round(best.reading.correlation, 4) if best.reading else 0.0,
        sync_score=round(al.sync_score, 2) if al else 0.0,
        mirrored=al.mirrored if al else None,
        scale=scale,
        frames=frames,
        windows=windows,
        seconds=round(time.perf_counter() - started, 2),
        raw_guess=format_payload(best.reading.best_guess) if best.reading else None,
        issued=None if registry is None or best.payload is None else best.payload in registry,
    )


def _registry(issued: Collection[int | str] | None) -> Collection[int] | None:
    if issued is None:
        return None
    if isinstance(issued, set | frozenset | list | tuple | dict):
        return {parse_payload(p) for p in issued}
    return issued  # a large registry view: must answer `in` for ints


def _bound(finding: Finding, registry: Collection[int] | None) -> float:
    """log10 false-positive bound of one finding, using the registry when the payload is in it."""
    reading = finding.reading
    if reading is None or reading.payload is None:
        return 0.0
    bound = reading.log10_false_positive
    if registry is not None and reading.payload in registry:
        bound = min(bound, decision.log10_bound(reading.log10_tail, len(registry)))
    return min(0.0, bound + math.log10(finding.tests))


def _accumulate(source, span: Span | None, window: float, progress: Progress | None):
    info = source.info
    expected = None
    if info.fps and info.duration:
        length = info.duration if span is None else max(0.0, min(span.end, info.duration) - span.start)
        expected = max(1, round(length * info.fps))
    sums: list[ResidualSum] = []
    spans: list[Span] = []
    current = ResidualSum()
    start_t = end_t = None
    step = 1.0 / (info.fps or 25.0)  # a window ends where its last frame stops being shown
    frames = 0
    factor = None
    for frame in frames_in(source, span):
        y = luma_of(frame, source.rotation)
        if factor is None:
            factor = working_scale(y.shape[1], y.shape[0])
        plane = downscale(y, factor)
        t = frame.time if frame.time is not None else frames / (info.fps or 25.0)
        if start_t is None:
            start_t = t
        elif t - start_t >= window and current.frames:
            sums.append(current)
            spans.append(Span(start_t, max(start_t, end_t) + step))
            current, start_t = ResidualSum(), t
        try:
            current.add(plane)
        except ValueError:
            continue  # a frame of another size (a resolution switch mid-stream) is skipped
        end_t = t
        frames += 1
        if progress is not None and expected:
            progress(min(0.99, frames / expected))
    if current.frames:
        # A short tail joins the previous window rather than standing alone.
        if sums and end_t - start_t < window / 2:
            sums[-1] = sums[-1].merged(current)
            spans[-1] = Span(spans[-1].start, end_t + step)
        else:
            sums.append(current)
            spans.append(Span(start_t, end_t + step))
    return sums, spans, frames, factor or 1
