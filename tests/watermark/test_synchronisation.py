"""Geometric synchronisation on in-memory frames: the tile is found again after crops, rescales and
mirroring of any size in the supported range, without any codec in the way."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from microdrama.watermark import decision
from microdrama.watermark.analysis import analyse
from microdrama.watermark.masking import mark_luma
from microdrama.watermark.pattern import payload_pattern
from microdrama.watermark.residual import ResidualSum

KEY = "sync-test-key"
PAYLOAD = 0x5A5AC3C3_0F0F9696


def _frames(n=12, w=320, h=480, seed=3):
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((h // 8 + 1, w // 8 + 1))
    texture = np.array(Image.fromarray(base.astype(np.float32)).resize((w, h), Image.BICUBIC))
    texture = 128 + 40 * texture / texture.std()
    frames = []
    for _ in range(n):
        y = texture + rng.normal(0, 2.0, texture.shape)
        frames.append(np.clip(y, 0, 255).astype(np.uint8))
    return frames


@pytest.fixture(scope="module")
def marked_frames():
    frames = _frames()
    h, w = frames[0].shape
    pattern = payload_pattern(PAYLOAD, w, h, KEY)
    return [mark_luma(f, pattern) for f in frames]


def _resize(y, scale):
    h, w = y.shape
    return np.array(Image.fromarray(y).resize((round(w * scale), round(h * scale)), Image.BILINEAR))


def _detect(frames):
    acc = ResidualSum()
    for f in frames:
        acc.add(f)
    return analyse(acc.total, KEY)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    left=st.integers(0, 40),
    top=st.integers(0, 50),
    right=st.integers(0, 20),
    bottom=st.integers(0, 30),
    mirror=st.booleans(),
    scale=st.sampled_from([0.7, 0.85, 1.0, 1.25, 1.6]),
)
def test_the_payload_is_found_after_crop_scale_and_mirror(
    marked_frames, left, top, right, bottom, mirror, scale
):
    out = []
    for y in marked_frames:
        h, w = y.shape
        y = y[top : h - bottom, left : w - right]
        if mirror:
            y = y[:, ::-1]
        out.append(_resize(np.ascontiguousarray(y), scale) if scale != 1.0 else np.ascontiguousarray(y))
    finding = _detect(out)
    assert finding.payload == PAYLOAD
    assert decision.is_present(finding.log10_false_positive)
    assert finding.alignment.mirrored is mirror
    assert finding.alignment.period_x == pytest.approx(3.5 * 32 * scale, rel=0.01)


def test_unmarked_frames_give_no_finding():
    finding = _detect(_frames(seed=9))
    assert not decision.is_present(finding.log10_false_positive)


def test_a_picture_too_small_for_a_tile_is_not_analysed():
    assert analyse(np.zeros((20, 20), dtype=np.float32)).reading is None
