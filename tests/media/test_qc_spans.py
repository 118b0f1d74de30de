"""Runs of flagged samples become spans the same way for picture and sound."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from microdrama.media.qc_spans import at_least, flagged_spans
from microdrama.timespan import Span


def test_consecutive_flagged_samples_join_into_one_span():
    starts = [0.0, 0.2, 0.4, 0.6, 0.8]
    ends = [0.2, 0.4, 0.6, 0.8, 1.0]
    assert flagged_spans(starts, ends, [False, True, True, False, True]) == [Span(0.2, 0.6), Span(0.8, 1.0)]


def test_nothing_flagged_gives_no_spans():
    assert flagged_spans([0.0, 1.0], [1.0, 2.0], [False, False]) == []


def test_short_spans_are_dropped_but_exact_minimums_stay():
    spans = [Span(0.0, 2.9), Span(3.0, 6.0), Span(7.0, 12.0)]
    assert at_least(spans, 3.0) == [Span(3.0, 6.0), Span(7.0, 12.0)]


@given(st.lists(st.booleans(), max_size=60), st.floats(min_value=0.05, max_value=2.0))
def test_spans_are_ordered_disjoint_and_cover_exactly_the_flagged_samples(flags, step):
    starts = [i * step for i in range(len(flags))]
    ends = [s + step for s in starts]
    spans = flagged_spans(starts, ends, flags)
    for a, b in itertools.pairwise(spans):
        assert a.end < b.start
    covered = sum(s.duration for s in spans)
    assert abs(covered - step * sum(flags)) < 1e-6 * max(1, len(flags))
    for start, flag in zip(starts, flags, strict=True):
        inside = any(s.contains(start + step / 2) for s in spans)
        assert inside == flag
