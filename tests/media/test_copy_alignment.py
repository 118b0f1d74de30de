"""Temporal alignment: planted copies are found with their offset and speed; results are monotone."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.media.align import align


def _noise(rng, nq, nr):
    llr = np.full((nq, nr), -1.0)
    lucky = rng.random((nq, nr)) < 0.05  # scattered lucky frames must not make a segment
    llr[lucky] = rng.uniform(0, 3, lucky.sum())
    return llr


def _plant(llr, q_times, r_times, speed, offset, i0, i1, value=2.5):
    step = r_times[1] - r_times[0]
    for i in range(i0, i1 + 1):
        j = round((offset + speed * q_times[i] - r_times[0]) / step)
        if 0 <= j < llr.shape[1]:
            llr[i, j] = value


@settings(max_examples=40, deadline=None)
@given(
    speed=st.floats(0.8, 1.5),
    offset=st.floats(0.0, 30.0),
    length=st.integers(20, 50),
    seed=st.integers(0, 10_000),
)
def test_a_planted_copy_is_recovered_with_its_speed_and_offset(speed, offset, length, seed):
    rng = np.random.default_rng(seed)
    nq, nr = 70, 160
    q_times, r_times = np.arange(nq) * 0.5, np.arange(nr) * 0.5
    llr = _noise(rng, nq, nr)
    i0 = int(rng.integers(0, nq - length))
    i1 = i0 + length - 1
    _plant(llr, q_times, r_times, speed, offset, i0, i1)
    found = align(llr, q_times, r_times)
    assert found, "planted copy not found"
    best = found[0]
    # What a user is promised: the copied stretch of the reference to ±1 s at both ends. On a short
    # line normal speed is kept when it fits nearly as well (still pictures fit many slopes), so the
    # speed itself is only as exact as one 0.5-s sample at each end allows, plus that one.
    for i in (i0, (i0 + i1) // 2, i1):
        assert abs(best.ref_time(q_times[i]) - (offset + speed * q_times[i])) < 1.0
    assert abs(best.speed - speed) < max(0.05, 1.5 / (length * 0.5))
    covered = min(best.i1, i1) - max(best.i0, i0) + 1
    assert covered >= 0.8 * length


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), speed=st.floats(0.7, 1.6))
def test_aligned_pairs_move_forward_in_both_videos(seed, speed):
    rng = np.random.default_rng(seed)
    q_times, r_times = np.arange(60) * 0.5, np.arange(120) * 0.5
    llr = _noise(rng, 60, 120)
    _plant(llr, q_times, r_times, speed, 5.0, 5, 45)
    for seg in align(llr, q_times, r_times):
        assert seg.speed > 0 and seg.i0 <= seg.i1
        qs = [i for i, _, _ in seg.pairs]
        rs = [j for _, j, _ in seg.pairs]
        assert qs == sorted(qs)
        assert rs == sorted(rs)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_scattered_lucky_frames_make_no_strong_segment(seed):
    rng = np.random.default_rng(seed)
    q_times, r_times = np.arange(60) * 0.5, np.arange(200) * 0.5
    found = align(_noise(rng, 60, 200), q_times, r_times)
    assert all(seg.score < 15 for seg in found)  # a planted 20-sample copy scores ~50


def test_two_copied_stretches_on_different_lines_are_both_reported():
    rng = np.random.default_rng(1)
    q_times, r_times = np.arange(80) * 0.5, np.arange(200) * 0.5
    llr = _noise(rng, 80, 200)
    _plant(llr, q_times, r_times, 1.0, 60.0, 0, 30)
    _plant(llr, q_times, r_times, 1.0, 5.0, 45, 79)
    found = align(llr, q_times, r_times)
    offsets = sorted(round(s.offset) for s in found if s.score > 20)
    assert offsets == [5, 60]


def test_a_copy_of_a_still_stretch_the_reference_shows_several_times_is_placed_right():
    # the benchmark's "crop 10 %" miss, as measured: a 12-s copy of a street that stays empty for
    # most of it, pinned only by a car passing near its end; the empty street fills three stretches
    # of the reference, and clipped evidence ties each still suspect sample with all of them
    rng = np.random.default_rng(3)
    q_times, r_times = np.arange(24) * 0.5, np.arange(170) * 0.5
    llr = _noise(rng, 24, 170)
    offset = 35.5
    for lo, hi in ((57, 66), (74, 86), (95, 106)):  # 28.5–32.5 s, 37–42.5 s, 47.5–52.5 s
        llr[3:15, lo:hi] = 3.0
    _plant(llr, q_times, r_times, 1.0, offset, 15, 20, value=2.5)  # the passing car
    found = align(llr, q_times, r_times)
    assert found, "copy not found"
    best = found[0]
    assert abs(best.speed - 1.0) < 0.03
    assert abs(best.ref_time(q_times[10]) - (offset + q_times[10])) < 1.0
    assert best.i0 <= 3 and best.i1 >= 20
