"""The streaming BS.1770 meter against the theory (EBU Tech 3341 / 3342 test signals) and against
pyloudnorm's whole-signal reference implementation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pyloudnorm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.media.loudness import LoudnessMeter

RATE = 48_000


def sine(seconds: float, dbfs: float, hz: float = 997.0, phase: float = 0.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return 10 ** (dbfs / 20) * np.sin(2 * np.pi * hz * t + phase)


def measure(samples: np.ndarray, chunk: int = 4096) -> LoudnessMeter:
    samples = np.atleast_2d(samples)
    meter = LoudnessMeter(RATE, samples.shape[0])
    for start in range(0, samples.shape[1], chunk):
        meter.add(samples[:, start : start + chunk])
    return meter


def test_a_stereo_sine_at_minus_23_dbfs_reads_minus_23_lufs():
    tone = sine(10, -23.0)
    result = measure(np.stack([tone, tone])).result()
    assert result.integrated_lufs == pytest.approx(-23.0, abs=0.05)


def test_a_mono_sine_reads_3_db_below_the_same_sine_in_stereo():
    result = measure(sine(10, -20.0)).result()
    assert result.integrated_lufs == pytest.approx(-20.0 - 10 * math.log10(2), abs=0.05)


def test_integrated_loudness_matches_pyloudnorm_on_programme_like_material():
    rng = np.random.default_rng(3)
    # speech-like bursts of noise at changing levels, with pauses that the gates must drop
    parts = []
    for level in (-18, -30, -60, -24, -12, -80, -20):
        noise = rng.standard_normal((2, RATE * 2)) * 10 ** (level / 20)
        parts.append(noise)
    signal = np.concatenate(parts, axis=1)
    ours = measure(signal, chunk=3001).result().integrated_lufs
    reference = pyloudnorm.Meter(RATE).integrated_loudness(signal.T)
    assert ours == pytest.approx(reference, abs=0.015)  # ours is rounded to 0.01 LU


def test_loudness_range_of_the_tech_3342_step_signal_is_10_lu():
    # EBU Tech 3342 test 1: 20 s at -20 dBFS then 20 s at -30 dBFS -> LRA 10 ± 1 LU
    tone = np.concatenate([sine(20, -20.0), sine(20, -30.0)])
    result = measure(np.stack([tone, tone])).result()
    assert result.loudness_range_lu == pytest.approx(10.0, abs=1.0)


def test_true_peak_finds_the_peak_between_samples():
    # a quarter-sample-rate sine sampled 45° off its crest never shows its peak in the samples
    tone = sine(2, -6.0, hz=RATE / 4, phase=math.pi / 4)
    result = measure(np.stack([tone, tone])).result()
    assert result.sample_peak_dbfs == pytest.approx(-6.0 - 3.01, abs=0.05)
    assert result.true_peak_dbtp == pytest.approx(-6.0, abs=0.3)


def test_silence_has_no_loudness_and_minus_infinite_block_levels():
    meter = measure(np.zeros((2, RATE * 3)))
    result = meter.result()
    assert result.integrated_lufs is None and result.true_peak_dbtp is None
    assert np.all(np.isneginf(meter.block_levels_dbfs()))


def test_block_levels_are_rms_per_100_ms():
    meter = measure(np.stack([sine(1, -20.0), sine(1, -20.0)]))
    levels = meter.block_levels_dbfs()
    assert len(levels) == 10
    assert levels == pytest.approx(np.full(10, -20.0 - 10 * math.log10(2)), abs=0.05)


def test_a_programme_shorter_than_one_gating_block_has_no_integrated_loudness():
    assert measure(sine(0.3, -20.0)).result().integrated_lufs is None


@settings(max_examples=20, deadline=None)
@given(cuts=st.lists(st.integers(min_value=1, max_value=4 * RATE - 1), max_size=12))
def test_the_result_does_not_depend_on_how_the_audio_is_chunked(cuts):
    rng = np.random.default_rng(11)
    signal = np.concatenate(
        [rng.standard_normal((2, 2 * RATE)) * 0.05, np.stack([sine(2, -3.0), sine(2, -9.0)])], axis=1
    )
    whole = measure(signal, chunk=signal.shape[1]).result()
    meter = LoudnessMeter(RATE, 2)
    bounds = [0, *sorted(set(cuts)), signal.shape[1]]
    for start, end in itertools.pairwise(bounds):
        meter.add(signal[:, start:end])
    chunked = meter.result()
    assert chunked.integrated_lufs == pytest.approx(whole.integrated_lufs, abs=1e-9)
    assert chunked.loudness_range_lu == pytest.approx(whole.loudness_range_lu, abs=1e-9)
    assert chunked.true_peak_dbtp == pytest.approx(whole.true_peak_dbtp, abs=1e-9)
    assert chunked.sample_peak_dbfs == pytest.approx(whole.sample_peak_dbfs, abs=1e-12)
