"""`probe` reads what a video file is from its headers, and refuses what is not a video."""

from __future__ import annotations

import json

import pytest

from microdrama.media.errors import MediaError
from microdrama.media.probe import probe

from . import qc_media


def test_probe_reads_container_codec_size_rate_duration_and_audio():
    info = probe(qc_media.clean())
    assert info.container.startswith("mov,mp4")
    assert info.video_codec == "h264"
    assert (info.width, info.height) == (540, 960)
    assert info.fps == pytest.approx(25.0)
    assert info.duration == pytest.approx(qc_media.CLEAN_SECONDS, abs=0.05)
    assert info.frame_count == round(qc_media.CLEAN_SECONDS * 25)
    assert info.size_bytes == qc_media.clean().stat().st_size
    assert [a.codec for a in info.audio] == ["aac"]
    assert info.audio[0].sample_rate == 48_000 and info.audio[0].channels == 2


def test_a_tall_picture_is_portrait_and_a_wide_one_landscape():
    assert probe(qc_media.clean()).orientation == "portrait"
    landscape = probe(qc_media.landscape_no_audio())
    assert landscape.orientation == "landscape"
    assert not landscape.has_audio


def test_probe_info_serialises_to_json_with_derived_fields():
    data = json.loads(json.dumps(probe(qc_media.clean()).as_dict()))
    assert data["orientation"] == "portrait"
    assert data["display_size"] == [540, 960]
    assert data["audio"][0]["codec"] == "aac"


def test_probe_reads_the_display_rotation_of_phone_footage():
    info = probe(qc_media.rotated())
    assert info.rotation in (90, 270)
    assert info.orientation == "portrait"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(MediaError) as error:
        probe(tmp_path / "nowhere.mp4")
    assert error.value.code == "missing"


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.mp4"
    path.touch()
    with pytest.raises(MediaError) as error:
        probe(path)
    assert error.value.code == "empty"
    assert "0 字节" in str(error.value)


def test_text_is_not_a_video(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("这不是视频\n" * 100, encoding="utf-8")
    with pytest.raises(MediaError) as error:
        probe(path)
    assert error.value.code == "not_video"


def test_sound_without_picture_is_refused():
    with pytest.raises(MediaError) as error:
        probe(qc_media.audio_only())
    assert error.value.code == "no_video"
