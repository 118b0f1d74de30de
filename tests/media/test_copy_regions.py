"""Where the picture is: bars are cut for everyone, blurred surroundings only on the suspect side."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

from microdrama.media.regions import FULL, content_rect

from .copy_media import scene


def _frames(n=12, size=(96, 54)):
    return np.stack([scene(0.37 * k, 4, size).mean(axis=2) for k in range(n)]).astype(np.uint8)


def test_black_bars_above_and_below_are_cut():
    pics = np.zeros((12, 128, 96), np.uint8)
    pics[:, 37:91, :] = _frames()
    rect = content_rect(pics)
    assert rect.y0 == pytest.approx(37 / 128, abs=0.02)
    assert rect.y1 == pytest.approx(91 / 128, abs=0.02)
    assert rect.x0 == 0 and rect.x1 == 1


def test_a_full_frame_picture_is_left_whole():
    assert content_rect(_frames()).iou(FULL) > 0.97


def test_a_blurred_copy_around_a_vertical_picture_is_cut_only_when_asked():
    inner = np.stack([scene(0.37 * k, 8, (54, 96)).mean(axis=2) for k in range(12)])
    wide = inner[:, :, np.linspace(0, 53, 171).astype(int)]
    bg = gaussian_filter(wide, (0, 12, 12))  # the usual heavy blur of a "blurred background" edit
    pics = bg.copy()
    pics[:, :, 58:112] = inner
    pics = pics.astype(np.uint8)
    assert content_rect(pics).iou(FULL) > 0.97  # references never guess
    rect = content_rect(pics, surround=True)
    assert rect.x0 == pytest.approx(58 / 171, abs=0.03)
    assert rect.x1 == pytest.approx(112 / 171, abs=0.03)
