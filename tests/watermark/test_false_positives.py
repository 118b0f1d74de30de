"""The present/absent decision is calibrated: unmarked evidence never reaches the threshold, and the
analytic tail the bound rests on matches simulation."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.watermark import decision, ecc
from microdrama.watermark.analysis import analyse
from microdrama.watermark.pattern import TILE, layout_for


def test_the_tail_formula_matches_simulated_random_unit_vectors():
    rng = np.random.default_rng(5)
    n = 774
    x = rng.standard_normal((20000, n))
    c = x[:, 0] / np.linalg.norm(x, axis=1)
    for t in (0.03, 0.06, 0.09):
        simulated = float(np.mean(c > t))
        predicted = 10 ** decision.log10_tail(t, n)
        assert abs(simulated - predicted) < 4 * math.sqrt(predicted / 20000) + 1e-4


def test_the_tail_shrinks_as_the_correlation_grows():
    values = [decision.log10_tail(c, 774) for c in (0.1, 0.2, 0.4, 0.6, 0.9, 0.99)]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert math.isfinite(values[-1])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_chip_readings_are_never_declared_present(seed):
    rng = np.random.default_rng(seed)
    reading = decision.read(rng.standard_normal((TILE, TILE)), layout_for("test-key"))
    assert not decision.is_present(reading.log10_false_positive)


def test_a_clean_tile_reading_is_present_with_its_payload():
    layout = layout_for("test-key")
    chips = layout.tile(ecc.encode(0xDEADBEEF00112233)) + 0.5 * np.random.default_rng(2).standard_normal(
        (TILE, TILE)
    )
    reading = decision.read(chips, layout)
    assert reading.payload == 0xDEADBEEF00112233
    assert decision.is_present(reading.log10_false_positive)


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_noise_pictures_of_any_texture_give_no_detection(seed):
    # Whole-pipeline null check on summed residuals with spatial structure (smoothed noise plus a
    # block grid, like a codec leaves): synchronisation picks its best guess, the decision refuses.
    rng = np.random.default_rng(seed)
    total = rng.standard_normal((270, 480)).astype(np.float32)
    total += np.repeat(np.repeat(rng.standard_normal((270 // 8 + 1, 480 // 8)), 8, 0), 8, 1)[:270, :480]
    finding = analyse(total * 40, "test-key")
    assert not decision.is_present(finding.log10_false_positive)
