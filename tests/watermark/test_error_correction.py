"""The message code: CRC-16 plus a rate-1/3 convolutional code, decoded by list Viterbi."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from microdrama.watermark import ecc

payloads = st.integers(min_value=0, max_value=2**64 - 1)


@given(payloads)
def test_every_payload_survives_encoding_and_clean_decoding(value):
    coded = ecc.encode(value)
    assert coded.shape == (ecc.CODED_BITS,)
    decoded, recoded = ecc.decode(2.0 * coded - 1.0)
    assert decoded == value
    assert np.array_equal(recoded, coded)


@settings(max_examples=30, deadline=None)
@given(payloads, st.integers(0, 2**32 - 1))
def test_noisy_soft_values_at_a_healthy_margin_still_decode(value, seed):
    rng = np.random.default_rng(seed)
    coded = 2.0 * ecc.encode(value) - 1.0
    # Eb/N0 ≈ 4 dB: well inside the code's working range.
    noisy = 1.25 * coded + rng.standard_normal(coded.size)
    assert ecc.decode(noisy)[0] == value


@settings(max_examples=30, deadline=None)
@given(payloads, st.sets(st.integers(0, ecc.CODED_BITS - 1), max_size=20))
def test_up_to_twenty_flipped_coded_bits_are_corrected(value, flips):
    soft = 2.0 * ecc.encode(value) - 1.0
    soft[list(flips)] *= -1
    assert ecc.decode(soft)[0] == value


def test_pure_noise_almost_never_passes_the_crc():
    rng = np.random.default_rng(1)
    passed = sum(ecc.decode(rng.standard_normal(ecc.CODED_BITS))[0] is not None for _ in range(200))
    # 16 candidate messages per decode, each passing by chance with probability 2^-16.
    assert passed <= 2


def test_different_payloads_give_different_codewords():
    a, b = ecc.encode(0), ecc.encode(1)
    assert np.count_nonzero(a != b) >= 15  # free distance of the K=7 rate-1/3 code
