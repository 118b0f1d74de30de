"""Stretches of time from per-sample flags: the one place the QC turns "this sample is black /
still / quiet" into `Span`s, so picture and sound agree on how runs are joined and trimmed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from microdrama.timespan import Span


def flagged_spans(starts: Sequence[float], ends: Sequence[float], flags: Sequence[bool]) -> list[Span]:
    """Join the intervals [starts[i], ends[i]) of consecutive flagged samples into spans.

    Intervals of neighbouring flagged samples may touch or overlap; a sample that is not flagged
    ends the run.
    """
    starts = np.asarray(starts, dtype=float)
    ends = np.asarray(ends, dtype=float)
    flags = np.asarray(flags, dtype=bool)
    if not (len(starts) == len(ends) == len(flags)):
        raise ValueError("starts, ends and flags must have the same length")
    spans: list[Span] = []
    run_start: float | None = None
    run_end = 0.0
    for start, end, flag in zip(starts, ends, flags, strict=True):
        if flag:
            if run_start is None:
                run_start, run_end = float(start), float(end)
            else:
                run_end = max(run_end, float(end))
        elif run_start is not None:
            spans.append(Span(run_start, max(run_start, run_end)))
            run_start = None
    if run_start is not None:
        spans.append(Span(run_start, max(run_start, run_end)))
    # microseconds are far below any frame or audio block; rounding keeps stored reports tidy
    return [Span(round(s.start, 6), round(s.end, 6)) for s in spans]


def at_least(spans: Sequence[Span], seconds: float) -> list[Span]:
    # a hair of slack so that a 3.0 s stretch sampled at 0.2 s steps still counts as 3 s
    return [s for s in spans if s.duration >= seconds - 1e-6]
